-- SPDX-License-Identifier: GPL-3.0-or-later
-- Member orders (issue 13): the order cycles and this point's pickup
-- windows and delivery slots as the hub's changes feed brings them, and
-- the orders taken here with what the hub said of them.

-- An order cycle; orders are taken while opens <= now < closes and the
-- hub has not closed it. Times ISO 8601 UTC.
CREATE TABLE order_cycles (
  id     INTEGER PRIMARY KEY CHECK (id > 0),
  name   TEXT NOT NULL,
  opens  TEXT NOT NULL,
  closes TEXT NOT NULL,
  closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
) STRICT;

-- The products on offer, by catalog code (the catalog may bring a product
-- after the cycle does); NULL available: unlimited, and then NULL
-- remaining. remaining is the hub's figure across the network.
CREATE TABLE cycle_products (
  cycle_id     INTEGER NOT NULL,
  product_code TEXT NOT NULL,
  available    INTEGER CHECK (available IS NULL OR available >= 0),
  remaining    INTEGER CHECK (remaining IS NULL OR remaining >= 0),
  PRIMARY KEY (cycle_id, product_code)
) STRICT;

-- This point's schedule, replaced whole by each "point_schedule" change.
CREATE TABLE pickup_windows (
  code   TEXT PRIMARY KEY,
  starts TEXT NOT NULL,
  ends   TEXT NOT NULL
) STRICT;

-- comuni: the zone's comuni, one a line; NULL: no list.
CREATE TABLE delivery_slots (
  code     TEXT PRIMARY KEY,
  starts   TEXT NOT NULL,
  ends     TEXT NOT NULL,
  cutoff   TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  booked   INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0),
  comuni   TEXT,
  radius_m INTEGER CHECK (radius_m IS NULL OR radius_m BETWEEN 1 AND 100000)
) STRICT;

-- waiting (saved, no verdict on this revision yet) → accepted | refused →
-- ready → handed_over, or ready → out_for_delivery → delivered; cancelled
-- before ready. Every change went out in an order.* event written in the
-- transaction that made it. sale_id: the sale that paid it.
CREATE TABLE orders (
  id                TEXT PRIMARY KEY,
  number            INTEGER NOT NULL UNIQUE CHECK (number BETWEEN 1 AND 1000000000),
  cycle_id          INTEGER NOT NULL,
  member_card       TEXT NOT NULL,
  tier              TEXT NOT NULL CHECK (tier IN ('accessibile', 'impegno', 'equa', 'solidale')),
  fulfilment        TEXT NOT NULL CHECK (fulfilment IN ('pickup', 'delivery')),
  window_code       TEXT,
  slot_code         TEXT,
  address           TEXT CHECK (address IS NULL OR length (address) BETWEEN 1 AND 200),
  comune            TEXT CHECK (comune IS NULL OR length (comune) BETWEEN 1 AND 200),
  lat_e6            INTEGER,
  lon_e6            INTEGER,
  note              TEXT CHECK (note IS NULL OR length (note) <= 200),
  state             TEXT NOT NULL CHECK (state IN ('waiting', 'accepted', 'refused', 'ready', 'handed_over',
                                                   'out_for_delivery', 'delivered', 'cancelled')),
  revision          INTEGER NOT NULL CHECK (revision BETWEEN 1 AND 1000000),
  accepted_revision INTEGER CHECK (accepted_revision IS NULL OR accepted_revision BETWEEN 1 AND 1000000),
  reason_code       TEXT,
  reason_message    TEXT,
  total_at_order    INTEGER NOT NULL,
  sale_id           TEXT REFERENCES sales (id),
  created_at        TEXT NOT NULL,
  created_by        INTEGER REFERENCES operators (id),
  operator_name     TEXT,
  updated_at        TEXT NOT NULL,
  CHECK ((fulfilment = 'pickup') = (window_code IS NOT NULL AND slot_code IS NULL)),
  CHECK ((fulfilment = 'delivery') = (slot_code IS NOT NULL AND window_code IS NULL AND address IS NOT NULL)),
  CHECK ((lat_e6 IS NULL) = (lon_e6 IS NULL))
) STRICT;

CREATE INDEX orders_cycle ON orders (cycle_id, state);
CREATE INDEX orders_member ON orders (member_card, state);

-- ordered: what the member asked for; allotted: what the hub allotted
-- after a shortage (NULL: all of it); weighed: the actual weight at
-- preparation (NULL: not weighed); unit_price: cents at the order's tier.
CREATE TABLE order_lines (
  order_id     TEXT NOT NULL REFERENCES orders (id),
  line_no      INTEGER NOT NULL CHECK (line_no BETWEEN 1 AND 200),
  product_code TEXT NOT NULL,
  ordered      INTEGER NOT NULL CHECK (ordered > 0),
  allotted     INTEGER CHECK (allotted IS NULL OR allotted >= 0),
  weighed      INTEGER CHECK (weighed IS NULL OR weighed >= 0),
  unit_price   INTEGER NOT NULL CHECK (unit_price >= 0),
  PRIMARY KEY (order_id, line_no),
  UNIQUE (order_id, product_code)
) STRICT;

-- Each revision as it went out ("order.placed" payload): a refused edit
-- brings the order back to the revision the hub still holds.
CREATE TABLE order_revisions (
  order_id TEXT NOT NULL REFERENCES orders (id),
  revision INTEGER NOT NULL,
  payload  TEXT NOT NULL,
  PRIMARY KEY (order_id, revision)
) STRICT;
