-- SPDX-License-Identifier: GPL-3.0-or-later
-- Restocking (issue 11): the supplier's case size of a product, and the
-- point's restock orders to its suppliers with what each line received.

-- Milli-units per case (12 pieces = 12000); NULL = any quantity. The
-- suggested order rounds up to it; the hub's catalog sets it.
ALTER TABLE products ADD COLUMN case_size INTEGER CHECK (case_size IS NULL OR case_size > 0);

-- draft → sent → confirmed → partially_received → received, or cancelled.
-- A draft stays here; every other state went to the hub in a
-- "restock.order" event written in the transaction that set it.
CREATE TABLE restock_orders (
  id          TEXT PRIMARY KEY,                 -- UUID
  supplier_id INTEGER NOT NULL REFERENCES suppliers (id),
  state       TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'confirmed', 'partially_received',
                                             'received', 'cancelled')),
  note        TEXT CHECK (note IS NULL OR length (note) <= 200),
  created_at  TEXT NOT NULL,
  created_by  INTEGER REFERENCES operators (id),
  sent_at     TEXT,
  updated_at  TEXT NOT NULL,
  CHECK ((state = 'draft') = (sent_at IS NULL) OR state = 'cancelled')
) STRICT;

CREATE INDEX restock_orders_supplier ON restock_orders (supplier_id, state);

-- What was ordered and what came of it. A substitute, or a product that
-- came unordered, is a line ordered 0; a substitute names the line it
-- came in place of, and counts as received there.
CREATE TABLE restock_order_lines (
  order_id       TEXT NOT NULL REFERENCES restock_orders (id),
  line_no        INTEGER NOT NULL CHECK (line_no > 0),
  product_id     INTEGER NOT NULL REFERENCES products (id),
  ordered        INTEGER NOT NULL CHECK (ordered >= 0),
  received       INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0),
  substitute_for INTEGER CHECK (substitute_for IS NULL OR substitute_for > 0),
  PRIMARY KEY (order_id, line_no),
  UNIQUE (order_id, product_id)
) STRICT;

CREATE INDEX restock_order_lines_product ON restock_order_lines (product_id);
