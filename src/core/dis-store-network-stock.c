/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include "dis-error.h"
#include "dis-geo.h"
#include "dis-store-network-stock.h"
#include "dis-store-sync-private.h"

/* The other points' stock, from the hub's "stock_snapshot" changes
 * (migration 0011): the last snapshot of each point replaces the one
 * before, and the Map page reads completeness and availability from them
 * offline. */

/* ---- Applying a snapshot ------------------------------------------------- */

/* The point's own code, NULL before the till has an identity. */
static char *
own_code (DisDb   *db,
          GError **error)
{
  g_autoptr(DisIdentity) identity = NULL;
  GError *local_error = NULL;

  identity = _dis_store_read_identity (db, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return identity != NULL ? g_strdup (identity->point_code) : NULL;
}

/* Whether the stored snapshot of @point_code was taken after @taken_at:
 * a change kept in unapplied_changes and tried again must not bring an
 * older picture back. */
static gboolean
have_newer (DisDb       *db,
            const char  *point_code,
            GDateTime   *taken_at,
            gboolean    *out_newer,
            GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GDateTime) stored = NULL;
  gboolean has_row;

  *out_newer = FALSE;
  stmt = _dis_db_prepare (db, "SELECT taken_at FROM network_snapshots WHERE point_code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, point_code);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (has_row && (stored = _dis_parse_iso8601 ((const char *) sqlite3_column_text (stmt, 0))))
    *out_newer = g_date_time_compare (stored, taken_at) > 0;
  return TRUE;
}

static gboolean
write_levels (DisDb                  *db,
              const char             *point_code,
              const DisCodecStockLine *levels,
              gsize                   n_levels,
              GError                **error)
{
  g_autoptr(DisStmt) clear = _dis_db_prepare (db, "DELETE FROM network_stock WHERE point_code = ?1", error);
  g_autoptr(DisStmt) insert = NULL;

  if (clear == NULL)
    return FALSE;
  _dis_bind_text (clear, 1, point_code);
  if (!_dis_db_step_done (db, clear, error))
    return FALSE;

  insert = _dis_db_prepare (db,
                            "INSERT INTO network_stock (point_code, product_code, qty) VALUES (?1, ?2, ?3)"
                            " ON CONFLICT (point_code, product_code) DO UPDATE SET qty = excluded.qty",
                            error);
  if (insert == NULL)
    return FALSE;
  for (gsize i = 0; i < n_levels; i++)
    {
      /* The codec admits levels above zero only; anything else is not stock. */
      if (levels[i].qty <= 0)
        continue;
      sqlite3_reset (insert);
      _dis_bind_text (insert, 1, point_code);
      _dis_bind_text (insert, 2, levels[i].product);
      sqlite3_bind_int64 (insert, 3, levels[i].qty);
      if (!_dis_db_step_done (db, insert, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_dis_store_write_network_snapshot (DisDb                  *db,
                                   const char             *point_code,
                                   const char             *taken_at,
                                   const DisCodecStockLine *levels,
                                   gsize                   n_levels,
                                   GError                **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *own = NULL;
  g_autofree char *now = NULL;
  GError *local_error = NULL;
  gboolean newer;

  g_assert (point_code != NULL);
  g_assert (levels != NULL || n_levels == 0);

  if (taken_at == NULL || (at = _dis_parse_iso8601 (taken_at)) == NULL)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   "The stock snapshot of %s has no valid time", point_code);
      return FALSE;
    }

  /* Our own levels are here, and fresher than any picture of them. */
  own = own_code (db, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (g_strcmp0 (own, point_code) == 0)
    return TRUE;

  if (!have_newer (db, point_code, at, &newer, error))
    return FALSE;
  if (newer)
    return TRUE;

  now = _dis_now_iso8601 ();
  stmt = _dis_db_prepare (db,
                          "INSERT INTO network_snapshots (point_code, taken_at, received_at) VALUES (?1, ?2, ?3)"
                          " ON CONFLICT (point_code) DO UPDATE SET taken_at = excluded.taken_at,"
                          " received_at = excluded.received_at",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, point_code);
  _dis_bind_text (stmt, 2, taken_at);
  _dis_bind_text (stmt, 3, now);
  if (!_dis_db_step_done (db, stmt, error))
    return FALSE;

  return write_levels (db, point_code, levels, n_levels, error);
}

gboolean
_dis_store_apply_stock_snapshot (DisDb                        *db,
                                 const DisCodecStockSnapshot  *snapshot,
                                 GError                      **error)
{
  g_assert (snapshot != NULL);

  return _dis_store_write_network_snapshot (db, snapshot->point, snapshot->at,
                                            snapshot->levels ? (const DisCodecStockLine *) snapshot->levels->data : NULL,
                                            snapshot->levels ? snapshot->levels->len : 0,
                                            error);
}

/* ---- Completeness -------------------------------------------------------- */

DisBasketCompleteness *
dis_basket_completeness_copy (const DisBasketCompleteness *completeness)
{
  DisBasketCompleteness *copy;

  g_return_val_if_fail (completeness != NULL, NULL);

  copy = g_new0 (DisBasketCompleteness, 1);
  copy->point_code = g_strdup (completeness->point_code);
  copy->own = completeness->own;
  copy->n_basket = completeness->n_basket;
  copy->n_stocked = completeness->n_stocked;
  copy->taken_at = completeness->taken_at ? g_date_time_ref (completeness->taken_at) : NULL;
  copy->missing = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; completeness->missing != NULL && i < completeness->missing->len; i++)
    g_ptr_array_add (copy->missing, g_strdup (g_ptr_array_index (completeness->missing, i)));
  return copy;
}

void
dis_basket_completeness_free (DisBasketCompleteness *completeness)
{
  if (completeness == NULL)
    return;

  g_free (completeness->point_code);
  g_clear_pointer (&completeness->taken_at, g_date_time_unref);
  g_clear_pointer (&completeness->missing, g_ptr_array_unref);
  g_free (completeness);
}

static DisBasketCompleteness *
completeness_new (const char *point_code,
                  gboolean    own,
                  const char *taken_at)
{
  DisBasketCompleteness *completeness = g_new0 (DisBasketCompleteness, 1);

  completeness->point_code = g_strdup (point_code);
  completeness->own = own;
  completeness->taken_at = own ? NULL : _dis_parse_iso8601 (taken_at);
  completeness->missing = g_ptr_array_new_with_free_func (g_free);
  return completeness;
}

/* Rows (point, taken_at, basket product name, stocked) ordered by point,
 * then by product name: one completeness per point. */
static gboolean
collect_completeness (DisDb       *db,
                      DisStmt     *stmt,
                      gboolean     own,
                      GPtrArray   *out,
                      GError     **error)
{
  DisBasketCompleteness *current = NULL;
  gboolean has_row;

  while (_dis_db_step_row (db, stmt, &has_row, error))
    {
      const char *code;

      if (!has_row)
        return TRUE;
      code = (const char *) sqlite3_column_text (stmt, 0);
      if (current == NULL || g_strcmp0 (current->point_code, code) != 0)
        {
          current = completeness_new (code, own, (const char *) sqlite3_column_text (stmt, 1));
          g_ptr_array_add (out, current);
        }
      current->n_basket++;
      if (sqlite3_column_int (stmt, 3) != 0)
        current->n_stocked++;
      else
        g_ptr_array_add (current->missing, _dis_column_dup (stmt, 2));
    }
  return FALSE;
}

GPtrArray *
dis_store_basket_completeness (DisStore  *self,
                               GError   **error)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autofree char *own = NULL;
  GError *local_error = NULL;
  DisDb *db;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  db = &self->reader;
  DIS_DB_LOCK (db);
  g_autoptr(DisStmt) others = NULL;
  g_autoptr(DisStmt) ours = NULL;

  own = own_code (db, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_basket_completeness_free);

  /* Every basket product of the catalog against every snapshot: a point
   * whose snapshot lacks a product is missing it. */
  others = _dis_db_prepare (db,
                            "SELECT s.point_code, s.taken_at, p.name,"
                            " EXISTS (SELECT 1 FROM network_stock n"
                            "         WHERE n.point_code = s.point_code AND n.product_code = p.code)"
                            " FROM network_snapshots s, products p"
                            " WHERE p.kind = 'basket' AND s.point_code IS NOT ?1"
                            " ORDER BY s.point_code, p.name COLLATE NOCASE, p.code",
                            error);
  if (others == NULL)
    return NULL;
  _dis_bind_text (others, 1, own);
  if (!collect_completeness (db, others, FALSE, result, error))
    return NULL;

  if (own == NULL)
    return g_steal_pointer (&result);

  ours = _dis_db_prepare (db,
                          "SELECT ?1, NULL, p.name, coalesce (st.qty, 0) > 0"
                          " FROM products p LEFT JOIN stock_levels st ON st.product_id = p.id"
                          " WHERE p.kind = 'basket'"
                          " ORDER BY p.name COLLATE NOCASE, p.code",
                          error);
  if (ours == NULL)
    return NULL;
  _dis_bind_text (ours, 1, own);
  if (!collect_completeness (db, ours, TRUE, result, error))
    return NULL;

  /* A catalog without a basket still gives our point a (zero) figure. */
  if (result->len == 0 || !((DisBasketCompleteness *) g_ptr_array_index (result, result->len - 1))->own)
    g_ptr_array_add (result, completeness_new (own, TRUE, NULL));

  return g_steal_pointer (&result);
}

static gpointer
basket_completeness_func (DisStore  *store,
                          gpointer   data,
                          GError   **error)
{
  return dis_store_basket_completeness (store, error);
}

void
dis_store_basket_completeness_async (DisStore            *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_basket_completeness_async,
                                     .func = basket_completeness_func,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

GPtrArray *
dis_store_basket_completeness_finish (DisStore      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_basket_completeness_async, error);
}

/* ---- Where can I find… --------------------------------------------------- */

void
dis_stock_availability_free (DisStockAvailability *availability)
{
  if (availability == NULL)
    return;

  g_free (availability->point_code);
  g_free (availability->point_name);
  g_clear_pointer (&availability->taken_at, g_date_time_unref);
  g_free (availability);
}

static int
compare_availability (gconstpointer a,
                      gconstpointer b)
{
  const DisStockAvailability *x = *(const DisStockAvailability * const *) a;
  const DisStockAvailability *y = *(const DisStockAvailability * const *) b;

  /* Those with a distance first, nearest first; then by name. */
  if ((x->metres < 0) != (y->metres < 0))
    return x->metres < 0 ? 1 : -1;
  if (x->metres < y->metres)
    return -1;
  if (x->metres > y->metres)
    return 1;
  return g_utf8_collate (x->point_name, y->point_name);
}

/* Rows (code, name, qty, taken_at, lat_e6, lon_e6; location NULL when
 * unknown) into @out, with their distance from @own_lat/@own_lon. */
static gboolean
collect_availability (DisDb       *db,
                      DisStmt     *stmt,
                      gboolean     own,
                      gboolean     have_origin,
                      double       origin_lat,
                      double       origin_lon,
                      GPtrArray   *out,
                      GError     **error)
{
  gboolean has_row;

  while (_dis_db_step_row (db, stmt, &has_row, error))
    {
      DisStockAvailability *availability;
      gint64 lat_e6, lon_e6;

      if (!has_row)
        return TRUE;
      availability = g_new0 (DisStockAvailability, 1);
      availability->point_code = _dis_column_dup (stmt, 0);
      availability->point_name = sqlite3_column_type (stmt, 1) == SQLITE_TEXT
                                 ? _dis_column_dup (stmt, 1)
                                 : g_strdup (availability->point_code);
      availability->own = own;
      availability->qty = sqlite3_column_int64 (stmt, 2);
      availability->taken_at = own ? NULL : _dis_parse_iso8601 ((const char *) sqlite3_column_text (stmt, 3));
      lat_e6 = sqlite3_column_int64 (stmt, 4);
      lon_e6 = sqlite3_column_int64 (stmt, 5);
      /* The store's convention (see dis_geo_nearest()): 0,0 is unknown. */
      if (own)
        availability->metres = 0;
      else if (have_origin && (lat_e6 != 0 || lon_e6 != 0))
        availability->metres = dis_geo_distance_m (origin_lat, origin_lon, lat_e6 / 1e6, lon_e6 / 1e6);
      else
        availability->metres = -1;
      g_ptr_array_add (out, availability);
    }
  return FALSE;
}

GPtrArray *
dis_store_find_in_network (DisStore    *self,
                           gint64       product_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autofree char *own = NULL;
  GError *local_error = NULL;
  gboolean have_origin = FALSE, has_row;
  double lat = 0, lon = 0;
  DisDb *db;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (product_id > 0, NULL);
  db = &self->reader;
  DIS_DB_LOCK (db);
  g_autoptr(DisStmt) where = NULL;
  g_autoptr(DisStmt) others = NULL;
  g_autoptr(DisStmt) ours = NULL;

  own = own_code (db, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  /* Distances are from our own point, when it is on the map. */
  where = _dis_db_prepare (db, "SELECT lat_e6, lon_e6 FROM points WHERE code = ?1", error);
  if (where == NULL)
    return NULL;
  _dis_bind_text (where, 1, own);
  if (!_dis_db_step_row (db, where, &has_row, error))
    return NULL;
  if (has_row && (sqlite3_column_int64 (where, 0) != 0 || sqlite3_column_int64 (where, 1) != 0))
    {
      have_origin = TRUE;
      lat = sqlite3_column_int64 (where, 0) / 1e6;
      lon = sqlite3_column_int64 (where, 1) / 1e6;
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_stock_availability_free);

  others = _dis_db_prepare (db,
                            "SELECT n.point_code, pt.name, n.qty, s.taken_at,"
                            " coalesce (pt.lat_e6, 0), coalesce (pt.lon_e6, 0)"
                            " FROM network_stock n"
                            " JOIN network_snapshots s ON s.point_code = n.point_code"
                            " LEFT JOIN points pt ON pt.code = n.point_code"
                            " WHERE n.product_code = (SELECT code FROM products WHERE id = ?1)"
                            " AND n.point_code IS NOT ?2",
                            error);
  if (others == NULL)
    return NULL;
  sqlite3_bind_int64 (others, 1, product_id);
  _dis_bind_text (others, 2, own);
  if (!collect_availability (db, others, FALSE, have_origin, lat, lon, result, error))
    return NULL;

  if (own != NULL)
    {
      ours = _dis_db_prepare (db,
                              "SELECT ?2, (SELECT name FROM points WHERE code = ?2), st.qty, NULL, 0, 0"
                              " FROM products p JOIN stock_levels st ON st.product_id = p.id"
                              " WHERE p.id = ?1 AND st.qty > 0",
                              error);
      if (ours == NULL)
        return NULL;
      sqlite3_bind_int64 (ours, 1, product_id);
      _dis_bind_text (ours, 2, own);
      if (!collect_availability (db, ours, TRUE, have_origin, lat, lon, result, error))
        return NULL;
    }

  g_ptr_array_sort (result, compare_availability);
  return g_steal_pointer (&result);
}

static gpointer
find_in_network_func (DisStore  *store,
                      gpointer   data,
                      GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_find_in_network (store, args->number, error);
}

void
dis_store_find_in_network_async (DisStore            *self,
                                 gint64               product_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_find_in_network_async,
                                     .func = find_in_network_func,
                                     .data_free = _dis_store_args_free,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (product_id > 0);

  _dis_store_run_async (self, &call, _dis_store_args_new (NULL, NULL, NULL, product_id),
                        cancellable, callback, user_data);
}

GPtrArray *
dis_store_find_in_network_finish (DisStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_find_in_network_async, error);
}
