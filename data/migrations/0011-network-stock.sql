-- SPDX-License-Identifier: GPL-3.0-or-later
-- The point's copy of the other points' stock (issue 11): the last
-- "stock_snapshot" change the hub sent for each point, read offline by the
-- Map page (basket completeness, "where can I find…").

-- One row per point whose snapshot arrived: when the hub took it. Codes,
-- not ids: a snapshot may name a point or a product this point's catalog
-- does not have yet.
CREATE TABLE network_snapshots (
  point_code  TEXT PRIMARY KEY,
  taken_at    TEXT NOT NULL,
  received_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The snapshot's levels: only products above zero, as the hub sends them.
CREATE TABLE network_stock (
  point_code   TEXT NOT NULL REFERENCES network_snapshots (point_code) ON DELETE CASCADE,
  product_code TEXT NOT NULL,
  qty          INTEGER NOT NULL CHECK (qty > 0),
  PRIMARY KEY (point_code, product_code)
) STRICT, WITHOUT ROWID;

-- "Where can I find PRODUCT": every point holding it.
CREATE INDEX network_stock_product ON network_stock (product_code);
