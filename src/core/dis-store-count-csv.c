/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-count"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-money.h"
#include "dis-store-count-private.h"

/* ---- Columns -------------------------------------------------------------- *
 * A file's header names its columns in English or, as exported, in the
 * user's language: the import knows them by either name. */

typedef enum
{
  COL_CODE,
  COL_NAME,
  COL_CATEGORY,
  COL_UNIT,
  COL_KIND,
  COL_SUPPLIER,
  COL_QUANTITY,
  COL_MINIMUM,
  COL_TARGET,
  COL_EXPECTED,
  COL_COUNTED,
} Column;

static const char * const column_keys[] = {
  NC_("CSV column", "code"),
  NC_("CSV column", "name"),
  NC_("CSV column", "category"),
  NC_("CSV column", "unit"),
  NC_("CSV column", "kind"),
  NC_("CSV column", "supplier"),
  NC_("CSV column", "quantity"),
  NC_("CSV column", "minimum"),
  NC_("CSV column", "target"),
  NC_("CSV column", "expected"),
  NC_("CSV column", "counted"),
};

static const char *
column_title (Column column)
{
  return g_dpgettext2 (NULL, "CSV column", column_keys[column]);
}

static void
add_header (DisStockCsvWriter *writer,
            const Column      *columns,
            guint              n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    dis_stock_csv_writer_add (writer, column_title (columns[i]));
  dis_stock_csv_writer_end_row (writer);
}

/* The index of @column in the header @fields, or -1. */
static int
find_column (const char * const *fields,
             Column              column)
{
  for (int i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *title = g_strstrip (g_utf8_casefold (fields[i], -1));
      g_autofree char *key = g_utf8_casefold (column_keys[column], -1);
      g_autofree char *translated = g_utf8_casefold (column_title (column), -1);

      if (g_strcmp0 (title, key) == 0 || g_strcmp0 (title, translated) == 0)
        return i;
    }
  return -1;
}

static const char *
unit_title (const char *unit)
{
  if (g_strcmp0 (unit, "piece") == 0)
    /* Translators: the unit of a product sold by the piece, in a CSV file */
    return C_("CSV unit", "piece");
  return unit;  /* "kg", "l" */
}

static gboolean
options_are_valid (const DisStockCsvOptions *options)
{
  return options != NULL && (options->separator == ',' || options->separator == ';');
}

/* ---- Export --------------------------------------------------------------- */

static GBytes *
export_levels (DisDb                    *db,
               const DisStockCsvOptions *options,
               GError                  **error)
{
  static const Column columns[] = { COL_CODE, COL_NAME, COL_CATEGORY, COL_UNIT, COL_KIND, COL_SUPPLIER,
                                    COL_QUANTITY, COL_MINIMUM, COL_TARGET };
  g_autoptr(DisStockCsvWriter) writer = dis_stock_csv_writer_new (options);
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db,
                          "SELECT p.code, p.name, p.category, p.unit, p.kind, s.name, coalesce (st.qty, 0),"
                          " ss.min_qty, ss.target_qty"
                          " FROM products p LEFT JOIN suppliers s ON s.id = p.supplier_id"
                          " LEFT JOIN stock_levels st ON st.product_id = p.id"
                          " LEFT JOIN stock_settings ss ON ss.product_id = p.id"
                          " ORDER BY p.name, p.id",
                          error);
  if (stmt == NULL)
    return NULL;

  add_header (writer, columns, G_N_ELEMENTS (columns));
  while (_dis_db_step_row (db, stmt, &has_row, &local_error) && has_row)
    {
      const char *unit = (const char *) sqlite3_column_text (stmt, 3);
      gboolean whole = g_strcmp0 (unit, "piece") == 0;

      dis_stock_csv_writer_add (writer, (const char *) sqlite3_column_text (stmt, 0));
      dis_stock_csv_writer_add_text (writer, (const char *) sqlite3_column_text (stmt, 1));
      dis_stock_csv_writer_add_text (writer, (const char *) sqlite3_column_text (stmt, 2));
      dis_stock_csv_writer_add (writer, unit_title (unit));
      dis_stock_csv_writer_add (writer, g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "own") == 0
                                        /* Translators: a product of the point's own, in a CSV file */
                                        ? C_("CSV kind", "own")
                                        /* Translators: a product of the network's basket, in a CSV file */
                                        : C_("CSV kind", "basket"));
      dis_stock_csv_writer_add_text (writer, (const char *) sqlite3_column_text (stmt, 5));
      dis_stock_csv_writer_add_qty (writer, sqlite3_column_int64 (stmt, 6), whole);
      for (int col = 7; col <= 8; col++)
        if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
          dis_stock_csv_writer_add (writer, NULL);
        else
          dis_stock_csv_writer_add_qty (writer, sqlite3_column_int64 (stmt, col), whole);
      dis_stock_csv_writer_end_row (writer);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return dis_stock_csv_writer_finish (g_steal_pointer (&writer));
}

GBytes *
dis_store_count_export_levels (DisStore                  *self,
                               const DisStockCsvOptions  *options,
                               GError                   **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (options_are_valid (options), NULL);

  DIS_DB_LOCK (&self->reader);
  return export_levels (&self->reader, options, error);
}

/* On a shelf, products go by category: the sheet too. */
static int
compare_for_sheet (gconstpointer a,
                   gconstpointer b)
{
  DisCountLine *x = *(DisCountLine * const *) a;
  DisCountLine *y = *(DisCountLine * const *) b;
  const char *cx = dis_count_line_get_category (x);
  const char *cy = dis_count_line_get_category (y);
  int order;

  if ((cx == NULL) != (cy == NULL))
    return cx == NULL ? 1 : -1;
  order = g_strcmp0 (cx, cy);
  if (order == 0)
    order = g_strcmp0 (dis_count_line_get_name (x), dis_count_line_get_name (y));
  if (order == 0)
    order = (dis_count_line_get_product_id (x) > dis_count_line_get_product_id (y)) -
            (dis_count_line_get_product_id (x) < dis_count_line_get_product_id (y));
  return order;
}

static GBytes *
export_sheet (DisDb                    *db,
              gint64                    count_id,
              const DisStockCsvOptions *options,
              GError                  **error)
{
  static const Column blind_columns[] = { COL_CODE, COL_NAME, COL_CATEGORY, COL_UNIT, COL_COUNTED };
  static const Column open_columns[] = { COL_CODE, COL_NAME, COL_CATEGORY, COL_UNIT, COL_EXPECTED, COL_COUNTED };
  g_autoptr(DisStockCsvWriter) writer = NULL;
  g_autoptr(DisCount) count = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  gboolean blind;

  count = _dis_store_count_read (db, count_id, error);
  if (count == NULL)
    return NULL;
  lines = _dis_store_count_read_lines (db, count, DIS_COUNT_LINES_ALL, error);
  if (lines == NULL)
    return NULL;
  g_ptr_array_sort (lines, compare_for_sheet);

  blind = dis_count_get_blind (count) && dis_count_get_state (count) == DIS_COUNT_OPEN;
  writer = dis_stock_csv_writer_new (options);
  if (blind)
    add_header (writer, blind_columns, G_N_ELEMENTS (blind_columns));
  else
    add_header (writer, open_columns, G_N_ELEMENTS (open_columns));

  for (guint i = 0; i < lines->len; i++)
    {
      DisCountLine *line = g_ptr_array_index (lines, i);
      gboolean whole = g_strcmp0 (dis_count_line_get_unit (line), "piece") == 0;

      dis_stock_csv_writer_add (writer, dis_count_line_get_code (line));
      dis_stock_csv_writer_add_text (writer, dis_count_line_get_name (line));
      dis_stock_csv_writer_add_text (writer, dis_count_line_get_category (line));
      dis_stock_csv_writer_add (writer, unit_title (dis_count_line_get_unit (line)));
      if (!blind)
        {
          if (dis_count_line_get_has_expected (line))
            dis_stock_csv_writer_add_qty (writer, dis_count_line_get_expected (line), whole);
          else
            dis_stock_csv_writer_add (writer, NULL);
        }
      if (dis_count_line_get_is_counted (line))
        dis_stock_csv_writer_add_qty (writer, dis_count_line_get_counted (line), whole);
      else
        dis_stock_csv_writer_add (writer, NULL);
      dis_stock_csv_writer_end_row (writer);
    }
  return dis_stock_csv_writer_finish (g_steal_pointer (&writer));
}

GBytes *
dis_store_count_export_sheet (DisStore                  *self,
                              gint64                     count_id,
                              const DisStockCsvOptions  *options,
                              GError                   **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (options_are_valid (options), NULL);

  DIS_DB_LOCK (&self->reader);
  return export_sheet (&self->reader, count_id, options, error);
}

/* ---- Import --------------------------------------------------------------- */

typedef struct
{
  DisDb        *db;
  DisCount     *count;
  DisStockCsv  *csv;
  GHashTable   *lines;   /* code → DisCountLine of the count */
  GHashTable   *seen;    /* code → row (GUINT_TO_POINTER) */
  const char   *code_title;
  const char   *counted_title;
  guint         row;
} Import;

/* Fails the import at the current row and @title's column. */
G_GNUC_PRINTF (4, 5)
static void
row_error (Import      *import,
           GError     **error,
           const char  *title,
           const char  *format,
           ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: "Row 7, column “counted”: “abc” is not a quantity" */
  g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("Row %u, column “%s”: %s"),
               import->row, title, reason);
}

/* A product of the catalog that the count has no line for yet (it
 * arrived after the count started): a line as dis_store_count_record()
 * would add it, or an error for the row. */
static DisCountLine *
line_for_new_product (Import      *import,
                      const char  *code,
                      GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *problem = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (import->db, "SELECT id, name, unit, category FROM products WHERE code = ?1", error);
  if (stmt == NULL)
    return NULL;
  _dis_bind_text (stmt, 1, code);
  if (!_dis_db_step_row (import->db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      row_error (import, error, import->code_title, _("no product has the code “%s”"), code);
      return NULL;
    }
  problem = _dis_count_scope_problem (import->count, (const char *) sqlite3_column_text (stmt, 1),
                                      (const char *) sqlite3_column_text (stmt, 3));
  if (problem != NULL)
    {
      row_error (import, error, import->code_title, "%s", problem);
      return NULL;
    }
  return dis_count_line_new (&(DisCountLineRecord) {
    .product_id = sqlite3_column_int64 (stmt, 0),
    .code = code,
    .name = (const char *) sqlite3_column_text (stmt, 1),
    .unit = (const char *) sqlite3_column_text (stmt, 2),
    .category = (const char *) sqlite3_column_text (stmt, 3),
    .unit_cost = -1,
  });
}

typedef enum
{
  ROW_CHANGE,
  ROW_UNCHANGED,
  ROW_NOT_COUNTED,
  ROW_FAILED,
} RowOutcome;

static RowOutcome
read_row (Import           *import,
          int               code_col,
          int               counted_col,
          DisCountChange  **out_change,
          GError          **error)
{
  const char * const *fields;
  g_autofree char *code = NULL;
  g_autofree char *counted_text = NULL;
  g_autoptr(DisCountLine) line = NULL;
  g_autofree char *problem = NULL;
  guint n_fields;
  gint64 counted;
  gpointer earlier;

  fields = dis_stock_csv_get_row (import->csv, import->row, &n_fields);
  code = g_strstrip (g_strdup ((guint) code_col < n_fields ? fields[code_col] : ""));
  counted_text = g_strstrip (g_strdup ((guint) counted_col < n_fields ? fields[counted_col] : ""));

  if (*code == '\0')
    {
      row_error (import, error, import->code_title, _("the code is empty"));
      return ROW_FAILED;
    }
  if (g_hash_table_lookup_extended (import->seen, code, NULL, &earlier))
    {
      row_error (import, error, import->code_title, _("“%s” is on row %u too"), code, GPOINTER_TO_UINT (earlier));
      return ROW_FAILED;
    }
  g_hash_table_insert (import->seen, g_strdup (code), GUINT_TO_POINTER (import->row));

  line = g_hash_table_lookup (import->lines, code);
  if (line != NULL)
    g_object_ref (line);
  else if ((line = line_for_new_product (import, code, error)) == NULL)
    return ROW_FAILED;

  if (*counted_text == '\0')
    return ROW_NOT_COUNTED;
  if (!dis_stock_csv_parse_qty (counted_text, DIS_QUANTITY_MAX, &counted))
    {
      row_error (import, error, import->counted_title, _("“%s” is not a quantity (like 12 or 3,250)"),
                 counted_text);
      return ROW_FAILED;
    }
  problem = _dis_count_qty_problem (dis_count_line_get_name (line), dis_count_line_get_unit (line), counted);
  if (problem != NULL)
    {
      row_error (import, error, import->counted_title, "%s", problem);
      return ROW_FAILED;
    }

  if (dis_count_line_get_is_counted (line) && dis_count_line_get_counted (line) == counted)
    return ROW_UNCHANGED;
  *out_change = dis_count_change_new (import->row, dis_count_line_get_product_id (line),
                                      dis_count_line_get_code (line), dis_count_line_get_name (line),
                                      dis_count_line_get_unit (line), dis_count_line_get_is_counted (line),
                                      dis_count_line_get_counted (line), counted);
  return ROW_CHANGE;
}

/* The header's columns, or an error naming the missing one. */
static gboolean
read_header (Import  *import,
             int     *out_code_col,
             int     *out_counted_col,
             GError **error)
{
  const char * const *header = dis_stock_csv_get_row (import->csv, 1, NULL);
  static const Column needed[] = { COL_CODE, COL_COUNTED };
  int *cols[] = { out_code_col, out_counted_col };

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      *cols[i] = find_column (header, needed[i]);
      if (*cols[i] < 0)
        {
          /* Translators: "Row 1: there is no column “counted”" */
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("Row 1: there is no column “%s”"),
                       column_title (needed[i]));
          return FALSE;
        }
    }
  import->code_title = header[*out_code_col];
  import->counted_title = header[*out_counted_col];
  return TRUE;
}

static DisCountImport *
preview (DisDb       *db,
         gint64       count_id,
         GBytes      *data,
         GError     **error)
{
  g_autoptr(DisStockCsv) csv = NULL;
  g_autoptr(DisCount) count = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
  Import import = { db, NULL, NULL, by_code, seen, NULL, NULL, 0 };
  guint n_rows = 0, n_unchanged = 0, n_not_counted = 0;
  int code_col, counted_col;
  gsize size;
  const char *bytes = g_bytes_get_data (data, &size);

  count = _dis_store_count_read_open (db, count_id, error);
  if (count == NULL)
    return NULL;
  csv = dis_stock_csv_parse (bytes, size, error);
  if (csv == NULL)
    return NULL;
  if (dis_stock_csv_get_n_rows (csv) == 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("The file is empty"));
      return NULL;
    }
  import.count = count;
  import.csv = csv;
  if (!read_header (&import, &code_col, &counted_col, error))
    return NULL;

  lines = _dis_store_count_read_lines (db, count, DIS_COUNT_LINES_ALL, error);
  if (lines == NULL)
    return NULL;
  for (guint i = 0; i < lines->len; i++)
    g_hash_table_insert (by_code, (gpointer) dis_count_line_get_code (g_ptr_array_index (lines, i)),
                         g_ptr_array_index (lines, i));

  for (import.row = 2; import.row <= dis_stock_csv_get_n_rows (csv); import.row++)
    {
      DisCountChange *change = NULL;

      if (dis_stock_csv_row_is_blank (csv, import.row))
        continue;
      n_rows++;
      switch (read_row (&import, code_col, counted_col, &change, error))
        {
        case ROW_FAILED:
          return NULL;
        case ROW_UNCHANGED:
          n_unchanged++;
          break;
        case ROW_NOT_COUNTED:
          n_not_counted++;
          break;
        case ROW_CHANGE:
          g_ptr_array_add (changes, change);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return dis_count_import_new (count_id, n_rows, n_unchanged, n_not_counted, changes);
}

DisCountImport *
dis_store_count_import_preview (DisStore  *self,
                                gint64     count_id,
                                GBytes    *data,
                                GError   **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  DIS_DB_LOCK (&self->reader);
  return preview (&self->reader, count_id, data, error);
}

/* The counted quantity of @product_id in @count_id, -1 when not counted. */
static gboolean
read_counted (DisDb    *db,
              gint64    count_id,
              gint64    product_id,
              gint64   *out_counted,
              GError  **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db, "SELECT coalesce (counted, -1) FROM stock_count_lines"
                              " WHERE count_id = ?1 AND product_id = ?2",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, count_id);
  sqlite3_bind_int64 (stmt, 2, product_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  *out_counted = has_row ? sqlite3_column_int64 (stmt, 0) : -1;
  return TRUE;
}

static gpointer
apply_body (DisDb         *db,
            DisCountArgs  *args,
            GError       **error)
{
  g_autoptr(DisCount) count = NULL;
  g_autofree char *now = _dis_now_iso8601 ();
  GListModel *changes = dis_count_import_get_changes (args->import);

  if (!_dis_store_check_acting (db, args->acting, DIS_PERMISSION_COUNT, error))
    return NULL;
  count = _dis_store_count_read_open (db, args->count_id, error);
  if (count == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(DisCountChange) change = g_list_model_get_item (changes, i);
      gint64 product_id = dis_count_change_get_product_id (change);
      gint64 counted = dis_count_change_get_counted (change);
      gint64 now_counted;

      /* Applied once already: the expected quantity stays that of the
       * moment it was counted. */
      if (!read_counted (db, args->count_id, product_id, &now_counted, error))
        return NULL;
      if (now_counted == counted)
        continue;
      if (!_dis_store_count_write_line (db, count, product_id, counted, dis_operator_get_id (args->acting),
                                        now, error))
        return NULL;
    }
  return _dis_store_count_read (db, args->count_id, error);
}

DisCount *
dis_store_count_import_apply (DisStore        *self,
                              DisOperator     *acting,
                              DisCountImport  *import,
                              GError         **error)
{
  g_autoptr(DisCountArgs) args = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (DIS_IS_COUNT_IMPORT (import), NULL);

  args = _dis_count_args_new (acting, dis_count_import_get_count_id (import));
  args->import = g_object_ref (import);
  return _dis_store_count_write (self, apply_body, args, error);
}

/* ---- For the UI thread ---------------------------------------------------- */

static gpointer
export_levels_func (DisStore *self, gpointer data, GError **error)
{
  return dis_store_count_export_levels (self, &((DisCountArgs *) data)->options, error);
}

void
dis_store_count_export_levels_async (DisStore                 *self,
                                     const DisStockCsvOptions *options,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data)
{
  static const DisStoreCall call = { dis_store_count_export_levels_async, FALSE, .func = export_levels_func,
                                     .data_free = _dis_count_args_free,
                                     .result_free = (GDestroyNotify) g_bytes_unref };
  DisCountArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (options_are_valid (options));

  args = _dis_count_args_new (NULL, 0);
  args->options = *options;
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

GBytes *
dis_store_count_export_levels_finish (DisStore      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_count_export_levels_async, error);
}

static gpointer
export_sheet_func (DisStore *self, gpointer data, GError **error)
{
  DisCountArgs *args = data;

  return dis_store_count_export_sheet (self, args->count_id, &args->options, error);
}

void
dis_store_count_export_sheet_async (DisStore                 *self,
                                    gint64                    count_id,
                                    const DisStockCsvOptions *options,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data)
{
  static const DisStoreCall call = { dis_store_count_export_sheet_async, FALSE, .func = export_sheet_func,
                                     .data_free = _dis_count_args_free,
                                     .result_free = (GDestroyNotify) g_bytes_unref };
  DisCountArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (options_are_valid (options));

  args = _dis_count_args_new (NULL, count_id);
  args->options = *options;
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

GBytes *
dis_store_count_export_sheet_finish (DisStore      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_count_export_sheet_async, error);
}

static gpointer
import_preview_func (DisStore *self, gpointer data, GError **error)
{
  DisCountArgs *args = data;

  return dis_store_count_import_preview (self, args->count_id, args->data, error);
}

void
dis_store_count_import_preview_async (DisStore            *self,
                                      gint64               count_id,
                                      GBytes              *data,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_count_import_preview_async, FALSE, .func = import_preview_func,
                                     .data_free = _dis_count_args_free, .result_free = g_object_unref };
  DisCountArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (data != NULL);

  args = _dis_count_args_new (NULL, count_id);
  args->data = g_bytes_ref (data);
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

DisCountImport *
dis_store_count_import_preview_finish (DisStore      *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_count_import_preview_async, error);
}

static gpointer
import_apply_func (DisStore *self, gpointer data, GError **error)
{
  DisCountArgs *args = data;

  return dis_store_count_import_apply (self, args->acting, args->import, error);
}

void
dis_store_count_import_apply_async (DisStore            *self,
                                    DisOperator         *acting,
                                    DisCountImport      *import,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_count_import_apply_async, TRUE, .func = import_apply_func,
                                     .data_free = _dis_count_args_free, .result_free = g_object_unref };
  DisCountArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (DIS_IS_COUNT_IMPORT (import));

  args = _dis_count_args_new (acting, dis_count_import_get_count_id (import));
  args->import = g_object_ref (import);
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

DisCount *
dis_store_count_import_apply_finish (DisStore      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_count_import_apply_async, error);
}
