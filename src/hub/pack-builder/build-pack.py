#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Render a DiSoTTo region pack: raster MBTiles 1.3 from GeoJSON layers.

Every layer is optional: --boundaries (polygons, repeatable), --lakes
(polygons), --rivers (lines), --borders (lines), --places (points with
"name" and "pop"). Tiles are 256 px PNG (8-bit palette) in Web Mercator,
rendered in metatiles so labels are not cut at tile edges, stored with TMS
rows. Run by `disotto-hub map build`; uses Debian's python3-mapnik.
"""

import argparse
import math
import os
import sqlite3
import sys
import tempfile
from xml.sax.saxutils import escape, quoteattr

try:
    import mapnik
except ImportError:
    sys.exit("build-pack: python3-mapnik is not installed (apt install python3-mapnik)")

TILE = 256
META = 8                        # metatile: META × META tiles per render
BUFFER = 128                    # pixels of features around a metatile
MERC = 20037508.342789244       # half the Web Mercator world, metres
MAX_LAT = 85.0511287798

# Scale denominator of a 256 px tile at zoom z (0.28 mm pixels).
def scale_denominator(z):
    return 559082264.028 / (2 ** z)


# Rules are limited to zoom ranges with scale denominators; the bounds sit
# halfway between levels so rounding never drops a level.
def zoom_filter(min_z=None, max_z=None):
    out = ''
    if min_z is not None:
        out += '<MaxScaleDenominator>%f</MaxScaleDenominator>' % (scale_denominator(min_z) * 1.4)
    if max_z is not None:
        out += '<MinScaleDenominator>%f</MinScaleDenominator>' % (scale_denominator(max_z) / 1.4)
    return out


FONT = 'DejaVu Sans Book'
FONT_BOLD = 'DejaVu Sans Bold'

BACKGROUND = '#f3f0e8'
BOUNDARY_FILL = '#ebe6d9'
BOUNDARY_LINE = '#aaa396'
WATER_FILL = '#a9cce3'
WATER_LINE = '#5b9bc8'
BORDER_LINE = '#8e5c8e'
PLACE_DOT = '#4a4a4a'
TEXT = '#2f2f2f'
HALO = '#ffffff'

# Which places are labelled at each zoom: population thresholds.
PLACE_LEVELS = [
    (None, 8, 60000),
    (9, 9, 15000),
    (10, 10, 5000),
    (11, 11, 1500),
    (12, None, 0),
]


def style_boundaries():
    return '''
  <Style name="boundaries">
    <Rule>%s
      <PolygonSymbolizer fill="%s" />
      <LineSymbolizer stroke="%s" stroke-width="0.4" stroke-opacity="0.8" />
    </Rule>
    <Rule>%s
      <PolygonSymbolizer fill="%s" />
      <LineSymbolizer stroke="%s" stroke-width="0.7" />
    </Rule>
  </Style>''' % (zoom_filter(None, 9), BOUNDARY_FILL, BOUNDARY_LINE,
                 zoom_filter(10, None), BOUNDARY_FILL, BOUNDARY_LINE)


def style_lakes():
    return '''
  <Style name="lakes">
    <Rule>
      <PolygonSymbolizer fill="%s" />
      <LineSymbolizer stroke="%s" stroke-width="0.5" />
    </Rule>
  </Style>''' % (WATER_FILL, WATER_LINE)


def style_rivers():
    rules = ''
    for min_z, max_z, width in ((None, 9, 0.8), (10, 11, 1.3), (12, None, 2.0)):
        rules += '''
    <Rule>%s
      <LineSymbolizer stroke="%s" stroke-width="%s" stroke-linecap="round" stroke-linejoin="round" />
    </Rule>''' % (zoom_filter(min_z, max_z), WATER_LINE, width)
    return '\n  <Style name="rivers">%s\n  </Style>' % rules


def style_borders():
    return '''
  <Style name="borders">
    <Rule>
      <LineSymbolizer stroke="#ffffff" stroke-width="4" stroke-opacity="0.6" />
      <LineSymbolizer stroke="%s" stroke-width="1.6" stroke-dasharray="7,3,2,3" />
    </Rule>
  </Style>''' % BORDER_LINE


def style_places():
    rules = ''
    for min_z, max_z, population in PLACE_LEVELS:
        big = max(population * 4, 40000)
        for lower, upper, font, size, dot in ((population, big, FONT, 10, 4),
                                              (big, None, FONT_BOLD, 12, 6)):
            expr = '[pop] &gt;= %d' % lower
            if upper is not None:
                expr += ' and [pop] &lt; %d' % upper
            rules += '''
    <Rule>%s
      <Filter>%s</Filter>
      <MarkersSymbolizer marker-type="ellipse" width="%d" height="%d" fill="%s"
                         stroke="#ffffff" stroke-width="1" allow-overlap="true"
                         ignore-placement="true" />
      <TextSymbolizer face-name="%s" size="%d" fill="%s" halo-fill="%s" halo-radius="1.5"
                      placement="point" dy="-%d" wrap-width="90" margin="4"
                      allow-overlap="false">[name]</TextSymbolizer>
    </Rule>''' % (zoom_filter(min_z, max_z), expr, dot, dot, PLACE_DOT,
                  font, size, TEXT, HALO, dot + 2)
    return '\n  <Style name="places">%s\n  </Style>' % rules


def layer(name, path):
    return '''
  <Layer name="%s" srs="epsg:4326">
    <StyleName>%s</StyleName>
    <Datasource>
      <Parameter name="type">geojson</Parameter>
      <Parameter name="file">%s</Parameter>
    </Datasource>
  </Layer>''' % (name, name, escape(os.path.abspath(path)))


def map_xml(args):
    styles, layers = '', ''
    for i, path in enumerate(args.boundaries or []):
        if i == 0:
            styles += style_boundaries()
        layers += layer('boundaries', path)
    # Drawn in this order: water under borders, names on top.
    for name, style in (('lakes', style_lakes), ('rivers', style_rivers),
                        ('borders', style_borders), ('places', style_places)):
        path = getattr(args, name)
        if path:
            styles += style()
            layers += layer(name, path)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<Map srs="epsg:3857" background-color=%s buffer-size="%d">%s%s\n</Map>\n'
            % (quoteattr(BACKGROUND), BUFFER, styles, layers))


def lonlat_to_tile(lon, lat, z):
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    n = 2 ** z
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return (min(n - 1, max(0, int(math.floor(x)))),
            min(n - 1, max(0, int(math.floor(y)))))


def tile_to_mercator(x, y, z):
    """Top-left corner of tile (x, y) in EPSG:3857 metres."""
    size = 2 * MERC / (2 ** z)
    return -MERC + x * size, MERC - y * size


def parse_bbox(text):
    try:
        w, s, e, n = (float(v) for v in text.split(','))
    except ValueError:
        raise argparse.ArgumentTypeError('must be W,S,E,N in degrees')
    if not (-180 <= w < e <= 180 and -MAX_LAT <= s < n <= MAX_LAT):
        raise argparse.ArgumentTypeError('must be W,S,E,N with W < E, S < N, within Web Mercator')
    return w, s, e, n


def render(args, db):
    m = mapnik.Map(TILE, TILE)
    mapnik.load_map_from_string(m, map_xml(args))
    w, s, e, n = args.bbox
    count = 0
    for z in range(args.minzoom, args.maxzoom + 1):
        x0, y0 = lonlat_to_tile(w, n, z)
        x1, y1 = lonlat_to_tile(e, s, z)
        tile_size = 2 * MERC / (2 ** z)
        for mx in range(x0, x1 + 1, META):
            for my in range(y0, y1 + 1, META):
                cols = min(META, x1 - mx + 1)
                rows = min(META, y1 - my + 1)
                m.resize(cols * TILE, rows * TILE)
                left, top = tile_to_mercator(mx, my, z)
                m.zoom_to_box(mapnik.Box2d(left, top - rows * tile_size,
                                           left + cols * tile_size, top))
                image = mapnik.Image(cols * TILE, rows * TILE)
                mapnik.render(m, image)
                for dx in range(cols):
                    for dy in range(rows):
                        view = image.view(dx * TILE, dy * TILE, TILE, TILE)
                        data = view.tostring('png8:z=9')
                        tms_row = (2 ** z) - 1 - (my + dy)
                        db.execute('INSERT INTO tiles VALUES (?, ?, ?, ?)',
                                   (z, mx + dx, tms_row, sqlite3.Binary(data)))
                        count += 1
        print('build-pack: zoom %d done (%d tiles so far)' % (z, count), flush=True)
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', required=True)
    parser.add_argument('--bbox', required=True, type=parse_bbox, help='W,S,E,N in degrees')
    parser.add_argument('--minzoom', type=int, default=8)
    parser.add_argument('--maxzoom', type=int, default=12)
    parser.add_argument('--attribution', required=True)
    parser.add_argument('--name', default=None)
    parser.add_argument('--boundaries', action='append')
    parser.add_argument('--places')
    parser.add_argument('--rivers')
    parser.add_argument('--lakes')
    parser.add_argument('--borders')
    args = parser.parse_args()

    if not 0 <= args.minzoom <= args.maxzoom <= 22:
        parser.error('zoom levels must be 0…22 with minzoom ≤ maxzoom')
    for path in (args.boundaries or []) + [args.places, args.rivers, args.lakes, args.borders]:
        if path is not None and not os.path.isfile(path):
            parser.error('%s: no such file' % path)

    out = os.path.abspath(args.out)
    fd, tmp = tempfile.mkstemp(prefix='.build-pack-', suffix='.mbtiles', dir=os.path.dirname(out))
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.executescript('''
            CREATE TABLE metadata (name TEXT, value TEXT);
            CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER,
                                tile_row INTEGER, tile_data BLOB);
            CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
        ''')
        count = render(args, db)
        if count == 0:
            sys.exit('build-pack: the bounding box holds no tiles')
        w, s, e, n = args.bbox
        center_zoom = min(args.maxzoom, max(args.minzoom, 10))
        metadata = {
            'name': args.name or os.path.splitext(os.path.basename(out))[0],
            'format': 'png',
            'type': 'baselayer',
            'version': '1',
            'description': 'DiSoTTo region pack',
            'minzoom': str(args.minzoom),
            'maxzoom': str(args.maxzoom),
            'bounds': '%g,%g,%g,%g' % (w, s, e, n),
            'center': '%g,%g,%d' % ((w + e) / 2, (s + n) / 2, center_zoom),
            'attribution': args.attribution,
        }
        db.executemany('INSERT INTO metadata VALUES (?, ?)', metadata.items())
        db.commit()
        db.execute('VACUUM')
        db.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise
    print('build-pack: wrote %s (%d tiles, %d bytes)' % (out, count, os.path.getsize(out)))


if __name__ == '__main__':
    main()
