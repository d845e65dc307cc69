#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end: a volunteer's first sale on a new till, driven through AT-SPI.
#
# Starts disotto-punto on an empty database with the demo network, creates
# the first responsabile, locks and signs in again with the PIN, opens the
# day, scans three basket products, picks the Solidale tier, takes cash, and
# starts a new sale. Then it quits the app and checks what the database holds.
#
# Needs an X display, a D-Bus session bus (the accessibility bus is started
# on demand) and python3-dogtail; build-aux/run-tests provides all three.
# The AT-SPI helpers are those of e2e.py, next to this file.
# Environment: DIS_PUNTO (the binary), DIS_DEMO_DIR (data/demo).

import json
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (sets dogtail up, starts the a11y bus)
from e2e import (BUTTON_ROLES, OPERATOR, POINT, SEARCH, WAIT, E2EFailure,  # noqa: E402
                 Ui, dump, find_app, key_combo, log, node_name, sign_in, walk,
                 wait_till)


# ---------------------------------------------------------------------------
# The demo data: what we scan and what it must cost.

def solidale_price(product, settings):
    bp = (product.get('overrides') or {}).get('solidale')
    if bp is None:
        bp = settings['tier_percents']['solidale']
    num = product['equa_cents'] * (10000 + bp)
    return (num + 5000) // 10000         # round half up (positive amounts)


# ---------------------------------------------------------------------------
# The database checks.

def check_database(db_path, products, settings, tendered):
    con = sqlite3.connect('file:%s?mode=ro' % db_path, uri=True)
    con.row_factory = sqlite3.Row
    errors = []

    def check(cond, msg):
        if not cond:
            errors.append(msg)

    sales = con.execute('SELECT * FROM sales').fetchall()
    if len(sales) != 1:
        raise E2EFailure('expected exactly one sale in the database, found %d'
                         % len(sales))
    sale = sales[0]
    sid = sale['id']
    check(sale['refund_of'] is None, 'the sale is marked as a refund')
    check(sale['tier'] == 'solidale', 'sale tier is %r, not solidale' % sale['tier'])
    check(sale['point_code'] == POINT, 'sale point is %r' % sale['point_code'])
    check(sale['operator_name'] == OPERATOR,
          'sale operator is %r, not %r' % (sale['operator_name'], OPERATOR))

    lines = con.execute('SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY line_no',
                        (sid,)).fetchall()
    check(sale['n_lines'] == len(lines),
          'n_lines %d but %d lines stored' % (sale['n_lines'], len(lines)))
    check(len(lines) == 3 or sum(l['quantity'] for l in lines) == 3000,
          'expected 3 lines or 3 pieces, got %d lines' % len(lines))
    check(sum(l['quantity'] for l in lines) == 3000,
          'quantities total %d milli-units, not 3 pieces'
          % sum(l['quantity'] for l in lines))

    by_ean = {p['ean']: p for p in products}
    by_name = {p['name']: p for p in products}
    expected_total = 0
    for l in lines:
        p = by_name.get(l['product_name'])
        check(p is not None, 'unexpected product on the sale: %r' % l['product_name'])
        if p is None:
            continue
        price = solidale_price(p, settings)
        pieces = l['quantity'] // 1000
        expected_total += price * pieces
        check(l['unit'] == 'piece', '%r unit %r' % (p['name'], l['unit']))
        check(l['unit_price_equa'] == p['equa_cents'],
              '%r: unit Equa price %d, demo data says %d'
              % (p['name'], l['unit_price_equa'], p['equa_cents']))
        check(l['unit_price'] == price,
              '%r: unit Solidale price %d, expected %d'
              % (p['name'], l['unit_price'], price))
        check(l['line_total'] == price * pieces,
              '%r: line total %d, expected %d' % (p['name'], l['line_total'], price * pieces))
        check(l['tier_delta'] == l['line_total'] - l['line_total_equa'],
              '%r: line tier_delta inconsistent' % p['name'])
        check(l['vat_rate'] == p['vat'], '%r: VAT %d, expected %d'
              % (p['name'], l['vat_rate'], p['vat']))
    check(set(l['product_name'] for l in lines) == set(by_name),
          'sold %r, scanned %r' % (sorted(l['product_name'] for l in lines), sorted(by_name)))
    del by_ean

    total = sale['total']
    sum_line_total = sum(l['line_total'] for l in lines)
    sum_line_equa = sum(l['line_total_equa'] for l in lines)
    sum_line_delta = sum(l['tier_delta'] for l in lines)
    check(total == expected_total,
          'sale total %d, expected %d from the demo prices' % (total, expected_total))
    check(total == sum_line_total, 'sale total %d != sum of line totals %d'
          % (total, sum_line_total))
    check(sale['tier_delta'] > 0, 'Solidale sale with tier_delta %d' % sale['tier_delta'])
    check(sale['tier_delta'] == sum_line_delta,
          'sale tier_delta %d != sum of line deltas %d' % (sale['tier_delta'], sum_line_delta))
    check(sale['tier_delta'] == total - sum_line_equa,
          'sale tier_delta %d != total - sum of line Equa totals %d'
          % (sale['tier_delta'], total - sum_line_equa))

    payments = con.execute('SELECT * FROM payments WHERE sale_id = ?', (sid,)).fetchall()
    check(len(payments) >= 1, 'no payment stored')
    check(all(p['method'] == 'cash' for p in payments),
          'payment methods %r, expected cash' % [p['method'] for p in payments])
    check(sum(p['amount'] for p in payments) == total,
          'payments total %d != sale total %d' % (sum(p['amount'] for p in payments), total))
    check(sale['cash_tendered'] == tendered,
          'cash tendered %d, typed %d' % (sale['cash_tendered'], tendered))
    check(sale['change_due'] == tendered - total,
          'change %d, expected %d' % (sale['change_due'], tendered - total))

    def names_sale(value):
        if isinstance(value, str):
            return value == sid
        if isinstance(value, dict):
            return any(names_sale(v) for v in value.values())
        if isinstance(value, list):
            return any(names_sale(v) for v in value)
        return False

    events = con.execute('SELECT id, type, payload, sale_id FROM outbox').fetchall()
    naming = [e for e in events if names_sale(json.loads(e['payload']))]
    check(len(naming) == 1, 'expected one outbox event naming the sale %s, found %d'
          % (sid, len(naming)))
    con.close()

    if errors:
        raise E2EFailure('database checks failed:\n  ' + '\n  '.join(errors))
    log('database: sale %s, %d lines, total %d, tier_delta %+d, change %d, %d event(s)'
        % (sale['receipt_no'], len(lines), total, sale['tier_delta'], sale['change_due'],
           len(naming)))


# ---------------------------------------------------------------------------

def run(tmp):
    punto = os.environ['DIS_PUNTO']
    demo_dir = os.environ['DIS_DEMO_DIR']
    db_path = os.path.join(tmp, 'punto.db')

    basket, settings = e2e.load_demo(demo_dir)
    products = e2e.pick_products(basket)
    total = sum(solidale_price(p, settings) for p in products)
    tendered = max(10000, (total // 100 + 1) * 100)   # whole euros, > total

    cmd = [punto, '--db', db_path, '--demo', demo_dir, '--point', POINT]
    log('starting', ' '.join(cmd))
    app = e2e.App(cmd, e2e.app_env(tmp), tmp)
    try:
        drive(app.proc, products, tendered, total)
        app.quit()
        app.check_exit()
        app.check_log()
        check_database(db_path, products, settings, tendered)
    finally:
        app.close()


def drive(proc, products, tendered, total):
    ui = Ui(find_app(proc.pid))
    log('application on the accessibility bus:', node_name(ui.app))

    # First run: create the responsabile; then the day dialog.
    search = e2e.first_run(ui)

    # Lock, and sign in again with the PIN.
    key_combo('<Control>l')
    ui.forget(search)
    ui.wait_for('Sign In', BUTTON_ROLES, what='sign-in button (after Ctrl+L)')
    log('locked')
    pin, button = sign_in(ui)
    ui.remember(search)
    wait_till(ui)
    ui.forget(pin, button)
    log('signed in again with the PIN')

    # Scan three products.
    for p in products:
        ui.type_into(SEARCH, p['ean'], submit=True, prefix=True)
        ui.wait_for(p['name'], None, prefix=True,
                    what='cart line for %s (EAN %s)' % (p['name'], p['ean']))
        log('scanned', p['ean'], p['name'])

    ui.choose('Solidale', prefix=True)
    log('chose the Solidale tier')
    ui.press('Pay')
    ui.choose('Cash')
    ui.type_into('Amount tendered', '%d' % (tendered // 100))
    change = tendered - total
    amounts = ('%d.%02d' % (change // 100, change % 100),
               '%d,%02d' % (change // 100, change % 100))
    deadline = time.monotonic() + WAIT
    while not any(a in node_name(n) for n in walk(ui.app) for a in amounts):
        if time.monotonic() > deadline:
            dump(ui.app)
            raise E2EFailure('the change due (%s) is not shown within %ds'
                             % (amounts[0], WAIT))
        time.sleep(0.25)
    log('change shown:', amounts[0])
    ui.press('Confirm Payment')
    log('paid cash %d.00' % (tendered // 100))
    ui.press('New Sale')
    ui.wait_toplevels(1)                # the receipt dialog went away
    wait_till(ui)
    log('receipt closed, ready for a new sale')


if __name__ == '__main__':
    sys.exit(e2e.main('disotto-e2e-', run))
