-- SPDX-License-Identifier: GPL-3.0-or-later
-- The hub prices every sale from its own catalog (issue 10).

-- The catalog a sale was priced with: the point's cursor in the hub's
-- changes feed when it was committed; NULL for sales committed before
-- this version, or before the point ever pulled the feed.
ALTER TABLE sales ADD COLUMN catalog_version INTEGER CHECK (catalog_version IS NULL OR catalog_version > 0);

-- What the hub was last told of each own product ("product.declared"):
-- the row as sent, so a change of it is declared again before its next
-- sale.
CREATE TABLE own_declared (
  code TEXT PRIMARY KEY,
  data TEXT NOT NULL CHECK (json_valid (data))
) STRICT;
