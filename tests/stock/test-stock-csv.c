/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stock-csv"

#include "config.h"

#include <string.h>

#include "dis-error.h"
#include "dis-money.h"
#include "dis-stock-csv.h"

/* The stock CSV files as spreadsheets write and read them: RFC 4180
 * quoting, either separator, a BOM, line ends of any kind, and
 * quantities read exactly as milli-units. */

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strndup (data, size);
}

static DisStockCsv *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  DisStockCsv *csv = dis_stock_csv_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (csv);
  return csv;
}

static void
assert_row (DisStockCsv        *csv,
            guint               row,
            const char * const *expected)
{
  guint n_fields;
  const char * const *fields = dis_stock_csv_get_row (csv, row, &n_fields);

  g_assert_cmpuint (n_fields, ==, g_strv_length ((GStrv) expected));
  for (guint i = 0; i < n_fields; i++)
    g_assert_cmpstr (fields[i], ==, expected[i]);
}

static void
test_write_quoting (void)
{
  DisStockCsvOptions options = { ';', FALSE };
  DisStockCsvWriter *writer = dis_stock_csv_writer_new (&options);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  dis_stock_csv_writer_add (writer, "P-0001");
  dis_stock_csv_writer_add (writer, "Olio; extra");
  dis_stock_csv_writer_add (writer, "Il \"buono\"");
  dis_stock_csv_writer_add (writer, "due\nrighe");
  dis_stock_csv_writer_add (writer, NULL);
  dis_stock_csv_writer_add (writer, "a,b");
  dis_stock_csv_writer_add (writer, " spazio");
  dis_stock_csv_writer_end_row (writer);
  dis_stock_csv_writer_add_text (writer, "=SUM(A1:A9)");
  dis_stock_csv_writer_add_text (writer, "-2+3");
  dis_stock_csv_writer_add_text (writer, "Pane");
  dis_stock_csv_writer_add_text (writer, NULL);
  dis_stock_csv_writer_add (writer, "a,b");
  dis_stock_csv_writer_end_row (writer);
  bytes = dis_stock_csv_writer_finish (writer);
  text = bytes_to_string (bytes);

  /* The other separator is quoted in the first row only (where the
   * reader guesses the separator); the formula is defused. */
  g_assert_cmpstr (text, ==,
                   "P-0001;\"Olio; extra\";\"Il \"\"buono\"\"\";\"due\nrighe\";;\"a,b\";\" spazio\"\r\n"
                   "'=SUM(A1:A9);'-2+3;Pane;;a,b\r\n");
}

static void
test_write_bom_and_quantities (void)
{
  struct { char separator; gint64 qty; gboolean whole; const char *text; } cases[] = {
    { ';', 12000, TRUE, "12" },
    { ';', 3050, FALSE, "3,050" },
    { ',', 3050, FALSE, "3.050" },
    { ';', 500, TRUE, "0,500" },       /* a fraction of a piece is shown, not hidden */
    { ';', -2000, TRUE, "-2" },
    { ',', -1, FALSE, "-0.001" },
    { ';', 0, TRUE, "0" },
    { ';', 0, FALSE, "0,000" },
    { ',', DIS_QUANTITY_MAX, FALSE, "1000000.000" },
    { ',', G_MININT64, FALSE, "-9223372036854775.808" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DisStockCsvOptions options = { cases[i].separator, TRUE };
      DisStockCsvWriter *writer = dis_stock_csv_writer_new (&options);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;

      dis_stock_csv_writer_add (writer, "qty");
      dis_stock_csv_writer_add (writer, "n");
      dis_stock_csv_writer_end_row (writer);
      dis_stock_csv_writer_add_qty (writer, cases[i].qty, cases[i].whole);
      dis_stock_csv_writer_add_int (writer, -7);
      dis_stock_csv_writer_end_row (writer);
      bytes = dis_stock_csv_writer_finish (writer);
      text = bytes_to_string (bytes);
      expected = g_strdup_printf ("\xEF\xBB\xBFqty%cn\r\n%s%c-7\r\n", cases[i].separator,
                                  cases[i].text, cases[i].separator);
      g_assert_cmpstr (text, ==, expected);
    }
}

static void
test_parse_shapes (void)
{
  g_autoptr(DisStockCsv) semicolons = NULL;
  g_autoptr(DisStockCsv) commas = NULL;
  g_autoptr(DisStockCsv) bare = NULL;
  g_autoptr(DisStockCsv) empty = NULL;

  /* BOM, ';' guessed, a quoted separator, an escaped quote, a quoted line
   * break that stays in its row, LF and CRLF and a lone CR, an empty line
   * that is a row of its own, no line end at the end. */
  semicolons = parse_ok ("\xEF\xBB\xBF" "code;name;counted\r\n"
                         "P-1;\"Olio; extra\";3,5\n"
                         "P-2;\"Il \"\"buono\"\"\";\r"
                         "P-3;\"due\r\nrighe\";7\r\n"
                         "\r\n"
                         "P-4;;\"\"");
  g_assert_cmpint (dis_stock_csv_get_separator (semicolons), ==, ';');
  g_assert_cmpuint (dis_stock_csv_get_n_rows (semicolons), ==, 6);
  assert_row (semicolons, 1, (const char *[]) { "code", "name", "counted", NULL });
  assert_row (semicolons, 2, (const char *[]) { "P-1", "Olio; extra", "3,5", NULL });
  assert_row (semicolons, 3, (const char *[]) { "P-2", "Il \"buono\"", "", NULL });
  assert_row (semicolons, 4, (const char *[]) { "P-3", "due\r\nrighe", "7", NULL });
  assert_row (semicolons, 5, (const char *[]) { "", NULL });
  g_assert_true (dis_stock_csv_row_is_blank (semicolons, 5));
  g_assert_false (dis_stock_csv_row_is_blank (semicolons, 4));
  assert_row (semicolons, 6, (const char *[]) { "P-4", "", "", NULL });

  /* ',' guessed when it is the more frequent one outside quotes. */
  commas = parse_ok ("code,\"a;b;c\",counted\n\"P-1\",x,\"1,5\"\n");
  g_assert_cmpint (dis_stock_csv_get_separator (commas), ==, ',');
  g_assert_cmpuint (dis_stock_csv_get_n_rows (commas), ==, 2);
  assert_row (commas, 1, (const char *[]) { "code", "a;b;c", "counted", NULL });
  assert_row (commas, 2, (const char *[]) { "P-1", "x", "1,5", NULL });

  /* One column, no separator at all. */
  bare = parse_ok ("code\nP-1\n");
  g_assert_cmpuint (dis_stock_csv_get_n_rows (bare), ==, 2);
  assert_row (bare, 2, (const char *[]) { "P-1", NULL });

  empty = parse_ok ("\xEF\xBB\xBF");
  g_assert_cmpuint (dis_stock_csv_get_n_rows (empty), ==, 0);
}

static void
assert_parse_fails (const char *text,
                    gsize       length,
                    const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisStockCsv) csv = dis_stock_csv_parse (text, length, &error);

  g_assert_null (csv);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message_part);
}

static void
test_parse_errors (void)
{
  static const char latin1[] = "code;name\nP-1;Caff\xE8\n";

  assert_parse_fails ("code;name\nP-1;\"open\nP-2;x\n", strlen ("code;name\nP-1;\"open\nP-2;x\n"), "Row 2");
  assert_parse_fails ("code;name\nP-1;x\nP-2;\"a\"b\n", strlen ("code;name\nP-1;x\nP-2;\"a\"b\n"), "Row 3");
  assert_parse_fails (latin1, sizeof latin1 - 1, "Row 2");
}

static void
assert_qty (const char *text,
            gboolean    ok,
            gint64      expected)
{
  gint64 value = 42;

  if (dis_stock_csv_parse_qty (text, DIS_QUANTITY_MAX, &value) != ok)
    g_error ("“%s”: expected %s", text, ok ? "a quantity" : "a failure");
  g_assert_cmpint (value, ==, ok ? expected : 42);
}

static void
test_parse_qty (void)
{
  assert_qty ("12", TRUE, 12000);
  assert_qty (" 12 ", TRUE, 12000);
  assert_qty ("3,05", TRUE, 3050);
  assert_qty ("3.050", TRUE, 3050);
  assert_qty ("0,1", TRUE, 100);           /* 0.1 exactly: no binary fraction on the way */
  assert_qty ("0.001", TRUE, 1);
  assert_qty (",5", TRUE, 500);
  assert_qty ("-2", TRUE, -2000);
  assert_qty ("+2,5", TRUE, 2500);
  assert_qty ("0", TRUE, 0);
  assert_qty ("999999,999", TRUE, 999999999);
  assert_qty ("1000000", TRUE, DIS_QUANTITY_MAX);
  assert_qty ("1000000,001", FALSE, 0);
  assert_qty ("99999999999999999999", FALSE, 0);
  assert_qty ("1,2345", FALSE, 0);         /* beyond the gram */
  assert_qty ("1.000,5", FALSE, 0);        /* no thousands grouping */
  assert_qty ("1 000", FALSE, 0);
  assert_qty ("3,", FALSE, 0);
  assert_qty ("", FALSE, 0);
  assert_qty ("-", FALSE, 0);
  assert_qty ("abc", FALSE, 0);
  assert_qty ("1e3", FALSE, 0);
  assert_qty ("--1", FALSE, 0);
  assert_qty (NULL, FALSE, 0);
}

/* Whatever is written reads back the same, field by field, with either
 * separator: random text with the characters that need quoting. */
static void
test_round_trip (void)
{
  static const char *alphabet[] = { "a", "Z", "9", ",", ";", "\"", "\n", "\r\n", " ", "è", "€", "'", "=" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint round = 0; round < 200; round++)
    {
      DisStockCsvOptions options = { round % 2 ? ';' : ',', round % 3 == 0 };
      DisStockCsvWriter *writer = dis_stock_csv_writer_new (&options);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(DisStockCsv) csv = NULL;
      g_autoptr(GError) error = NULL;
      guint n_rows = g_rand_int_range (rand, 1, 8);
      guint n_fields = g_rand_int_range (rand, 2, 6);
      gsize size;
      const char *data;

      for (guint r = 0; r < n_rows; r++)
        {
          GStrv fields = g_new0 (char *, n_fields + 1);

          for (guint c = 0; c < n_fields; c++)
            {
              GString *field = g_string_new (NULL);
              guint length = g_rand_int_range (rand, 0, 7);

              for (guint k = 0; k < length; k++)
                g_string_append (field, alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);
              fields[c] = g_string_free (field, FALSE);
              dis_stock_csv_writer_add (writer, fields[c]);
            }
          dis_stock_csv_writer_end_row (writer);
          g_ptr_array_add (rows, fields);
        }
      bytes = dis_stock_csv_writer_finish (writer);
      data = g_bytes_get_data (bytes, &size);
      csv = dis_stock_csv_parse (data, size, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (dis_stock_csv_get_n_rows (csv), ==, n_rows);
      for (guint r = 0; r < n_rows; r++)
        assert_row (csv, r + 1, g_ptr_array_index (rows, r));
    }
}

/* A quantity written is the quantity read, with either decimal mark. */
static void
test_qty_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  for (guint i = 0; i < 2000; i++)
    {
      DisStockCsvOptions options = { i % 2 ? ';' : ',', FALSE };
      DisStockCsvWriter *writer = dis_stock_csv_writer_new (&options);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(DisStockCsv) csv = NULL;
      gint64 qty = g_rand_int_range (rand, -1000000, 1000001) * (gint64) g_rand_int_range (rand, 1, 1001);
      gint64 read = 0;
      gsize size;
      const char *data;

      /* Two columns, as every stock file has: one column has no
       * separator to guess from. */
      dis_stock_csv_writer_add (writer, "qty");
      dis_stock_csv_writer_add (writer, "n");
      dis_stock_csv_writer_end_row (writer);
      dis_stock_csv_writer_add_qty (writer, qty, i % 3 == 0);
      dis_stock_csv_writer_add_int (writer, i);
      dis_stock_csv_writer_end_row (writer);
      bytes = dis_stock_csv_writer_finish (writer);
      data = g_bytes_get_data (bytes, &size);
      csv = dis_stock_csv_parse (data, size, NULL);
      g_assert_nonnull (csv);
      g_assert_true (dis_stock_csv_parse_qty (dis_stock_csv_get_row (csv, 2, NULL)[0], DIS_QUANTITY_MAX, &read));
      g_assert_cmpint (read, ==, qty);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stock-csv/write/quoting", test_write_quoting);
  g_test_add_func ("/stock-csv/write/bom-and-quantities", test_write_bom_and_quantities);
  g_test_add_func ("/stock-csv/parse/shapes", test_parse_shapes);
  g_test_add_func ("/stock-csv/parse/errors", test_parse_errors);
  g_test_add_func ("/stock-csv/parse/quantities", test_parse_qty);
  g_test_add_func ("/stock-csv/round-trip/fields", test_round_trip);
  g_test_add_func ("/stock-csv/round-trip/quantities", test_qty_round_trip);

  return g_test_run ();
}
