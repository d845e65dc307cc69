/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include "dis-error.h"
#include "dis-store-members.h"
#include "dis-store-orders-till.h"
#include "dis-store-private.h"

/* A member order on its way into the till's cart (issue 13). */

void
dis_order_for_till_free (DisOrderForTill *loaded)
{
  if (loaded == NULL)
    return;

  g_clear_object (&loaded->order);
  g_clear_object (&loaded->member);
  g_clear_pointer (&loaded->products, g_ptr_array_unref);
  g_free (loaded->other_till);
  g_free (loaded);
}

static void
unref_product (gpointer product)
{
  /* NULL for a line whose product left the catalog. */
  if (product != NULL)
    g_object_unref (product);
}

static GPtrArray *
read_products (DisStore  *self,
               DisOrder  *order,
               GError   **error)
{
  GListModel *lines = dis_order_get_lines (order);
  guint n = g_list_model_get_n_items (lines);
  g_autoptr(GPtrArray) products = g_ptr_array_new_full (n, unref_product);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisOrderLine) line = g_list_model_get_item (lines, i);
      gint64 product_id = dis_order_line_get_product_id (line);
      g_autoptr(GError) local_error = NULL;
      DisProduct *product = NULL;

      if (product_id != 0)
        product = dis_store_lookup_product (self, product_id, &local_error);

      /* A product gone from the catalog leaves its line out; anything
       * else is a failure of the read. */
      if (local_error != NULL && !g_error_matches (local_error, DIS_ERROR, DIS_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_ptr_array_add (products, product);
    }

  return g_steal_pointer (&products);
}

/* The till on the label @code when it is another till's: not this
 * till's device code, nor one this database numbered orders under (this
 * till before it was enrolled again). The label does not name the point;
 * the orders of another point's till of that code look the same. NULL in
 * @out_till for anything else. */
static gboolean
find_other_till (DisStore    *self,
                 const char  *code,
                 char       **out_till,
                 GError     **error)
{
  g_autofree char *till = NULL;
  g_autoptr(DisIdentity) identity = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row = FALSE;
  guint number;

  g_assert (out_till != NULL && *out_till == NULL);

  if (!dis_order_barcode_parse (code, &number, &till) || till == NULL)
    return TRUE;
  identity = dis_store_get_identity (self, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (identity != NULL && identity->device_id != NULL && g_ascii_strcasecmp (identity->device_id, till) == 0)
    return TRUE;

  DIS_DB_LOCK (&self->reader);
  stmt = _dis_db_prepare (&self->reader, "SELECT 1 FROM orders WHERE till = ?1 COLLATE NOCASE LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, till);
  if (!_dis_db_step_row (&self->reader, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    *out_till = g_steal_pointer (&till);
  return TRUE;
}

DisOrderForTill *
dis_store_orders_load_for_till (DisStore    *self,
                                const char  *code,
                                GError     **error)
{
  g_autoptr(DisOrderForTill) loaded = g_new0 (DisOrderForTill, 1);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  loaded->order = dis_store_orders_lookup (self, code, &local_error);
  if (loaded->order == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (find_other_till (self, code, &loaded->other_till, error) && loaded->other_till != NULL)
        return g_steal_pointer (&loaded);
      return NULL;
    }

  loaded->member = dis_store_find_member_by_card (self, dis_order_get_member_card (loaded->order), &local_error);
  if (local_error != NULL && !g_error_matches (local_error, DIS_ERROR, DIS_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  loaded->products = read_products (self, loaded->order, error);
  if (loaded->products == NULL)
    return NULL;

  return g_steal_pointer (&loaded);
}

static gpointer
load_for_till_func (DisStore  *store,
                    gpointer   data,
                    GError   **error)
{
  return dis_store_orders_load_for_till (store, data, error);
}

void
dis_store_orders_load_for_till_async (DisStore            *self,
                                      const char          *code,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_orders_load_for_till_async, .func = load_for_till_func,
                                     .data_free = g_free,
                                     .result_free = (GDestroyNotify) dis_order_for_till_free };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (code != NULL);

  _dis_store_run_async (self, &call, g_strdup (code), cancellable, callback, user_data);
}

DisOrderForTill *
dis_store_orders_load_for_till_finish (DisStore      *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_orders_load_for_till_async, error);
}
