/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-demo"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dis-demo.h"
#include "dis-error.h"
#include "dis-store-private.h"

#define DEMO_DEVICE "C1"

static JsonNode *
load_json (const char  *dir,
           const char  *name,
           GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("Could not read the demo file %s: %s"), path, local_error->message);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
bad_file (const char  *name,
          GError     **error)
{
  g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
               _("The demo file %s does not have the expected format"), name);
  return FALSE;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
load_settings (DisDb       *db,
               const char  *dir,
               GError     **error)
{
  g_autoptr(JsonNode) root = load_json (dir, "settings.json", error);
  DisTierPercents percents = DIS_TIER_PERCENTS_DEFAULT;
  DisEligibilityRules rules = DIS_ELIGIBILITY_RULES_DEFAULT;
  JsonObject *object, *tiers, *eligibility;

  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return bad_file ("settings.json", error);
  object = json_node_get_object (root);

  tiers = get_object (object, "tier_percents");
  if (tiers != NULL)
    {
      percents.accessibile_bp = json_object_get_int_member_with_default (tiers, "accessibile", percents.accessibile_bp);
      percents.impegno_bp = json_object_get_int_member_with_default (tiers, "impegno", percents.impegno_bp);
      percents.solidale_bp = json_object_get_int_member_with_default (tiers, "solidale", percents.solidale_bp);
    }

  eligibility = get_object (object, "eligibility");
  if (eligibility != NULL)
    {
      rules.impegno_min_months = json_object_get_int_member_with_default (eligibility, "impegno_min_months", rules.impegno_min_months);
      rules.impegno_volume_cents = json_object_get_int_member_with_default (eligibility, "impegno_volume_cents", rules.impegno_volume_cents);
      rules.impegno_needs_activity = json_object_get_boolean_member_with_default (eligibility, "impegno_needs_activity", rules.impegno_needs_activity);
      rules.impegno_activity_min = json_object_get_int_member_with_default (eligibility, "impegno_activity_min", rules.impegno_activity_min);
    }

  return _dis_store_write_percents (db, &percents, error) &&
         _dis_store_write_eligibility_rules (db, &rules, error);
}

/* Fills @suppliers (code → name) for resolving products' suppliers. */
static gboolean
load_suppliers (DisDb       *db,
                const char  *dir,
                GHashTable  *suppliers,
                GError     **error)
{
  g_autoptr(JsonNode) root = load_json (dir, "suppliers.json", error);
  JsonArray *array;

  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return bad_file ("suppliers.json", error);
  array = json_node_get_array (root);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      const char *code, *name;

      if (object == NULL || (code = get_string (object, "code")) == NULL ||
          (name = get_string (object, "name")) == NULL)
        return bad_file ("suppliers.json", error);
      if (!_dis_store_write_supplier (db, code, name, error))
        return FALSE;
      g_hash_table_insert (suppliers, g_strdup (code), g_strdup (name));
    }
  return TRUE;
}

static gboolean
load_points (DisDb       *db,
             const char  *dir,
             const char  *point_code,
             char       **out_point_name,
             GError     **error)
{
  g_autoptr(JsonNode) root = load_json (dir, "points.json", error);
  JsonArray *array;

  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return bad_file ("points.json", error);
  array = json_node_get_array (root);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      DisPointRecord point = { 0 };

      if (object == NULL)
        return bad_file ("points.json", error);
      point.code = (char *) get_string (object, "code");
      point.name = (char *) get_string (object, "name");
      point.kind = (char *) get_string (object, "kind");
      point.address = (char *) get_string (object, "address");
      point.comune = (char *) get_string (object, "comune");
      /* Coordinates, not money: microdegrees from the file's decimals. */
      point.lat_e6 = (gint64) llround (json_object_get_double_member_with_default (object, "lat", 0) * 1e6);
      point.lon_e6 = (gint64) llround (json_object_get_double_member_with_default (object, "lon", 0) * 1e6);
      point.hours = (char *) get_string (object, "hours");
      point.phone = (char *) get_string (object, "phone");
      point.email = (char *) get_string (object, "email");
      point.home_delivery = json_object_get_boolean_member_with_default (object, "home_delivery", FALSE);
      point.collection_point = json_object_get_boolean_member_with_default (object, "collection_point", FALSE);

      if (!_dis_store_write_point (db, &point, error))
        return FALSE;
      if (g_strcmp0 (point.code, point_code) == 0)
        *out_point_name = g_strdup (point.name);
    }

  if (*out_point_name == NULL)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND,
                   _("The demo network has no point %s"), point_code);
      return FALSE;
    }
  return TRUE;
}

static void
read_override (JsonObject  *overrides,
               const char  *tier,
               gboolean    *has,
               gint32      *bp)
{
  if (overrides == NULL || !json_object_has_member (overrides, tier))
    return;
  *has = TRUE;
  *bp = (gint32) json_object_get_int_member (overrides, tier);
}

/* The file may name a supplier by code or, leniently, by name. */
static const char *
resolve_supplier (GHashTable *suppliers,
                  const char *text)
{
  GHashTableIter iter;
  gpointer code, name;

  if (text == NULL || g_hash_table_contains (suppliers, text))
    return text;
  g_hash_table_iter_init (&iter, suppliers);
  while (g_hash_table_iter_next (&iter, &code, &name))
    if (g_strcmp0 (name, text) == 0)
      return code;
  return text;
}

static gboolean
load_products (DisDb           *db,
               JsonArray       *array,
               DisProductKind   kind,
               const char      *file,
               GHashTable      *suppliers,
               GError         **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      DisProductRecord record = { 0 };
      JsonObject *overrides;

      const char *unit;

      if (object == NULL || (unit = get_string (object, "unit")) == NULL ||
          !dis_unit_from_code (unit, &record.unit))
        return bad_file (file, error);

      record.code = (char *) get_string (object, "code");
      record.name = (char *) get_string (object, "name");
      record.kind = kind;
      record.vat_rate = (guint) json_object_get_int_member_with_default (object, "vat", 0);
      record.ean = (char *) get_string (object, "ean");
      record.plu = (guint) json_object_get_int_member_with_default (object, "plu", 0);
      record.supplier_code = (char *) resolve_supplier (suppliers, get_string (object, "supplier"));
      record.category = (char *) get_string (object, "category");
      record.equa_cents = json_object_get_int_member_with_default (object, "equa_cents", 0);
      record.case_size = json_object_get_int_member_with_default (object, "case_size", 0);

      overrides = get_object (object, "overrides");
      read_override (overrides, "accessibile", &record.overrides.has_accessibile, &record.overrides.accessibile_bp);
      read_override (overrides, "impegno", &record.overrides.has_impegno, &record.overrides.impegno_bp);
      read_override (overrides, "solidale", &record.overrides.has_solidale, &record.overrides.solidale_bp);

      if (_dis_store_write_product (db, &record, error) == 0)
        {
          g_prefix_error (error, "%s, %s: ", file, record.code ? record.code : "?");
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_catalog (DisDb       *db,
              const char  *dir,
              const char  *point_code,
              GHashTable  *suppliers,
              GError     **error)
{
  g_autoptr(JsonNode) basket = load_json (dir, "basket.json", error);
  g_autoptr(JsonNode) own = NULL;
  JsonArray *own_products;

  if (basket == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (basket))
    return bad_file ("basket.json", error);
  if (!load_products (db, json_node_get_array (basket), DIS_PRODUCT_BASKET, "basket.json", suppliers, error))
    return FALSE;

  own = load_json (dir, "own-products.json", error);
  if (own == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (own))
    return bad_file ("own-products.json", error);
  own_products = get_array (json_node_get_object (own), point_code);
  if (own_products == NULL)
    return TRUE;
  return load_products (db, own_products, DIS_PRODUCT_OWN, "own-products.json", suppliers, error);
}

static gboolean
load_all (DisDb       *db,
          const char  *dir,
          const char  *point_code,
          GError     **error)
{
  g_autoptr(GHashTable) suppliers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *point_name = NULL;

  /* Settings first: product prices are checked against the percentages. */
  return load_settings (db, dir, error) &&
         load_suppliers (db, dir, suppliers, error) &&
         load_points (db, dir, point_code, &point_name, error) &&
         load_catalog (db, dir, point_code, suppliers, error) &&
         _dis_store_write_identity (db, point_code, point_name, DEMO_DEVICE, error);
}

gboolean
dis_demo_load (DisStore    *store,
               const char  *dir,
               const char  *point_code,
               GError     **error)
{
  g_return_val_if_fail (DIS_IS_STORE (store), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (point_code != NULL, FALSE);

  DIS_DB_LOCK (&store->writer);

  if (!_dis_db_begin (&store->writer, error))
    return FALSE;
  if (!load_all (&store->writer, dir, point_code, error) ||
      !_dis_db_commit (&store->writer, error))
    {
      _dis_db_rollback (&store->writer);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_demo_func (DisStore  *store,
                gpointer   data,
                GError   **error)
{
  DisStoreArgs *args = data;

  return dis_demo_load (store, args->text, args->text2, error);
}

void
dis_store_load_demo_async (DisStore            *self,
                           const char          *dir,
                           const char          *point_code,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_load_demo_async, .write = TRUE,
                                     .bool_func = load_demo_func,
                                     .data_free = _dis_store_args_free };
  DisStoreArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (dir != NULL);
  g_return_if_fail (point_code != NULL);

  args = _dis_store_args_new (NULL, NULL, dir, 0);
  args->text2 = g_strdup (point_code);
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

gboolean
dis_store_load_demo_finish (DisStore      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _dis_store_run_boolean_finish (self, result, dis_store_load_demo_async, error);
}
