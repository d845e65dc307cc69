-- Stock counts (inventario, issue 11): a session over every product or one
-- category, and one line per product of its scope. A line stores the
-- counted quantity with the level at the moment it was counted (expected),
-- so sales made while the count goes on are never a difference.
-- Validating writes (counted - expected) as one "adjust" movement per line
-- that differs (document "count:<id>"), valued at the purchase cost of
-- that moment (unit_cost); a count is never deleted.
CREATE TABLE stock_counts (
  id          INTEGER PRIMARY KEY,
  category    TEXT CHECK (category IS NULL OR length (category) > 0),  -- NULL: every product
  blind       INTEGER NOT NULL CHECK (blind IN (0, 1)),
  state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'validated', 'abandoned')),
  started_at  TEXT NOT NULL,
  started_by  INTEGER REFERENCES operators (id),
  closed_at   TEXT,
  closed_by   INTEGER REFERENCES operators (id),
  CHECK ((state = 'open') = (closed_at IS NULL))
) STRICT;

-- At most one count is open.
CREATE UNIQUE INDEX stock_counts_open ON stock_counts (state) WHERE state = 'open';

CREATE TABLE stock_count_lines (
  count_id    INTEGER NOT NULL REFERENCES stock_counts (id),
  product_id  INTEGER NOT NULL REFERENCES products (id),
  counted     INTEGER CHECK (counted IS NULL OR counted >= 0),     -- milli-units; NULL: not counted yet
  expected    INTEGER,                                             -- the level when counted
  counted_at  TEXT,
  counted_by  INTEGER REFERENCES operators (id),
  unit_cost   INTEGER,                                             -- cents per unit its difference was valued at
  PRIMARY KEY (count_id, product_id),
  CHECK ((counted IS NULL) = (expected IS NULL)),
  CHECK ((counted IS NULL) = (counted_at IS NULL))
) STRICT, WITHOUT ROWID;
