#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Validates the demo network in data/demo/ (see data/demo/README.md).
# Usage: check-demo.py DEMO_DIR [COMUNI_GEOJSON]
# With COMUNI_GEOJSON (municipal boundaries) every point must also lie
# inside the polygon of its comune.

import json
import os
import re
import sys

errors = []


def fail(msg):
    errors.append(msg)


def load(demo_dir, name):
    with open(os.path.join(demo_dir, name), encoding='utf-8') as f:
        return json.load(f)


def ean_is_valid(code):
    if not isinstance(code, str) or len(code) not in (8, 13) or not code.isdigit():
        return False
    body, check = code[:-1], int(code[-1])
    # weights 3,1,3,1… from the rightmost digit of the body
    total = sum(int(d) * (3 if i % 2 == 0 else 1)
                for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def decimals(x):
    s = repr(float(x))
    return len(s.split('.')[1]) if '.' in s and 'e' not in s else 0


TIERS = ('accessibile', 'impegno', 'solidale')


def price_at(equa, bp):
    # equa × (10000 + bp) / 10000, rounded half up (DESIGN §3)
    n = equa * (10000 + bp)
    return (n + 5000) // 10000


def check_settings(settings):
    tp = settings.get('tier_percents')
    if not isinstance(tp, dict) or set(tp) != set(TIERS):
        fail('settings: tier_percents must have exactly %s' % (TIERS,))
        return None
    if not all(isinstance(tp[t], int) for t in TIERS):
        fail('settings: tier_percents must be integers (basis points)')
        return None
    if not (tp['accessibile'] <= tp['impegno'] <= 0 <= tp['solidale']):
        fail('settings: tier_percents out of order')
    el = settings.get('eligibility')
    want = {'impegno_min_months': int, 'impegno_volume_cents': int,
            'impegno_needs_activity': bool, 'impegno_activity_min': int}
    if not isinstance(el, dict) or set(el) != set(want):
        fail('settings: eligibility must have exactly %s' % sorted(want))
    else:
        for k, ty in want.items():
            if type(el[k]) is not ty:
                fail('settings: eligibility.%s must be %s' % (k, ty.__name__))
    return tp


POINT_FIELDS = {'code': str, 'name': str, 'kind': str, 'address': str,
                'comune': str, 'lat': float, 'lon': float, 'hours': str,
                'phone': str, 'email': str, 'home_delivery': bool,
                'collection_point': bool}


def check_points(points):
    if not isinstance(points, list) or not 20 <= len(points) <= 40:
        fail('points: expected a list of 20–40 points')
        return {}
    by_code = {}
    for p in points:
        code = p.get('code')
        if set(p) != set(POINT_FIELDS):
            fail('point %s: fields %s, expected %s' % (code, sorted(p), sorted(POINT_FIELDS)))
            continue
        for k, ty in POINT_FIELDS.items():
            if type(p[k]) is not ty:
                fail('point %s: %s must be %s' % (code, k, ty.__name__))
        if not isinstance(code, str) or not re.fullmatch(r'TO-[A-Z]{3}', code):
            fail('point %r: code must look like TO-XXX' % (code,))
        if code in by_code:
            fail('point %s: duplicate code' % code)
        by_code[code] = p
        if p['kind'] not in ('shop', 'gas', 'producer', 'collection'):
            fail('point %s: bad kind %r' % (code, p['kind']))
        for k in ('name', 'address', 'comune', 'hours', 'phone'):
            if isinstance(p[k], str) and not p[k].strip():
                fail('point %s: empty %s' % (code, k))
        if isinstance(p['email'], str) and not re.fullmatch(r'[a-z0-9.]+@([a-z0-9-]+\.)*example\.org', p['email']):
            fail('point %s: email must use an example.org domain' % code)
        if isinstance(p['lat'], float) and isinstance(p['lon'], float):
            if not (44.6 <= p['lat'] <= 45.7 and 6.6 <= p['lon'] <= 8.2):
                fail('point %s: %f,%f is outside the Turin metropolitan area' % (code, p['lat'], p['lon']))
            if decimals(p['lat']) > 6 or decimals(p['lon']) > 6:
                fail('point %s: more than 6 decimals in lat/lon' % code)
    cen = by_code.get('TO-CEN')
    if cen is None:
        fail('points: TO-CEN (the demo point) is missing')
    elif cen['comune'] != 'Torino' or cen['kind'] != 'shop':
        fail('points: TO-CEN must be a shop in Torino')
    if len({p['comune'] for p in by_code.values()}) < 15:
        fail('points: expected points in at least 15 comuni')
    return by_code


def check_suppliers(suppliers):
    if not isinstance(suppliers, list) or not 20 <= len(suppliers) <= 35:
        fail('suppliers: expected a list of 20–35 suppliers')
        return set()
    codes = set()
    for s in suppliers:
        if set(s) != {'code', 'name'} or not all(isinstance(v, str) and v for v in s.values()):
            fail('supplier %r: needs exactly a code and a name' % (s,))
            continue
        if not re.fullmatch(r'F-[A-Z0-9]+', s['code']):
            fail('supplier %s: code must start with F-' % s['code'])
        if s['code'] in codes:
            fail('supplier %s: duplicate code' % s['code'])
        codes.add(s['code'])
    return codes


PRODUCT_FIELDS = {'code', 'name', 'supplier', 'category', 'unit', 'vat',
                  'ean', 'plu', 'equa_cents'}


class Seen:
    def __init__(self):
        self.codes = set()
        self.eans = set()
        self.plus = set()


def check_product(p, where, suppliers, percents, seen, own):
    code = p.get('code')
    keys = set(p)
    if not PRODUCT_FIELDS <= keys or not keys <= PRODUCT_FIELDS | {'overrides', 'case_size'}:
        fail('%s %s: fields %s' % (where, code, sorted(keys)))
        return
    if not isinstance(code, str) or code in seen.codes:
        fail('%s %r: missing or duplicate code' % (where, code))
    seen.codes.add(code)
    if not isinstance(p['name'], str) or not p['name'].strip():
        fail('%s %s: empty name' % (where, code))
    if not isinstance(p['category'], str) or not p['category'].strip():
        fail('%s %s: empty category' % (where, code))
    sup = p['supplier']
    if sup is None:
        if not own:
            fail('%s %s: basket products need a supplier' % (where, code))
    elif sup not in suppliers:
        fail('%s %s: unknown supplier %r' % (where, code, sup))
    unit = p['unit']
    if unit not in ('piece', 'kg', 'l'):
        fail('%s %s: bad unit %r' % (where, code, unit))
    if p['vat'] not in (4, 5, 10, 22) or type(p['vat']) is not int:
        fail('%s %s: bad VAT rate %r' % (where, code, p['vat']))
    ean, plu = p['ean'], p['plu']
    if ean is None:
        if unit == 'piece':
            fail('%s %s: products sold by the piece need an EAN' % (where, code))
    else:
        if not (ean_is_valid(ean) and len(ean) == 13):
            fail('%s %s: invalid EAN-13 %r' % (where, code, ean))
        elif not '80' <= ean[:2] <= '83':
            fail('%s %s: EAN %s is not an Italian (80–83) code' % (where, code, ean))
        if ean in seen.eans:
            fail('%s %s: duplicate EAN %s' % (where, code, ean))
        seen.eans.add(ean)
    if type(plu) is not int:
        fail('%s %s: plu must be an integer' % (where, code))
    elif unit == 'kg':
        if not 10000 <= plu <= 99999:
            fail('%s %s: weighed products need a 5-digit scale code' % (where, code))
        if ean is not None:
            fail('%s %s: weighed products have no EAN' % (where, code))
        if plu in seen.plus:
            fail('%s %s: duplicate scale code %d' % (where, code, plu))
        seen.plus.add(plu)
    elif plu != 0:
        fail('%s %s: only weighed products have a scale code' % (where, code))
    case = p.get('case_size')
    if case is not None:
        # Milli-units per supplier's case: whole pieces for pieces.
        if type(case) is not int or not 1 <= case <= 1000000000:
            fail('%s %s: bad case_size %r' % (where, code, case))
        elif unit == 'piece' and case % 1000 != 0:
            fail('%s %s: a case of pieces holds whole pieces, not %r' % (where, code, case))
        if sup is None:
            fail('%s %s: a case size needs a supplier' % (where, code))
    equa = p['equa_cents']
    if type(equa) is not int or not 10 <= equa <= 100000:
        fail('%s %s: implausible equa_cents %r' % (where, code, equa))
        return
    bp = dict(percents or {})
    ov = p.get('overrides')
    if ov is not None:
        if not isinstance(ov, dict) or not ov or not set(ov) <= set(TIERS) \
           or not all(type(v) is int for v in ov.values()):
            fail('%s %s: bad overrides %r' % (where, code, ov))
            return
        bp.update(ov)
    if percents is None:
        return
    if not (bp['accessibile'] <= bp['impegno'] <= 0 <= bp['solidale']):
        fail('%s %s: tier percentages out of order %r' % (where, code, bp))
    prices = [price_at(equa, bp['accessibile']), price_at(equa, bp['impegno']),
              equa, price_at(equa, bp['solidale'])]
    if not (0 < prices[0] <= prices[1] <= prices[2] <= prices[3]):
        fail('%s %s: prices out of order %r' % (where, code, prices))


def point_in_ring(x, y, ring):
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_geometry(x, y, geom):
    polys = [geom['coordinates']] if geom['type'] == 'Polygon' else geom['coordinates']
    for poly in polys:
        if point_in_ring(x, y, poly[0]) and not any(point_in_ring(x, y, h) for h in poly[1:]):
            return True
    return False


def check_comuni(points, path):
    with open(path, encoding='utf-8') as f:
        geo = json.load(f)
    shapes = {f['properties']['name']: f['geometry'] for f in geo['features']}
    for p in points.values():
        geom = shapes.get(p['comune'])
        if geom is None:
            fail('point %s: %s is not a comune of the Città metropolitana' % (p['code'], p['comune']))
        elif not point_in_geometry(p['lon'], p['lat'], geom):
            fail('point %s: %f,%f is not inside %s' % (p['code'], p['lat'], p['lon'], p['comune']))


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__ or 'usage: check-demo.py DEMO_DIR [COMUNI_GEOJSON]', file=sys.stderr)
        return 2
    demo_dir = sys.argv[1]

    percents = check_settings(load(demo_dir, 'settings.json'))
    points = check_points(load(demo_dir, 'points.json'))
    suppliers = check_suppliers(load(demo_dir, 'suppliers.json'))
    seen = Seen()

    basket = load(demo_dir, 'basket.json')
    if not isinstance(basket, list) or not 100 <= len(basket) <= 150:
        fail('basket: expected a list of 100–150 products')
        basket = []
    for p in basket:
        check_product(p, 'basket', suppliers, percents, seen, own=False)
        if not re.fullmatch(r'P-\d{4}', str(p.get('code'))):
            fail('basket %s: code must look like P-0001' % p.get('code'))
    weighed = sum(1 for p in basket if p.get('unit') == 'kg')
    if not 10 <= weighed <= 25:
        fail('basket: expected 10–25 weighed products, found %d' % weighed)
    used = {p.get('supplier') for p in basket}
    if suppliers - used:
        fail('suppliers without basket products: %s' % sorted(suppliers - used))

    own = load(demo_dir, 'own-products.json')
    if not isinstance(own, dict) or set(own) != set(points):
        fail('own-products: needs exactly one entry per point code')
        own = {}
    for point_code, items in own.items():
        lo, hi = (3, 6) if point_code == 'TO-CEN' else (2, 5)
        if not isinstance(items, list) or not lo <= len(items) <= hi:
            fail('own-products %s: expected %d–%d products' % (point_code, lo, hi))
            continue
        for p in items:
            check_product(p, 'own', suppliers, percents, seen, own=True)
            if not re.fullmatch(re.escape(point_code) + r'-\d{2}', str(p.get('code'))):
                fail('own %s: code must be %s-NN' % (p.get('code'), point_code))

    if len(sys.argv) == 3 and points:
        check_comuni(points, sys.argv[2])

    for e in errors:
        print('ERROR:', e)
    print('%d points, %d suppliers, %d basket products, %d own products, '
          '%d EANs, %d scale codes: %d errors'
          % (len(points), len(suppliers), len(basket),
             sum(len(v) for v in own.values() if isinstance(v, list)),
             len(seen.eans), len(seen.plus), len(errors)))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
