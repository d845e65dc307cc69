/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "dis-app-resources.h"
#include "dis-core.h"
#include "dis-receipt-private.h"
#include "dis-plain-number.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"
#include "receipt-test-fixture.h"

/* Receipt text for each tier and for a refund, the receipt as a PDF, the
 * day report's text. The receipt and refund dialogs are in
 * test-receipt-refund.c, the day dialog in test-receipt-day.c, printing
 * in test-receipt-print.c. */

/* The line of @text that contains @needle, or NULL. */
static char *
find_line (const char *text,
           const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      return g_strdup (lines[i]);

  return NULL;
}

/* Every line fits the width; every amount line ends exactly at it. */
static void
assert_fits (const char *text,
             guint       width)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint (g_utf8_strlen (lines[i], -1), <=, width);
}

static void
assert_pair (const char *text,
             const char *label,
             const char *amount,
             guint       width)
{
  g_autofree char *line = find_line (text, label);

  if (line == NULL)
    g_error ("No line with “%s” in:\n%s", label, text);
  g_assert_true (g_str_has_prefix (line, label));
  g_assert_true (g_str_has_suffix (line, amount));
  g_assert_cmpuint (g_utf8_strlen (line, -1), ==, width);
}

/* ---- Receipt text ------------------------------------------------------- */

static void
test_text_solidale (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DisSale) sale = commit_sale (fixture, DIS_TIER_SOLIDALE, FALSE);
  g_autofree char *text = dis_receipt_format_text (sale, 42);
  g_autofree char *delta = dis_money_format_signed (sale->tier_delta);
  g_autofree char *total = dis_money_format (sale->total);
  g_autofree char *tendered = dis_money_format (sale->cash_tendered);
  g_autofree char *change = dis_money_format (sale->change_due);
  g_autofree char *pay = dis_money_format (sale->total);
  g_autoptr(GArray) vat = dis_sale_vat_breakdown (sale);
  gint64 gross_sum = 0;

  g_test_message ("%s", text);
  assert_fits (text, 42);

  g_assert_nonnull (strstr (text, POINT_NAME));
  g_assert_nonnull (strstr (text, POINT_CODE));
  g_assert_nonnull (strstr (text, sale->receipt_no));
  g_assert_nonnull (strstr (text, "Maria"));
  g_assert_nonnull (strstr (text, "Pane integrale"));
  {
    g_autofree char *qty = dis_qty_format (350, "kg");

    g_assert_nonnull (strstr (text, qty));
  }
  g_assert_nonnull (strstr (text, "/kg"));

  /* Solidale: a positive contribution, with its sign. */
  g_assert_cmpint (sale->tier_delta, >, 0);
  g_assert_true (g_str_has_prefix (delta, "+"));
  assert_pair (text, "Solidarity contribution", delta, 42);
  assert_pair (text, "TOTAL", total, 42);

  /* VAT rows: one per rate, whose gross add up to the total. */
  g_assert_cmpuint (vat->len, ==, 2);
  for (guint i = 0; i < vat->len; i++)
    {
      const DisVatRow *row = &g_array_index (vat, DisVatRow, i);
      g_autofree char *rate = g_strdup_printf ("%u%%", row->vat_rate);
      g_autofree char *gross = dis_money_format (row->gross);
      g_autofree char *net = dis_money_format (row->net);
      g_autofree char *line = find_line (text, rate);

      g_assert_nonnull (line);
      g_assert_true (g_str_has_prefix (line, rate));
      g_assert_true (g_str_has_suffix (line, gross));
      g_assert_nonnull (strstr (line, net));
      gross_sum += row->gross;
    }
  g_assert_cmpint (gross_sum, ==, sale->total);

  /* Payments and change. */
  assert_pair (text, "Cash tendered", tendered, 42);
  assert_pair (text, "Change", change, 42);
  {
    g_autofree char *cash = find_line (text, dis_payment_method_get_name (DIS_PAYMENT_CASH));

    g_assert_nonnull (cash);
    g_assert_true (g_str_has_suffix (cash, pay));
  }

  g_assert_nonnull (strstr (text, "Non-fiscal document"));
  g_assert_null (strstr (text, "Refund of"));
  /* No order behind this sale: no order line. */
  g_assert_null (strstr (text, "ORD"));
}

/* A sale that hands over (or pays) a member's order names it, by the
 * label on the bag, so the buyer can match the two. */
static void
test_text_order (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(DisSale) sale = commit_sale (fixture, DIS_TIER_EQUA, TRUE);
  g_autofree char *text = NULL;
  g_autofree char *narrow = NULL;

  g_assert_null (sale->order_label);
  sale->order_label = g_strdup ("ORD12-C1");
  text = dis_receipt_format_text (sale, 42);
  g_test_message ("%s", text);
  assert_fits (text, 42);
  assert_pair (text, "Order", "ORD12-C1", 42);
  /* Under the buyer, before the lines. */
  g_assert_true (strstr (text, "Member card") < strstr (text, "ORD12-C1"));
  g_assert_true (strstr (text, "ORD12-C1") < strstr (text, "TOTAL"));

  /* An order numbered before labels named their till. */
  g_free (sale->order_label);
  sale->order_label = g_strdup ("ORD7");
  narrow = dis_receipt_format_text (sale, 24);
  assert_fits (narrow, 24);
  assert_pair (narrow, "Order", "ORD7", 24);
}

static void
test_text_accessibile (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(DisSale) sale = commit_sale (fixture, DIS_TIER_ACCESSIBILE, TRUE);
  g_autofree char *text = dis_receipt_format_text (sale, 42);
  g_autofree char *delta = dis_money_format_signed (sale->tier_delta);
  g_autofree char *wide = dis_receipt_format_text (sale, 72);

  g_test_message ("%s", text);
  assert_fits (text, 42);
  assert_fits (wide, 72);

  g_assert_cmpint (sale->tier_delta, <, 0);
  g_assert_true (g_str_has_prefix (delta, "−"));
  assert_pair (text, "Accessibile discount", delta, 42);
  assert_pair (wide, "Accessibile discount", delta, 72);
  g_assert_null (strstr (text, "Solidarity contribution"));
  /* Paid by card: no cash tendered, no change. */
  g_assert_null (strstr (text, "Cash tendered"));
  g_assert_nonnull (strstr (text, dis_payment_method_get_name (DIS_PAYMENT_CARD)));
}

static void
test_text_equa (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(DisSale) sale = commit_sale (fixture, DIS_TIER_EQUA, FALSE);
  g_autofree char *text = dis_receipt_format_text (sale, 42);

  assert_pair (text, "Tier", "Equa", 42);
  g_assert_null (strstr (text, "discount"));
  g_assert_null (strstr (text, "Solidarity contribution"));
}

static void
test_text_refund (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DisSale) sale = commit_sale (fixture, DIS_TIER_IMPEGNO, FALSE);
  g_autoptr(GError) error = NULL;
  gint64 quantities[3] = { 1000, 0, 0 };
  g_autoptr(DisSale) refund = dis_sale_new_refund (sale, quantities, 3, &error);
  g_autofree char *text = NULL;
  g_autofree char *of = NULL;
  g_autofree char *total = NULL;

  g_assert_no_error (error);
  dis_sale_add_payment (refund, DIS_PAYMENT_CASH, refund->total);
  g_assert_true (dis_store_commit_sale (fixture->store, refund, fixture->manager, &error));
  g_assert_no_error (error);

  text = dis_receipt_format_text (refund, 42);
  g_test_message ("%s", text);
  assert_fits (text, 42);

  of = g_strdup_printf ("Refund of %s", sale->receipt_no);
  g_assert_nonnull (strstr (text, of));
  g_assert_nonnull (strstr (text, refund->receipt_no));
  total = dis_money_format (refund->total);
  g_assert_true (g_str_has_prefix (total, "−"));
  assert_pair (text, "TOTAL", total, 42);
  g_assert_nonnull (strstr (text, "Impegno discount"));
}

/* ---- PDF ---------------------------------------------------------------- */

static void
test_pdf (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(DisSale) sale = commit_sale (fixture, DIS_TIER_SOLIDALE, FALSE);
  g_autoptr(DisDayReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *roll = g_build_filename (fixture->dir, "roll.pdf", NULL);
  g_autofree char *a4 = g_build_filename (fixture->dir, "a4.pdf", NULL);
  g_autofree char *day = g_build_filename (fixture->dir, "day.pdf", NULL);
  g_autofree char *day_a4 = g_build_filename (fixture->dir, "day-a4.pdf", NULL);
  g_autofree char *bad = g_build_filename (fixture->dir, "missing", "dir", "x.pdf", NULL);

  g_assert_true (dis_receipt_save_pdf (sale, DIS_PAPER_ROLL_80MM, roll, &error));
  g_assert_no_error (error);
  assert_pdf (roll, sale->receipt_no);

  g_assert_true (dis_receipt_save_pdf (sale, DIS_PAPER_A4, a4, &error));
  g_assert_no_error (error);
  assert_pdf (a4, sale->receipt_no);

  report = dis_store_get_open_day (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true (dis_day_report_save_pdf (report, DIS_PAPER_ROLL_80MM, day, &error));
  g_assert_no_error (error);
  {
    g_autofree char *business_day = dis_plain_day (report->business_date);

    assert_pdf (day, business_day);
  }
  g_assert_true (dis_day_report_save_pdf (report, DIS_PAPER_A4, day_a4, &error));
  g_assert_no_error (error);
  assert_pdf (day_a4, "Expected cash");

  /* A path that cannot be written is an error, not a crash. */
  g_assert_false (dis_receipt_save_pdf (sale, DIS_PAPER_A4, bad, &error));
  g_assert_nonnull (error);
}

/* ---- Day report text ---------------------------------------------------- */

static void
test_day_report_text (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DisSale) sale1 = commit_sale (fixture, DIS_TIER_SOLIDALE, FALSE);
  g_autoptr(DisSale) sale2 = commit_sale (fixture, DIS_TIER_ACCESSIBILE, TRUE);
  g_autoptr(DisDayReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *counted = NULL;
  g_autofree char *difference = NULL;
  g_autofree char *opening = NULL;

  report = dis_store_get_open_day (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpint (report->expected_cash, ==, 5000 + sale1->total);

  /* Not counted yet. */
  text = dis_day_report_format_text (report, 42);
  g_test_message ("%s", text);
  assert_fits (text, 42);
  g_assert_null (strstr (text, "Difference"));

  report->has_counted = TRUE;
  report->counted_cash = report->expected_cash - 150;
  report->difference = -150;
  g_clear_pointer (&text, g_free);
  text = dis_day_report_format_text (report, 42);
  g_test_message ("%s", text);
  assert_fits (text, 42);

  expected = dis_money_format (report->expected_cash);
  counted = dis_money_format (report->counted_cash);
  difference = dis_money_format_signed (report->difference);
  opening = dis_money_format (5000);
  assert_pair (text, "Opening float", opening, 42);
  assert_pair (text, "Expected cash", expected, 42);
  assert_pair (text, "Counted cash", counted, 42);
  assert_pair (text, "Difference", difference, 42);
  g_assert_true (g_str_has_prefix (difference, "−"));
  {
    g_autofree char *business_day = dis_plain_day (report->business_date);

    g_assert_nonnull (strstr (text, business_day));
  }
  g_assert_nonnull (strstr (text, "Maria"));

  /* By tier: Solidale row with its positive delta. */
  {
    g_autofree char *delta = dis_money_format_signed (report->by_tier[DIS_TIER_SOLIDALE].tier_delta);
    g_autofree char *line = find_line (text, "Solidale");

    g_assert_nonnull (line);
    g_assert_true (g_str_has_suffix (line, delta));
  }

  /* Pending sync events are mentioned only when there are some. */
  g_assert_cmpint (report->pending_events, >, 0);
  g_assert_nonnull (strstr (text, "not yet synced"));
  report->pending_events = 0;
  g_clear_pointer (&text, g_free);
  text = dis_day_report_format_text (report, 72);
  assert_fits (text, 72);
  g_assert_null (strstr (text, "not yet synced"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = dis_test_tmpdir_new ("dis-receipt-home");
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  g_autofree char *config_home = g_build_filename (home, "config", NULL);
  int status;

  /* The printer remembered and the documents folder are the user's:
   * a home of the tests' own. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  dis_core_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Pulls the app's resources out of the static library. */
  g_assert_nonnull (dis_app_get_resource ());

#define ADD(path, func, no_day) \
  g_test_add (path, Fixture, GINT_TO_POINTER (no_day), fixture_setup, func, fixture_teardown)

  ADD ("/receipt/text/solidale", test_text_solidale, 0);
  ADD ("/receipt/text/accessibile", test_text_accessibile, 0);
  ADD ("/receipt/text/equa", test_text_equa, 0);
  ADD ("/receipt/text/refund", test_text_refund, 0);
  ADD ("/receipt/text/order", test_text_order, 0);
  ADD ("/receipt/pdf", test_pdf, 0);
  ADD ("/receipt/day-report/text", test_day_report_text, 0);

#undef ADD

  receipt_add_refund_tests ();
  receipt_add_day_tests ();
  receipt_add_print_tests ();

  status = g_test_run ();
  dis_test_rm_rf (home);

  return status;
}
