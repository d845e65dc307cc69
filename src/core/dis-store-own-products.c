/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-codec.h"
#include "dis-error.h"
#include "dis-store-private.h"

/* A point's own products reach the hub as "product.declared" events
 * (issue 10): the hub prices the point's sales of them from what it was
 * told. A product is declared inside the commit of its first sale after
 * it was created or changed, before that sale in the outbox, so the hub
 * always knows a product before its sale arrives; an own product that is
 * never sold costs the hub nothing. own_declared keeps what was sent. */

/* The product of @product_id as a row of basket.json, or NULL in *out
 * when it is not an own product. */
static gboolean
read_own_row (DisDb     *db,
              gint64     product_id,
              char     **out,
              GError   **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  DisCodecProduct product = { 0 };
  gboolean has_row;

  *out = NULL;
  stmt = _dis_db_prepare (db,
                          "SELECT p.code, p.name, s.code, p.category, p.unit, p.vat_rate, p.ean,"
                          " p.plu, p.equa_cents, p.accessibile_bp, p.impegno_bp, p.solidale_bp"
                          " FROM products p LEFT JOIN suppliers s ON s.id = p.supplier_id"
                          " WHERE p.id = ?1 AND p.kind = 'own'",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;

  product.code = (const char *) sqlite3_column_text (stmt, 0);
  product.name = (const char *) sqlite3_column_text (stmt, 1);
  product.supplier = (const char *) sqlite3_column_text (stmt, 2);
  product.category = (const char *) sqlite3_column_text (stmt, 3);
  dis_unit_from_code ((const char *) sqlite3_column_text (stmt, 4), &product.unit);
  product.vat = sqlite3_column_int64 (stmt, 5);
  product.ean = (const char *) sqlite3_column_text (stmt, 6);
  product.plu = sqlite3_column_int64 (stmt, 7);
  product.equa_cents = sqlite3_column_int64 (stmt, 8);
  for (guint i = 0; i < 3; i++)
    if (sqlite3_column_type (stmt, 9 + (int) i) != SQLITE_NULL)
      {
        gint64 bp = sqlite3_column_int64 (stmt, 9 + (int) i);

        product.overrides |= 1u << i;
        if (i == 0)
          product.accessibile_bp = bp;
        else if (i == 1)
          product.impegno_bp = bp;
        else
          product.solidale_bp = bp;
      }

  node = dis_codec_product_to_node (&product, &local_error);
  if (node == NULL)
    {
      /* Translators: %s is the technical reason */
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("This product cannot be declared to the hub, so the sale was not saved (%s)"),
                   local_error->message);
      return FALSE;
    }
  *out = dis_codec_to_text (node, NULL);
  return TRUE;
}

/* Declares @product_id when it is an own product the hub was not told of
 * as it is now. */
static gboolean
declare_one (DisDb        *db,
             DisIdentity  *identity,
             gint64        product_id,
             const char   *at,
             GError      **error)
{
  g_autoptr(DisStmt) sent = NULL;
  g_autoptr(DisStmt) keep = NULL;
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *text = NULL;
  g_autofree char *payload_text = NULL;
  DisCodecProductDeclared declared = { 0 };
  gboolean has_row;

  if (!read_own_row (db, product_id, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  row = dis_codec_parse (text, -1, error);
  if (row == NULL || !dis_codec_product_decode (json_node_get_object (row), &declared.product, error))
    return FALSE;

  sent = _dis_db_prepare (db, "SELECT data = ?2 FROM own_declared WHERE code = ?1", error);
  if (sent == NULL)
    return FALSE;
  _dis_bind_text (sent, 1, declared.product.code);
  _dis_bind_text (sent, 2, text);
  if (!_dis_db_step_row (db, sent, &has_row, error))
    return FALSE;
  if (has_row && sqlite3_column_int (sent, 0))
    return TRUE;

  declared.point = identity->point_code;
  declared.device = identity->device_id;
  payload = dis_codec_product_declared_to_node (&declared, error);
  if (payload == NULL)
    return FALSE;
  payload_text = dis_codec_to_text (payload, NULL);
  if (!_dis_store_insert_outbox (db, identity->device_id,
                                 dis_codec_event_type_to_string (DIS_CODEC_PRODUCT_DECLARED),
                                 at, payload_text, error))
    return FALSE;

  keep = _dis_db_prepare (db,
                          "INSERT INTO own_declared (code, data) VALUES (?1, ?2)"
                          " ON CONFLICT (code) DO UPDATE SET data = excluded.data",
                          error);
  if (keep == NULL)
    return FALSE;
  _dis_bind_text (keep, 1, declared.product.code);
  _dis_bind_text (keep, 2, text);
  return _dis_db_step_done (db, keep, error);
}

gboolean
_dis_store_declare_own_products (DisDb         *db,
                                 DisIdentity   *identity,
                                 const gint64  *product_ids,
                                 guint          n_products,
                                 const char    *at,
                                 GError       **error)
{
  g_assert (identity != NULL);

  for (guint i = 0; i < n_products; i++)
    if (!declare_one (db, identity, product_ids[i], at, error))
      return FALSE;
  return TRUE;
}
