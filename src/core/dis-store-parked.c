/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dis-error.h"
#include "dis-money.h"
#include "dis-store-private.h"

/* Only what is needed to rebuild the cart with current prices:
 * [{"product_id": 12, "quantity": 1000, "from_barcode": false}, …], and
 * "label_price" for a scale label that printed its price. */
static char *
cart_lines_to_json (DisCart *cart)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (cart));

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisCartLine) line = g_list_model_get_item (G_LIST_MODEL (cart), i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "product_id");
      json_builder_add_int_value (builder, dis_product_get_id (dis_cart_line_get_product (line)));
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, dis_cart_line_get_quantity (line));
      json_builder_set_member_name (builder, "from_barcode");
      json_builder_add_boolean_value (builder, dis_cart_line_get_quantity_from_barcode (line));
      if (dis_cart_line_get_label_price (line) > 0)
        {
          json_builder_set_member_name (builder, "label_price");
          json_builder_add_int_value (builder, dis_cart_line_get_label_price (line));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

gint64
dis_store_park_cart (DisStore    *self,
                     DisCart     *cart,
                     const char  *label,
                     GError     **error)
{
  g_autofree char *lines = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), 0);
  g_return_val_if_fail (DIS_IS_CART (cart), 0);

  if (dis_cart_is_empty (cart))
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_EMPTY, _("An empty cart cannot be parked"));
      return 0;
    }

  lines = cart_lines_to_json (cart);
  now = _dis_now_iso8601 ();

  DIS_DB_LOCK (&self->writer);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->writer,
                          "INSERT INTO parked_carts (label, parked_at, tier, n_lines, total, lines)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                          error);
  if (stmt == NULL)
    return 0;
  _dis_bind_text (stmt, 1, label);
  _dis_bind_text (stmt, 2, now);
  _dis_bind_text (stmt, 3, dis_tier_to_code (dis_cart_get_tier (cart)));
  sqlite3_bind_int64 (stmt, 4, g_list_model_get_n_items (G_LIST_MODEL (cart)));
  sqlite3_bind_int64 (stmt, 5, dis_cart_get_total (cart));
  _dis_bind_text (stmt, 6, lines);
  if (!_dis_db_step_returning (&self->writer, stmt, error))
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

GPtrArray *
dis_store_list_parked_carts (DisStore  *self,
                             GError   **error)
{
  g_autoptr(GPtrArray) parked = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader,
                          "SELECT id, label, parked_at, n_lines, total FROM parked_carts ORDER BY id",
                          error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) parked_at = _dis_parse_iso8601 ((const char *) sqlite3_column_text (stmt, 2));

      g_ptr_array_add (parked, dis_parked_cart_new (sqlite3_column_int64 (stmt, 0),
                                                    (const char *) sqlite3_column_text (stmt, 1),
                                                    parked_at,
                                                    sqlite3_column_int64 (stmt, 3),
                                                    sqlite3_column_int64 (stmt, 4)));
    }
  if (rc != SQLITE_DONE)
    {
      _dis_db_error (&self->reader, error);
      return NULL;
    }
  return g_steal_pointer (&parked);
}

static gboolean
rebuild_cart (DisDb        *db,
              DisCart      *cart,
              const char   *lines_json,
              GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  if (!json_parser_load_from_data (parser, lines_json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("The parked cart is damaged"));
      return FALSE;
    }

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(DisProduct) product = NULL;
      JsonObject *object;
      gint64 qty, label_price;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("The parked cart is damaged"));
          return FALSE;
        }
      object = json_node_get_object (node);
      qty = json_object_get_int_member_with_default (object, "quantity", 0);
      label_price = json_object_get_int_member_with_default (object, "label_price", 0);
      if (qty <= 0 || label_price < 0 || label_price > DIS_LABEL_PRICE_MAX)
        {
          g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("The parked cart is damaged"));
          return FALSE;
        }

      /* Current catalog prices, not the ones at parking time. */
      product = _dis_store_read_product (db, json_object_get_int_member_with_default (object, "product_id", 0), error);
      if (product == NULL)
        return FALSE;
      /* A label keeps the price it printed. */
      if (label_price > 0)
        dis_cart_add_label (cart, product, qty, label_price);
      else
        dis_cart_add (cart, product, qty,
                      json_object_get_boolean_member_with_default (object, "from_barcode", FALSE));
    }
  return TRUE;
}

static DisCart *
resume_in_transaction (DisDb    *db,
                       gint64    parked_id,
                       GError  **error)
{
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(DisStmt) delete = NULL;
  DisTier tier = DIS_TIER_EQUA;
  gboolean has_row;

  stmt = _dis_db_prepare (db, "SELECT tier, lines FROM parked_carts WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, parked_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_NOT_FOUND,
                           _("The parked cart was resumed already"));
      return NULL;
    }

  dis_tier_from_code ((const char *) sqlite3_column_text (stmt, 0), &tier);
  dis_cart_set_tier (cart, tier);
  if (!rebuild_cart (db, cart, (const char *) sqlite3_column_text (stmt, 1), error))
    return NULL;

  delete = _dis_db_prepare (db, "DELETE FROM parked_carts WHERE id = ?1", error);
  if (delete == NULL)
    return NULL;
  sqlite3_bind_int64 (delete, 1, parked_id);
  if (!_dis_db_step_done (db, delete, error))
    return NULL;
  return g_steal_pointer (&cart);
}

DisCart *
dis_store_resume_parked_cart (DisStore  *self,
                              gint64     parked_id,
                              GError   **error)
{
  g_autoptr(DisCart) cart = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->writer);

  if (!_dis_db_begin (&self->writer, error))
    return NULL;
  cart = resume_in_transaction (&self->writer, parked_id, error);
  if (cart == NULL || !_dis_db_commit (&self->writer, error))
    {
      _dis_db_rollback (&self->writer);
      return NULL;
    }
  return g_steal_pointer (&cart);
}

/* ---- For the UI thread ------------------------------------------------- */

static gpointer
park_func (DisStore  *store,
           gpointer   data,
           GError   **error)
{
  DisStoreArgs *args = data;
  gint64 id = dis_store_park_cart (store, DIS_CART (args->object), args->text, error);

  return id > 0 ? g_memdup2 (&id, sizeof id) : NULL;
}

void
dis_store_park_cart_async (DisStore            *self,
                           DisCart             *cart,
                           const char          *label,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_park_cart_async, .write = TRUE, .func = park_func,
                                     .data_free = _dis_store_args_free, .result_free = g_free };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (DIS_IS_CART (cart));

  _dis_store_run_async (self, &call, _dis_store_args_new (NULL, cart, label, 0),
                        cancellable, callback, user_data);
}

gint64
dis_store_park_cart_finish (DisStore      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_autofree gint64 *id = _dis_store_run_finish (self, result, dis_store_park_cart_async, error);

  return id != NULL ? *id : 0;
}

static gpointer
list_parked_func (DisStore  *store,
                  gpointer   data,
                  GError   **error)
{
  return dis_store_list_parked_carts (store, error);
}

void
dis_store_list_parked_carts_async (DisStore            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_list_parked_carts_async, .func = list_parked_func,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

GPtrArray *
dis_store_list_parked_carts_finish (DisStore      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_list_parked_carts_async, error);
}

static gpointer
resume_func (DisStore  *store,
             gpointer   data,
             GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_resume_parked_cart (store, args->number, error);
}

void
dis_store_resume_parked_cart_async (DisStore            *self,
                                    gint64               parked_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_resume_parked_cart_async, .write = TRUE,
                                     .func = resume_func, .data_free = _dis_store_args_free,
                                     .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, _dis_store_args_new (NULL, NULL, NULL, parked_id),
                        cancellable, callback, user_data);
}

DisCart *
dis_store_resume_parked_cart_finish (DisStore      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_resume_parked_cart_async, error);
}
