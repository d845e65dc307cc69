/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-transparency"

#include "config.h"

#include <string.h>

#include "../../codec-golden.h"
#include "dis-date.h"
#include "dis-store-sync.h"
#include "dis-test-app.h"
#include "dis-test-gui.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "dis-transparency-figure.h"
#include "dis-transparency-page-private.h"

/* The Trasparenza page in the whole application (issue 10 §4): with no
 * month closed it shows the empty state and this month from the point's
 * own sales; when a sync brings two closed months (one with reserved
 * cells) it reads them again, shows them in its table as "reserved"
 * with the reason, never as 0, names the suppliers from the local
 * catalog, and exports what it shows as CSV. */

#define WAIT_MS 10000

typedef struct
{
  char           *dir;
  char           *db_path;
  gint64          sale_total;
  gint64          sale_delta;
  DisApplication *app;
  DisWindow      *window;
  DisTransparencyPage *page;
} Fixture;

/* The demo point, a till opened by Anna, and one sale at Solidale this
 * month: 2 × spaghetti (Pastificio Cooperativo Val Pellice). */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DisStore) store = NULL;
  g_autoptr(DisOperator) anna = NULL;
  g_autoptr(DisProduct) spaghetti = NULL;
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = dis_test_tmpdir_new ("dis-transparency");
  f->db_path = g_build_filename (f->dir, "punto.db", NULL);
  store = dis_test_point_new (f->db_path, "TO-CEN");
  anna = dis_test_point_open_till (store, 5000);
  spaghetti = dis_store_lookup_barcode (store, "8191630694454", &error);
  g_assert_no_error (error);
  dis_cart_add (cart, spaghetti, 2000, FALSE);
  dis_cart_set_tier (cart, DIS_TIER_SOLIDALE);
  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total);
  g_assert_true (dis_store_commit_sale (store, sale, anna, &error));
  g_assert_no_error (error);
  f->sale_total = sale->total;
  f->sale_delta = sale->tier_delta;
  g_assert_cmpint (f->sale_delta, >, 0);
  g_clear_object (&store);

  f->app = dis_test_app_start (&f->window,
                               "database-path", f->db_path,
                               "config-dir", f->dir,
                               "offline-only", TRUE,
                               NULL);
  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_MS);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "transparency");
  f->page = DIS_TRANSPARENCY_PAGE (dis_test_find_named (GTK_WIDGET (f->window), DIS_TYPE_TRANSPARENCY_PAGE, NULL));
  g_assert_nonnull (f->page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->page)));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dis_test_destroy_toplevels ();
  dis_test_sleep_ms (200);

  g_application_set_default (NULL);
  g_clear_object (&f->app);
  dis_test_rm_rf (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
}

/* ---- Helpers ---------------------------------------------------------------- */

static gboolean
page_loaded (gpointer data)
{
  return _dis_transparency_page_is_loaded (data);
}

static void
wait_loaded (Fixture *f)
{
  dis_test_wait_until (page_loaded, f->page, WAIT_MS, "the Transparency page to load");
}

/* The figure @name of the month titled @month, which must be there. */
static DisTransparencyFigure *
figure (Fixture    *f,
        const char *month,
        const char *name)
{
  GListModel *figures = _dis_transparency_page_get_figures (f->page);

  for (guint i = 0; i < g_list_model_get_n_items (figures); i++)
    {
      g_autoptr(DisTransparencyFigure) item = g_list_model_get_item (figures, i);

      if (g_str_equal (dis_transparency_figure_get_month (item), month) &&
          g_str_equal (dis_transparency_figure_get_name (item), name))
        return item;
    }
  g_error ("No figure “%s” for “%s”", name, month);
}

static void
assert_value (Fixture    *f,
              const char *month,
              const char *name,
              const char *value)
{
  g_assert_cmpstr (dis_transparency_figure_get_value (figure (f, month, name)), ==, value);
}

static void
assert_money (Fixture    *f,
              const char *month,
              const char *name,
              gint64      cents)
{
  g_autofree char *value = dis_money_format (cents);

  assert_value (f, month, name, value);
}

static char *
this_month (void)
{
  g_autofree char *period = dis_date_current_period ();
  g_autofree char *title = dis_date_format_period (period);

  return g_strdup_printf ("%s so far, this point", title);
}

/* The hub's feed: the golden October (reserved Accessibile and Impegno),
 * and a November whose total is reserved too, paying F-PAS. */
static void
sync_two_months (Fixture *f)
{
  g_autofree char *october = codec_golden ("change-fund-period.json");
  g_autofree char *page = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  DisStore *store = NULL;

  page = g_strdup_printf ("[%s,{\"seq\":42,\"kind\":\"fund_period\",\"op\":\"upsert\",\"data\":{"
                          "\"period\":\"2026-11\",\"closed\":true,\"min_cell\":5,\"network\":{\"tiers\":["
                          "{\"tier\":\"accessibile\",\"sales\":null,\"gross_cents\":null,\"equa_cents\":null,"
                          "\"delta_cents\":null,\"suppressed\":true},"
                          "{\"tier\":\"impegno\",\"sales\":7,\"gross_cents\":2000,\"equa_cents\":2200,"
                          "\"delta_cents\":-200,\"suppressed\":false},"
                          "{\"tier\":\"equa\",\"sales\":30,\"gross_cents\":90000,\"equa_cents\":90000,"
                          "\"delta_cents\":0,\"suppressed\":false},"
                          "{\"tier\":\"solidale\",\"sales\":9,\"gross_cents\":11500,\"equa_cents\":10000,"
                          "\"delta_cents\":1500,\"suppressed\":false}],"
                          "\"total\":{\"sales\":null,\"gross_cents\":null,\"equa_cents\":null,\"delta_cents\":null,"
                          "\"suppressed\":true}},\"points\":[],"
                          "\"fund\":{\"inflow_cents\":1500,\"carried_in_cents\":4710,\"available_cents\":6210,"
                          "\"claims\":[{\"supplier\":\"F-PAS\",\"claim_cents\":1200,\"allocated_cents\":1200}],"
                          "\"carried_out_cents\":5010,\"impegno_delta_cents\":-200}}}]",
                          october);
  root = dis_codec_parse (page, -1, &error);
  g_assert_no_error (error);
  /* As a sync applies a page: on the application's store, which tells
   * whoever shows the periods. */
  g_object_get (f->page, "store", &store, NULL);
  g_assert_true (dis_store_sync_apply_changes (store, json_node_get_array (root), 42, &error));
  g_assert_no_error (error);
  g_object_unref (store);
}

/* ---- Tests ------------------------------------------------------------------ */

static void
test_empty_then_closed (Fixture *f, gconstpointer data)
{
  g_autofree char *month = this_month ();
  g_autofree char *october = dis_date_format_period ("2026-10");
  g_autofree char *november = dis_date_format_period ("2026-11");
  g_autofree char *reason = NULL;
  GtkWidget *empty;
  DisTransparencyFigure *first;

  /* Nothing closed yet: the empty state says what will come, and the
   * table has this month from this point's sale. */
  wait_loaded (f);
  g_assert_true (_dis_transparency_page_is_empty (f->page));
  empty = dis_test_find_named (GTK_WIDGET (f->page), ADW_TYPE_STATUS_PAGE, NULL);
  g_assert_true (gtk_widget_is_visible (empty));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (empty)), "next sync"));
  assert_value (f, month, "Solidale: sales", "1");
  assert_money (f, month, "Solidale: takings", f->sale_total);
  assert_money (f, month, "Solidale: value at Equa prices", f->sale_total - f->sale_delta);
  assert_value (f, month, "Accessibile: sales", "0");
  assert_value (f, month, "Total: sales", "1");
  /* What the table shows on screen, the first row's cells. */
  g_assert_nonnull (dis_test_find_text (GTK_WIDGET (f->page), GTK_TYPE_LABEL, "Accessibile: sales",
                                        DIS_TEST_MATCH_EXACT));
  g_assert_nonnull (dis_test_find_text (GTK_WIDGET (f->page), GTK_TYPE_LABEL, month, DIS_TEST_MATCH_EXACT));

  /* A sync brings two closed months: read again without a restart. */
  sync_two_months (f);
  DIS_TEST_WAIT_UNTIL (!_dis_transparency_page_is_empty (f->page), 10);
  wait_loaded (f);

  /* This month first, then the newest closed one. */
  first = g_list_model_get_item (_dis_transparency_page_get_figures (f->page), 0);
  g_assert_cmpstr (dis_transparency_figure_get_month (first), ==, month);
  g_object_unref (first);

  /* Reserved cells say so and why; never 0. */
  assert_value (f, october, "Accessibile: sales", "reserved");
  assert_value (f, october, "Accessibile: takings", "reserved");
  reason = g_strdup (dis_transparency_figure_get_note (figure (f, october, "Impegno: difference from Equa")));
  g_assert_nonnull (strstr (reason, "fewer than 5 sales"));
  assert_value (f, november, "Total: sales", "reserved");
  assert_value (f, october, "Equa: sales", "41");
  assert_money (f, october, "Solidale: takings", 61410);
  assert_value (f, november, "Impegno: sales", "7");

  /* The fund, and the suppliers by their names in the local catalog. */
  assert_money (f, october, "Fund: inflow from the Solidale tier", 8010);
  assert_money (f, october, "Fund: carried in from the month before", 1250);
  assert_money (f, october, "Fund: claims for Accessibile sales", 2930 + 1620);
  assert_money (f, october, "Fund: carried to the month after", 4710);
  assert_money (f, october, "Paid to Pastificio Cooperativo Val Pellice", 2930);
  assert_money (f, november, "Paid to Pastificio Cooperativo Val Pellice", 1200);
  assert_money (f, november, "Fund: available", 6210);
}

typedef struct
{
  const char *path;
  guint       n_lines;   /* ended by CRLF */
} FileWait;

/* The export writes a new file in place: it is there, empty, before its
 * lines are (seen under ASan). */
static gboolean
file_written (gpointer data)
{
  FileWait *wait = data;
  g_autofree char *contents = NULL;
  guint n = 0;

  if (!g_file_get_contents (wait->path, &contents, NULL, NULL))
    return FALSE;
  for (const char *p = contents; (p = strstr (p, "\r\n")) != NULL; p += 2)
    n++;
  return n == wait->n_lines;
}

static gboolean
has_prefix (char       **lines,
            const char  *prefix)
{
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return TRUE;
  return FALSE;
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "export.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autofree char *october = dis_date_format_period ("2026-10");
  g_autofree char *expected = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  FileWait wait = { path };
  GListModel *figures;

  wait_loaded (f);
  sync_two_months (f);
  DIS_TEST_WAIT_UNTIL (!_dis_transparency_page_is_empty (f->page), 10);
  wait_loaded (f);

  /* A header, then one line per figure shown, each ended by CRLF. */
  figures = _dis_transparency_page_get_figures (f->page);
  wait.n_lines = g_list_model_get_n_items (figures) + 1;
  _dis_transparency_page_export_to (f->page, file);
  dis_test_wait_until (file_written, &wait, WAIT_MS, "the CSV export");
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, g_list_model_get_n_items (figures) + 2);
  g_assert_cmpstr (lines[0], ==, "period,month,figure,value,shown,note");
  g_assert_cmpstr (lines[g_strv_length (lines) - 1], ==, "");
  /* Plain euros for a spreadsheet, and the figure as shown. */
  expected = g_strdup_printf ("2026-10,%s,Equa: sales,41,41,", october);
  g_assert_true (g_strv_contains ((const char * const *) lines, expected));
  g_clear_pointer (&expected, g_free);
  {
    g_autofree char *shown = dis_money_format (2930);

    expected = g_strdup_printf ("2026-10,%s,Paid to Pastificio Cooperativo Val Pellice,29.30,%s,claimed %s",
                                october, shown, shown);
  }
  g_assert_true (g_strv_contains ((const char * const *) lines, expected));
  g_clear_pointer (&expected, g_free);
  /* A reserved cell: no number, and why (quoted: the reason has a comma). */
  expected = g_strdup_printf ("2026-10,%s,Accessibile: sales,,reserved,\"Reserved: cells with fewer than 5 sales "
                              "are not published, nor the ones they could be worked out from\"", october);
  g_assert_true (g_strv_contains ((const char * const *) lines, expected));
  g_clear_pointer (&expected, g_free);
  /* A figure whose name has a comma is quoted; a negative one signed. */
  expected = g_strdup_printf ("2026-10,%s,\"Impegno discounts (reported, not compensated)\",-14.50,", october);
  g_assert_true (has_prefix (lines, expected));
}

/* The window closes with the page's menu open: the menu goes with it
 * (see dis_test_destroy_window_with_open()). */
static void
test_menu_closed_with_window (Fixture *f, gconstpointer data)
{
  wait_loaded (f);
  gtk_menu_button_popup (f->page->menu_button);
  dis_test_destroy_window_with_open (GTK_WINDOW (g_steal_pointer (&f->window)),
                                     gtk_menu_button_get_popover (f->page->menu_button), WAIT_MS / 1000);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  dis_core_init ();

  g_test_add ("/transparency/empty-then-closed", Fixture, NULL, fixture_setup, test_empty_then_closed,
              fixture_teardown);
  g_test_add ("/transparency/export", Fixture, NULL, fixture_setup, test_export, fixture_teardown);
  g_test_add ("/transparency/menu-closed-with-window", Fixture, NULL, fixture_setup, test_menu_closed_with_window,
              fixture_teardown);

  return g_test_run ();
}
