/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dis-barcode.h"
#include "dis-error.h"
#include "dis-money.h"
#include "dis-store-private.h"

/* The columns of PRODUCT_COLUMNS. */
enum {
  COL_ID, COL_NAME, COL_KIND, COL_UNIT, COL_VAT, COL_EAN, COL_PLU, COL_SUPPLIER_ID,
  COL_SUPPLIER_NAME, COL_CATEGORY, COL_EQUA, COL_ACCESSIBILE_BP, COL_IMPEGNO_BP,
  COL_SOLIDALE_BP, COL_STOCK,
};

static gboolean
column_bp (DisStmt *stmt,
           int      column,
           gint32  *out)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return FALSE;
  *out = (gint32) sqlite3_column_int64 (stmt, column);
  return TRUE;
}

/* Builds the product of the current row; its effective tier prices come
 * from Equa, the network percentages and the product's overrides. A row
 * whose prices come out of order (network percentages changed under a
 * product's override) cannot be sold: the error names the product and
 * says why, and it is about that row only. */
DisProduct *
_dis_store_product_from_row (DisStmt                *stmt,
                             const DisTierPercents  *percents,
                             GError                **error)
{
  DisTierOverrides overrides = { 0 };
  gint64 prices[DIS_N_TIERS];
  g_autoptr(GError) price_error = NULL;
  DisProductKind kind;
  DisUnit unit = DIS_UNIT_PIECE;
  DisProduct *product;

  overrides.has_accessibile = column_bp (stmt, COL_ACCESSIBILE_BP, &overrides.accessibile_bp);
  overrides.has_impegno = column_bp (stmt, COL_IMPEGNO_BP, &overrides.impegno_bp);
  overrides.has_solidale = column_bp (stmt, COL_SOLIDALE_BP, &overrides.solidale_bp);

  if (!dis_tier_compute_prices (sqlite3_column_int64 (stmt, COL_EQUA), percents,
                                &overrides, prices, &price_error))
    {
      /* Translators: the first %s is a product name, the second why its
       * prices are wrong, e.g. "The Accessibile price (€ 8,50) must not
       * be higher than the Impegno price (€ 8,00)" */
      g_set_error (error, DIS_ERROR, price_error->code,
                   _("“%s” cannot be sold until the hub corrects its prices: %s"),
                   (const char *) sqlite3_column_text (stmt, COL_NAME), price_error->message);
      return NULL;
    }

  kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, COL_KIND), "own") == 0
           ? DIS_PRODUCT_OWN : DIS_PRODUCT_BASKET;
  dis_unit_from_code ((const char *) sqlite3_column_text (stmt, COL_UNIT), &unit);

  product = dis_product_new (sqlite3_column_int64 (stmt, COL_ID),
                             (const char *) sqlite3_column_text (stmt, COL_NAME),
                             kind, unit,
                             (guint) sqlite3_column_int (stmt, COL_VAT),
                             prices);
  dis_product_set_ean (product, (const char *) sqlite3_column_text (stmt, COL_EAN));
  dis_product_set_plu (product, (guint) sqlite3_column_int (stmt, COL_PLU));
  if (sqlite3_column_type (stmt, COL_SUPPLIER_ID) != SQLITE_NULL)
    dis_product_set_supplier (product,
                              sqlite3_column_int64 (stmt, COL_SUPPLIER_ID),
                              (const char *) sqlite3_column_text (stmt, COL_SUPPLIER_NAME));
  dis_product_set_category (product, (const char *) sqlite3_column_text (stmt, COL_CATEGORY));
  dis_product_set_stock (product, sqlite3_column_int64 (stmt, COL_STOCK));

  return product;
}

/* Runs a query that selects PRODUCT_COLUMNS and returns at most one row;
 * without one, DIS_ERROR_NOT_FOUND says @not_found. */
static DisProduct *query_one_product (DisDb       *db,
                                      DisStmt     *stmt,
                                      GError     **error,
                                      const char  *not_found,
                                      ...) G_GNUC_PRINTF (4, 5);

static DisProduct *
query_one_product (DisDb       *db,
                   DisStmt     *stmt,
                   GError     **error,
                   const char  *not_found,
                   ...)
{
  DisTierPercents percents;
  gboolean has_row;

  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      va_list args;

      va_start (args, not_found);
      g_propagate_error (error, g_error_new_valist (DIS_ERROR, DIS_ERROR_NOT_FOUND, not_found, args));
      va_end (args);
      return NULL;
    }
  if (!_dis_store_read_percents (db, &percents, error))
    return NULL;
  return _dis_store_product_from_row (stmt, &percents, error);
}

DisProduct *
_dis_store_read_product (DisDb   *db,
                         gint64   product_id,
                         GError **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "SELECT " PRODUCT_COLUMNS " FROM products p" PRODUCT_JOINS
                          " WHERE p.id = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, product_id);
  return query_one_product (db, stmt, error, "%s", _("Product not found"));
}

/* ---- Writing ----------------------------------------------------------- */

gboolean
_dis_store_write_supplier (DisDb       *db,
                           const char  *code,
                           const char  *name,
                           GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  if (code == NULL || *code == '\0' || name == NULL || *name == '\0')
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("A supplier needs a code and a name"));
      return FALSE;
    }

  stmt = _dis_db_prepare (db,
                          "INSERT INTO suppliers (code, name) VALUES (?1, ?2)"
                          " ON CONFLICT (code) DO UPDATE SET name = excluded.name"
                          " WHERE name IS NOT excluded.name",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, code);
  _dis_bind_text (stmt, 2, name);
  return _dis_db_step_done (db, stmt, error);
}

gboolean
dis_store_upsert_supplier (DisStore    *self,
                           const char  *code,
                           const char  *name,
                           GError     **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  DIS_DB_LOCK (&self->writer);

  return _dis_store_write_supplier (&self->writer, code, name, error);
}

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
validate_record (DisDb                   *db,
                 const DisProductRecord  *record,
                 GError                 **error)
{
  DisTierPercents percents;
  gint64 prices[DIS_N_TIERS];

  if (record->code == NULL || *record->code == '\0' ||
      record->name == NULL || is_blank (record->name))
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("A product needs a code and a name"));
      return FALSE;
    }
  if (record->vat_rate != 4 && record->vat_rate != 5 &&
      record->vat_rate != 10 && record->vat_rate != 22)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("%u %% is not a VAT rate (4, 5, 10 or 22 %%)"), record->vat_rate);
      return FALSE;
    }
  if (record->ean != NULL && *record->ean != '\0' && !dis_ean_is_valid (record->ean))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_BARCODE,
                   _("“%s” is not a valid EAN barcode"), record->ean);
      return FALSE;
    }
  if (record->plu > 99999)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("The scale code %u has more than five digits"), record->plu);
      return FALSE;
    }
  if (record->case_size < 0 || record->case_size > DIS_CODEC_CASE_SIZE_MAX)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("A case holds more than nothing and at most a million units"));
      return FALSE;
    }
  if (record->kind != DIS_PRODUCT_BASKET && record->kind != DIS_PRODUCT_OWN)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("Unknown product kind"));
      return FALSE;
    }
  if (record->unit != DIS_UNIT_PIECE && record->unit != DIS_UNIT_KG && record->unit != DIS_UNIT_L)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("Unknown unit"));
      return FALSE;
    }

  if (!_dis_store_read_percents (db, &percents, error))
    return FALSE;
  return dis_tier_compute_prices (record->equa_cents, &percents, &record->overrides,
                                  prices, error);
}

static gboolean
lookup_supplier_id (DisDb       *db,
                    const char  *code,
                    gint64      *out_id,
                    GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db, "SELECT id FROM suppliers WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, code);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("The supplier “%s” does not exist"), code);
      return FALSE;
    }
  *out_id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Another product holding the EAN or the scale code would make a scan
 * ambiguous: say which one. */
static gboolean
check_unique_codes (DisDb                   *db,
                    const DisProductRecord  *record,
                    const char              *ean,
                    GError                 **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db,
                          "SELECT name, ean = ?2 FROM products"
                          " WHERE code <> ?1 AND (ean = ?2 OR plu = ?3) LIMIT 1",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, record->code);
  _dis_bind_text (stmt, 2, ean);
  if (record->plu != 0)
    sqlite3_bind_int64 (stmt, 3, record->plu);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      if (sqlite3_column_int (stmt, 1))
        g_set_error (error, DIS_ERROR, DIS_ERROR_BARCODE,
                     _("The barcode %s already belongs to “%s”"),
                     ean, (const char *) sqlite3_column_text (stmt, 0));
      else
        g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                     _("The scale code %u already belongs to “%s”"),
                     record->plu, (const char *) sqlite3_column_text (stmt, 0));
      return FALSE;
    }
  return TRUE;
}

static void
bind_bp (DisStmt  *stmt,
         int       index,
         gboolean  has,
         gint32    bp)
{
  if (has)
    sqlite3_bind_int64 (stmt, index, bp);
  else
    sqlite3_bind_null (stmt, index);
}

gint64
_dis_store_write_product (DisDb                   *db,
                          const DisProductRecord  *record,
                          GError                 **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *now = NULL;
  const char *ean;
  gint64 supplier_id = 0;

  /* Validate everything before writing anything. */
  if (!validate_record (db, record, error))
    return 0;
  ean = (record->ean != NULL && *record->ean != '\0') ? record->ean : NULL;
  if (record->supplier_code != NULL && *record->supplier_code != '\0' &&
      !lookup_supplier_id (db, record->supplier_code, &supplier_id, error))
    return 0;
  if (!check_unique_codes (db, record, ean, error))
    return 0;

  stmt = _dis_db_prepare (db,
                          "INSERT INTO products (code, name, kind, unit, vat_rate, ean, plu,"
                          " supplier_id, category, equa_cents, accessibile_bp, impegno_bp,"
                          " solidale_bp, updated_at, case_size)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
                          " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
                          " kind = excluded.kind, unit = excluded.unit, vat_rate = excluded.vat_rate,"
                          " ean = excluded.ean, plu = excluded.plu, supplier_id = excluded.supplier_id,"
                          " category = excluded.category, equa_cents = excluded.equa_cents,"
                          " accessibile_bp = excluded.accessibile_bp,"
                          " impegno_bp = excluded.impegno_bp, solidale_bp = excluded.solidale_bp,"
                          " updated_at = excluded.updated_at, case_size = excluded.case_size"
                          " RETURNING id",
                          error);
  if (stmt == NULL)
    return 0;

  now = _dis_now_iso8601 ();
  _dis_bind_text (stmt, 1, record->code);
  _dis_bind_text (stmt, 2, record->name);
  _dis_bind_text (stmt, 3, record->kind == DIS_PRODUCT_OWN ? "own" : "basket");
  _dis_bind_text (stmt, 4, dis_unit_to_code (record->unit));
  sqlite3_bind_int (stmt, 5, (int) record->vat_rate);
  _dis_bind_text (stmt, 6, ean);
  if (record->plu != 0)
    sqlite3_bind_int64 (stmt, 7, record->plu);
  if (supplier_id != 0)
    sqlite3_bind_int64 (stmt, 8, supplier_id);
  _dis_bind_text (stmt, 9, record->category);
  sqlite3_bind_int64 (stmt, 10, record->equa_cents);
  bind_bp (stmt, 11, record->overrides.has_accessibile, record->overrides.accessibile_bp);
  bind_bp (stmt, 12, record->overrides.has_impegno, record->overrides.impegno_bp);
  bind_bp (stmt, 13, record->overrides.has_solidale, record->overrides.solidale_bp);
  _dis_bind_text (stmt, 14, now);
  if (record->case_size > 0)
    sqlite3_bind_int64 (stmt, 15, record->case_size);

  if (!_dis_db_step_returning (db, stmt, error))
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

gint64
dis_store_upsert_product (DisStore                *self,
                          const DisProductRecord  *record,
                          GError                 **error)
{
  gint64 id;

  g_return_val_if_fail (DIS_IS_STORE (self), 0);
  g_return_val_if_fail (record != NULL, 0);
  DIS_DB_LOCK (&self->writer);

  /* One transaction, so the FTS row and the product change together. */
  if (!_dis_db_begin (&self->writer, error))
    return 0;
  id = _dis_store_write_product (&self->writer, record, error);
  if (id == 0 || !_dis_db_commit (&self->writer, error))
    {
      _dis_db_rollback (&self->writer);
      return 0;
    }
  return id;
}

/* ---- Lookups ----------------------------------------------------------- */

DisProduct *
dis_store_lookup_product (DisStore  *self,
                          gint64     product_id,
                          GError   **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);

  return _dis_store_read_product (&self->reader, product_id, error);
}

static DisProduct *
read_product_by_ean (DisDb       *db,
                     const char  *ean,
                     GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "SELECT " PRODUCT_COLUMNS " FROM products p" PRODUCT_JOINS
                          " WHERE p.ean = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  _dis_bind_text (stmt, 1, ean);
  return query_one_product (db, stmt, error, _("No product has the barcode %s"), ean);
}

DisProduct *
dis_store_lookup_barcode (DisStore    *self,
                          const char  *ean,
                          GError     **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (ean != NULL, NULL);
  DIS_DB_LOCK (&self->reader);

  return read_product_by_ean (&self->reader, ean, error);
}

static DisProduct *
read_product_by_plu (DisDb       *db,
                     guint        plu,
                     const char  *code,
                     GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "SELECT " PRODUCT_COLUMNS " FROM products p" PRODUCT_JOINS
                          " WHERE p.plu = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, plu);
  return query_one_product (db, stmt, error, _("No product has the scale code %05u (label %s)"),
                            plu, code);
}

/* ---- Scans ------------------------------------------------------------- */

void
dis_scan_free (DisScan *scan)
{
  if (scan == NULL)
    return;
  g_clear_object (&scan->product);
  g_free (scan);
}

static DisScan *
resolve_label (DisDb              *db,
               const char         *code,
               DisWeightCodeKind   kind,
               guint               plu,
               gint64              value,
               GError            **error)
{
  g_autoptr(DisScan) scan = g_new0 (DisScan, 1);
  gint64 equa;

  scan->product = read_product_by_plu (db, plu, code, error);
  if (scan->product == NULL)
    return NULL;
  scan->from_barcode = TRUE;

  if (kind == DIS_WEIGHT_CODE_WEIGHT)
    {
      /* Grams are milli-kilograms already. */
      scan->quantity = value;
    }
  else
    {
      /* A price label carries the price the scale charged, at Equa, the
       * reference the scale is programmed with: the line is charged exactly
       * that (its equivalent at another tier), never re-priced from the
       * quantity, which is what the price buys at Equa in whole grams
       * (dis-money.h, dis_label_quantity ()). */
      equa = dis_product_get_price (scan->product, DIS_TIER_EQUA);
      if (equa <= 0)
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                       _("“%s” has no price per kg for the label %s"),
                       dis_product_get_name (scan->product), code);
          return NULL;
        }
      scan->quantity = dis_label_quantity (value, equa);
      scan->label_price = value;
    }

  if (scan->quantity <= 0)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_BARCODE,
                   _("The label %s has no quantity"), code);
      return NULL;
    }

  return g_steal_pointer (&scan);
}

static DisScan *
resolve_scan (DisDb       *db,
              const char  *raw,
              GError     **error)
{
  g_autofree char *code = g_strstrip (g_strdup (raw));
  g_autoptr(DisScan) scan = NULL;
  DisWeightCodeKind kind = DIS_WEIGHT_CODE_NONE;
  guint plu = 0;
  gint64 value = 0;

  if (dis_weight_code_parse (code, &kind, &plu, &value) && kind != DIS_WEIGHT_CODE_NONE)
    return resolve_label (db, code, kind, plu, value, error);

  if (!dis_ean_is_valid (code))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND,
                   _("“%s” is not a barcode this till knows"), code);
      return NULL;
    }

  scan = g_new0 (DisScan, 1);
  scan->product = read_product_by_ean (db, code, error);
  if (scan->product == NULL)
    return NULL;
  scan->quantity = 1000;
  scan->from_barcode = FALSE;
  return g_steal_pointer (&scan);
}

DisScan *
dis_store_resolve_scan (DisStore    *self,
                        const char  *code,
                        GError     **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  DIS_DB_LOCK (&self->reader);

  return resolve_scan (&self->reader, code, error);
}

static gpointer
resolve_scan_func (DisStore  *store,
                   gpointer   data,
                   GError   **error)
{
  return dis_store_resolve_scan (store, data, error);
}

void
dis_store_resolve_scan_async (DisStore            *self,
                              const char          *code,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_resolve_scan_async, .func = resolve_scan_func,
                                     .data_free = g_free,
                                     .result_free = (GDestroyNotify) dis_scan_free };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (code != NULL);

  _dis_store_run_async (self, &call, g_strdup (code), cancellable, callback, user_data);
}

DisScan *
dis_store_resolve_scan_finish (DisStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_resolve_scan_async, error);
}
