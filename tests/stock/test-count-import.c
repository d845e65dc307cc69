/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-count-import"

#include "config.h"

#include <string.h>

#include "dis-error.h"
#include "dis-store-count.h"
#include "store-test-fixture.h"

/* Count sheets and levels as CSV files on a real store (issue 11 "Import
 * and export"): a sheet exported, filled in and imported comes back as
 * it was filled; the same file twice changes nothing; a bad row names
 * its row and column and nothing is imported. */

/* The store tests' fixture, with a manager and a count open, blind as
 * the test says. */
static DisCount *
start_count (Fixture  *f,
             gboolean  blind)
{
  g_autoptr(GError) error = NULL;
  DisCount *count = dis_store_count_start (f->store, fixture_manager (f), NULL, blind, &error);

  g_assert_no_error (error);
  return count;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strndup (data, size);
}

static GBytes *
export_sheet (Fixture  *f,
              DisCount *count,
              char      separator)
{
  g_autoptr(GError) error = NULL;
  DisStockCsvOptions options = { separator, TRUE };
  GBytes *bytes = dis_store_count_export_sheet (f->store, dis_count_get_id (count), &options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static DisCountImport *
preview (Fixture    *f,
         DisCount   *count,
         const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  DisCountImport *import = dis_store_count_import_preview (f->store, dis_count_get_id (count), bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static DisCount *
apply (Fixture        *f,
       DisCountImport *import)
{
  g_autoptr(GError) error = NULL;
  DisCount *count = dis_store_count_import_apply (f->store, fixture_manager (f), import, &error);

  g_assert_no_error (error);
  g_assert_nonnull (count);
  return count;
}

/* What the count holds, as text: "code=counted@expected;…" by product id,
 * with the moment each line was counted, to tell a rewrite. */
static char *
count_state (Fixture *f)
{
  sqlite3 *db = test_db_open (f->path);
  sqlite3_stmt *stmt = NULL;
  GString *state = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT p.code, l.counted, l.expected, l.counted_at"
                                       " FROM stock_count_lines l JOIN products p ON p.id = l.product_id"
                                       " ORDER BY l.count_id, p.id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (state, "%s=%s@%s/%s;", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                            sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (state, FALSE);
}

/* The sheet as exported, with the counted column filled in as a person
 * would: a quantity per product, one left empty. */
static char *
fill_sheet (Fixture    *f,
            GBytes     *sheet,
            const char *counted[TEST_N_PRODUCTS])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisStockCsv) csv = NULL;
  DisStockCsvOptions options = { ';', TRUE };
  DisStockCsvWriter *writer = dis_stock_csv_writer_new (&options);
  g_autoptr(GBytes) filled = NULL;
  gsize size;
  const char *data = g_bytes_get_data (sheet, &size);

  csv = dis_stock_csv_parse (data, size, &error);
  g_assert_no_error (error);
  for (guint row = 1; row <= dis_stock_csv_get_n_rows (csv); row++)
    {
      guint n_fields;
      const char * const *fields = dis_stock_csv_get_row (csv, row, &n_fields);

      for (guint i = 0; i + 1 < n_fields; i++)
        if (i == 1 || i == 2)
          dis_stock_csv_writer_add_text (writer, fields[i]);
        else
          dis_stock_csv_writer_add (writer, fields[i]);
      if (row == 1)
        dis_stock_csv_writer_add (writer, fields[n_fields - 1]);
      else
        for (guint p = 0; p < TEST_N_PRODUCTS; p++)
          {
            static const char *codes[] = { "B-CAFFE", "B-PASSATA", "B-MELE", "B-OLIO", "O-PANE" };

            if (g_strcmp0 (fields[0], codes[p]) == 0)
              dis_stock_csv_writer_add (writer, counted[p]);
          }
      dis_stock_csv_writer_end_row (writer);
    }
  filled = dis_stock_csv_writer_finish (writer);
  return bytes_to_string (filled);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DisCount) count = start_count (f, TRUE);
  const char *counted[TEST_N_PRODUCTS] = { "12", "0", "3,050", "", "1,200" };
  g_autoptr(GBytes) sheet = export_sheet (f, count, ';');
  g_autoptr(GBytes) after = NULL;
  g_autoptr(DisCountImport) import = NULL;
  g_autoptr(DisCount) progress = NULL;
  g_autofree char *text = bytes_to_string (sheet);
  g_autofree char *filled = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *state = NULL;
  GListModel *changes;

  /* A blind sheet: no expected column; by category, then name; a BOM. */
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "code;name;category;unit;counted\r\n"
                                         "B-CAFFE;Caffè arabica 250 g;Bevande;piece;\r\n"
                                         "B-OLIO;Olio extravergine;Condimenti;l;\r\n"
                                         "B-PASSATA;Passata di pomodoro;Conserve;piece;\r\n"
                                         "O-PANE;Pane di segale;Forno;kg;\r\n"
                                         "B-MELE;Mele Renetta;Frutta;kg;\r\n"));

  filled = fill_sheet (f, sheet, counted);
  import = preview (f, count, filled);
  g_assert_cmpuint (dis_count_import_get_n_rows (import), ==, TEST_N_PRODUCTS);
  g_assert_cmpuint (dis_count_import_get_n_blank_counted (import), ==, 1);
  g_assert_cmpuint (dis_count_import_get_n_unchanged (import), ==, 0);
  changes = dis_count_import_get_changes (import);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 4);
  {
    g_autoptr(DisCountChange) first = g_list_model_get_item (changes, 0);
    g_autoptr(DisCountChange) last = g_list_model_get_item (changes, 3);

    g_assert_cmpuint (dis_count_change_get_row (first), ==, 2);
    g_assert_cmpstr (dis_count_change_get_code (first), ==, "B-CAFFE");
    g_assert_cmpint (dis_count_change_get_counted (first), ==, 12000);
    g_assert_false (dis_count_change_get_was_counted (first));
    g_assert_cmpuint (dis_count_change_get_row (last), ==, 6);
    g_assert_cmpint (dis_count_change_get_product_id (last), ==, f->ids[TEST_MELE]);
    g_assert_cmpint (dis_count_change_get_counted (last), ==, 3050);
  }
  /* A preview writes nothing. */
  state = count_state (f);
  g_assert_cmpstr (state, ==,
                   "B-CAFFE=(null)@(null)/(null);B-PASSATA=(null)@(null)/(null);B-MELE=(null)@(null)/(null);"
                   "B-OLIO=(null)@(null)/(null);O-PANE=(null)@(null)/(null);");

  progress = apply (f, import);
  g_assert_cmpuint (dis_count_get_n_counted (progress), ==, 4);

  /* Exported again, the sheet is the file as it was filled in. */
  after = export_sheet (f, count, ';');
  exported = bytes_to_string (after);
  g_assert_cmpstr (exported, ==, filled);
}

static void
test_import_twice (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DisCount) count = start_count (f, TRUE);
  const char *counted[TEST_N_PRODUCTS] = { "12", "7", "3,050", "2,5", "" };
  g_autoptr(GBytes) sheet = export_sheet (f, count, ';');
  g_autoptr(DisCountImport) first = NULL;
  g_autoptr(DisCountImport) second = NULL;
  g_autoptr(DisCount) progress = NULL;
  g_autoptr(DisCount) again = NULL;
  g_autofree char *filled = fill_sheet (f, sheet, counted);
  g_autofree char *state = NULL;
  g_autofree char *state_again = NULL;

  first = preview (f, count, filled);
  progress = apply (f, first);
  state = count_state (f);
  g_assert_cmpuint (dis_count_get_n_counted (progress), ==, 4);

  /* Sales or not, time passes: a rewrite would show in counted_at. */
  g_usleep (2 * G_USEC_PER_SEC);

  second = preview (f, count, filled);
  g_assert_cmpuint (g_list_model_get_n_items (dis_count_import_get_changes (second)), ==, 0);
  g_assert_cmpuint (dis_count_import_get_n_unchanged (second), ==, 4);
  g_assert_cmpuint (dis_count_import_get_n_blank_counted (second), ==, 1);
  again = apply (f, second);
  g_clear_object (&again);
  /* Even the first preview, applied a second time, changes nothing. */
  again = apply (f, first);
  state_again = count_state (f);
  g_assert_cmpstr (state_again, ==, state);
  g_assert_cmpuint (dis_count_get_n_counted (again), ==, 4);
}

static void
assert_rejected (Fixture    *f,
                 DisCount   *count,
                 const char *text,
                 const char *row,
                 const char *column)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(DisCountImport) import = NULL;
  g_autofree char *before = count_state (f);
  g_autofree char *after = NULL;

  import = dis_store_count_import_preview (f->store, dis_count_get_id (count), bytes, &error);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_null (import);
  if (strstr (error->message, row) == NULL || (column != NULL && strstr (error->message, column) == NULL))
    g_error ("“%s” does not name “%s” and “%s”", error->message, row, column);
  after = count_state (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_bad_rows (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DisCount) count = start_count (f, TRUE);
  g_autoptr(DisCountImport) import = NULL;
  g_autoptr(DisCount) progress = NULL;
  g_autoptr(DisCount) frutta = NULL;
  g_autoptr(GError) error = NULL;

  /* Row 4's quantity is bad: rows 2 and 3, fine, are not imported either. */
  assert_rejected (f, count, "code;counted\nB-CAFFE;3\nB-MELE;1,5\nB-OLIO;tre\nO-PANE;1\n", "Row 4", "“counted”");
  assert_rejected (f, count, "code;counted\nB-CAFFE;3\nB-NULLA;1\n", "Row 3", "“code”");
  assert_rejected (f, count, "code;counted\nB-CAFFE;3\nB-MELE;1\n;2\n", "Row 4", "“code”");
  assert_rejected (f, count, "code;counted\nB-CAFFE;3\nB-MELE;1\nB-OLIO;1\nB-CAFFE;4\n", "Row 5", "row 2");
  assert_rejected (f, count, "code;counted\nB-CAFFE;-3\n", "Row 2", "“counted”");
  assert_rejected (f, count, "code;counted\nB-CAFFE;2,5\n", "Row 2", "whole pieces");
  assert_rejected (f, count, "code;counted\nB-MELE;1,2345\n", "Row 2", "“counted”");
  assert_rejected (f, count, "code;counted\nB-MELE;1.000,5\n", "Row 2", "“counted”");
  assert_rejected (f, count, "code;name\nB-MELE;Mele\n", "Row 1", "counted");
  assert_rejected (f, count, "codice;contato\nB-MELE;1\n", "Row 1", "code");
  assert_rejected (f, count, "code;counted\nB-MELE;\"1\n", "Row 2", NULL);
  assert_rejected (f, count, "", "empty", NULL);
  /* The column named as the file names it. */
  assert_rejected (f, count, "CODE;Counted\nB-MELE;x\n", "Row 2", "“Counted”");

  /* English headers in any order, ',' and extra columns are fine;
   * blank rows are skipped, their numbers kept. */
  import = preview (f, count, "note,counted,code\r\nok,\"1,5\",B-MELE\r\n,,\r\nx,2,B-CAFFE\r\n");
  g_assert_cmpuint (dis_count_import_get_n_rows (import), ==, 2);
  {
    g_autoptr(DisCountChange) second = g_list_model_get_item (dis_count_import_get_changes (import), 1);

    g_assert_cmpuint (dis_count_change_get_row (second), ==, 4);
    g_assert_cmpint (dis_count_change_get_counted (second), ==, 2000);
  }
  progress = apply (f, import);
  g_assert_cmpuint (dis_count_get_n_counted (progress), ==, 2);

  /* A count of one category takes nothing else. */
  g_assert_true (dis_store_count_abandon (f->store, fixture_manager (f), dis_count_get_id (count), &error));
  g_assert_no_error (error);
  frutta = dis_store_count_start (f->store, fixture_manager (f), "Frutta", TRUE, &error);
  g_assert_no_error (error);
  g_set_object (&count, frutta);
  assert_rejected (f, count, "code;counted\nB-MELE;1\nB-CAFFE;3\n", "Row 3", "not in this count");

  /* A closed count takes no file. */
  g_clear_object (&import);
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static ("code;counted\nB-MELE;1\n", 22);

    import = dis_store_count_import_preview (f->store, 1, bytes, &error);
    g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
    g_assert_null (import);
  }
}

/* A sheet of a count that is not blind shows the expected quantities;
 * the importer ignores them. */
static void
test_open_sheet (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DisCount) count = start_count (f, FALSE);
  g_autoptr(GBytes) sheet = NULL;
  g_autofree char *text = NULL;
  g_autoptr(DisCountImport) import = NULL;

  sheet = export_sheet (f, count, ',');
  text = bytes_to_string (sheet);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "code,name,category,unit,expected,counted\r\n"
                                         "B-CAFFE,Caffè arabica 250 g,Bevande,piece,0,\r\n"
                                         "B-OLIO,Olio extravergine,Condimenti,l,0.000,\r\n"));
  import = preview (f, count, text);
  g_assert_cmpuint (g_list_model_get_n_items (dis_count_import_get_changes (import)), ==, 0);
  g_assert_cmpuint (dis_count_import_get_n_blank_counted (import), ==, TEST_N_PRODUCTS);
}

/* The levels of every product, for a spreadsheet, with either
 * separator and its decimal mark. */
static void
test_levels (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisCount) count = start_count (f, FALSE);
  g_autoptr(DisCountLine) caffe = NULL;
  g_autoptr(DisCountLine) mele = NULL;
  g_autoptr(DisCountResult) result = NULL;
  g_autoptr(GBytes) semicolons = NULL;
  g_autoptr(GBytes) commas = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_commas = NULL;
  DisStockCsvOptions options = { ';', FALSE };
  sqlite3 *db = test_db_open (f->path);

  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO stock_settings (product_id, min_qty, target_qty)"
                                 " SELECT id, 2000, 6000 FROM products WHERE code = 'B-CAFFE';"
                                 "INSERT INTO stock_settings (product_id, min_qty, target_qty)"
                                 " SELECT id, 1500, NULL FROM products WHERE code = 'B-MELE';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  caffe = dis_store_count_record (f->store, fixture_manager (f), dis_count_get_id (count),
                                  f->ids[TEST_CAFFE], 12000, &error);
  g_assert_no_error (error);
  mele = dis_store_count_record (f->store, fixture_manager (f), dis_count_get_id (count),
                                 f->ids[TEST_MELE], 3050, &error);
  g_assert_no_error (error);
  result = dis_store_count_validate (f->store, fixture_manager (f), dis_count_get_id (count), &error);
  g_assert_no_error (error);

  semicolons = dis_store_count_export_levels (f->store, &options, &error);
  g_assert_no_error (error);
  text = bytes_to_string (semicolons);
  g_assert_cmpstr (text, ==,
                   "code;name;category;unit;kind;supplier;quantity;minimum;target\r\n"
                   "B-CAFFE;Caffè arabica 250 g;Bevande;piece;basket;Libera Terra;12;2;6\r\n"
                   "B-MELE;Mele Renetta;Frutta;kg;basket;Cascina Bio;3,050;1,500;\r\n"
                   "B-OLIO;Olio extravergine;Condimenti;l;basket;Cascina Bio;0,000;;\r\n"
                   "O-PANE;Pane di segale;Forno;kg;own;;0,000;;\r\n"
                   "B-PASSATA;Passata di pomodoro;Conserve;piece;basket;Libera Terra;0;;\r\n");

  options.separator = ',';
  options.bom = TRUE;
  commas = dis_store_count_export_levels (f->store, &options, &error);
  g_assert_no_error (error);
  text_commas = bytes_to_string (commas);
  g_assert_true (g_str_has_prefix (text_commas, "\xEF\xBB\xBF" "code,name,category,unit,kind,supplier,quantity,"
                                                "minimum,target\r\n"
                                                "B-CAFFE,Caffè arabica 250 g,Bevande,piece,basket,Libera Terra,12,2,6\r\n"
                                                "B-MELE,Mele Renetta,Frutta,kg,basket,Cascina Bio,3.050,1.500,\r\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dis_core_init ();

  g_test_add ("/count-import/round-trip", Fixture, NULL, fixture_setup, test_round_trip, fixture_teardown);
  g_test_add ("/count-import/twice", Fixture, NULL, fixture_setup, test_import_twice, fixture_teardown);
  g_test_add ("/count-import/bad-rows", Fixture, NULL, fixture_setup, test_bad_rows, fixture_teardown);
  g_test_add ("/count-import/open-sheet", Fixture, NULL, fixture_setup, test_open_sheet, fixture_teardown);
  g_test_add ("/count-import/levels", Fixture, NULL, fixture_setup, test_levels, fixture_teardown);

  return g_test_run ();
}
