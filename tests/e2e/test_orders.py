#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end: a member's order from the counter to the hand-over (issue 13).
#
# Starts a real disotto-hub on 127.0.0.1 (port 0) with the demo network, a
# validated member with an Accessibile basis, this point's pickup windows
# and delivery slots and an open order cycle (the demo's files of
# data/demo/orders, as build-aux/run-demo loads them), enrols a new
# disotto-punto with it, then through AT-SPI as a person would:
#  - on the Orders page (Alt+6) takes an order for the member (Ctrl+N, the
#    member by their card, two packets of a product of the cycle (the
#    estimate at Accessibile shown), the second pickup window, Save Order);
#  - waits for the hub to accept it: on the hub, in the point's SQLite file
#    and on screen (the order "Confirmed", "Mark Ready…" offered);
#  - marks it ready;
#  - at the till (Alt+1) scans the order's label (its barcode's text and
#    Enter, as a scanner types it): the order's member, at Accessibile,
#    with the order's products; pays cash.
# Then the point holds the order handed over with its sale, which costs
# what the dialog estimated, and the hub the sale (the member, at
# Accessibile, the products of the order) and the order handed_over with
# that sale.
#
# Environment: DIS_PUNTO, DIS_DEMO_DIR, DISPLAY; argv[1]: the disotto-hub binary.

import datetime
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (sets dogtail up, starts the a11y bus)
from e2e import (POINT, SEARCH, TEXT_ROLES, WAIT, E2EFailure, Ui,  # noqa: E402
                 dump, find_app, is_focused, key_combo, log, node_name, node_role, walk)
from test_member_sale import (CARD, MEMBER, hub, prepare_hub, query, start_hub,  # noqa: E402
                              wait_rows, wait_tier_chosen)
from test_stock import find_by_name  # noqa: E402

SYNC_WAIT = 90.0             # a push after a commit, else the periodic one
PRODUCT = 'P-0001'           # in the demo cycle, by the piece, with an EAN
ORDERED = 2                  # pieces


def demo_orders(demo_dir, tmp):
    """The demo's schedule of a point that delivers, its @DAYn@ and @TZ@
    filled in as build-aux/run-demo does (always ahead of now), and the
    demo cycle's products."""
    now = datetime.datetime.now().astimezone()
    offset = now.strftime('%z')
    tz = offset[:3] + ':' + offset[3:]
    with open(os.path.join(demo_dir, 'orders', 'schedule-delivery.json'), encoding='utf-8') as f:
        text = f.read()
    text = text.replace('@TZ@', tz)
    for n in range(1, 8):
        text = text.replace('@DAY%d@' % n, (now + datetime.timedelta(days=n)).strftime('%Y-%m-%d'))
    schedule = os.path.join(tmp, 'schedule.json')
    with open(schedule, 'w', encoding='utf-8') as f:
        f.write(text)
    products = os.path.join(demo_dir, 'orders', 'cycle.json')
    with open(products, encoding='utf-8') as f:
        if not any(p['product'] == PRODUCT for p in json.load(f)):
            raise E2EFailure('data/demo/orders/cycle.json does not offer %s' % PRODUCT)
    return schedule, json.loads(text), products


def open_cycle(hub_bin, hub_db, schedule, products):
    hub(hub_bin, 'point', 'schedule', POINT, '--db', hub_db, '--file', schedule)
    utc = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    iso = '%Y-%m-%dT%H:%M:%SZ'
    hub(hub_bin, 'cycle', 'open', '--db', hub_db, '--name', 'Ordine della settimana',
        '--opens', (utc - datetime.timedelta(hours=1)).strftime(iso),
        '--closes', (utc + datetime.timedelta(days=6)).strftime(iso),
        '--products', products)
    rows = query(hub_db, 'SELECT id FROM hub_cycles')
    if not rows or len(rows) != 1:
        raise E2EFailure('the hub holds the cycles %r after cycle open' % rows)
    return rows[0][0]


def focused_text(ui, timeout=WAIT):
    """The text field with the keyboard focus (a popover focuses its own)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for node in walk(ui.app):
            if node_role(node) in TEXT_ROLES and is_focused(node):
                return node
        time.sleep(0.25)
    dump(ui.app)
    raise E2EFailure('no text field took the keyboard focus within %ds' % timeout)


def chosen_in(ui, row, pattern, what):
    """The label inside @row (a combo row) matching @pattern: what it shows."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        for node in walk(row):
            if re.fullmatch(pattern, node_name(node)):
                return node
        time.sleep(0.25)
    dump(ui.app)
    raise E2EFailure('%s: not shown within %ds' % (what, WAIT))


def take_order(ui, product, window):
    key_combo('<Alt>6')
    ui.wait_for('Search the orders', TEXT_ROLES, what='the Orders page')
    log('on the Orders page')
    key_combo('<Control>n')
    ui.wait_for('Products on offer', None, what='the new order dialog')

    # The member: a new order opens on the member search, so the card is
    # scanned straight away, as at the counter.
    entry = focused_text(ui)
    e2e.rawinput.typeText(CARD)
    e2e.rawinput.pressKey('Return')
    ui.wait_for('%s · card %s' % (MEMBER, CARD), None, what='the member of the order')
    log('member chosen by card:', MEMBER, CARD)

    # GTK 4.8 adds the row's title to the entry's name.
    qty = ui.wait_for('Quantity of %s' % product['name'], TEXT_ROLES, prefix=True,
                      what='the quantity of %s' % product['name'])
    ui.focus(qty)
    e2e.rawinput.typeText(str(ORDERED))
    # The estimate follows at the member's tier, Accessibile by default.
    total = find_by_name(ui, r'Estimated total at Accessibile: .*', 'the estimated total')
    shown = node_name(total)
    log('%d × %s; %s' % (ORDERED, product['name'], shown))

    # A pickup window: the second one on offer (the dialog proposes the
    # first). The row is below the fold: Tab to it, which scrolls it into
    # view, open its list and take the next one.
    ui.wait_for('How', None, what='the pickup or delivery choice')
    row = ui.wait_for('Pickup window', {'combo box'}, what='the pickup window')
    for _ in range(40):
        if is_focused(row):
            break
        e2e.rawinput.pressKey('Tab')
        time.sleep(0.15)
    else:
        dump(ui.app)
        raise E2EFailure('Tab never reached the pickup window')
    e2e.rawinput.pressKey('Return')
    time.sleep(0.5)
    e2e.rawinput.pressKey('Down')
    e2e.rawinput.pressKey('Return')
    item = chosen_in(ui, row, window['span'], 'the pickup window %s chosen' % window['code'])
    log('pickup window:', window['code'], node_name(item))
    ui.forget(entry, qty, total, row, item)
    ui.press('Save Order')
    ui.wait_toplevels(1)
    log('order saved')
    return int(re.sub(r'\D', '', shown.split(':', 1)[1]))


def wait_accepted(ui, db_path, hub_db, window):
    rows = wait_rows(db_path, 'SELECT id, number, state, tier, member_card, window_code, total_at_order'
                     ' FROM orders',
                     timeout=WAIT, what='the order in the point\'s database')
    if len(rows) != 1:
        raise E2EFailure('the point holds the orders %r' % rows)
    oid, number, state, tier, card, window_code, estimate = rows[0]
    if card != CARD or tier != 'accessibile' or window_code != window['code']:
        raise E2EFailure('the order holds member %r, tier %r, window %r' % (card, tier, window_code))
    lines = query(db_path, 'SELECT product_code, ordered FROM order_lines WHERE order_id = ?', (oid,))
    if lines != [(PRODUCT, ORDERED * 1000)]:
        raise E2EFailure('the order holds the lines %r' % lines)
    log('the point saved order No. %d (%s) in state %s' % (number, oid, state))

    wait_rows(hub_db, "SELECT 1 FROM hub_orders WHERE id = ? AND state = 'accepted' AND member_card = ?"
              " AND tier = 'accessibile' AND point_code = ?"
              " AND window_code = ?", (oid, CARD, POINT, window['code']),
              timeout=SYNC_WAIT, what='the order accepted on the hub')
    wait_rows(db_path, "SELECT 1 FROM orders WHERE id = ? AND state = 'accepted'", (oid,),
              timeout=SYNC_WAIT, what='the hub\'s verdict at the point')
    log('the hub accepted the order, and the point knows')

    ui.wait_for('Confirmed', None, timeout=SYNC_WAIT, what='the order shown confirmed')
    # The label names the till that numbered the order: ORD<number>-<device>;
    # the heading and the list show what people read of it, <number>-<device>.
    title = find_by_name(ui, r'Order No\. %d-[A-Za-z0-9._-]{1,32}' % number, 'the order\'s heading')
    reference = node_name(title)[len('Order No. '):]
    find_by_name(ui, r'No\. %s · %s' % (re.escape(reference), re.escape(MEMBER)), 'the order in the list')
    barcode = 'ORD' + reference
    till = query(db_path, 'SELECT till FROM orders WHERE id = ?', (oid,))[0][0]
    if barcode != 'ORD%d-%s' % (number, till):
        raise E2EFailure('the order is shown as %r, its label is ORD%d-%s' % (reference, number, till))
    return oid, number, barcode, estimate


def mark_ready(ui, db_path, oid):
    ui.press('Mark Ready…')
    ui.wait_for('Products to put in the bag', None, what='the preparation dialog')
    ui.press('Mark Ready')
    ui.wait_toplevels(1)
    wait_rows(db_path, "SELECT 1 FROM orders WHERE id = ? AND state = 'ready'", (oid,),
              timeout=WAIT, what='the order ready at the point')
    ui.wait_for('Ready', None, what='the order shown ready')
    log('marked the order ready')


def hand_over(ui, product, barcode):
    key_combo('<Alt>1')
    e2e.wait_till(ui)
    # A scanner types the label's text and Enter.
    ui.type_into(SEARCH, barcode, submit=True, prefix=True)
    ui.wait_for(product['name'], None, prefix=True, what='the order\'s line in the cart')
    ui.wait_for('%s · %s' % (MEMBER, CARD), None, what='the buyer (name and card)')
    wait_tier_chosen(ui, 'Accessibile')
    log('scanned %s: the order is in the cart, for %s at Accessibile' % (barcode, MEMBER))
    e2e.pay_cash(ui, 2000)


def check_point(db_path, oid):
    rows = wait_rows(db_path, "SELECT sale_id FROM orders WHERE id = ? AND state = 'handed_over'", (oid,),
                     timeout=WAIT, what='the order handed over at the point')
    sid = rows[0][0]
    sale = query(db_path, 'SELECT member_card, tier, total FROM sales WHERE id = ?', (sid,))
    if not sale or sale[0][:2] != (CARD, 'accessibile'):
        raise E2EFailure('the point\'s sale of the order is %r' % sale)
    log('the point: order handed over with sale %s' % sid)
    return sid, sale[0][2]


def check_hub(hub_db, oid, sid, total, product):
    rows = wait_rows(hub_db, 'SELECT member_card, tier, total, tier_delta FROM hub_sales WHERE id = ?',
                     (sid,), timeout=SYNC_WAIT, what='the sale on the hub')
    card, tier, hub_total, delta = rows[0]
    errors = []
    if card != CARD:
        errors.append('member card %r, not %r' % (card, CARD))
    if tier != 'accessibile':
        errors.append('tier %r, not accessibile' % tier)
    if hub_total != total:
        errors.append('total %r, the point says %r' % (hub_total, total))
    if not delta < 0:
        errors.append('tier delta %r is not negative' % delta)
    lines = query(hub_db, 'SELECT product_code, quantity FROM hub_sale_lines WHERE sale_id = ?', (sid,))
    if lines != [(product['code'], ORDERED * 1000)]:
        errors.append('lines %r' % lines)
    if errors:
        raise E2EFailure('hub sale: ' + '; '.join(errors))
    log('the hub has the sale: member %s, tier %s, total %d' % (card, tier, hub_total))

    rows = wait_rows(hub_db, "SELECT sale_id FROM hub_orders WHERE id = ? AND state = 'handed_over'", (oid,),
                     timeout=SYNC_WAIT, what='the order handed_over on the hub')
    if rows[0][0] != sid:
        raise E2EFailure('the hub\'s order was handed over with sale %r, not %r' % (rows[0][0], sid))
    log('the hub has the order handed_over with its sale')


def drive(app, db_path, hub_db, cycle_id, product, window):
    ui = Ui(find_app(app.proc.pid))
    e2e.first_run(ui)
    log('till ready')
    # The member, the catalog, the cycle and this point's schedule come
    # from the hub.
    wait_rows(db_path, "SELECT 1 FROM members WHERE card_code = ? AND status = 'validated'", (CARD,),
              what='the member (by sync)')
    wait_rows(db_path, 'SELECT 1 FROM products WHERE ean = ?', (product['ean'],),
              what='product %s (by sync)' % product['ean'])
    wait_rows(db_path, 'SELECT 1 FROM cycle_products WHERE cycle_id = ? AND product_code = ?',
              (cycle_id, PRODUCT), what='the cycle (by sync)')
    wait_rows(db_path, 'SELECT 1 FROM pickup_windows', what='the pickup windows (by sync)')
    log('member, catalog, cycle and schedule synced from the hub')

    shown = take_order(ui, product, window)
    oid, number, barcode, estimate = wait_accepted(ui, db_path, hub_db, window)
    if shown != estimate:
        raise E2EFailure('the dialog estimated %d cents, the order holds %d' % (shown, estimate))
    mark_ready(ui, db_path, oid)
    hand_over(ui, product, barcode)
    sid, total = check_point(db_path, oid)
    # Nothing weighed, nothing missing: the sale is what was estimated.
    if total != estimate:
        raise E2EFailure('the sale totals %d, the order was estimated at %d' % (total, estimate))
    check_hub(hub_db, oid, sid, total, product)


def run(tmp, hub_bin):
    punto = os.environ['DIS_PUNTO']
    demo_dir = os.environ['DIS_DEMO_DIR']
    db_path = os.path.join(tmp, 'punto.db')
    hub_db = os.path.join(tmp, 'hub.db')
    basket, _ = e2e.load_demo(demo_dir)
    product = next(p for p in basket if p['code'] == PRODUCT)
    schedule, schedule_data, products = demo_orders(demo_dir, tmp)

    token = prepare_hub(hub_bin, hub_db)
    cycle_id = open_cycle(hub_bin, hub_db, schedule, products)
    hub_proc, url, hub_log = start_hub(hub_bin, hub_db, tmp)
    log('hub at', url, '; cycle %d open' % cycle_id)

    cmd = [punto, '--db', db_path, '--config-dir', os.path.join(tmp, 'punto-config'),
           '--enrol-url', url, '--enrol-token', token]
    # The window's times as the dialog shows them ("Thu 10 Dec, 17:00–19:30").
    second = schedule_data['windows'][1]
    window = {'code': second['code'], 'span': r'.*%s–%s' % (second['starts'][11:16], second['ends'][11:16])}
    app = e2e.App(cmd, e2e.app_env(tmp), tmp, others=[('disotto-hub', hub_proc, hub_log)])
    try:
        drive(app, db_path, hub_db, cycle_id, product, window)
        app.quit()
        app.check_log()
    finally:
        app.close()


if __name__ == '__main__':
    if len(sys.argv) < 2:
        print('e2e: usage: test_orders.py DISOTTO-HUB', file=sys.stderr)
        sys.exit(1)
    sys.exit(e2e.main('disotto-e2e-orders-', run, sys.argv[1]))
