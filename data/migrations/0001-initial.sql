-- SPDX-License-Identifier: GPL-3.0-or-later
-- The point's local store, first version. Money in INTEGER cents,
-- quantities in INTEGER milli-units, times as ISO 8601 text with offset.

-- Identity and network settings, one typed value per key.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value ANY NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE points (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE,
  name             TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('shop', 'gas', 'producer', 'collection')),
  address          TEXT,
  comune           TEXT,
  lat_e6           INTEGER,
  lon_e6           INTEGER,
  hours            TEXT,
  phone            TEXT,
  email            TEXT,
  home_delivery    INTEGER NOT NULL DEFAULT 0 CHECK (home_delivery IN (0, 1)),
  collection_point INTEGER NOT NULL DEFAULT 0 CHECK (collection_point IN (0, 1))
) STRICT;

CREATE TABLE suppliers (
  id   INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE products (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL CHECK (length (name) > 0),
  kind           TEXT NOT NULL CHECK (kind IN ('basket', 'own')),
  unit           TEXT NOT NULL CHECK (unit IN ('piece', 'kg', 'l')),
  vat_rate       INTEGER NOT NULL CHECK (vat_rate IN (4, 5, 10, 22)),
  ean            TEXT UNIQUE,
  plu            INTEGER CHECK (plu IS NULL OR plu BETWEEN 1 AND 99999),
  supplier_id    INTEGER REFERENCES suppliers (id),
  category       TEXT,
  equa_cents     INTEGER NOT NULL CHECK (equa_cents > 0),
  -- NULL = the network default percentage
  accessibile_bp INTEGER,
  impegno_bp     INTEGER,
  solidale_bp    INTEGER,
  updated_at     TEXT NOT NULL
) STRICT;

-- A scale label must name exactly one product.
CREATE UNIQUE INDEX products_plu ON products (plu) WHERE plu IS NOT NULL;
CREATE INDEX products_supplier ON products (supplier_id);

-- Search: accent- and case-insensitive, kept in sync by the triggers below.
-- Every typed word is a prefix query; prefix indexes for 1 to 3 characters
-- let the short ones ("p", "pa", "pas", which match thousands of products)
-- read one doclist instead of merging those of every term they begin
-- (measured on 20,000 products: faster at every typed length, since the
-- last word typed is often one or two letters). detail=column was slower
-- (and would refuse multi-token phrases).
CREATE VIRTUAL TABLE products_fts USING fts5 (
  name, supplier, category,
  tokenize = "unicode61 remove_diacritics 2",
  prefix = '1 2 3'
);

CREATE TRIGGER products_fts_insert AFTER INSERT ON products
BEGIN
  INSERT INTO products_fts (rowid, name, supplier, category)
  VALUES (new.id, new.name,
          coalesce ((SELECT name FROM suppliers WHERE id = new.supplier_id), ''),
          coalesce (new.category, ''));
END;

CREATE TRIGGER products_fts_update AFTER UPDATE OF name, supplier_id, category ON products
BEGIN
  DELETE FROM products_fts WHERE rowid = old.id;
  INSERT INTO products_fts (rowid, name, supplier, category)
  VALUES (new.id, new.name,
          coalesce ((SELECT name FROM suppliers WHERE id = new.supplier_id), ''),
          coalesce (new.category, ''));
END;

CREATE TRIGGER products_fts_delete AFTER DELETE ON products
BEGIN
  DELETE FROM products_fts WHERE rowid = old.id;
END;

CREATE TRIGGER suppliers_fts_update AFTER UPDATE OF name ON suppliers
BEGIN
  UPDATE products_fts SET supplier = new.name
  WHERE rowid IN (SELECT id FROM products WHERE supplier_id = new.id);
END;

CREATE TABLE operators (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length (trim (name)) > 0),
  role       TEXT NOT NULL CHECK (role IN ('volontario', 'responsabile', 'coordinatore')),
  pin_hash   TEXT NOT NULL,
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;

-- Business days. At most one open day; a closed day is frozen.
CREATE TABLE days (
  id            INTEGER PRIMARY KEY,
  business_date TEXT NOT NULL,
  opened_at     TEXT NOT NULL,
  opened_by     INTEGER REFERENCES operators (id),
  opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
  closed_at     TEXT,
  closed_by     INTEGER REFERENCES operators (id),
  counted_cash  INTEGER CHECK (counted_cash IS NULL OR counted_cash >= 0),
  CHECK ((closed_at IS NULL) = (counted_cash IS NULL))
) STRICT;

CREATE UNIQUE INDEX days_one_open ON days ((closed_at IS NULL)) WHERE closed_at IS NULL;

CREATE TRIGGER days_frozen BEFORE UPDATE ON days WHEN old.closed_at IS NOT NULL
BEGIN
  SELECT RAISE (ABORT, 'day is closed');
END;

CREATE TRIGGER days_no_delete BEFORE DELETE ON days
BEGIN
  SELECT RAISE (ABORT, 'days are never deleted');
END;

-- Gapless per-device counters ('receipt' and 'event'), advanced inside the
-- transaction that uses the number.
CREATE TABLE device_seq (
  device_id TEXT NOT NULL,
  counter   TEXT NOT NULL CHECK (counter IN ('receipt', 'event')),
  last_seq  INTEGER NOT NULL CHECK (last_seq >= 0),
  PRIMARY KEY (device_id, counter)
) STRICT, WITHOUT ROWID;

CREATE TABLE sales (
  id            TEXT PRIMARY KEY,             -- UUID
  point_code    TEXT NOT NULL,
  device_id     TEXT NOT NULL,
  seq           INTEGER NOT NULL CHECK (seq > 0),
  receipt_no    TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL,
  day_id        INTEGER NOT NULL REFERENCES days (id),
  operator_id   INTEGER NOT NULL REFERENCES operators (id),
  operator_name TEXT NOT NULL,
  member_card   TEXT,
  tier          TEXT NOT NULL CHECK (tier IN ('accessibile', 'impegno', 'equa', 'solidale')),
  n_lines       INTEGER NOT NULL CHECK (n_lines > 0),
  total         INTEGER NOT NULL,
  total_equa    INTEGER NOT NULL,
  tier_delta    INTEGER NOT NULL CHECK (tier_delta = total - total_equa),
  cash_tendered INTEGER NOT NULL DEFAULT 0,
  change_due    INTEGER NOT NULL DEFAULT 0,
  refund_of     TEXT REFERENCES sales (id),
  UNIQUE (device_id, seq)
) STRICT;

CREATE INDEX sales_day ON sales (day_id);
CREATE INDEX sales_refund_of ON sales (refund_of) WHERE refund_of IS NOT NULL;

CREATE TRIGGER sales_need_open_day BEFORE INSERT ON sales
WHEN (SELECT closed_at FROM days WHERE id = new.day_id) IS NOT NULL
BEGIN
  SELECT RAISE (ABORT, 'day is closed');
END;

CREATE TRIGGER sales_immutable BEFORE UPDATE ON sales
BEGIN
  SELECT RAISE (ABORT, 'sales are immutable');
END;

CREATE TABLE sale_lines (
  id              INTEGER PRIMARY KEY,
  sale_id         TEXT NOT NULL REFERENCES sales (id),
  line_no         INTEGER NOT NULL CHECK (line_no > 0),
  product_id      INTEGER NOT NULL REFERENCES products (id),
  product_name    TEXT NOT NULL,
  supplier_id     INTEGER REFERENCES suppliers (id),
  supplier_name   TEXT,
  unit            TEXT NOT NULL CHECK (unit IN ('piece', 'kg', 'l')),
  quantity        INTEGER NOT NULL CHECK (quantity <> 0),
  unit_price      INTEGER NOT NULL,
  unit_price_equa INTEGER NOT NULL,
  line_total      INTEGER NOT NULL,
  line_total_equa INTEGER NOT NULL,
  tier_delta      INTEGER NOT NULL CHECK (tier_delta = line_total - line_total_equa),
  vat_rate        INTEGER NOT NULL CHECK (vat_rate IN (4, 5, 10, 22)),
  refund_of_line  INTEGER REFERENCES sale_lines (id),
  UNIQUE (sale_id, line_no)
) STRICT;

CREATE INDEX sale_lines_refund_of ON sale_lines (refund_of_line) WHERE refund_of_line IS NOT NULL;

CREATE TABLE payments (
  id      INTEGER PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id),
  method  TEXT NOT NULL CHECK (method IN ('cash', 'card', 'other')),
  amount  INTEGER NOT NULL
) STRICT;

CREATE INDEX payments_sale ON payments (sale_id);

CREATE TABLE stock_levels (
  product_id INTEGER PRIMARY KEY REFERENCES products (id),
  qty        INTEGER NOT NULL,                -- may be negative: flagged, never blocks
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE stock_movements (
  id           INTEGER PRIMARY KEY,
  product_id   INTEGER NOT NULL REFERENCES products (id),
  kind         TEXT NOT NULL CHECK (kind IN ('receive', 'sale', 'refund', 'adjust', 'waste', 'transfer')),
  qty          INTEGER NOT NULL,              -- signed milli-units
  at           TEXT NOT NULL,
  sale_line_id INTEGER REFERENCES sale_lines (id),
  note         TEXT
) STRICT;

CREATE INDEX stock_movements_product ON stock_movements (product_id);
CREATE INDEX stock_movements_line ON stock_movements (sale_line_id) WHERE sale_line_id IS NOT NULL;

-- Events for the hub, written in the transaction that made the change and
-- deleted only once the hub acknowledged them.
CREATE TABLE outbox (
  id      TEXT PRIMARY KEY,                   -- UUID
  seq     INTEGER NOT NULL UNIQUE CHECK (seq > 0),
  type    TEXT NOT NULL,
  at      TEXT NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid (payload)),
  sale_id TEXT REFERENCES sales (id)
) STRICT;

CREATE INDEX outbox_sale ON outbox (sale_id) WHERE sale_id IS NOT NULL;

CREATE TABLE parked_carts (
  id        INTEGER PRIMARY KEY,
  label     TEXT,
  parked_at TEXT NOT NULL,
  tier      TEXT NOT NULL CHECK (tier IN ('accessibile', 'impegno', 'equa', 'solidale')),
  n_lines   INTEGER NOT NULL CHECK (n_lines > 0),
  total     INTEGER NOT NULL,
  lines     TEXT NOT NULL CHECK (json_valid (lines))  -- [{"product_id", "quantity", "from_barcode"}]
) STRICT;
