#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end: a week of a point manager's stock in one run (issue 11).
#
# Starts a real disotto-hub on 127.0.0.1 (port 0) with the demo network,
# enrols a new disotto-punto with it, then through AT-SPI as a person would:
#  - on the Magazzino page (Alt+5) receives a delivery with a delivery note
#    number by scanning one product three times (Ctrl+R, then Ctrl+Enter);
#  - sells one of them at the till (Alt+1);
#  - counts it (Ctrl+I): finds one piece on the shelf where the ledger says
#    two, and validates, so the count writes an adjustment of -1;
#  - on the Map page (Alt+2) asks "where can I find" the product and reads
#    this point with 1 piece, then the point's details with its basket
#    completeness (one basket product of the catalog in stock).
# Each step is checked in the point's SQLite file too (the level is the sum
# of the movements), and the hub is checked to hold the same level once
# the stock events have been pushed.
#
# Environment: DIS_PUNTO, DIS_DEMO_DIR, DISPLAY, optionally DIS_SHARED_DATA
# (the real Turin pack: then the marker's name carries the completeness);
# argv[1]: the disotto-hub binary.

import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (sets dogtail up, starts the a11y bus)
from e2e import (SEARCH, TEXT_ROLES, WAIT, E2EFailure, Ui,  # noqa: E402
                 dump, find_app, key_combo, log, node_name, walk)
from test_member_sale import prepare_hub, query, start_hub, wait_rows  # noqa: E402

SYNC_WAIT = 90.0             # a push after a commit, else the periodic one
NOTE = 'DDT-E2E-0042'
RECEIVED = 3
SOLD = 1
COUNTED = 1


def level(db_path, product_id):
    rows = query(db_path, 'SELECT coalesce (sum (qty), 0) FROM stock_movements WHERE product_id = ?',
                 (product_id,))
    return rows[0][0] if rows else None


def wait_level(db_path, product_id, want, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if level(db_path, product_id) == want:
            return
        time.sleep(0.25)
    raise E2EFailure('%s: the ledger says %r, expected %d' % (what, level(db_path, product_id), want))


def find_by_name(ui, pattern, what, timeout=WAIT):
    """The first node on screen whose accessible name matches @pattern."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for node in walk(ui.app):
            if re.fullmatch(pattern, node_name(node)) and e2e.has_size(node):
                return node
        time.sleep(0.25)
    dump(ui.app)
    raise E2EFailure('no %s (accessible name matching %r) within %ds' % (what, pattern, timeout))


def receive(ui, product, db_path):
    key_combo('<Alt>5')
    ui.wait_for('Search the stock', TEXT_ROLES, what='the Magazzino page')
    key_combo('<Control>r')
    ui.wait_for('Receive a Delivery', None, what='the receive dialog')
    note = ui.wait_for('Delivery note number', None, what='the delivery note field')
    ui.focus(note)
    e2e.rawinput.typeText(NOTE)
    # A scanner types the code and Enter, as fast as it can, three times.
    scan = ui.wait_for('Product to add', TEXT_ROLES, what='the scan field')
    ui.focus(scan)
    for _ in range(RECEIVED):
        e2e.rawinput.typeText(product['ean'])
        e2e.rawinput.pressKey('Return')
        time.sleep(0.4)
    # One line however many scans: what it holds is read in the ledger
    # below (GTK 4.8 does not give an entry's text to AT-SPI).
    ui.wait_for('Pieces delivered of %s' % product['name'], TEXT_ROLES,
                what='the line of %s' % product['name'])
    time.sleep(0.5)
    log('scanned %s %d times: one line of %d pieces' % (product['name'], RECEIVED, RECEIVED))
    key_combo('<Control>Return')
    # Watch the window go, not its widgets (see e2e.open_day).
    ui.forget(note, scan)
    ui.wait_toplevels(1)
    rows = wait_rows(db_path, "SELECT m.qty, m.document FROM stock_movements m JOIN products p"
                     " ON p.id = m.product_id WHERE p.ean = ? AND m.kind = 'receive'",
                     (product['ean'],), timeout=WAIT, what='the receive movement')
    if rows != [(RECEIVED * 1000, NOTE)]:
        raise E2EFailure('the ledger has the receive movements %r' % rows)
    log('received: +%d with delivery note %s' % (RECEIVED, NOTE))


def sell_one(ui, product):
    key_combo('<Alt>1')
    e2e.wait_till(ui)
    ui.type_into(SEARCH, product['ean'], submit=True, prefix=True)
    ui.wait_for(product['name'], None, prefix=True, what='cart line for %s' % product['name'])
    ui.choose('Equa', prefix=True)
    e2e.pay_cash(ui, 2000)
    log('sold one %s at Equa' % product['name'])


def count(ui, product, db_path, product_id):
    key_combo('<Alt>5')
    ui.wait_for('Search the stock', TEXT_ROLES, what='the Magazzino page')
    key_combo('<Control>i')
    ui.wait_for('Stock Count', None, what='the count dialog')
    ui.press('Start the Count')
    ui.type_into('Product to count', product['ean'], submit=True)
    qty = ui.wait_for('Counted quantity', TEXT_ROLES, what='the counted quantity field')
    ui.focus(qty)
    e2e.rawinput.typeText(str(COUNTED))
    e2e.rawinput.pressKey('Return')
    # The line keeps the level the ledger had when it was counted.
    rows = wait_rows(db_path, 'SELECT l.counted, l.expected FROM stock_count_lines l'
                     ' JOIN stock_counts c ON c.id = l.count_id'
                     " WHERE c.state = 'open' AND l.product_id = ? AND l.counted IS NOT NULL",
                     (product_id,), timeout=WAIT, what='the counted line')
    if rows != [(COUNTED * 1000, (RECEIVED - SOLD) * 1000)]:
        raise E2EFailure('the count line holds (counted, expected) %r' % rows)
    log('counted %d %s (the ledger had %d)' % (COUNTED, product['name'], RECEIVED - SOLD))
    validate = ui.press('Validate', prefix=True)
    question = ui.wait_for('Validate the Count?', None, prefix=True, what='the confirmation')
    answer = ui.press('Validate')
    # The question's window goes: wait for it without touching its widgets.
    ui.forget(question, answer)
    ui.wait_toplevels(2)
    done = ui.wait_for('Count Validated', None, what='the validated count')
    log('validated the count')
    # Esc closes it, as its Close button says; nothing in it is touched
    # while it goes.
    ui.forget(qty, validate, done)
    time.sleep(0.5)
    key_combo('Escape')
    ui.wait_toplevels(1)


def check_map(ui, product, point_name, n_basket, env):
    key_combo('<Alt>2')
    find = ui.wait_for('Where can I find a product', TEXT_ROLES, what='the "where can I find" entry')
    ui.focus(find)
    e2e.rawinput.typeText(product['name'])
    ui.wait_for(product['name'], None, what='the product among the choices')
    e2e.rawinput.pressKey('Return')
    ui.wait_for('Where to find %s' % product['name'], None, what='the answers')
    # The row of this point: the point's name, then what it has, that it
    # is this point, and that the figure is current.
    where = find_by_name(ui, r'\d+ pieces? · your point · .*', 'the row of this point')
    if not node_name(where).startswith('%d piece ' % COUNTED):
        dump(ui.app)
        raise E2EFailure('the map says %r at this point, not %d piece' % (node_name(where), COUNTED))
    log('the map finds %s here: %s' % (product['name'], node_name(where)))

    # The marker carries the basket's completeness in its name (with the
    # region pack; without it there is no map to draw markers on).
    if env.get('DIS_REGION_PACK'):
        marker = find_by_name(ui, r'%s, .*, basket: \d+ of \d+ products' % re.escape(point_name),
                              'the marker of this point')
        if not node_name(marker).endswith(', basket: 1 of %d products' % n_basket):
            raise E2EFailure('the marker of this point says %r' % node_name(marker))
        log('the marker says', node_name(marker))

    # The row opens the point's details: the completeness in words.
    x, y, w, h = e2e.extents(where)
    e2e.rawinput.click(x + w // 2, y + h // 2)
    basket = 'Basket: 1 of %d products' % n_basket
    ui.wait_for(basket, None, what='the completeness in the details')
    log('the details say', basket)
    key_combo('Escape')


def drive(app, db_path, hub_db, product, point_name, n_basket, env):
    ui = Ui(find_app(app.proc.pid))
    e2e.first_run(ui)
    rows = wait_rows(db_path, 'SELECT id FROM products WHERE ean = ?', (product['ean'],),
                     what='product %s (by sync)' % product['ean'])
    product_id = rows[0][0]
    log('till ready, catalog synced from the hub')

    receive(ui, product, db_path)
    wait_level(db_path, product_id, RECEIVED * 1000, 'after receiving')
    sell_one(ui, product)
    wait_level(db_path, product_id, (RECEIVED - SOLD) * 1000, 'after the sale')
    count(ui, product, db_path, product_id)
    wait_level(db_path, product_id, COUNTED * 1000, 'after the count')
    adjust = query(db_path, "SELECT qty FROM stock_movements WHERE product_id = ? AND kind = 'adjust'",
                   (product_id,))
    if adjust != [(-(RECEIVED - SOLD - COUNTED) * 1000,)]:
        raise E2EFailure('the count wrote the adjustments %r' % adjust)
    log('the ledger: +%d received, -%d sold, %d adjusted by the count'
        % (RECEIVED, SOLD, adjust[0][0] // 1000))

    check_map(ui, product, point_name, n_basket, env)

    # The hub holds the same level once the point has pushed.
    wait_rows(hub_db, 'SELECT 1 FROM point_stock WHERE point_code = ? AND product_code = ? AND qty = ?',
              (e2e.POINT, product['code'], COUNTED * 1000), timeout=SYNC_WAIT,
              what="the point's level on the hub")
    log("the hub holds the point's level: %d" % COUNTED)


def run(tmp, hub_bin):
    punto = os.environ['DIS_PUNTO']
    demo_dir = os.environ['DIS_DEMO_DIR']
    db_path = os.path.join(tmp, 'punto.db')
    hub_db = os.path.join(tmp, 'hub.db')
    basket, _ = e2e.load_demo(demo_dir)
    product = e2e.pick_products(basket, 1)[0]
    with open(os.path.join(demo_dir, 'points.json'), encoding='utf-8') as f:
        point_name = next(p['name'] for p in json.load(f) if p['code'] == e2e.POINT)

    token = prepare_hub(hub_bin, hub_db)
    n_basket = len(basket)
    hub_proc, url, hub_log = start_hub(hub_bin, hub_db, tmp)
    log('hub at', url, '; %d basket products' % n_basket)

    env = e2e.app_env(tmp)
    shared = os.environ.get('DIS_SHARED_DATA', '')
    pack = os.path.join(shared, 'maps', 'torino-z8-14.mbtiles')
    if shared and os.path.isfile(pack):
        env['DIS_REGION_PACK'] = pack
    else:
        env.pop('DIS_REGION_PACK', None)
    cmd = [punto, '--db', db_path, '--config-dir', os.path.join(tmp, 'punto-config'),
           '--enrol-url', url, '--enrol-token', token]
    app = e2e.App(cmd, env, tmp, others=[('disotto-hub', hub_proc, hub_log)])
    try:
        drive(app, db_path, hub_db, product, point_name, n_basket, env)
        app.quit()
        app.check_log(e2e.APP_DOMAINS + '|Shumate')
    finally:
        app.close()


if __name__ == '__main__':
    if len(sys.argv) < 2:
        print('e2e: usage: test_stock.py DISOTTO-HUB', file=sys.stderr)
        sys.exit(1)
    sys.exit(e2e.main('disotto-e2e-stock-', run, sys.argv[1]))
