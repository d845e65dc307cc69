/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-catalog"

#include "config.h"

#include <string.h>

#include "dis-barcode.h"
#include "dis-hub-catalog.h"
#include "dis-hub-json.h"
#include "dis-hub-points.h"
#include "dis-hub-settings.h"
#include "dis-tier.h"

static const char *csv_required[] = {
  "code", "name", "supplier", "category", "unit", "vat", "ean", "plu", "equa_cents",
};
static const char *override_tiers[] = { "accessibile", "impegno", "solidale" };

typedef struct
{
  DisHubDb        *db;
  DisTierPercents  percents;
  GHashTable      *codes;    /* code → row number */
  GHashTable      *eans;     /* ean → row number */
  GPtrArray       *errors;
  guint            row;
  gboolean         row_failed;
} Check;

G_GNUC_PRINTF (3, 4)
static void
row_error (Check      *check,
           const char *field,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (check->errors, g_strdup_printf ("row %u: %s: %s", check->row, field, message));
  check->row_failed = TRUE;
}

static gboolean
supplier_exists (DisHubDb   *db,
                 const char *code)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = dis_hub_db_prepare (db, "SELECT 1 FROM suppliers WHERE code = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, code);
  if (!dis_hub_db_step (db, stmt, &has_row, NULL))
    return FALSE;
  return has_row;
}

static const char *
check_string (Check      *check,
              JsonObject *row,
              const char *field,
              gboolean    nullable)
{
  const char *value = dis_hub_json_string (row, field);

  if (value != NULL)
    {
      if (*value == '\0' && !nullable)
        row_error (check, field, "must not be empty");
      return value;
    }
  if (nullable && (!json_object_has_member (row, field) || dis_hub_json_is_null (row, field)))
    return NULL;
  if (!json_object_has_member (row, field))
    row_error (check, field, "missing");
  else
    row_error (check, field, "must be a string");
  return NULL;
}

static gint64
check_int (Check      *check,
           JsonObject *row,
           const char *field,
           gint64      fallback)
{
  gint64 value;

  if (dis_hub_json_int (row, field, &value))
    return value;
  if (!json_object_has_member (row, field) && fallback >= 0)
    return fallback;
  row_error (check, field, json_object_has_member (row, field) ? "must be an integer" : "missing");
  return -1;
}

static void
check_overrides (Check            *check,
                 JsonObject       *row,
                 DisTierOverrides *ov)
{
  JsonObject *object;
  GList *members;

  memset (ov, 0, sizeof *ov);
  if (!json_object_has_member (row, "overrides") || dis_hub_json_is_null (row, "overrides"))
    return;
  object = dis_hub_json_object (row, "overrides");
  if (object == NULL)
    {
      row_error (check, "overrides", "must be an object");
      return;
    }

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *tier = l->data;
      gint64 bp;

      if (!dis_hub_json_int (object, tier, &bp) || bp < -10000 || bp > 100000)
        row_error (check, "overrides", "%s must be an integer in basis points", tier);
      else if (g_str_equal (tier, "accessibile"))
        ov->has_accessibile = TRUE, ov->accessibile_bp = (gint32) bp;
      else if (g_str_equal (tier, "impegno"))
        ov->has_impegno = TRUE, ov->impegno_bp = (gint32) bp;
      else if (g_str_equal (tier, "solidale"))
        ov->has_solidale = TRUE, ov->solidale_bp = (gint32) bp;
      else
        row_error (check, "overrides", "unknown tier “%s”", tier);
    }
  g_list_free (members);
}

/* Validates one product and returns its canonical JSON, or NULL after
 * recording the row's errors. */
static JsonNode *
check_product (Check    *check,
               JsonNode *node)
{
  g_autoptr(JsonBuilder) builder = NULL;
  JsonObject *row;
  const char *code, *name, *supplier, *category, *unit, *ean;
  gint64 vat, plu, equa;
  DisTierOverrides ov;
  gpointer other;

  check->row_failed = FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      row_error (check, "row", "must be an object");
      return NULL;
    }
  row = json_node_get_object (node);

  code = check_string (check, row, "code", FALSE);
  if (code != NULL && *code != '\0')
    {
      if ((other = g_hash_table_lookup (check->codes, code)) != NULL)
        row_error (check, "code", "duplicate code “%s” (also row %u)", code, GPOINTER_TO_UINT (other));
      else
        g_hash_table_insert (check->codes, g_strdup (code), GUINT_TO_POINTER (check->row));
    }
  name = check_string (check, row, "name", FALSE);
  supplier = check_string (check, row, "supplier", TRUE);
  if (supplier != NULL && !supplier_exists (check->db, supplier))
    row_error (check, "supplier", "unknown supplier “%s”", supplier);
  category = check_string (check, row, "category", TRUE);
  unit = check_string (check, row, "unit", FALSE);
  if (unit != NULL && !g_str_equal (unit, "piece") && !g_str_equal (unit, "kg") && !g_str_equal (unit, "l"))
    row_error (check, "unit", "“%s” is not piece, kg or l", unit);

  vat = check_int (check, row, "vat", -1);
  if (vat != -1 && vat != 4 && vat != 5 && vat != 10 && vat != 22)
    row_error (check, "vat", "%" G_GINT64_FORMAT " is not a VAT rate (4, 5, 10, 22)", vat);

  ean = check_string (check, row, "ean", TRUE);
  if (ean != NULL)
    {
      if (!dis_ean_is_valid (ean))
        row_error (check, "ean", "“%s” is not a valid EAN-8/EAN-13 (check digit)", ean);
      else if ((other = g_hash_table_lookup (check->eans, ean)) != NULL)
        row_error (check, "ean", "duplicate EAN %s (also row %u)", ean, GPOINTER_TO_UINT (other));
      else
        g_hash_table_insert (check->eans, g_strdup (ean), GUINT_TO_POINTER (check->row));
    }

  plu = check_int (check, row, "plu", 0);
  if (plu < -1 || plu > 99999)
    row_error (check, "plu", "must be between 0 and 99999");

  equa = check_int (check, row, "equa_cents", -1);
  if (equa == 0 || equa < -1)
    row_error (check, "equa_cents", "must be greater than zero");

  check_overrides (check, row, &ov);

  if (!check->row_failed)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 prices[DIS_N_TIERS];

      if (!dis_tier_compute_prices (equa, &check->percents, &ov, prices, &local_error))
        row_error (check, "prices", "%s", local_error->message);
    }
  if (check->row_failed)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "supplier");
  if (supplier != NULL)
    json_builder_add_string_value (builder, supplier);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, category ? category : "");
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, unit);
  json_builder_set_member_name (builder, "vat");
  json_builder_add_int_value (builder, vat);
  json_builder_set_member_name (builder, "ean");
  if (ean != NULL)
    json_builder_add_string_value (builder, ean);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "plu");
  json_builder_add_int_value (builder, plu);
  json_builder_set_member_name (builder, "equa_cents");
  json_builder_add_int_value (builder, equa);
  if (ov.has_accessibile || ov.has_impegno || ov.has_solidale)
    {
      json_builder_set_member_name (builder, "overrides");
      json_builder_begin_object (builder);
      if (ov.has_accessibile)
        {
          json_builder_set_member_name (builder, "accessibile");
          json_builder_add_int_value (builder, ov.accessibile_bp);
        }
      if (ov.has_impegno)
        {
          json_builder_set_member_name (builder, "impegno");
          json_builder_add_int_value (builder, ov.impegno_bp);
        }
      if (ov.has_solidale)
        {
          json_builder_set_member_name (builder, "solidale");
          json_builder_add_int_value (builder, ov.solidale_bp);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
upsert_product (DisHubDb  *db,
                JsonNode  *product,
                gboolean  *out_changed,
                GError   **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autofree char *data = dis_hub_json_to_string (product);
  JsonObject *object = json_node_get_object (product);
  const char *code = dis_hub_json_string (object, "code");
  gboolean has_row;

  select = dis_hub_db_prepare (db, "SELECT data FROM products WHERE code = ?1", error);
  if (select == NULL)
    return FALSE;
  dis_hub_bind_text (select, 1, code);
  if (!dis_hub_db_step (db, select, &has_row, error))
    return FALSE;
  *out_changed = !has_row || g_strcmp0 ((const char *) sqlite3_column_text (select, 0), data) != 0;
  if (!*out_changed)
    return TRUE;

  upsert = dis_hub_db_prepare (db,
                               "INSERT INTO products (code, supplier, data) VALUES (?1, ?2, ?3)"
                               " ON CONFLICT (code) DO UPDATE SET supplier = excluded.supplier,"
                               " data = excluded.data",
                               error);
  if (upsert == NULL)
    return FALSE;
  dis_hub_bind_text (upsert, 1, code);
  dis_hub_bind_text (upsert, 2, dis_hub_json_string (object, "supplier"));
  dis_hub_bind_text (upsert, 3, data);
  return dis_hub_db_step_done (db, upsert, error) &&
         dis_hub_db_append_change (db, "product", "upsert", code, product, error);
}

gboolean
dis_hub_catalog_import_json (DisHubDb    *db,
                             JsonNode    *root,
                             GPtrArray   *row_errors,
                             guint       *out_n_rows,
                             guint       *out_n_changed,
                             GError     **error)
{
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) eans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  Check check = { db, { 0 }, codes, eans, row_errors, 0, FALSE };
  JsonArray *array;
  guint n_changed = 0;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                           "the catalog must be a JSON array of products");
      return FALSE;
    }
  if (!dis_hub_db_get_percents (db, &check.percents, error))
    return FALSE;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *product;

      check.row = i + 1;
      product = check_product (&check, json_array_get_element (array, i));
      if (product != NULL)
        g_ptr_array_add (products, product);
    }

  if (row_errors->len > 0)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "%u error(s) in the catalog, nothing imported", row_errors->len);
      return FALSE;
    }

  for (guint i = 0; i < products->len; i++)
    {
      gboolean changed;

      if (!upsert_product (db, g_ptr_array_index (products, i), &changed, error))
        return FALSE;
      n_changed += changed;
    }
  if (out_n_rows)
    *out_n_rows = products->len;
  if (out_n_changed)
    *out_n_changed = n_changed;
  return TRUE;
}

/* ---- CSV ---------------------------------------------------------------- */

/* RFC 4180 records: quoted fields may hold commas, quotes ("") and newlines. */
static GPtrArray *
csv_parse (const char  *text,
           GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;
  gboolean quoted = FALSE, any = FALSE;

  for (;; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '\0')
            {
              g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                           "CSV: unterminated quoted field in record %u", records->len + 1);
              return NULL;
            }
          if (c == '"' && p[1] == '"')
            g_string_append_c (field, '"'), p++;
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, c);
          continue;
        }
      if (c == '"' && field->len == 0)
        quoted = TRUE, any = TRUE;
      else if (c == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          any = TRUE;
        }
      else if (c == '\n' || c == '\0' || (c == '\r' && p[1] == '\n'))
        {
          if (c == '\r')
            p++;
          if (any || field->len > 0)
            {
              g_ptr_array_add (fields, g_strdup (field->str));
              g_ptr_array_add (fields, NULL);
              g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
              g_ptr_array_set_free_func (fields, g_free);
            }
          g_string_truncate (field, 0);
          any = FALSE;
          if (c == '\0')
            break;
        }
      else
        g_string_append_c (field, c);
    }
  return g_steal_pointer (&records);
}

static gboolean
csv_is_int_field (const char *name)
{
  return g_str_equal (name, "vat") || g_str_equal (name, "plu") ||
         g_str_equal (name, "equa_cents") || g_str_has_suffix (name, "_bp");
}

/* One CSV record as a JSON object shaped like a basket.json row; cells that
 * are not integers where integers belong stay strings, so the row check
 * reports them. */
static JsonNode *
csv_record_to_json (char **header,
                    char **record)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonObject) overrides = json_object_new ();
  JsonNode *node;

  for (guint i = 0; header[i] != NULL; i++)
    {
      const char *name = header[i];
      const char *cell = i < g_strv_length (record) ? record[i] : "";
      g_autofree char *tier = NULL;
      gint64 value;

      if (*cell == '\0' && (g_str_equal (name, "ean") || g_str_equal (name, "supplier") ||
                            g_str_has_suffix (name, "_bp")))
        {
          if (!g_str_has_suffix (name, "_bp"))
            json_object_set_null_member (object, name);
          continue;
        }
      if (g_str_has_suffix (name, "_bp"))
        {
          tier = g_strndup (name, strlen (name) - 3);
          if (g_ascii_string_to_signed (cell, 10, G_MININT64, G_MAXINT64, &value, NULL))
            json_object_set_int_member (overrides, tier, value);
          else
            json_object_set_string_member (overrides, tier, cell);
        }
      else if (csv_is_int_field (name) && g_ascii_string_to_signed (cell, 10, G_MININT64, G_MAXINT64, &value, NULL))
        json_object_set_int_member (object, name, value);
      else
        json_object_set_string_member (object, name, cell);
    }
  if (json_object_get_size (overrides) > 0)
    json_object_set_object_member (object, "overrides", g_steal_pointer (&overrides));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

static JsonNode *
csv_to_json (const char  *text,
             GError     **error)
{
  g_autoptr(GPtrArray) records = csv_parse (text, error);
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *root;
  char **header;

  if (records == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_set_error_literal (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "CSV: no header row");
      return NULL;
    }
  header = g_ptr_array_index (records, 0);
  for (guint i = 0; i < G_N_ELEMENTS (csv_required); i++)
    if (!g_strv_contains ((const char * const *) header, csv_required[i]))
      {
        g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                     "CSV: the header has no “%s” column", csv_required[i]);
        return NULL;
      }
  for (guint i = 0; header[i] != NULL; i++)
    {
      gboolean known = g_strv_contains (csv_required, header[i]);

      for (guint t = 0; t < G_N_ELEMENTS (override_tiers); t++)
        {
          g_autofree char *column = g_strconcat (override_tiers[t], "_bp", NULL);

          known |= g_str_equal (column, header[i]);
        }
      if (!known)
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                       "CSV: unknown column “%s”", header[i]);
          return NULL;
        }
    }

  for (guint i = 1; i < records->len; i++)
    json_array_add_element (array, csv_record_to_json (header, g_ptr_array_index (records, i)));

  root = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (root, array);
  return root;
}

static gboolean
looks_like_json (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;
  return *text == '[' || *text == '{';
}

gboolean
dis_hub_catalog_import_file (DisHubDb    *db,
                             const char  *path,
                             GPtrArray   *row_errors,
                             guint       *out_n_rows,
                             guint       *out_n_changed,
                             GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize length;
  gboolean is_csv;
  guint first_error;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  if (!g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "%s is not UTF-8 text", path);
      return FALSE;
    }

  is_csv = !looks_like_json (contents);
  root = is_csv ? csv_to_json (contents, error) : dis_hub_json_parse (contents, length, error);
  if (root == NULL)
    return FALSE;

  if (!dis_hub_db_begin (db, error))
    return FALSE;
  first_error = row_errors->len;
  if (!dis_hub_catalog_import_json (db, root, row_errors, out_n_rows, out_n_changed, error) ||
      !dis_hub_db_commit (db, error))
    {
      dis_hub_db_rollback (db);
      /* CSV rows are numbered as a spreadsheet shows them: the header is row 1. */
      if (is_csv)
        for (guint i = first_error; i < row_errors->len; i++)
          {
            char *message = g_ptr_array_index (row_errors, i);
            guint64 n = g_ascii_strtoull (message + strlen ("row "), NULL, 10);
            const char *rest = strchr (message, ':');

            row_errors->pdata[i] = g_strdup_printf ("row %" G_GUINT64_FORMAT "%s", n + 1, rest);
            g_free (message);
          }
      return FALSE;
    }
  return TRUE;
}

/* ---- Suppliers and the demo network ------------------------------------- */

gboolean
dis_hub_suppliers_load (DisHubDb  *db,
                        JsonNode  *root,
                        guint     *out_n_changed,
                        GError   **error)
{
  JsonArray *array;
  guint n_changed = 0;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "suppliers: expected an array");
      return FALSE;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) canonical = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *data = NULL;
      const char *code = NULL, *name = NULL;

      if (JSON_NODE_HOLDS_OBJECT (element))
        {
          code = dis_hub_json_string (json_node_get_object (element), "code");
          name = dis_hub_json_string (json_node_get_object (element), "name");
        }
      if (code == NULL || *code == '\0' || name == NULL || *name == '\0')
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                       "suppliers: row %u: needs a code and a name", i + 1);
          return FALSE;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, code);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_end_object (builder);
      canonical = json_builder_get_root (builder);
      data = dis_hub_json_to_string (canonical);

      /* RETURNING gives a row only when the insert or the update happened. */
      stmt = dis_hub_db_prepare (db,
                                 "INSERT INTO suppliers (code, name, data) VALUES (?1, ?2, ?3)"
                                 " ON CONFLICT (code) DO UPDATE SET name = excluded.name, data = excluded.data"
                                 " WHERE data IS NOT excluded.data RETURNING code",
                                 error);
      if (stmt == NULL)
        return FALSE;
      dis_hub_bind_text (stmt, 1, code);
      dis_hub_bind_text (stmt, 2, name);
      dis_hub_bind_text (stmt, 3, data);
      {
        gboolean has_row;

        if (!dis_hub_db_step (db, stmt, &has_row, error))
          return FALSE;
        if (has_row)
          {
            g_clear_pointer (&stmt, sqlite3_finalize);
            if (!dis_hub_db_append_change (db, "supplier", "upsert", code, canonical, error))
              return FALSE;
            n_changed++;
          }
      }
    }
  if (out_n_changed)
    *out_n_changed = n_changed;
  return TRUE;
}

static JsonNode *
load_json_file (const char  *dir,
                const char  *name,
                GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize length;
  JsonNode *root;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  root = dis_hub_json_parse (contents, length, &local_error);
  if (root == NULL)
    g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "%s: %s", path, local_error->message);
  return root;
}

gboolean
dis_hub_demo_load (DisHubDb    *db,
                   const char  *dir,
                   GPtrArray   *row_errors,
                   GError     **error)
{
  g_autoptr(JsonNode) settings = load_json_file (dir, "settings.json", error);
  g_autoptr(JsonNode) suppliers = NULL;
  g_autoptr(JsonNode) points = NULL;
  g_autoptr(JsonNode) basket = NULL;

  if (settings == NULL ||
      (suppliers = load_json_file (dir, "suppliers.json", error)) == NULL ||
      (points = load_json_file (dir, "points.json", error)) == NULL ||
      (basket = load_json_file (dir, "basket.json", error)) == NULL)
    return FALSE;

  if (!dis_hub_db_begin (db, error))
    return FALSE;
  if (!dis_hub_settings_load (db, settings, error) ||
      !dis_hub_suppliers_load (db, suppliers, NULL, error) ||
      !dis_hub_points_load (db, points, NULL, error) ||
      !dis_hub_catalog_import_json (db, basket, row_errors, NULL, NULL, error) ||
      !dis_hub_db_commit (db, error))
    {
      dis_hub_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}
