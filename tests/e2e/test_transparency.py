#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end: a sale, the month closed on the hub, and its figures read on
# the Trasparenza page (issue 10 §4).
#
# Starts a real disotto-hub on 127.0.0.1 (port 0) with the demo network,
# enrols a new disotto-punto with it, then through AT-SPI: creates the
# responsabile, opens the day, sells a product at Solidale for cash. When
# the hub has the sale, closes its month with `disotto-hub fund close`;
# then sells again (a sync runs after each commit) and waits for the
# closed month to reach the point. On the Trasparenza page (Alt+4) it
# reads, through the accessible names of the table's value cells, the
# fund's inflow of the closed month (the sale's Solidale surcharge, as the
# hub computed it) and this month's sales from the point's own ledger.
#
# `disotto-hub fund` is another part of issue 10: when the binary has no
# such command the test is skipped (exit 77) and says so.
#
# Environment: DIS_PUNTO, DIS_DEMO_DIR, DISPLAY; argv[1]: the disotto-hub binary.

import datetime
import json
import os
import re
import subprocess
import sys
import time
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (sets dogtail up, starts the a11y bus)
from e2e import (BUTTON_ROLES, SEARCH, E2EFailure, Ui,  # noqa: E402
                 dump, find_app, key_combo, log, node_name, walk)
from test_member_sale import prepare_hub, query, start_hub, wait_rows  # noqa: E402

SKIP = 77
SYNC_WAIT = 90.0             # a pull after a commit, else the periodic one (60 s)
TABLE = 'Figures of the fund and of the sales per tier'


def has_fund_command(hub_bin):
    out = subprocess.run([hub_bin, '--help'], capture_output=True, text=True)
    return re.search(r'^\s*disotto-hub fund\b', out.stdout + out.stderr, re.M) is not None


def period_of(created_at):
    """The fund period of a sale: its month in the network's time zone."""
    when = datetime.datetime.fromisoformat(created_at)
    return when.astimezone(zoneinfo.ZoneInfo('Europe/Rome')).strftime('%Y-%m')


def month_title(period):
    # The app's "%OB %Y" in the C locale the test runs it in.
    return datetime.date(int(period[:4]), int(period[5:]), 1).strftime('%B %Y')


def cents_of(text):
    """'€0.56', '€1,234.50', '−€0.10' → cents."""
    digits = re.sub(r'[^0-9]', '', text)
    if not digits:
        raise E2EFailure('no amount in %r' % text)
    sign = -1 if text.strip().startswith(('−', '-')) else 1
    return sign * int(digits)


def sell(ui, product, tier, tendered):
    ui.type_into(SEARCH, product['ean'], submit=True, prefix=True)
    ui.wait_for(product['name'], None, prefix=True, what='cart line for %s' % product['name'])
    ui.choose(tier, prefix=True)
    e2e.pay_cash(ui, tendered)
    log('sold %s at %s' % (product['name'], tier))


def read_figure(ui, prefix):
    """The value cell whose accessible name starts with @prefix ("month,
    figure: "): the table has on screen only the rows near its focus, so
    page it down from the top until the row is there."""
    table = ui.wait_for(TABLE, None, what='the table of figures')
    ui.focus(table)
    key_combo('Home')
    for _ in range(40):
        time.sleep(0.3)
        for node in walk(table):
            name = node_name(node)
            if name.startswith(prefix):
                return name[len(prefix):]
        key_combo('Page_Down')
    dump(ui.app)
    raise E2EFailure('no figure %r in the table' % prefix)


def drive(app, db_path, hub_bin, hub_db, products, tendered):
    ui = Ui(find_app(app.proc.pid))
    e2e.first_run(ui)
    for p in products:
        wait_rows(db_path, 'SELECT 1 FROM products WHERE ean = ?', (p['ean'],),
                  what='product %s (by sync)' % p['ean'])
    log('till ready, catalog synced from the hub')

    sell(ui, products[0], 'Solidale', tendered)
    sid, created_at, delta = query(db_path, 'SELECT id, created_at, tier_delta FROM sales')[0]
    wait_rows(hub_db, 'SELECT 1 FROM hub_sales WHERE id = ?', (sid,), timeout=SYNC_WAIT,
              what='the sale on the hub')
    period = period_of(created_at)
    out = subprocess.run([hub_bin, 'fund', 'close', '--db', hub_db, '--period', period, '--before-end'],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise E2EFailure('fund close --period %s failed (%d): %s'
                         % (period, out.returncode, out.stderr.strip()))
    fund = json.loads(out.stdout)
    log('closed %s on the hub: inflow %d, carried out %d'
        % (period, fund['inflow_cents'], fund['carried_out_cents']))
    if fund['inflow_cents'] != delta:
        raise E2EFailure('the hub counts an inflow of %d, the sale had a surcharge of %d'
                         % (fund['inflow_cents'], delta))

    # A commit starts a sync: the closed month comes with its pull.
    sell(ui, products[1], 'Equa', tendered)
    wait_rows(db_path, 'SELECT 1 FROM fund_periods WHERE period = ? AND closed = 1', (period,),
              timeout=SYNC_WAIT, what='the closed month (by sync)')
    log('the closed month reached the point')

    key_combo('<Alt>4')
    ui.wait_for('Transparency Menu', BUTTON_ROLES, what='the Trasparenza page')
    title = month_title(period)
    inflow = read_figure(ui, '%s, Fund: inflow from the Solidale tier: ' % title)
    if cents_of(inflow) != fund['inflow_cents']:
        raise E2EFailure('the page shows an inflow of %r, the hub closed %d'
                         % (inflow, fund['inflow_cents']))
    carried = read_figure(ui, '%s, Fund: carried to the month after: ' % title)
    if cents_of(carried) != fund['carried_out_cents']:
        raise E2EFailure('the page shows %r carried forward, the hub %d'
                         % (carried, fund['carried_out_cents']))
    log('the page reads the closed month: inflow %s, carried forward %s' % (inflow, carried))

    # The table starts again from the top for this month's own figures.
    key_combo('<Alt>1')
    e2e.wait_till(ui)
    key_combo('<Alt>4')
    so_far = '%s so far, this point' % month_title(datetime.date.today().strftime('%Y-%m'))
    for tier in ('Solidale', 'Equa'):
        sales = read_figure(ui, '%s, %s: sales: ' % (so_far, tier))
        if sales != '1':
            raise E2EFailure('this month shows %r %s sales, not 1' % (sales, tier))
    log('the page reads this month from the ledger: one sale at Solidale, one at Equa')


def run(tmp, hub_bin):
    punto = os.environ['DIS_PUNTO']
    demo_dir = os.environ['DIS_DEMO_DIR']
    db_path = os.path.join(tmp, 'punto.db')
    hub_db = os.path.join(tmp, 'hub.db')
    basket, _ = e2e.load_demo(demo_dir)
    products = e2e.pick_products(basket, 2)

    token = prepare_hub(hub_bin, hub_db)
    hub_proc, url, hub_log = start_hub(hub_bin, hub_db, tmp)
    log('hub at', url)

    cmd = [punto, '--db', db_path, '--config-dir', os.path.join(tmp, 'punto-config'),
           '--enrol-url', url, '--enrol-token', token]
    app = e2e.App(cmd, e2e.app_env(tmp), tmp, others=[('disotto-hub', hub_proc, hub_log)])
    try:
        drive(app, db_path, hub_bin, hub_db, products, 20000)
        app.quit()
        app.check_log()
    finally:
        app.close()


if __name__ == '__main__':
    if len(sys.argv) < 2:
        print('e2e: usage: test_transparency.py DISOTTO-HUB', file=sys.stderr)
        sys.exit(1)
    if not has_fund_command(sys.argv[1]):
        print('e2e: SKIP: %s has no "fund" command yet (disotto-hub fund close is issue 10 '
              'part B); this test runs once it is merged' % sys.argv[1], file=sys.stderr)
        sys.exit(SKIP)
    sys.exit(e2e.main('disotto-e2e-transparency-', run, sys.argv[1]))
