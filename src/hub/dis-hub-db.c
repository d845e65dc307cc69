/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-db"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "dis-hub-db-private.h"
#include "dis-hub-dialect.h"

G_DEFINE_QUARK (dis-hub-error-quark, dis_hub_error)

/* The hub's own schema, one string per version (PRAGMA user_version).
 * Entities that points learn about keep their canonical JSON in `data`,
 * which is exactly what the changes feed publishes. */
static const char *migrations[] = {
  /* 1 */
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY,"
  "  value INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE points ("
  "  code       TEXT PRIMARY KEY,"
  "  name       TEXT NOT NULL,"
  "  data       TEXT NOT NULL CHECK (json_valid (data)),"
  "  created_at TEXT NOT NULL,"
  "  revoked_at TEXT"
  ") STRICT;"
  "CREATE TABLE devices ("
  "  id         INTEGER PRIMARY KEY,"
  "  point_code TEXT NOT NULL REFERENCES points (code),"
  "  device     TEXT NOT NULL,"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL,"
  "  revoked_at TEXT,"
  "  last_seq   INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (point_code, device)"
  ") STRICT;"
  "CREATE TABLE suppliers ("
  "  code TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  data TEXT NOT NULL CHECK (json_valid (data))"
  ") STRICT;"
  "CREATE TABLE products ("
  "  code     TEXT PRIMARY KEY,"
  "  supplier TEXT REFERENCES suppliers (code),"
  "  data     TEXT NOT NULL CHECK (json_valid (data))"
  ") STRICT;"
  "CREATE TABLE changes ("
  "  seq  INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('product', 'supplier', 'point', 'settings')),"
  "  op   TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),"
  "  key  TEXT NOT NULL,"
  "  data TEXT NOT NULL CHECK (json_valid (data)),"
  "  at   TEXT NOT NULL"
  ");"
  "CREATE TABLE events ("
  "  id          TEXT PRIMARY KEY,"
  "  point_code  TEXT NOT NULL,"
  "  device      TEXT NOT NULL,"
  "  seq         INTEGER NOT NULL,"
  "  type        TEXT NOT NULL,"
  "  at          TEXT NOT NULL,"
  "  received_at TEXT NOT NULL,"
  "  payload     TEXT NOT NULL CHECK (json_valid (payload))"
  ") STRICT;"
  "CREATE TABLE gaps ("
  "  id          INTEGER PRIMARY KEY,"
  "  point_code  TEXT NOT NULL,"
  "  device      TEXT NOT NULL,"
  "  from_seq    INTEGER NOT NULL,"
  "  to_seq      INTEGER NOT NULL CHECK (to_seq >= from_seq),"
  "  recorded_at TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE hub_sales ("
  "  id               TEXT PRIMARY KEY,"
  "  event_id         TEXT NOT NULL REFERENCES events (id),"
  "  kind             TEXT NOT NULL CHECK (kind IN ('sale', 'refund')),"
  "  point_code       TEXT NOT NULL,"
  "  device           TEXT NOT NULL,"
  "  seq              INTEGER NOT NULL,"
  "  receipt_no       TEXT NOT NULL,"
  "  created_at       TEXT NOT NULL,"
  "  operator_id      INTEGER NOT NULL,"
  "  operator_name    TEXT NOT NULL,"
  "  member_card      TEXT,"
  "  tier             TEXT NOT NULL CHECK (tier IN ('accessibile', 'impegno', 'equa', 'solidale')),"
  "  refund_of        TEXT,"
  "  n_lines          INTEGER NOT NULL,"
  "  total            INTEGER NOT NULL,"
  "  total_equa       INTEGER NOT NULL,"
  "  tier_delta       INTEGER NOT NULL,"
  "  cash_tendered    INTEGER NOT NULL,"
  "  change_due       INTEGER NOT NULL,"
  "  point_total      INTEGER NOT NULL,"
  "  point_total_equa INTEGER NOT NULL,"
  "  point_tier_delta INTEGER NOT NULL,"
  "  review_flag      INTEGER NOT NULL DEFAULT 0 CHECK (review_flag IN (0, 1)),"
  "  review_reason    TEXT"
  ") STRICT;"
  "CREATE INDEX hub_sales_point ON hub_sales (point_code, created_at);"
  "CREATE TABLE hub_sale_lines ("
  "  sale_id          TEXT NOT NULL REFERENCES hub_sales (id),"
  "  line_no          INTEGER NOT NULL,"
  "  product_code     TEXT NOT NULL,"
  "  product_name     TEXT NOT NULL,"
  "  supplier_code    TEXT,"
  "  unit             TEXT NOT NULL CHECK (unit IN ('piece', 'kg', 'l')),"
  "  quantity         INTEGER NOT NULL,"
  "  unit_price       INTEGER NOT NULL,"
  "  unit_price_equa  INTEGER NOT NULL,"
  "  line_total       INTEGER NOT NULL,"
  "  line_total_equa  INTEGER NOT NULL,"
  "  tier_delta       INTEGER NOT NULL,"
  "  vat_rate         INTEGER NOT NULL CHECK (vat_rate IN (4, 5, 10, 22)),"
  "  point_line_total INTEGER NOT NULL,"
  "  PRIMARY KEY (sale_id, line_no)"
  ") STRICT;"
  "CREATE TABLE hub_payments ("
  "  id      INTEGER PRIMARY KEY,"
  "  sale_id TEXT NOT NULL REFERENCES hub_sales (id),"
  "  method  TEXT NOT NULL CHECK (method IN ('cash', 'card', 'other')),"
  "  amount  INTEGER NOT NULL"
  ") STRICT;",
  /* 2: members (issue 5). The changes feed learns the kind
   * "member": SQLite cannot alter a CHECK, so the table is rebuilt, seq
   * values and the AUTOINCREMENT counter kept. Never an income figure or
   * a document: there is no column for them. */
  "CREATE TABLE changes_new ("
  "  seq  INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('product', 'supplier', 'point', 'settings', 'member')),"
  "  op   TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),"
  "  key  TEXT NOT NULL,"
  "  data TEXT NOT NULL CHECK (json_valid (data)),"
  "  at   TEXT NOT NULL"
  ");"
  "INSERT INTO changes_new (seq, kind, op, key, data, at) SELECT seq, kind, op, key, data, at FROM changes;"
  "DROP TABLE changes;"
  "ALTER TABLE changes_new RENAME TO changes;"
  "CREATE INDEX changes_key ON changes (kind, key, seq);"
  "CREATE TABLE members ("
  "  card_code                     TEXT PRIMARY KEY CHECK (length (card_code) = 10 AND card_code GLOB 'DS[0-9]*'),"
  "  kind                          TEXT NOT NULL CHECK (kind IN ('person', 'informal_group', 'association',"
  "                                'cooperative', 'producer')),"
  "  display_name                  TEXT NOT NULL CHECK (length (trim (display_name)) BETWEEN 1 AND 200),"
  "  contact                       TEXT CHECK (contact IS NULL OR length (contact) <= 200),"
  "  registered_on                 TEXT NOT NULL,"
  "  status                        TEXT NOT NULL DEFAULT 'pending'"
  "                                CHECK (status IN ('pending', 'validated', 'suspended')),"
  "  preferred_tier                TEXT NOT NULL DEFAULT 'equa'"
  "                                CHECK (preferred_tier IN ('accessibile', 'impegno', 'equa', 'solidale')),"
  "  documentation_acknowledged_on TEXT,"
  "  declaration_text              TEXT CHECK (declaration_text IS NULL OR length (declaration_text) BETWEEN 1 AND 1000),"
  "  declaration_on                TEXT,"
  "  declaration_published_name    TEXT,"
  "  basis                         TEXT NOT NULL DEFAULT 'none'"
  "                                CHECK (basis IN ('none', 'self_declaration', 'certificate', 'provisional')),"
  "  basis_verified_by             TEXT,"
  "  basis_verified_on             TEXT,"
  "  basis_expires_on              TEXT,"
  "  basis_review                  INTEGER NOT NULL DEFAULT 0 CHECK (basis_review IN (0, 1)),"
  "  activity_hours                INTEGER NOT NULL DEFAULT 0 CHECK (activity_hours >= 0),"
  "  privacy_consent_on            TEXT NOT NULL,"
  "  origin_point                  TEXT,"
  "  created_at                    TEXT NOT NULL,"
  "  updated_at                    TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX hub_sales_member ON hub_sales (member_card, created_at) WHERE member_card IS NOT NULL;",
  /* 3: a refund's lines are checked against what earlier refunds took of
   * the sale (issue 9). */
  "CREATE INDEX hub_sales_refund_of ON hub_sales (refund_of) WHERE refund_of IS NOT NULL;",
  /* 4: the hub prices every line from its own catalog (issue 10, A1
   * prices). Product and settings history is the changes table itself
   * (every upsert is kept with its seq, nothing deletes one); a sale
   * keeps the version the till priced it with and the one the hub used;
   * a line keeps the point's figures beside the hub's. Own products
   * are declared by their point, each declaration kept. */
  "ALTER TABLE hub_sales ADD COLUMN catalog_version INTEGER;"
  "ALTER TABLE hub_sales ADD COLUMN priced_version INTEGER;"
  "ALTER TABLE hub_sale_lines ADD COLUMN point_unit_price INTEGER;"
  "ALTER TABLE hub_sale_lines ADD COLUMN point_unit_price_equa INTEGER;"
  "ALTER TABLE hub_sale_lines ADD COLUMN point_line_total_equa INTEGER;"
  "ALTER TABLE hub_sale_lines ADD COLUMN point_supplier_code TEXT;"
  "ALTER TABLE hub_sale_lines ADD COLUMN point_vat_rate INTEGER;"
  /* Until now the stored prices, supplier and VAT were the point's. */
  "UPDATE hub_sale_lines SET point_unit_price = unit_price, point_unit_price_equa = unit_price_equa,"
  " point_supplier_code = supplier_code, point_vat_rate = vat_rate;"
  "CREATE TABLE own_products ("
  "  id          INTEGER PRIMARY KEY,"
  "  point_code  TEXT NOT NULL,"
  "  code        TEXT NOT NULL,"
  "  data        TEXT NOT NULL CHECK (json_valid (data)),"
  "  event_id    TEXT NOT NULL,"
  "  declared_at TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX own_products_code ON own_products (code, id);",
  /* 5: the solidarity fund (issue 10, B fund). Each sale counts in one
   * fund period (YYYY-MM, the month of created_at in Europe/Rome; the
   * rows already stored are placed here with the Rome offset worked out
   * in SQL: +2 from the last Sunday of March to the last Sunday of
   * October at 01:00 UTC, else +1). A flagged sale waits for review. A
   * closed period keeps its canonical inputs, their SHA-256 and its
   * result, and the feed learns the kind "fund_period" (rebuilt as in 2). */
  "ALTER TABLE hub_sales ADD COLUMN fund_period TEXT;"
  "ALTER TABLE hub_sales ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));"
  "ALTER TABLE hub_sales ADD COLUMN review_state TEXT NOT NULL DEFAULT 'none'"
  "  CHECK (review_state IN ('none', 'pending', 'accepted', 'rejected'));"
  "ALTER TABLE hub_sales ADD COLUMN review_by TEXT;"
  "ALTER TABLE hub_sales ADD COLUMN review_at TEXT;"
  "UPDATE hub_sales SET review_state = 'pending' WHERE review_flag = 1;"
  "UPDATE hub_sales SET fund_period = strftime ('%Y-%m', created_at,"
  "  CASE WHEN datetime (created_at) >= datetime (date (strftime ('%Y', created_at) || '-04-01', 'weekday 0', '-7 days'), '+1 hour')"
  "        AND datetime (created_at) < datetime (date (strftime ('%Y', created_at) || '-11-01', 'weekday 0', '-7 days'), '+1 hour')"
  "       THEN '+2 hours' ELSE '+1 hour' END);"
  "CREATE INDEX hub_sales_fund_period ON hub_sales (fund_period);"
  "CREATE TABLE fund_periods ("
  "  period        TEXT PRIMARY KEY CHECK (length (period) = 7),"
  "  closed_at     TEXT NOT NULL,"
  "  inputs        TEXT NOT NULL,"
  "  result        TEXT NOT NULL CHECK (json_valid (result)),"
  "  inputs_sha256 TEXT NOT NULL CHECK (length (inputs_sha256) = 64)"
  ") STRICT;"
  "CREATE TABLE changes_new ("
  "  seq  INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('product', 'supplier', 'point', 'settings', 'member', 'fund_period')),"
  "  op   TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),"
  "  key  TEXT NOT NULL,"
  "  data TEXT NOT NULL CHECK (json_valid (data)),"
  "  at   TEXT NOT NULL"
  ");"
  "INSERT INTO changes_new (seq, kind, op, key, data, at) SELECT seq, kind, op, key, data, at FROM changes;"
  "DROP TABLE changes;"
  "ALTER TABLE changes_new RENAME TO changes;"
  "CREATE INDEX changes_key ON changes (kind, key, seq);",
  /* 6: coordinators, their sessions from points, and the audit log of
   * what they did (issue 10, E). Only hashes: an Argon2id string for the
   * passphrase, SHA-256 for a session token. */
  "CREATE TABLE coordinators ("
  "  id              INTEGER PRIMARY KEY,"
  "  name            TEXT NOT NULL UNIQUE CHECK (length (name) BETWEEN 1 AND 64),"
  "  passphrase_hash TEXT NOT NULL,"
  "  created_at      TEXT NOT NULL,"
  "  revoked_at      TEXT"
  ") STRICT;"
  "CREATE TABLE coordinator_sessions ("
  "  token_hash  TEXT PRIMARY KEY,"
  "  coordinator INTEGER NOT NULL REFERENCES coordinators (id),"
  "  point_code  TEXT NOT NULL REFERENCES points (code),"
  "  created_at  TEXT NOT NULL,"
  "  expires_at  TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX coordinator_sessions_coordinator ON coordinator_sessions (coordinator);"
  "CREATE TABLE audit_log ("
  "  id          INTEGER PRIMARY KEY,"
  "  at          TEXT NOT NULL,"
  "  coordinator INTEGER REFERENCES coordinators (id),"
  "  point_code  TEXT,"
  "  action      TEXT NOT NULL,"
  "  target      TEXT,"
  "  detail      TEXT NOT NULL CHECK (json_valid (detail))"
  ") STRICT;"
  "CREATE INDEX audit_log_at ON audit_log (at);",
  /* 7: stock (issue 11). The hub's copy of each point's levels: every
   * movement it applied (stock.moved, sale and refund lines) kept, the
   * level beside them; per point whether a batch moved it since the last
   * snapshot the feed carries; transfers between points and the points'
   * restock orders, as the last event said. The feed learns the kinds
   * stock_snapshot, transfer and restock_order (rebuilt as in 2). */
  "CREATE TABLE hub_stock_movements ("
  "  id           INTEGER PRIMARY KEY,"
  "  event_id     TEXT NOT NULL,"
  "  point_code   TEXT NOT NULL,"
  "  product_code TEXT NOT NULL,"
  "  kind         TEXT NOT NULL CHECK (kind IN ('receive', 'adjust', 'waste', 'transfer', 'sale', 'refund')),"
  "  qty          INTEGER NOT NULL CHECK (qty <> 0),"
  "  at           TEXT NOT NULL,"
  "  document     TEXT,"
  "  reason       TEXT"
  ") STRICT;"
  "CREATE INDEX hub_stock_movements_level ON hub_stock_movements (point_code, product_code);"
  "CREATE INDEX hub_stock_movements_event ON hub_stock_movements (event_id);"
  /* Clustered by point (a snapshot, completeness: one range each); the
   * index by product carries the key, so availability reads it alone. */
  "CREATE TABLE point_stock ("
  "  point_code   TEXT NOT NULL,"
  "  product_code TEXT NOT NULL,"
  "  qty          INTEGER NOT NULL,"
  "  updated_at   TEXT NOT NULL,"
  "  PRIMARY KEY (point_code, product_code)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE INDEX point_stock_product ON point_stock (product_code, qty);"
  "CREATE TABLE stock_snapshots ("
  "  point_code TEXT PRIMARY KEY,"
  "  moved      INTEGER NOT NULL DEFAULT 0 CHECK (moved IN (0, 1)),"
  "  at         TEXT"
  ") STRICT;"
  "CREATE TABLE hub_transfers ("
  "  id             TEXT PRIMARY KEY,"
  "  from_point     TEXT NOT NULL,"
  "  to_point       TEXT NOT NULL,"
  "  state          TEXT NOT NULL CHECK (state IN ('sent', 'received')),"
  "  sent_at        TEXT NOT NULL,"
  "  sent_event     TEXT NOT NULL,"
  "  received_at    TEXT,"
  "  received_event TEXT"
  ") STRICT;"
  "CREATE TABLE hub_transfer_lines ("
  "  transfer_id  TEXT NOT NULL REFERENCES hub_transfers (id),"
  "  line_no      INTEGER NOT NULL,"
  "  product_code TEXT NOT NULL,"
  "  sent_qty     INTEGER NOT NULL CHECK (sent_qty >= 0),"
  "  received_qty INTEGER CHECK (received_qty >= 0),"
  "  PRIMARY KEY (transfer_id, line_no),"
  "  UNIQUE (transfer_id, product_code)"
  ") STRICT;"
  "CREATE TABLE hub_restock_orders ("
  "  id           TEXT PRIMARY KEY,"
  "  point_code   TEXT NOT NULL,"
  "  supplier     TEXT NOT NULL,"
  "  state        TEXT NOT NULL CHECK (state IN ('sent', 'confirmed', 'partially_received', 'received', 'cancelled')),"
  "  at           TEXT NOT NULL,"
  "  at_utc       TEXT NOT NULL,"
  "  note         TEXT,"
  "  event_id     TEXT NOT NULL,"
  "  updated_at   TEXT NOT NULL,"
  "  confirmed_at TEXT"
  ") STRICT;"
  "CREATE INDEX hub_restock_orders_supplier ON hub_restock_orders (supplier, state, at_utc);"
  "CREATE TABLE hub_restock_order_lines ("
  "  order_id     TEXT NOT NULL REFERENCES hub_restock_orders (id),"
  "  line_no      INTEGER NOT NULL,"
  "  product_code TEXT NOT NULL,"
  "  ordered      INTEGER NOT NULL CHECK (ordered >= 0),"
  "  received     INTEGER NOT NULL CHECK (received >= 0),"
  "  PRIMARY KEY (order_id, line_no)"
  ") STRICT;"
  "CREATE TABLE changes_new ("
  "  seq  INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('product', 'supplier', 'point', 'settings', 'member', 'fund_period',"
  "                                     'stock_snapshot', 'transfer', 'restock_order')),"
  "  op   TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),"
  "  key  TEXT NOT NULL,"
  "  data TEXT NOT NULL CHECK (json_valid (data)),"
  "  at   TEXT NOT NULL"
  ");"
  "INSERT INTO changes_new (seq, kind, op, key, data, at) SELECT seq, kind, op, key, data, at FROM changes;"
  "DROP TABLE changes;"
  "ALTER TABLE changes_new RENAME TO changes;"
  "CREATE INDEX changes_key ON changes (kind, key, seq);",
  /* 8: case sizes (issue 11). The supplier's case of a product in
   * milli-units, NULL = none: the data keeps it as "case_size" too, and
   * the column lets the restock export read it without parsing JSON. */
  "ALTER TABLE products ADD COLUMN case_size INTEGER CHECK (case_size IS NULL OR case_size > 0);",
  /* 9: member orders (issue 13). Order cycles and what each offers (the
   * supplier's availability, NULL = unlimited, and what accepted orders
   * reserved of it), the points' pickup windows and delivery slots (what
   * accepted deliveries booked of each), the orders as last accepted or
   * refused and their lines. Times are kept as given and, in the *_utc
   * columns, as UTC text that sorts in time order. Positions in
   * 10^-7 degrees: PostgreSQL's REAL would lose them. The feed learns the
   * kinds order_cycle, cycle_product, point_schedule and order. */
  "CREATE TABLE hub_cycles ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL,"
  "  opens      TEXT NOT NULL,"
  "  closes     TEXT NOT NULL,"
  "  opens_utc  TEXT NOT NULL,"
  "  closes_utc TEXT NOT NULL CHECK (closes_utc > opens_utc),"
  "  state      TEXT NOT NULL CHECK (state IN ('open', 'closed')),"
  "  created_at TEXT NOT NULL,"
  "  closed_at  TEXT"
  ") STRICT;"
  "CREATE TABLE hub_cycle_products ("
  "  cycle_id     INTEGER NOT NULL REFERENCES hub_cycles (id),"
  "  product_code TEXT NOT NULL,"
  "  available    INTEGER CHECK (available IS NULL OR available >= 0),"
  "  reserved     INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),"
  "  CHECK (available IS NULL OR reserved <= available),"
  "  PRIMARY KEY (cycle_id, product_code)"
  ") STRICT;"
  "CREATE TABLE hub_pickup_windows ("
  "  point_code TEXT NOT NULL,"
  "  code       TEXT NOT NULL,"
  "  starts     TEXT NOT NULL,"
  "  ends       TEXT NOT NULL,"
  "  starts_utc TEXT NOT NULL,"
  "  ends_utc   TEXT NOT NULL,"
  "  PRIMARY KEY (point_code, code)"
  ") STRICT;"
  "CREATE TABLE hub_delivery_slots ("
  "  point_code TEXT NOT NULL,"
  "  code       TEXT NOT NULL,"
  "  starts     TEXT NOT NULL,"
  "  ends       TEXT NOT NULL,"
  "  cutoff     TEXT NOT NULL,"
  "  starts_utc TEXT NOT NULL,"
  "  ends_utc   TEXT NOT NULL,"
  "  cutoff_utc TEXT NOT NULL,"
  "  capacity   INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),"
  "  booked     INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0),"
  "  comuni     TEXT CHECK (comuni IS NULL OR json_valid (comuni)),"
  "  radius_m   INTEGER CHECK (radius_m IS NULL OR radius_m > 0),"
  "  CHECK (booked <= capacity),"
  "  PRIMARY KEY (point_code, code)"
  ") STRICT;"
  "CREATE TABLE hub_orders ("
  "  id                TEXT PRIMARY KEY,"
  "  point_code        TEXT NOT NULL,"
  "  device            TEXT NOT NULL,"
  "  number            INTEGER NOT NULL,"
  "  cycle_id          INTEGER NOT NULL,"
  "  member_card       TEXT NOT NULL,"
  "  tier              TEXT NOT NULL,"
  "  fulfilment        TEXT NOT NULL CHECK (fulfilment IN ('pickup', 'delivery')),"
  "  window_code       TEXT,"
  "  slot_code         TEXT,"
  "  address           TEXT,"
  "  comune            TEXT,"
  "  lat_e7            INTEGER,"
  "  lon_e7            INTEGER,"
  "  note              TEXT,"
  "  state             TEXT NOT NULL CHECK (state IN ('accepted', 'refused', 'ready', 'handed_over',"
  "                                                  'out_for_delivery', 'delivered', 'cancelled')),"
  "  revision          INTEGER NOT NULL,"
  "  accepted_revision INTEGER,"
  "  reason_code       TEXT,"
  "  reason_message    TEXT,"
  "  sale_id           TEXT,"
  "  operator_id       INTEGER NOT NULL,"
  "  operator_name     TEXT NOT NULL,"
  "  created_at        TEXT NOT NULL,"
  "  created_utc       TEXT NOT NULL,"
  "  updated_at        TEXT NOT NULL,"
  "  event_id          TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX hub_orders_cycle ON hub_orders (cycle_id, state);"
  "CREATE INDEX hub_orders_point ON hub_orders (point_code, number);"
  "CREATE TABLE hub_order_lines ("
  "  order_id     TEXT NOT NULL REFERENCES hub_orders (id),"
  "  line_no      INTEGER NOT NULL,"
  "  product_code TEXT NOT NULL,"
  "  ordered      INTEGER NOT NULL CHECK (ordered > 0),"
  "  allotted     INTEGER NOT NULL CHECK (allotted >= 0 AND allotted <= ordered),"
  "  weighed      INTEGER CHECK (weighed IS NULL OR weighed >= 0),"
  "  PRIMARY KEY (order_id, line_no),"
  "  UNIQUE (order_id, product_code)"
  ") STRICT;"
  "CREATE TABLE changes_new ("
  "  seq  INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('product', 'supplier', 'point', 'settings', 'member', 'fund_period',"
  "                                     'stock_snapshot', 'transfer', 'restock_order',"
  "                                     'order_cycle', 'cycle_product', 'point_schedule', 'order')),"
  "  op   TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),"
  "  key  TEXT NOT NULL,"
  "  data TEXT NOT NULL CHECK (json_valid (data)),"
  "  at   TEXT NOT NULL"
  ");"
  "INSERT INTO changes_new (seq, kind, op, key, data, at) SELECT seq, kind, op, key, data, at FROM changes;"
  "DROP TABLE changes;"
  "ALTER TABLE changes_new RENAME TO changes;"
  "CREATE INDEX changes_key ON changes (kind, key, seq);",
  /* 10: checks that SQLite evaluates without a table (issue 12). For a
   * CHECK (x IN (a, b, c)) of three values or more, SQLite 3.40 builds
   * a temporary b-tree of the values each time it writes a row, and a
   * pushed sale wrote about 17 such rows: in a bare program, a row with
   * two such checks took 17 µs against 4 µs with the same checks
   * written with OR. The tables every push writes say the same with OR
   * (_dis_hub_db_sqlite_plain_checks ()); PostgreSQL has nothing to
   * change. */
  NULL,
  /* 11: order labels name their till (ORD12-C1): each till numbers its
   * own orders, so two tills of a point give the same numbers. till is
   * the device that numbered an order; NULL for a row pushed before,
   * whose label is ORD<number> and may be another till's too: those
   * rows stay as they are, and only a till's own numbers are unique. */
  "ALTER TABLE hub_orders ADD COLUMN till TEXT;"
  "CREATE UNIQUE INDEX hub_orders_label ON hub_orders (point_code, till, number) WHERE till IS NOT NULL;",
};

void
_dis_hub_db_fail (GError     **error,
                  const char  *message)
{
  g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB, "database: %s", message);
}

void
_dis_hub_db_init (DisHubDb              *db,
                  const DisHubDbBackend *backend,
                  DisHubEngine           engine)
{
  db->backend = backend;
  db->engine = engine;
  db->cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) dis_hub_stmt_free);
  db->addresses = g_hash_table_new (NULL, NULL);
}

gboolean
dis_hub_db_exec (DisHubDb    *db,
                 const char  *sql,
                 GError     **error)
{
  g_return_val_if_fail (db != NULL && sql != NULL, FALSE);

  return db->backend->exec (db, sql, error);
}

/* The SQL of version @v + 1 for this engine: PostgreSQL starts from its
 * baseline (the end state of the first DIS_HUB_DIALECT_PG_BASELINE
 * versions, in one) and takes the later ones translated. */
static char *
migration_sql (DisHubDb *db,
               gint64    v,
               gint64   *out_version)
{
  g_assert (v >= 0 && v < (gint64) G_N_ELEMENTS (migrations));
  g_assert (migrations[v] != NULL);

  *out_version = v + 1;
  if (db->engine != DIS_HUB_ENGINE_POSTGRESQL)
    return g_strdup (migrations[v]);
  if (v < DIS_HUB_DIALECT_PG_BASELINE)
    {
      *out_version = DIS_HUB_DIALECT_PG_BASELINE;
      return g_strdup (dis_hub_dialect_pg_baseline ());
    }
  return dis_hub_dialect_migration (migrations[v]);
}

static gboolean
check_version (gint64   version,
               GError **error)
{
  if (version <= (gint64) G_N_ELEMENTS (migrations))
    return TRUE;
  g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB,
               "database schema %" G_GINT64_FORMAT " is newer than this hub (%u)",
               version, (guint) G_N_ELEMENTS (migrations));
  return FALSE;
}

static gboolean
migrate (DisHubDb  *db,
         GError   **error)
{
  gint64 version;

  if (!db->backend->get_version (db, &version, error) || !check_version (version, error))
    return FALSE;
  if (version == (gint64) G_N_ELEMENTS (migrations))
    return TRUE;

  /* Read again under the write lock: hubs sharing a PostgreSQL database
   * may start together, and only one may migrate it. */
  if (!dis_hub_db_begin (db, error))
    return FALSE;
  if (!db->backend->get_version (db, &version, error) || !check_version (version, error))
    goto failed;

  /* Each version and its number in one transaction. */
  while (version < (gint64) G_N_ELEMENTS (migrations))
    {
      gint64 next = version + 1;
      g_autofree char *sql = NULL;
      gboolean done;

      /* A version without SQL is one engine's own (10). */
      if (migrations[version] == NULL)
        done = db->engine != DIS_HUB_ENGINE_SQLITE || _dis_hub_db_sqlite_plain_checks (db, error);
      else
        done = dis_hub_db_exec (db, (sql = migration_sql (db, version, &next)), error);

      /* A table rebuilt with its keys copied (changes, in 9) leaves
       * PostgreSQL's identity behind them: set it past them again. */
      if (!done ||
          !dis_hub_db_sync_identities (db, error) ||
          !db->backend->set_version (db, next, error) ||
          !dis_hub_db_commit (db, error) ||
          !dis_hub_db_begin (db, error))
        goto failed;
      version = next;
    }
  return dis_hub_db_commit (db, error);

failed:
  dis_hub_db_rollback (db);
  return FALSE;
}

static DisHubDb *
open_location (const char  *location,
               gboolean     create,
               gboolean     one_thread,
               GError     **error)
{
  DisHubDb *db;

  /* PostgreSQL: the database exists (the server's admin made it); the
   * hub makes its schema in it, as in a new SQLite file. */
  if (_dis_hub_db_is_pg_location (location))
    db = _dis_hub_db_pg_open (location, error);
  else
    db = _dis_hub_db_sqlite_open (location, create, one_thread, error);
  if (db == NULL)
    return NULL;
  if (!migrate (db, error))
    {
      dis_hub_db_close (db);
      return NULL;
    }
  return db;
}

DisHubDb *
dis_hub_db_open (const char  *location,
                 gboolean     create,
                 GError     **error)
{
  g_return_val_if_fail (location != NULL, NULL);

  return open_location (location, create, FALSE, error);
}

DisHubDb *
dis_hub_db_open_one_thread (const char  *location,
                            GError     **error)
{
  g_return_val_if_fail (location != NULL, NULL);

  return open_location (location, FALSE, TRUE, error);
}

gboolean
dis_hub_db_location_is_postgresql (const char *location)
{
  g_return_val_if_fail (location != NULL, FALSE);

  return _dis_hub_db_is_pg_location (location);
}

gboolean
dis_hub_db_exec_schema (DisHubDb    *db,
                        const char  *sql,
                        GError     **error)
{
  g_autofree char *translated = NULL;

  g_return_val_if_fail (db != NULL && sql != NULL, FALSE);

  if (db->engine == DIS_HUB_ENGINE_POSTGRESQL)
    sql = translated = dis_hub_dialect_migration (sql);
  return dis_hub_db_exec (db, sql, error);
}

gboolean
dis_hub_db_has_table (DisHubDb    *db,
                      const char  *name,
                      gboolean    *out_has_table,
                      GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  g_return_val_if_fail (db != NULL && name != NULL && out_has_table != NULL, FALSE);

  stmt = dis_hub_db_prepare (db, dis_hub_dialect_has_table (db->engine == DIS_HUB_ENGINE_POSTGRESQL), error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, name);
  return dis_hub_db_step (db, stmt, out_has_table, error);
}

gboolean
dis_hub_db_sync_identities (DisHubDb  *db,
                            GError   **error)
{
  g_return_val_if_fail (db != NULL, FALSE);

  /* SQLite's integer keys and AUTOINCREMENT follow the rows by themselves. */
  if (db->engine != DIS_HUB_ENGINE_POSTGRESQL)
    return TRUE;
  return _dis_hub_db_pg_sync_identities (db, error);
}

void
dis_hub_db_close (DisHubDb *db)
{
  if (db == NULL)
    return;
  g_hash_table_destroy (db->addresses);
  g_hash_table_destroy (db->cache);
  db->backend->close (db);
}

DisHubEngine
dis_hub_db_get_engine (DisHubDb *db)
{
  g_return_val_if_fail (db != NULL, DIS_HUB_ENGINE_SQLITE);

  return db->engine;
}

char *
dis_hub_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

gboolean
dis_hub_db_append_change (DisHubDb    *db,
                          const char  *kind,
                          const char  *op,
                          const char  *key,
                          JsonNode    *data,
                          GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *text = dis_hub_json_to_string (data);
  g_autofree char *now = dis_hub_now_iso ();

  stmt = dis_hub_db_prepare_cached (db,
                                    "INSERT INTO changes (kind, op, key, data, at)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5)",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, kind);
  dis_hub_stmt_bind_text (stmt, 2, op);
  dis_hub_stmt_bind_text (stmt, 3, key);
  dis_hub_stmt_bind_text (stmt, 4, text);
  dis_hub_stmt_bind_text (stmt, 5, now);
  return dis_hub_db_step_done (db, stmt, error);
}

gboolean
dis_hub_db_load_rows (DisHubDb       *db,
                      JsonNode       *root,
                      const char     *what,
                      DisHubRowFunc   func,
                      guint          *out_n_changed,
                      GError        **error)
{
  JsonArray *array;
  guint n_changed = 0;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "%s: expected an array", what);
      return FALSE;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gboolean changed = FALSE;

      if (!func (db, json_array_get_element (array, i), i, &changed, error))
        return FALSE;
      n_changed += changed;
    }
  if (out_n_changed)
    *out_n_changed = n_changed;
  return TRUE;
}

char *
dis_hub_hash_token (const char *token)
{
  guchar digest[crypto_hash_sha256_BYTES];
  char hex[crypto_hash_sha256_BYTES * 2 + 1];

  crypto_hash_sha256 (digest, (const guchar *) token, strlen (token));
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return g_strdup (hex);
}

char *
dis_hub_new_token (void)
{
  guchar bytes[32];
  char text[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (text);
}
