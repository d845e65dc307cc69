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
# The AT-SPI helpers are those of e2e.py, next to this file.
# Environment: DIS_PUNTO, DIS_DEMO_DIR, DIS_SOURCE_DIR (for the gazetteer).

import json
import math
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (sets dogtail up, starts the a11y bus)
from e2e import (TEXT_ROLES, WAIT, E2EFailure, Ui, dump, find_app,  # noqa: E402
                 key_combo, log, node_name, node_role, walk)

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

    e2e.first_run(ui)
    log('the till is ready')

    # The Map page, by its shortcut.
    key_combo('<Alt>2')
    search = ui.wait_for(MAP_SEARCH, TEXT_ROLES, what='map search entry')
    log('the Map page is shown')

    ui.focus(search)
    e2e.rawinput.typeText(PLACE)
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
    x, y, w, h = e2e.extents(row)
    e2e.rawinput.click(x + w // 2, y + h // 2)

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

    env = e2e.app_env(tmp)
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
    cmd = [punto, '--db', os.path.join(tmp, 'punto.db'), '--demo', demo_dir,
           '--point', e2e.POINT, '--offline-only']
    log('starting', ' '.join(cmd))
    app = e2e.App(cmd, env, tmp)
    try:
        drive(app.proc, point)
        app.quit()
        app.check_exit()
        app.check_log(e2e.APP_DOMAINS + '|Shumate')
    finally:
        app.close()


if __name__ == '__main__':
    sys.exit(e2e.main('disotto-e2e-map-', run))
