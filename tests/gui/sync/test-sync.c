/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <string.h>

#include "dis-application.h"
#include "dis-dead-letters-dialog.h"
#include "dis-enrol-page.h"
#include "dis-first-run-page.h"
#include "dis-sync-indicator.h"
#include "dis-store-sync.h"
#include "dis-sync-private.h"
#include "dis-test-app.h"
#include "dis-test-gui.h"
#include "dis-test-hub.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "dis-window-private.h"

/* The enrolment page, the sync indicator and the first start of the
 * application, against a real disotto-hub on 127.0.0.1. */

#define WAIT_SECONDS 20

typedef struct
{
  DisTestNetwork   net;

  DisStore        *store;
  DisOperator     *manager;
  DisSyncClient   *client;
  DisApplication  *app;
  DisWindow       *window;
} Fixture;

/* ---- Waiting ------------------------------------------------------------ */

/* Iterates the main context until @cond holds; fails the test after
 * WAIT_SECONDS. */
#define wait_until(cond, data, what) dis_test_wait_until (cond, data, WAIT_SECONDS * 1000, what)

/* ---- Widgets ------------------------------------------------------------ */

typedef struct
{
  GtkWidget    *root;
  const char   *text;
  DisTestMatch  match;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;
  GtkWidget *label = dis_test_find_text (wait->root, GTK_TYPE_LABEL, wait->text, wait->match);

  return label != NULL && gtk_widget_is_visible (label);
}

static void
wait_label (GtkWidget    *root,
            const char   *text,
            DisTestMatch  match)
{
  LabelWait wait = { root, text, match };
  g_autofree char *what = g_strdup_printf ("a label “%s”", text);

  wait_until (label_shown, &wait, what);
}

/* ---- The hub ------------------------------------------------------------- */

/* "sales: N" of `point status`: what really reached the hub. */
static guint
hub_sales (Fixture *f)
{
  g_autofree char *out = dis_test_hub_admin (f->net.hub, "point", "status", "--code", "TO-CEN", NULL);
  const char *line = strstr (out, "\nsales: ");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("\nsales: "), NULL, 10);
}

/* ---- Fixture ------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dis_test_network_init (&f->net, "dis-syncui", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->net.config_dir, 0700), ==, 0);
  dis_test_hub_start (f->net.hub, 0, NULL);

  /* The point's own database, with the same demo catalog as the hub. */
  f->store = dis_test_point_new (f->net.point_db, "TO-CEN");
}

static void
fixture_setup_till (Fixture       *f,
                    gconstpointer  data)
{
  fixture_setup (f, data);

  f->manager = dis_test_point_open_till (f->store, 5000);
  f->client = dis_sync_client_new (f->store, f->net.config_dir);
  dis_sync_client_set_timing_for_testing (f->client, 50, 400, 60000, 5, 1);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dis_test_destroy_toplevels ();
  dis_test_sleep_ms (100);

  if (f->client != NULL)
    dis_sync_client_stop (f->client);
  g_clear_object (&f->client);
  if (f->app != NULL)
    {
      g_application_set_default (NULL);
      g_clear_object (&f->app);
    }
  dis_test_sleep_ms (100);
  g_clear_object (&f->manager);
  g_clear_object (&f->store);
  dis_test_network_clear (&f->net);
}

static GtkWidget *
show_in_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 700);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

/* ---- Enrolment page ------------------------------------------------------- */

static void
finished_cb (DisEnrolPage *page,
             gboolean      enrolled,
             int          *result)
{
  *result = enrolled ? 1 : 0;
}

static gboolean
int_set (gpointer data)
{
  return *(int *) data >= 0;
}

static void
fill_in (GtkWidget  *page,
         const char *url,
         const char *token)
{
  GtkWidget *url_row = dis_test_get_text (page, ADW_TYPE_ENTRY_ROW, "Hub address");
  GtkWidget *token_row = dis_test_get_text (page, ADW_TYPE_PASSWORD_ENTRY_ROW, "Enrolment token");

  gtk_editable_set_text (GTK_EDITABLE (url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (token_row), token);
  dis_test_click (dis_test_get_text (page, GTK_TYPE_BUTTON, "Connect"));
}

static void
test_enrol_page (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *page = dis_enrol_page_new ();
  g_autofree char *unreachable = NULL;
  int finished = -1;

  f->client = dis_sync_client_new (f->store, f->net.config_dir);
  dis_sync_client_set_timing_for_testing (f->client, 50, 400, 60000, 5, 1);
  dis_enrol_page_set_client (DIS_ENROL_PAGE (page), f->client);
  g_signal_connect (page, "finished", G_CALLBACK (finished_cb), &finished);
  show_in_window (page);
  dis_enrol_page_reset (DIS_ENROL_PAGE (page));

  /* Nothing typed: said so, nothing tried. */
  fill_in (page, "", "");
  wait_label (page, "Type the hub address", DIS_TEST_MATCH_PREFIX);

  /* A wrong token: the hub says it does not know it. */
  fill_in (page, f->net.hub->url, "not-the-token-the-hub-gave");
  wait_label (page, "The hub does not know this enrolment token", DIS_TEST_MATCH_PREFIX);
  g_assert_false (dis_sync_client_is_enrolled (f->client));

  /* Nobody listening there. */
  unreachable = g_strdup_printf ("http://127.0.0.1:1");
  fill_in (page, unreachable, f->net.token);
  wait_label (page, "The hub cannot be reached at this address", DIS_TEST_MATCH_PREFIX);
  g_assert_false (dis_sync_client_is_enrolled (f->client));

  /* The right one: the page says which point this till has become. */
  fill_in (page, f->net.hub->url, f->net.token);
  wait_label (page, "This till is now Bottega DiSoTTo Centro (TO-CEN), device C1.", DIS_TEST_MATCH_EXACT);
  g_assert_true (dis_sync_client_is_enrolled (f->client));
  g_assert_cmpstr (dis_sync_client_get_hub_url (f->client), !=, NULL);

  /* The token is not left in the form. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dis_test_get_text (page, ADW_TYPE_PASSWORD_ENTRY_ROW,
                                                                           "Enrolment token"))), ==, "");

  dis_test_click (dis_test_get_text (page, GTK_TYPE_BUTTON, "Continue"));
  wait_until (int_set, &finished, "“finished”");
  g_assert_cmpint (finished, ==, 1);
}

/* ---- Indicator ------------------------------------------------------------ */

static void
enrol (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisSyncEnrolment) enrolment = dis_test_enrol (f->client, f->net.hub->url, f->net.token, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (enrolment->point_code, ==, "TO-CEN");
}

/* One loaf of the demo basket, paid in cash, committed through the store
 * like the till does. */
static void
commit_sale (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisSale) sale = NULL;

  products = dis_store_search_products (f->store, "spaghetti", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 1);

  dis_cart_add (cart, g_ptr_array_index (products, 0), 2000, FALSE);
  dis_cart_set_tier (cart, DIS_TIER_EQUA);
  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CASH, sale->total);
  sale->cash_tendered = sale->total;

  g_assert_true (dis_store_commit_sale (f->store, sale, f->manager, &error));
  g_assert_no_error (error);
}

typedef struct
{
  DisSyncIndicator *indicator;
  const char       *summary;
} SummaryWait;

static gboolean
summary_is (gpointer data)
{
  SummaryWait *wait = data;

  return g_strcmp0 (dis_sync_indicator_get_summary (wait->indicator), wait->summary) == 0;
}

static void
wait_summary (DisSyncIndicator *indicator,
              const char       *summary)
{
  SummaryWait wait = { indicator, summary };
  g_autofree char *what = g_strdup_printf ("the indicator to say “%s”", summary);

  wait_until (summary_is, &wait, what);
}

static gboolean
synced_and_empty (gpointer data)
{
  DisSyncIndicator *indicator = data;
  DisSyncClient *client = dis_sync_indicator_get_client (indicator);

  return g_strcmp0 (dis_sync_indicator_get_summary (indicator), "Synced") == 0 &&
         dis_sync_client_get_pending_events (client) == 0;
}

typedef struct
{
  Fixture          *f;
  DisSyncIndicator *indicator;
  guint             n_sales;
} PushWait;

/* Synced, nothing pending, and the hub really has @n_sales. */
static gboolean
pushed (gpointer data)
{
  PushWait *wait = data;

  return synced_and_empty (wait->indicator) && hub_sales (wait->f) == wait->n_sales;
}

static void
wait_pushed (Fixture          *f,
             DisSyncIndicator *indicator,
             guint             n_sales)
{
  PushWait wait = { f, indicator, n_sales };
  g_autofree char *what = g_strdup_printf ("%u sales to reach the hub", n_sales);

  wait_until (pushed, &wait, what);
}

static gboolean
bar_shown (gpointer data)
{
  return dis_sync_indicator_get_bar_message (DIS_SYNC_INDICATOR (data)) != NULL;
}

static void
test_indicator (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *widget = dis_sync_indicator_new ();
  DisSyncIndicator *indicator = DIS_SYNC_INDICATOR (widget);
  GtkWidget *button;
  GtkWidget *image;

  dis_sync_indicator_set_store (indicator, f->store);
  dis_sync_indicator_set_client (indicator, f->client);
  dis_sync_indicator_set_can_manage (indicator, TRUE);
  dis_sync_indicator_set_offline_grace (indicator, 0);
  show_in_window (widget);

  /* Not enrolled yet: an offline-only till, no bar. */
  g_assert_cmpstr (dis_sync_indicator_get_summary (indicator), ==, "Offline-only till");
  button = dis_test_get_text (widget, GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Offline-only till");
  g_assert_null (dis_sync_indicator_get_bar_message (indicator));

  /* Enrolled, a sale committed: pushed, and the indicator says so. */
  enrol (f);
  commit_sale (f);
  wait_pushed (f, indicator, 1);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  image = dis_test_get_text (widget, GTK_TYPE_IMAGE, NULL);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, "emblem-ok-symbolic");
  wait_label (widget, "Nothing", DIS_TEST_MATCH_EXACT);
  wait_label (widget, "just now", DIS_TEST_MATCH_EXACT);
  g_assert_null (dis_sync_indicator_get_bar_message (indicator));

  /* The hub goes away and a sale is made: it waits, and says so. */
  dis_test_hub_stop (f->net.hub);
  commit_sale (f);
  wait_summary (indicator, "Offline");
  wait_label (widget, "1 event, from just now", DIS_TEST_MATCH_EXACT);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, "network-offline-symbolic");
  wait_until (bar_shown, indicator, "the offline bar");
  g_assert_nonnull (strstr (dis_sync_indicator_get_bar_message (indicator), "1 sale waiting to be sent"));
  g_assert_false (dis_sync_indicator_get_bar_is_error (indicator));

  /* Back again, "Sync Now": everything goes, the bar with it. */
  dis_test_hub_start (f->net.hub, f->net.hub->port, NULL);
  dis_test_click (dis_test_get_text (widget, GTK_TYPE_BUTTON, "Sync Now"));
  wait_pushed (f, indicator, 2);
  g_assert_null (dis_sync_indicator_get_bar_message (indicator));
  wait_label (widget, "Nothing", DIS_TEST_MATCH_EXACT);
}

/* The window closes with the indicator's popover open: the popover goes
 * with it (see dis_test_destroy_window_with_open()). */
static void
test_indicator_closed_with_window (Fixture       *f,
                                   gconstpointer  data)
{
  GtkWidget *widget = dis_sync_indicator_new ();
  GtkWidget *window, *button;

  dis_sync_indicator_set_store (DIS_SYNC_INDICATOR (widget), f->store);
  dis_sync_indicator_set_client (DIS_SYNC_INDICATOR (widget), f->client);
  window = show_in_window (widget);
  button = dis_test_get_text (widget, GTK_TYPE_MENU_BUTTON, NULL);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  dis_test_destroy_window_with_open (GTK_WINDOW (window), gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)),
                                     10);
}

/* The hub revokes the point: an error, with the bar that says whom to ask. */
static void
test_indicator_revoked (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *widget = dis_sync_indicator_new ();
  DisSyncIndicator *indicator = DIS_SYNC_INDICATOR (widget);

  dis_sync_indicator_set_client (indicator, f->client);
  show_in_window (widget);

  enrol (f);
  wait_until (synced_and_empty, indicator, "the first sync");

  g_free (dis_test_hub_admin (f->net.hub, "point", "revoke", "--code", "TO-CEN", NULL));
  commit_sale (f);
  wait_summary (indicator, "Refused by the hub");
  wait_until (bar_shown, indicator, "the error bar");
  g_assert_true (dis_sync_indicator_get_bar_is_error (indicator));
  g_assert_cmpstr (dis_sync_indicator_get_bar_message (indicator), ==,
                   "The hub refused this till: ask the network administrator.");
}

/* A sale made under another point's name: the hub rejects it, the
 * responsabile sees it and can copy the details. */
static gboolean
dead_letter_offered (gpointer data)
{
  GtkWidget *button = dis_test_find_text (GTK_WIDGET (data), GTK_TYPE_BUTTON,
                                          "1 event rejected by the hub…", DIS_TEST_MATCH_EXACT);

  return button != NULL && gtk_widget_get_visible (button);
}

static gboolean
dialog_listed (gpointer data)
{
  GtkWidget *dialog = GTK_WIDGET (dis_test_find_toplevel (DIS_TYPE_DEAD_LETTERS_DIALOG));
  g_autofree char *details = NULL;

  if (dialog == NULL)
    return FALSE;

  details = dis_dead_letters_dialog_dup_details (DIS_DEAD_LETTERS_DIALOG (dialog));
  return details != NULL;
}

static gboolean
one_dead_letter (gpointer data)
{
  return dis_sync_client_get_dead_letters (DIS_SYNC_CLIENT (data)) == 1;
}

static gboolean
dead_letter_resent (gpointer data)
{
  Fixture *f = data;
  gint64 pending = 0;
  gint64 oldest = 0;

  return dis_store_sync_count_dead_letters (f->store, NULL) == 0 &&
         dis_store_sync_get_pending (f->store, &pending, &oldest, NULL) && pending == 1;
}

static void
test_dead_letters (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *retry;
  g_autoptr(GError) error = NULL;
  GtkWidget *widget = dis_sync_indicator_new ();
  DisSyncIndicator *indicator = DIS_SYNC_INDICATOR (widget);
  GtkWidget *button;
  GtkWidget *dialog;
  GtkWidget *row;
  g_autofree char *details = NULL;

  dis_sync_indicator_set_store (indicator, f->store);
  dis_sync_indicator_set_client (indicator, f->client);
  show_in_window (widget);

  enrol (f);
  wait_until (synced_and_empty, indicator, "the first sync");

  g_assert_true (dis_store_set_identity (f->store, "TO-XXX", "Elsewhere", "C1", &error));
  g_assert_no_error (error);
  commit_sale (f);
  wait_until (one_dead_letter, f->client, "the hub to reject the sale");
  wait_until (synced_and_empty, indicator, "the rejected sale to leave the outbox");
  g_assert_cmpuint (hub_sales (f), ==, 0);

  /* A volontario is not shown them. */
  button = dis_test_find_text (widget, GTK_TYPE_BUTTON, "1 event rejected by the hub…", DIS_TEST_MATCH_EXACT);
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_visible (button));

  dis_sync_indicator_set_can_manage (indicator, TRUE);
  wait_until (dead_letter_offered, widget, "the rejected events button");
  gtk_menu_button_popup (GTK_MENU_BUTTON (dis_test_get_text (widget, GTK_TYPE_MENU_BUTTON, NULL)));
  dis_test_click (button);
  wait_until (dialog_listed, NULL, "the rejected events");

  dialog = GTK_WIDGET (dis_test_find_toplevel (DIS_TYPE_DEAD_LETTERS_DIALOG));
  row = dis_test_find_text (dialog, ADW_TYPE_ACTION_ROW, "TO-XXX-C1-", DIS_TEST_MATCH_PREFIX);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "wrong_point"));

  details = dis_dead_letters_dialog_dup_details (DIS_DEAD_LETTERS_DIALOG (dialog));
  g_assert_nonnull (strstr (details, "sale.committed"));
  g_assert_nonnull (strstr (details, "wrong_point"));
  g_assert_true (gtk_widget_activate_action (dialog, "dead-letters.copy", NULL));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* "Send Again" puts them back in the outbox (the hub away: they wait). */
  dis_test_hub_stop (f->net.hub);
  gtk_menu_button_popup (GTK_MENU_BUTTON (dis_test_get_text (widget, GTK_TYPE_MENU_BUTTON, NULL)));
  retry = dis_test_get_text (widget, GTK_TYPE_BUTTON, "Send Again");
  g_assert_true (gtk_widget_is_visible (retry));
  g_assert_true (gtk_widget_is_sensitive (retry));
  dis_test_click (retry);
  wait_until (dead_letter_resent, f, "the rejected sale back in the outbox");
}

/* ---- Changes the till could not apply --------------------------------------- */

static gboolean
one_unapplied (gpointer data)
{
  return dis_sync_client_get_unapplied_changes (DIS_SYNC_CLIENT (data)) == 1;
}

/* The hub publishes a product with the barcode of one of this point's own
 * products: kept, and shown in the popover with why, not skipped. */
static void
test_unapplied (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->net.dir, "import.csv", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *widget = dis_sync_indicator_new ();
  DisSyncIndicator *indicator = DIS_SYNC_INDICATOR (widget);
  GtkWidget *label;
  const char *text;

  dis_sync_indicator_set_store (indicator, f->store);
  dis_sync_indicator_set_client (indicator, f->client);
  show_in_window (widget);

  enrol (f);
  wait_until (synced_and_empty, indicator, "the first sync");
  /* Nothing kept: nothing said. */
  g_assert_false (gtk_widget_get_visible (dis_test_get_text (widget, GTK_TYPE_LABEL, "Not applied")));

  g_assert_true (g_file_set_contents (csv, "code,name,supplier,category,unit,vat,ean,plu,equa_cents\n"
                                           "P-9002,Miele di acacia 250 g,,Colazione e dolci,piece,10,"
                                           "8044204383677,0,650\n", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, &err, "catalog", "import", csv, NULL), ==, 0);
  dis_sync_client_sync_now (f->client);
  wait_until (one_unapplied, f->client, "the clashing product to be kept");

  gtk_menu_button_popup (GTK_MENU_BUTTON (dis_test_get_text (widget, GTK_TYPE_MENU_BUTTON, NULL)));
  g_assert_true (gtk_widget_get_visible (dis_test_get_text (widget, GTK_TYPE_LABEL, "Not applied")));
  label = dis_test_find_text (widget, GTK_TYPE_LABEL, "1 change from the hub, tried again at every sync:",
                              DIS_TEST_MATCH_PREFIX);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_visible (label));
  text = gtk_label_get_text (GTK_LABEL (label));
  g_assert_nonnull (strstr (text, "P-9002"));
  g_assert_nonnull (strstr (text, "8044204383677"));
}

/* ---- The application's first start ---------------------------------------- */

static void
start_app (Fixture    *f,
           const char *enrol_url,
           const char *enrol_token)
{
  /* The app opens the database itself. */
  g_clear_object (&f->store);

  f->app = dis_test_app_start (&f->window,
                               "database-path", f->net.point_db,
                               "config-dir", f->net.config_dir,
                               "enrol-url", enrol_url,
                               "enrol-token", enrol_token,
                               NULL);
}

static void
wait_state (Fixture    *f,
            const char *state)
{
  dis_test_app_wait_state (f->window, state, WAIT_SECONDS * 1000);
}

/* The first start of a till with neither hub nor operator, not offline
 * only: it asks to connect first. Returns the enrolment page. */
static GtkWidget *
start_unenrolled (Fixture   *f,
                  GSettings *settings)
{
  g_settings_reset (settings, "offline-only");
  start_app (f, NULL, NULL);

  wait_state (f, "enrol");
  return dis_test_get_text (GTK_WIDGET (f->window), DIS_TYPE_ENROL_PAGE, NULL);
}

static void
test_app_first_start (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("it.disotto.Punto");
  GtkWidget *page;

  /* No hub, no operator: connect first. */
  page = start_unenrolled (f, settings);
  fill_in (page, f->net.hub->url, f->net.token);
  wait_label (page, "This till is now Bottega DiSoTTo Centro (TO-CEN), device C1.", DIS_TEST_MATCH_EXACT);
  g_assert_true (dis_sync_client_is_enrolled (dis_application_get_sync_client (f->app)));

  /* Then the point manager is created. */
  dis_test_click (dis_test_get_text (page, GTK_TYPE_BUTTON, "Continue"));
  wait_state (f, "first-run");
  g_assert_false (g_settings_get_boolean (settings, "offline-only"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Bottega DiSoTTo Centro");
}

static void
test_app_work_offline (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("it.disotto.Punto");
  GtkWidget *page;

  page = start_unenrolled (f, settings);
  dis_test_click (dis_test_get_text (page, GTK_TYPE_BUTTON, "Work Offline"));
  wait_state (f, "first-run");

  /* Remembered: the next start does not ask again. */
  g_assert_true (g_settings_get_boolean (settings, "offline-only"));
  g_assert_false (dis_application_wants_enrolment (f->app));
  g_settings_reset (settings, "offline-only");
}

static void
test_app_enrol_url (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("it.disotto.Punto");

  g_settings_reset (settings, "offline-only");

  /* --enrol-url with the right token goes straight on. */
  start_app (f, f->net.hub->url, f->net.token);
  wait_state (f, "first-run");
  g_assert_true (dis_sync_client_is_enrolled (dis_application_get_sync_client (f->app)));
}

static void
test_app_enrol_url_wrong (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("it.disotto.Punto");
  GtkWidget *page;

  g_settings_reset (settings, "offline-only");

  /* A wrong token: the enrolment page, with the reason. */
  start_app (f, f->net.hub->url, "wrong-token");
  wait_state (f, "enrol");
  page = dis_test_get_text (GTK_WIDGET (f->window), DIS_TYPE_ENROL_PAGE, NULL);
  wait_label (page, "The hub does not know this enrolment token", DIS_TEST_MATCH_PREFIX);
  g_assert_false (dis_sync_client_is_enrolled (dis_application_get_sync_client (f->app)));

  /* Fixed there, the first start goes on. */
  fill_in (page, f->net.hub->url, f->net.token);
  wait_label (page, "This till is now Bottega DiSoTTo Centro (TO-CEN), device C1.", DIS_TEST_MATCH_EXACT);
  dis_test_click (dis_test_get_text (page, GTK_TYPE_BUTTON, "Continue"));
  wait_state (f, "first-run");
}

/* ---- The bar under the header bar ------------------------------------------ */

static gboolean
window_bar_shown (gpointer data)
{
  Fixture *f = data;

  return dis_sync_indicator_get_bar_message (f->window->sync_indicator) != NULL &&
         g_strcmp0 (gtk_label_get_label (f->window->sync_bar_label),
                    dis_sync_indicator_get_bar_message (f->window->sync_indicator)) == 0;
}

static graphene_rect_t
till_bounds (Fixture *f)
{
  graphene_rect_t bounds;

  dis_test_iterate (20);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (f->window->till_page), GTK_WIDGET (f->window), &bounds));
  return bounds;
}

/* The hub goes away in the middle of a sale: the bar says so without
 * pushing the till down (it moved 47 px under the cashier's pointer). */
static void
test_app_offline_bar_keeps_layout (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("it.disotto.Punto");
  graphene_rect_t before, after;

  g_settings_reset (settings, "offline-only");
  f->manager = dis_test_point_open_till (f->store, 5000);
  start_app (f, f->net.hub->url, f->net.token);
  wait_state (f, "sign-in");
  dis_sync_indicator_set_offline_grace (f->window->sync_indicator, 0);
  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_SECONDS * 1000);
  wait_summary (f->window->sync_indicator, "Synced");
  g_assert_null (dis_sync_indicator_get_bar_message (f->window->sync_indicator));
  before = till_bounds (f);

  /* A sale while the hub is away: the bar comes, the till stays. */
  dis_test_hub_stop (f->net.hub);
  f->store = dis_store_open (f->net.point_db, NULL);
  g_assert_nonnull (f->store);
  commit_sale (f);
  dis_sync_client_sync_now (dis_application_get_sync_client (f->app));
  wait_until (window_bar_shown, f, "the offline bar");
  after = till_bounds (f);
  g_assert_cmpfloat (after.origin.y, ==, before.origin.y);
  g_assert_cmpfloat (after.size.height, ==, before.size.height);
  g_assert_true (graphene_rect_equal (&after, &before));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  dis_core_init ();

  g_test_add ("/syncui/enrol-page", Fixture, NULL, fixture_setup, test_enrol_page, fixture_teardown);
  g_test_add ("/syncui/indicator", Fixture, NULL, fixture_setup_till, test_indicator, fixture_teardown);
  g_test_add ("/syncui/indicator-closed-with-window", Fixture, NULL, fixture_setup_till,
              test_indicator_closed_with_window, fixture_teardown);
  g_test_add ("/syncui/indicator-revoked", Fixture, NULL, fixture_setup_till, test_indicator_revoked, fixture_teardown);
  g_test_add ("/syncui/dead-letters", Fixture, NULL, fixture_setup_till, test_dead_letters, fixture_teardown);
  g_test_add ("/syncui/unapplied", Fixture, NULL, fixture_setup_till, test_unapplied, fixture_teardown);
  g_test_add ("/syncui/app/first-start", Fixture, NULL, fixture_setup, test_app_first_start, fixture_teardown);
  g_test_add ("/syncui/app/work-offline", Fixture, NULL, fixture_setup, test_app_work_offline, fixture_teardown);
  g_test_add ("/syncui/app/enrol-url", Fixture, NULL, fixture_setup, test_app_enrol_url, fixture_teardown);
  g_test_add ("/syncui/app/enrol-url-wrong", Fixture, NULL, fixture_setup, test_app_enrol_url_wrong, fixture_teardown);
  g_test_add ("/syncui/app/offline-bar-keeps-layout", Fixture, NULL, fixture_setup,
              test_app_offline_bar_keeps_layout, fixture_teardown);

  return g_test_run ();
}
