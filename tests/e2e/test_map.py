#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end: "where else can I find the basket near Chieri?" asked at the
# counter, answered from the Map page through AT-SPI.
#
# Starts disotto-punto on an empty database with the demo network, goes
# through the first run (and the day dialog), opens the Map page with
# Alt+2, types "Chieri" in the map search, picks the place, selects the
# nearest point in the list and reads its details from the popover. The
# expected point is computed here from data/demo/points.json and the
# gazetteer's coordinates of Chieri.
#
# Reuses the helpers of test_till_sale.py (importing it runs no test).
# Environment: DIS_PUNTO, DIS_DEMO_DIR, DIS_SOURCE_DIR (for the gazetteer).

import json
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_till_sale as common  # noqa: E402
from test_till_sale import (BUTTON_ROLES, TEXT_ROLES, WAIT, E2EFailure,  # noqa: E402
                            Ui, dump, find_app, key_combo, log, node_name,
                            node_role, walk)

PLACE = 'Chieri'
MAP_SEARCH = 'Search points or places'


def haversine_m(lat1, lon1, lat2, lon2):
    r = 6371008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def expected_nearest(demo_dir, source_dir):
    with open(os.path.join(demo_dir, 'points.json'), encoding='utf-8') as f:
        points = json.load(f)
    with open(os.path.join(source_dir, 'data', 'gazetteer', 'torino-places.json'),
              encoding='utf-8') as f:
        places = json.load(f)
    place = next(p for p in places if p['name'] == PLACE and p['kind'] == 'comune')
    ranked = sorted(points, key=lambda p: haversine_m(place['lat'], place['lon'],
                                                      p['lat'], p['lon']))
    return ranked[0]


def find_popover(ui, name, timeout=WAIT):
    """The details popover is named "Details of <name>"."""
    title = 'Details of %s' % name
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for node in walk(ui.app):
            if node_name(node) == title:
                return node
        time.sleep(0.25)
    dump(ui.app)
    raise E2EFailure('no details popover %r within %ds' % (title, timeout))


def labels_in(node):
    return [node_name(n) for n in walk(node) if node_role(n) == 'label']


def drive(proc, point):
    ui = Ui(find_app(proc.pid))
    log('application on the accessibility bus:', node_name(ui.app))

    name = ui.type_into('Name', common.OPERATOR)
    pin = ui.type_into('PIN', common.PIN)
    repeat = ui.type_into('Repeat PIN', common.PIN)
    create = ui.press('Create')
    ui.forget(name, pin, repeat, create)
    key, _ = ui.wait_any([('day', 'Opening float', TEXT_ROLES),
                          ('till', common.SEARCH, TEXT_ROLES),
                          ('sign-in', 'Sign In', BUTTON_ROLES)])
    if key == 'sign-in':
        ui.forget(*common.sign_in(ui))
    common.wait_till(ui)
    log('the till is ready')

    # The Map page, by its shortcut.
    key_combo('<Alt>2')
    search = ui.wait_for(MAP_SEARCH, TEXT_ROLES, what='map search entry')
    log('the Map page is shown')

    ui.focus(search)
    common.rawinput.typeText(PLACE)
    place = ui.wait_for(PLACE + ',', None, prefix=True, what='place suggestion')
    log('place offered:', node_name(place))
    ui.activate(place)
    ui.wait_for('Nearest to %s' % PLACE, None, what='"nearest to" header')
    log('listing the points nearest to', PLACE)

    # The first row is the nearest point; its name says so and how far.
    row = ui.wait_for(point['name'] + ',', None, prefix=True,
                      what='list row of %s' % point['name'])
    rows = [n for n in walk(ui.app) if re.search(r', [\d.,]+ (m|km) away$', node_name(n))]
    if not rows or node_name(rows[0]) != node_name(row):
        dump(ui.app)
        raise E2EFailure('the nearest point listed first is %r, expected %r'
                         % (node_name(rows[0]) if rows else None, point['name']))
    log('nearest row:', node_name(row))
    x, y, w, h = common.extents(row)
    common.rawinput.click(x + w // 2, y + h // 2)

    popover = find_popover(ui, point['name'])
    labels = labels_in(popover)
    log('popover labels:', labels)
    for field in ('name', 'address', 'comune'):
        if point[field] not in labels:
            dump(ui.app)
            raise E2EFailure('the popover does not show the %s %r (labels: %r)'
                             % (field, point[field], labels))
    if not any(l.endswith('from here') for l in labels):
        raise E2EFailure('the popover does not say how far the point is: %r' % labels)
    log('details read: %s, %s, %s' % (point['name'], point['address'], point['comune']))

    shots = os.environ.get('DIS_SCREENSHOT_DIR')
    if shots:
        os.makedirs(shots, exist_ok=True)
        path = os.path.join(shots, 'e2e-map.png')
        try:
            subprocess.run(['import', '-window', 'root', path], timeout=20, check=True)
            log('screenshot:', path)
        except (OSError, subprocess.SubprocessError) as e:
            log('no screenshot (%s)' % e)


def run(tmp):
    punto = os.environ['DIS_PUNTO']
    demo_dir = os.environ['DIS_DEMO_DIR']
    source_dir = os.environ.get('DIS_SOURCE_DIR',
                                os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
    point = expected_nearest(demo_dir, source_dir)
    log('expected nearest point to %s: %s (%s)' % (PLACE, point['name'], point['code']))

    env = dict(os.environ)
    env['LANG'] = 'C.UTF-8'
    for var in ('LC_ALL', 'LANGUAGE', 'GTK_A11Y', 'NO_AT_BRIDGE', 'G_DEBUG'):
        env.pop(var, None)
    env['GDK_BACKEND'] = 'x11'
    env['XDG_DATA_HOME'] = os.path.join(tmp, 'data')
    env['XDG_CONFIG_HOME'] = os.path.join(tmp, 'config')
    env['XDG_CACHE_HOME'] = os.path.join(tmp, 'cache')
    # The real pack when ../shared/data is there (the details then open on
    # the marker); without it the page explains how to get one, and the
    # details open on the list row.
    shared = os.environ.get('DIS_SHARED_DATA', '')
    pack = os.path.join(shared, 'maps', 'torino-z8-14.mbtiles')
    if shared and os.path.isfile(pack):
        env['DIS_REGION_PACK'] = pack
    else:
        env.pop('DIS_REGION_PACK', None)
    log('region pack:', env.get('DIS_REGION_PACK', 'none'))
    app_log = open(os.path.join(tmp, 'app.log'), 'w+')
    cmd = [punto, '--db', os.path.join(tmp, 'punto.db'), '--demo', demo_dir,
           '--point', common.POINT, '--offline-only']
    log('starting', ' '.join(cmd))
    proc = subprocess.Popen(cmd, env=env, stdout=app_log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        drive(proc, point)
        common.quit_app(proc)
        if proc.returncode != 0:
            raise E2EFailure('disotto-punto exited with status %d' % proc.returncode)
        app_log.seek(0)
        ours = [l for l in app_log.read().splitlines()
                if re.match(r'^\(disotto-punto:\d+\): (dis-[\w-]*|Gtk|Adw|Shumate)-(CRITICAL|WARNING)', l)]
        if ours:
            raise E2EFailure('disotto-punto logged:\n  ' + '\n  '.join(ours))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        app_log.seek(0)
        out = app_log.read()
        if out.strip():
            print('--- disotto-punto output ---')
            print(out.rstrip())
            print('--- end of disotto-punto output ---', flush=True)
        app_log.close()


def main():
    for var in ('DIS_PUNTO', 'DIS_DEMO_DIR', 'DISPLAY'):
        if not os.environ.get(var):
            print('e2e: %s is not set (run through meson test inside '
                  'build-aux/run-tests)' % var, file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory(prefix='disotto-e2e-map-') as tmp:
        started = time.monotonic()
        try:
            run(tmp)
        except E2EFailure as e:
            print('e2e: FAIL: %s' % e, file=sys.stderr, flush=True)
            return 1
        log('PASS in %.1fs' % (time.monotonic() - started))
    return 0


if __name__ == '__main__':
    sys.exit(main())
