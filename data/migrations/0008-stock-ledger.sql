-- SPDX-License-Identifier: GPL-3.0-or-later
-- The point's stock ledger (issue 11): who moved stock, on which document,
-- with which lot, expiry and purchase cost; minimum and target levels; the
-- transfers between points.

-- Every movement says who made it and on what. A level is always the sum
-- of its product's movements: nothing writes stock_levels but the writers
-- of movements, in the same transaction. unit_cost: cents per unit (per kg
-- or l when weighed), NULL when unknown; the last one of a "receive" is the
-- product's current purchase cost.
ALTER TABLE stock_movements ADD COLUMN operator_id INTEGER REFERENCES operators (id);
ALTER TABLE stock_movements ADD COLUMN document TEXT;
ALTER TABLE stock_movements ADD COLUMN lot TEXT;
ALTER TABLE stock_movements ADD COLUMN expires_on TEXT;
ALTER TABLE stock_movements ADD COLUMN unit_cost INTEGER;
ALTER TABLE stock_movements ADD COLUMN reason TEXT;

-- Minimum and target level per product, in milli-units; NULL = not set.
CREATE TABLE stock_settings (
  product_id INTEGER PRIMARY KEY REFERENCES products (id),
  min_qty    INTEGER CHECK (min_qty IS NULL OR min_qty >= 0),
  target_qty INTEGER CHECK (target_qty IS NULL OR target_qty >= 0)
) STRICT;

-- Transfers between points: the ones this point sent ("out") and the ones
-- the hub announced to it ("in"). A sent transfer moves the stock at once;
-- an incoming one moves it when this point confirms what arrived.
CREATE TABLE stock_transfers (
  id           TEXT PRIMARY KEY,             -- UUID
  direction    TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  peer         TEXT NOT NULL,                -- the other point's code
  sent_at      TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('sent', 'received')),
  received_at  TEXT,
  operator_id  INTEGER REFERENCES operators (id),
  CHECK ((state = 'received') = (received_at IS NOT NULL))
) STRICT;

-- Lines by product code: an incoming transfer may name a product this
-- point's catalog does not have yet.
CREATE TABLE stock_transfer_lines (
  transfer_id  TEXT NOT NULL REFERENCES stock_transfers (id),
  line_no      INTEGER NOT NULL CHECK (line_no > 0),
  product_code TEXT NOT NULL,
  qty_sent     INTEGER NOT NULL CHECK (qty_sent >= 0),
  qty_received INTEGER CHECK (qty_received IS NULL OR qty_received >= 0),
  PRIMARY KEY (transfer_id, line_no)
) STRICT, WITHOUT ROWID;

-- History of a product, newest first.
DROP INDEX stock_movements_product;
CREATE INDEX stock_movements_product ON stock_movements (product_id, id);
