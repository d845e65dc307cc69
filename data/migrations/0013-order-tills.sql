-- SPDX-License-Identifier: GPL-3.0-or-later
-- Order labels name their till. Each till numbers the orders it takes
-- (1, 2, 3 … in its own database, offline as online), so two tills of a
-- point give the same numbers: the till that numbered an order, its
-- device code, tells them apart on the label ("ORD12-C1") and at the hub.
-- NULL: an order numbered before, whose label ("ORD12") is already on its
-- bag and stays as it is.
ALTER TABLE orders ADD COLUMN till TEXT
  CHECK (till IS NULL OR (length (till) BETWEEN 1 AND 32 AND till NOT GLOB '*[^A-Za-z0-9._-]*'));

-- A receipt names the order its sale handed over or paid.
CREATE INDEX orders_sale ON orders (sale_id) WHERE sale_id IS NOT NULL;
