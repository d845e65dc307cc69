#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end: a member with an Accessibile basis buys at the counter.
#
# Starts a real disotto-hub on 127.0.0.1 (port 0) with the demo network and
# one validated member with a basis, enrols a new disotto-punto with it (the
# member arrives by sync), then through AT-SPI: creates the responsabile,
# opens the day, scans the member card in "Search or scan", sees Accessibile
# enabled and chosen, scans two products, pays cash and starts a new sale.
# Finally it waits (bounded) for the hub to receive the sale and checks its
# tier, its member card and its negative tier delta.
#
# The AT-SPI helpers and the GTK 4.8 quirks they work around are those of
# e2e.py, next to this file.
# Environment: DIS_PUNTO, DIS_DEMO_DIR, DISPLAY; argv[1]: the disotto-hub binary.

import os
import re
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (sets dogtail up, starts the a11y bus)
from e2e import (BUTTON_ROLES, POINT, SEARCH, WAIT, E2EFailure, Ui,  # noqa: E402
                 find_app, has_state, is_on, log, dump)

from gi.repository import Atspi  # noqa: E402

CARD = 'DS00000034'          # number 3 with its check digit
MEMBER = 'Luca Bianchi'
SYNC_WAIT = 60.0             # the sync client backs off; give it time


def hub(hub_bin, *args):
    out = subprocess.run([hub_bin] + list(args), capture_output=True, text=True)
    if out.returncode != 0:
        raise E2EFailure('disotto-hub %s failed (%d): %s'
                         % (' '.join(args), out.returncode, out.stderr.strip()))
    return out.stdout


def prepare_hub(hub_bin, hub_db):
    hub(hub_bin, 'init', '--db', hub_db)
    hub(hub_bin, 'demo', 'load', '--db', hub_db, os.environ['DIS_DEMO_DIR'])
    out = hub(hub_bin, 'point', 'add', '--db', hub_db, '--code', POINT)
    token = out.strip().splitlines()[-1].strip()
    if not re.fullmatch(r'[A-Za-z0-9_-]{20,}', token):
        raise E2EFailure('no token in the output of point add: %r' % out)

    # A member registered at another point long ago, as the hub holds it
    # (there is no admin command to register: members come from points),
    # then validated and given a basis with the admin commands, which
    # publish the member in the changes feed.
    con = sqlite3.connect(hub_db)
    con.execute("INSERT INTO members (card_code, kind, display_name, registered_on, status,"
                " preferred_tier, privacy_consent_on, origin_point, created_at, updated_at)"
                " VALUES (?, 'person', ?, '2024-01-10', 'pending', 'accessibile', '2024-01-10',"
                " 'TO-CHI', '2024-01-10T10:00:00Z', '2024-01-10T10:00:00Z')", (CARD, MEMBER))
    con.commit()
    con.close()
    hub(hub_bin, 'member', 'validate', '--db', hub_db, CARD)
    hub(hub_bin, 'member', 'set-basis', '--db', hub_db, CARD,
        '--kind', 'certificate', '--verified-by', 'Sportello sociale')
    return token


def start_hub(hub_bin, hub_db, tmp):
    log_file = open(os.path.join(tmp, 'hub.log'), 'w+')
    proc = subprocess.Popen([hub_bin, 'serve', '--db', hub_db, '--listen', '127.0.0.1:0'],
                            stdout=subprocess.PIPE, stderr=log_file, text=True,
                            start_new_session=True)
    line = proc.stdout.readline()
    m = re.match(r'listening on (http://127\.0\.0\.1:\d+)', line)
    if m is None:
        proc.kill()
        raise E2EFailure('disotto-hub serve said %r, not where it listens' % line)
    return proc, m.group(1), log_file


def query(db_path, sql, args=()):
    """Read-only, tolerant of the writer holding the file for a moment."""
    try:
        con = sqlite3.connect('file:%s?mode=ro' % db_path, uri=True, timeout=5)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()
    except sqlite3.OperationalError:
        return None


def wait_rows(db_path, sql, args=(), timeout=SYNC_WAIT, what='rows'):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = query(db_path, sql, args)
        if rows:
            return rows
        time.sleep(0.5)
    raise E2EFailure('%s did not arrive within %ds' % (what, timeout))


def wait_tier_chosen(ui, tier):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        node = ui.find_now(tier, BUTTON_ROLES, prefix=True)
        if node is not None and has_state(node, Atspi.StateType.SENSITIVE) and is_on(node):
            return node
        time.sleep(0.25)
    dump(ui.app)
    raise E2EFailure('the %s tier is not enabled and chosen within %ds' % (tier, WAIT))


def drive(proc, db_path, products, tendered):
    ui = Ui(find_app(proc.pid))
    e2e.first_run(ui)
    log('till ready')

    # The member and the catalog come from the hub.
    wait_rows(db_path, "SELECT 1 FROM members WHERE card_code = ? AND status = 'validated'"
              " AND accessibile_missing = 0 AND accessibile_until IS NOT NULL", (CARD,),
              what='the member (by sync)')
    for p in products:
        wait_rows(db_path, 'SELECT 1 FROM products WHERE ean = ?', (p['ean'],),
                  what='product %s (by sync)' % p['ean'])
    log('member and catalog synced from the hub')

    # Anonymous: Accessibile is not available.
    node = ui.wait_for('Accessibile', BUTTON_ROLES, prefix=True, what='Accessibile tier')
    if has_state(node, Atspi.StateType.SENSITIVE):
        dump(ui.app)
        raise E2EFailure('Accessibile is enabled for an anonymous buyer')

    ui.type_into(SEARCH, CARD, submit=True, prefix=True)
    wait_tier_chosen(ui, 'Accessibile')
    ui.wait_for('%s · %s' % (MEMBER, CARD), None, what='the buyer (name and card)')
    log('scanned the member card: Accessibile enabled and chosen')

    for p in products:
        ui.type_into(SEARCH, p['ean'], submit=True, prefix=True)
        ui.wait_for(p['name'], None, prefix=True, what='cart line for %s' % p['name'])
        log('scanned', p['ean'], p['name'])
    wait_tier_chosen(ui, 'Accessibile')

    e2e.pay_cash(ui, tendered)
    ui.wait_for('Anonymous buyer', None, what='the anonymous buyer after the sale')
    log('receipt closed; the next buyer is anonymous')


def check_point(db_path):
    rows = query(db_path, 'SELECT id, member_card, tier, tier_delta FROM sales')
    if not rows or len(rows) != 1:
        raise E2EFailure('expected one sale at the point, found %r' % rows)
    sid, card, tier, delta = rows[0]
    if card != CARD or tier != 'accessibile' or delta >= 0:
        raise E2EFailure('point sale: member %r tier %r delta %r' % (card, tier, delta))
    return sid


def check_hub(hub_db, sid):
    rows = wait_rows(hub_db, 'SELECT member_card, tier, tier_delta, total FROM hub_sales WHERE id = ?',
                     (sid,), what='the sale on the hub')
    card, tier, delta, total = rows[0]
    errors = []
    if card != CARD:
        errors.append('member card %r, not %r' % (card, CARD))
    if tier != 'accessibile':
        errors.append('tier %r, not accessibile' % tier)
    if not delta < 0:
        errors.append('tier delta %r is not negative' % delta)
    lines = query(hub_db, 'SELECT sum(tier_delta) FROM hub_sale_lines WHERE sale_id = ?', (sid,))
    if lines is None or lines[0][0] != delta:
        errors.append('line deltas %r do not add up to %r' % (lines, delta))
    if errors:
        raise E2EFailure('hub sale: ' + '; '.join(errors))
    log('hub has the sale: member %s, tier %s, total %d, tier delta %+d'
        % (card, tier, total, delta))


def run(tmp, hub_bin):
    punto = os.environ['DIS_PUNTO']
    demo_dir = os.environ['DIS_DEMO_DIR']
    db_path = os.path.join(tmp, 'punto.db')
    hub_db = os.path.join(tmp, 'hub.db')
    basket, _ = e2e.load_demo(demo_dir)
    products = e2e.pick_products(basket, 2)
    tendered = 20000

    token = prepare_hub(hub_bin, hub_db)
    hub_proc, url, hub_log = start_hub(hub_bin, hub_db, tmp)
    log('hub at', url)

    cmd = [punto, '--db', db_path, '--config-dir', os.path.join(tmp, 'punto-config'),
           '--enrol-url', url, '--enrol-token', token]
    log('starting', ' '.join(cmd[:-1]), '…')
    app = e2e.App(cmd, e2e.app_env(tmp), tmp, others=[('disotto-hub', hub_proc, hub_log)])
    try:
        drive(app.proc, db_path, products, tendered)
        sid = check_point(db_path)
        check_hub(hub_db, sid)
        app.quit()
        app.check_log()
    finally:
        app.close()


if __name__ == '__main__':
    if len(sys.argv) < 2:
        print('e2e: usage: test_member_sale.py DISOTTO-HUB', file=sys.stderr)
        sys.exit(1)
    sys.exit(e2e.main('disotto-e2e-member-', run, sys.argv[1]))
