/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-catalog"

#include "config.h"

#include <string.h>

#include "dis-codec.h"
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
  GHashTable      *plus;     /* scale code → row number */
  GPtrArray       *errors;
  guint            row;
  gboolean         row_failed;
} Check;

/* A valid row of the file, with its number for the messages. */
typedef struct
{
  DisCodecProduct product;
  guint           row;
} Row;

/* ---- The stored catalog --------------------------------------------------- */

/* A product as the hub stores it, decoded; its strings live in @node. */
typedef struct
{
  JsonNode        *node;
  DisCodecProduct  product;
} Stored;

static void
stored_clear (gpointer data)
{
  g_clear_pointer (&((Stored *) data)->node, json_node_unref);
}

/* Every product of the catalog, decoded. Rows were checked when they were
 * imported; one that no longer decodes is left out with a warning rather
 * than blocking every later import or settings change. */
static GArray *
read_catalog (DisHubDb  *db,
              GError   **error)
{
  g_autoptr(GArray) products = g_array_new (FALSE, TRUE, sizeof (Stored));
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  g_array_set_clear_func (products, stored_clear);
  stmt = dis_hub_db_prepare (db, "SELECT code, data FROM products ORDER BY code", error);
  if (stmt == NULL)
    return NULL;
  while (dis_hub_db_step (db, stmt, &has_row, error) && has_row)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *what = g_strdup_printf ("products code=%s", dis_hub_stmt_column_text (stmt, 0));
      Stored stored = { NULL, };

      stored.node = dis_hub_json_parse_stored (dis_hub_stmt_column_text (stmt, 1), -1,
                                               what, &local_error);
      if (stored.node == NULL ||
          !dis_codec_product_decode (JSON_NODE_HOLDS_OBJECT (stored.node) ? json_node_get_object (stored.node) : NULL,
                                     &stored.product, &local_error))
        {
          g_warning ("%s cannot be read: %s", what, local_error->message);
          stored_clear (&stored);
          continue;
        }
      g_array_append_val (products, stored);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&products);
}

gboolean
dis_hub_catalog_product_prices (const DisCodecProduct  *product,
                                const DisTierPercents  *percents,
                                gint64                  prices[DIS_N_TIERS],
                                GError                **error)
{
  DisTierOverrides ov = {
    (product->overrides & DIS_CODEC_OVERRIDE_ACCESSIBILE) != 0, (gint32) product->accessibile_bp,
    (product->overrides & DIS_CODEC_OVERRIDE_IMPEGNO) != 0, (gint32) product->impegno_bp,
    (product->overrides & DIS_CODEC_OVERRIDE_SOLIDALE) != 0, (gint32) product->solidale_bp,
  };

  return dis_tier_compute_prices (product->equa_cents, percents, &ov, prices, error);
}

/* At most this many products are named in one message. */
#define MAX_NAMED 20

gboolean
dis_hub_catalog_check_percents (DisHubDb               *db,
                                const DisTierPercents  *percents,
                                GError                **error)
{
  g_autoptr(GArray) products = read_catalog (db, error);
  g_autoptr(GString) named = g_string_new (NULL);
  guint n_broken = 0;

  if (products == NULL)
    return FALSE;
  for (guint i = 0; i < products->len; i++)
    {
      const DisCodecProduct *product = &g_array_index (products, Stored, i).product;
      g_autoptr(GError) price_error = NULL;
      gint64 prices[DIS_N_TIERS];

      if (dis_hub_catalog_product_prices (product, percents, prices, &price_error))
        continue;
      if (n_broken++ < MAX_NAMED)
        g_string_append_printf (named, "%s%s (%s)", named->len > 0 ? "; " : "",
                                product->code, price_error->message);
    }
  if (n_broken == 0)
    return TRUE;
  if (n_broken > MAX_NAMED)
    g_string_append_printf (named, "; and %u more", n_broken - MAX_NAMED);
  g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
               "these tier percentages would put the prices of %u product(s) out of order;"
               " change those products' overrides first: %s", n_broken, named->str);
  return FALSE;
}

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
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = dis_hub_db_prepare (db, "SELECT 1 FROM suppliers WHERE code = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, code);
  if (!dis_hub_db_step (db, stmt, &has_row, NULL))
    return FALSE;
  return has_row;
}

/* One product: its fields by the codec (the first problem), then what
 * needs the catalog and the network percentages. */
static gboolean
check_product (Check           *check,
               JsonNode        *node,
               DisCodecProduct *product)
{
  g_autoptr(GError) local_error = NULL;
  gpointer other;

  check->row_failed = FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      row_error (check, "row", "must be an object");
      return FALSE;
    }
  if (!dis_codec_product_decode (json_node_get_object (node), product, &local_error))
    {
      g_ptr_array_add (check->errors, g_strdup_printf ("row %u: %s", check->row, local_error->message));
      return FALSE;
    }

  if ((other = g_hash_table_lookup (check->codes, product->code)) != NULL)
    row_error (check, "code", "duplicate code “%s” (also row %u)", product->code, GPOINTER_TO_UINT (other));
  else
    g_hash_table_insert (check->codes, g_strdup (product->code), GUINT_TO_POINTER (check->row));
  if (product->supplier != NULL && !supplier_exists (check->db, product->supplier))
    row_error (check, "supplier", "unknown supplier “%s”", product->supplier);
  if (product->ean != NULL)
    {
      if ((other = g_hash_table_lookup (check->eans, product->ean)) != NULL)
        row_error (check, "ean", "duplicate EAN %s (also row %u)", product->ean, GPOINTER_TO_UINT (other));
      else
        g_hash_table_insert (check->eans, g_strdup (product->ean), GUINT_TO_POINTER (check->row));
    }
  if (product->plu != 0)
    {
      gpointer key = GINT_TO_POINTER ((gint) product->plu);

      if ((other = g_hash_table_lookup (check->plus, key)) != NULL)
        row_error (check, "plu", "duplicate scale code %05" G_GINT64_FORMAT " (also row %u)",
                   product->plu, GPOINTER_TO_UINT (other));
      else
        g_hash_table_insert (check->plus, key, GUINT_TO_POINTER (check->row));
    }

  if (!check->row_failed)
    {
      g_autoptr(GError) price_error = NULL;
      gint64 prices[DIS_N_TIERS];

      if (!dis_hub_catalog_product_prices (product, &check->percents, prices, &price_error))
        row_error (check, "prices", "%s", price_error->message);
    }
  /* Published with a category, empty when there is none. */
  if (product->category == NULL)
    product->category = "";
  return !check->row_failed;
}

static gboolean
upsert_product (DisHubDb               *db,
                const DisCodecProduct  *product,
                gboolean               *out_changed,
                GError                **error)
{
  g_autoptr(DisHubStmt) select = NULL;
  g_autoptr(DisHubStmt) upsert = NULL;
  g_autoptr(JsonNode) data = dis_codec_product_to_node (product, error);
  g_autofree char *text = NULL;
  gboolean has_row;

  if (data == NULL)
    return FALSE;
  text = dis_hub_json_to_string (data);
  select = dis_hub_db_prepare (db, "SELECT data FROM products WHERE code = ?1", error);
  if (select == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (select, 1, product->code);
  if (!dis_hub_db_step (db, select, &has_row, error))
    return FALSE;
  *out_changed = !has_row || g_strcmp0 (dis_hub_stmt_column_text (select, 0), text) != 0;
  if (!*out_changed)
    return TRUE;

  upsert = dis_hub_db_prepare (db,
                               "INSERT INTO products (code, supplier, data, case_size) VALUES (?1, ?2, ?3, ?4)"
                               " ON CONFLICT (code) DO UPDATE SET supplier = excluded.supplier,"
                               " data = excluded.data, case_size = excluded.case_size",
                               error);
  if (upsert == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (upsert, 1, product->code);
  dis_hub_stmt_bind_text (upsert, 2, product->supplier);
  dis_hub_stmt_bind_text (upsert, 3, text);
  if (product->has_case_size)
    dis_hub_stmt_bind_int64 (upsert, 4, product->case_size);
  return dis_hub_db_step_done (db, upsert, error) &&
         dis_hub_db_append_change (db, dis_codec_change_kind_to_string (DIS_CODEC_CHANGE_PRODUCT),
                                   "upsert", product->code, data, error);
}

/* The EANs and scale codes of the whole catalog once the file is in: a
 * product of the file may not take a code that a product the file leaves
 * alone still holds. Within the file, codes were checked row by row, so
 * products of the file may swap their codes. */
static gboolean
check_catalog_codes (Check   *check,
                     GArray  *rows,
                     GError **error)
{
  g_autoptr(GArray) stored = read_catalog (check->db, error);
  g_autoptr(GHashTable) eans = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) plus = g_hash_table_new (g_direct_hash, g_direct_equal);

  if (stored == NULL)
    return FALSE;
  for (guint i = 0; i < stored->len; i++)
    {
      const DisCodecProduct *product = &g_array_index (stored, Stored, i).product;

      /* What the file replaces keeps none of its old codes. */
      if (g_hash_table_contains (check->codes, product->code))
        continue;
      if (product->ean != NULL)
        g_hash_table_insert (eans, (gpointer) product->ean, (gpointer) product);
      if (product->plu != 0)
        g_hash_table_insert (plus, GINT_TO_POINTER ((gint) product->plu), (gpointer) product);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);
      const DisCodecProduct *holder;

      check->row = row->row;
      if (row->product.ean != NULL && (holder = g_hash_table_lookup (eans, row->product.ean)) != NULL)
        row_error (check, "ean", "EAN %s already belongs to %s “%s”, which this file does not change",
                   row->product.ean, holder->code, holder->name);
      if (row->product.plu != 0 &&
          (holder = g_hash_table_lookup (plus, GINT_TO_POINTER ((gint) row->product.plu))) != NULL)
        row_error (check, "plu", "scale code %05" G_GINT64_FORMAT " already belongs to %s “%s”,"
                   " which this file does not change", row->product.plu, holder->code, holder->name);
    }
  return TRUE;
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
  g_autoptr(GHashTable) plus = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GArray) products = g_array_new (FALSE, TRUE, sizeof (Row));
  Check check = { db, { 0 }, codes, eans, plus, row_errors, 0, FALSE };
  JsonArray *array;
  guint n_changed = 0;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                           "the catalog must be a JSON array of products");
      return FALSE;
    }
  if (!dis_hub_settings_get_percents (db, &check.percents, error))
    return FALSE;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      Row row = { .row = i + 1 };

      check.row = row.row;
      if (check_product (&check, json_array_get_element (array, i), &row.product))
        g_array_append_val (products, row);
    }
  if (!check_catalog_codes (&check, products, error))
    return FALSE;

  if (row_errors->len > 0)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "%u error(s) in the catalog, nothing imported", row_errors->len);
      return FALSE;
    }

  for (guint i = 0; i < products->len; i++)
    {
      gboolean changed;

      if (!upsert_product (db, &g_array_index (products, Row, i).product, &changed, error))
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
         g_str_equal (name, "equa_cents") || g_str_equal (name, "case_size") ||
         g_str_has_suffix (name, "_bp");
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

      /* Empty: null for ean and supplier; absent for the optional numbers. */
      if (*cell == '\0' && (g_str_equal (name, "ean") || g_str_equal (name, "supplier") ||
                            g_str_equal (name, "case_size") || g_str_has_suffix (name, "_bp")))
        {
          if (g_str_equal (name, "ean") || g_str_equal (name, "supplier"))
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
      gboolean known = g_strv_contains (csv_required, header[i]) || g_str_equal (header[i], "case_size");

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

static gboolean
load_supplier (DisHubDb   *db,
               JsonNode   *element,
               guint       index,
               gboolean   *out_changed,
               GError    **error)
{
  g_autoptr(JsonNode) canonical = NULL;
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  DisCodecSupplier supplier;

  if (!dis_codec_supplier_decode (JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL,
                                  &supplier, &local_error) ||
      (canonical = dis_codec_supplier_to_node (&supplier, &local_error)) == NULL)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "suppliers: row %u: %s", index + 1, local_error->message);
      return FALSE;
    }
  data = dis_hub_json_to_string (canonical);

  /* RETURNING gives a row only when the insert or the update happened. */
  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO suppliers (code, name, data) VALUES (?1, ?2, ?3)"
                             " ON CONFLICT (code) DO UPDATE SET name = excluded.name, data = excluded.data"
                             " WHERE suppliers.data IS DISTINCT FROM excluded.data RETURNING code",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, supplier.code);
  dis_hub_stmt_bind_text (stmt, 2, supplier.name);
  dis_hub_stmt_bind_text (stmt, 3, data);
  if (!dis_hub_db_step (db, stmt, out_changed, error))
    return FALSE;
  if (!*out_changed)
    return TRUE;
  g_clear_pointer (&stmt, dis_hub_stmt_release);
  return dis_hub_db_append_change (db, dis_codec_change_kind_to_string (DIS_CODEC_CHANGE_SUPPLIER),
                                   "upsert", supplier.code, canonical, error);
}

gboolean
dis_hub_suppliers_load (DisHubDb  *db,
                        JsonNode  *root,
                        guint     *out_n_changed,
                        GError   **error)
{
  return dis_hub_db_load_rows (db, root, "suppliers", load_supplier, out_n_changed, error);
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

gboolean
dis_hub_catalog_describe (DisHubDb    *db,
                          const char  *code,
                          const char  *point,
                          char       **out_name,
                          char       **out_unit,
                          GError     **error)
{
  static const char *sql[] = {
    "SELECT data FROM products WHERE code = ?1",
    "SELECT data FROM own_products WHERE code = ?1 AND point_code = ?2 ORDER BY id DESC LIMIT 1",
  };
  g_autofree char *name = NULL;
  g_autofree char *unit = NULL;

  g_return_val_if_fail (db != NULL && code != NULL, FALSE);

  for (guint i = 0; i < (point != NULL ? G_N_ELEMENTS (sql) : 1) && name == NULL; i++)
    {
      g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (db, sql[i], error);
      g_autoptr(JsonNode) data = NULL;
      g_autoptr(GError) local_error = NULL;
      DisCodecProduct product;
      gboolean has_row;

      if (stmt == NULL)
        return FALSE;
      dis_hub_stmt_bind_text (stmt, 1, code);
      if (i == 1)
        dis_hub_stmt_bind_text (stmt, 2, point);
      if (!dis_hub_db_step (db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        continue;
      /* A stored row that no longer decodes still names its code. */
      data = dis_hub_json_parse_stored (dis_hub_stmt_column_text (stmt, 0), -1, code, &local_error);
      if (data != NULL && JSON_NODE_HOLDS_OBJECT (data) &&
          dis_codec_product_decode (json_node_get_object (data), &product, &local_error))
        {
          name = g_strdup (product.name);
          unit = g_strdup (dis_unit_to_code (product.unit));
        }
    }
  *out_name = name != NULL ? g_steal_pointer (&name) : g_strdup (code);
  *out_unit = unit != NULL ? g_steal_pointer (&unit) : g_strdup ("piece");
  return TRUE;
}
