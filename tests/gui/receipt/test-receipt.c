/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <adwaita.h>
#include <gtk/gtkunixprint.h>

#include "dis-app-resources.h"
#include "dis-core.h"
#include "dis-receipt-private.h"
#include "dis-receipt-dialog.h"
#include "dis-refund-dialog.h"
#include "dis-day-dialog.h"
#include "dis-payment-view.h"
#include "dis-plain-number.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"

#define POINT_CODE "TO-CHI"
#define POINT_NAME "Bottega Solidale di Chieri"

typedef struct
{
  char        *dir;
  DisStore    *store;
  DisOperator *manager;
  DisOperator *volunteer;
  gint64       bread_id;    /* piece, VAT 4 %, Equa € 3,50 */
  gint64       apples_id;   /* kg, VAT 4 %, Equa € 2,00/kg */
  gint64       soap_id;     /* piece, VAT 22 %, Equa € 5,00 */
} Fixture;

/* ---- Helpers ------------------------------------------------------------ */

/* Iterates the main context until @condition holds; fails after 5 s. */
static void
wait_for (DisTestCheck  condition,
          gpointer      data,
          const char   *what)
{
  dis_test_wait_until (condition, data, 5000, what);
}

static void
iterate_a_little (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static GtkWidget *
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* With DIS_SCREENSHOT_DIR set, saves what @window shows (for review). */
static void
maybe_screenshot (GtkWindow  *window,
                  const char *name)
{
  const char *dir = g_getenv ("DIS_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;

  iterate_a_little ();
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  gdk_texture_save_to_png (texture, path);
}

static gint64
add_product (DisStore   *store,
             const char *code,
             const char *name,
             DisUnit     unit,
             guint       vat_rate,
             gint64      equa_cents)
{
  g_autoptr(GError) error = NULL;
  DisProductRecord record = { 0 };
  gint64 id;

  record.code = (char *) code;
  record.name = (char *) name;
  record.kind = DIS_PRODUCT_BASKET;
  record.unit = unit;
  record.vat_rate = vat_rate;
  record.supplier_code = (char *) "COOP-1";
  record.category = (char *) "Alimentari";
  record.equa_cents = equa_cents;

  id = dis_store_upsert_product (store, &record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean open_day = GPOINTER_TO_INT (data) == 0;

  fixture->dir = dis_test_tmpdir_new ("dis-receipt");
  path = g_build_filename (fixture->dir, "punto.db", NULL);

  fixture->store = dis_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (dis_store_set_identity (fixture->store, POINT_CODE, POINT_NAME, "C1", &error));
  g_assert_no_error (error);
  g_assert_true (dis_store_upsert_supplier (fixture->store, "COOP-1", "Cooperativa Agricola", &error));
  g_assert_no_error (error);

  fixture->bread_id = add_product (fixture->store, "PANE", "Pane integrale", DIS_UNIT_PIECE, 4, 350);
  fixture->apples_id = add_product (fixture->store, "MELE", "Mele renette", DIS_UNIT_KG, 4, 200);
  fixture->soap_id = add_product (fixture->store, "SAPONE", "Sapone di Marsiglia", DIS_UNIT_PIECE, 22, 500);

  fixture->manager = dis_store_create_operator (fixture->store, NULL, "Maria", "1234",
                                                DIS_ROLE_RESPONSABILE, &error);
  g_assert_no_error (error);
  fixture->volunteer = dis_store_create_operator (fixture->store, fixture->manager, "Luca", "5678",
                                                  DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);

  if (open_day)
    {
      g_autoptr(DisDayReport) report = dis_store_open_day (fixture->store, fixture->manager, 5000, &error);

      g_assert_no_error (error);
      g_assert_nonnull (report);
    }
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->manager);
  g_clear_object (&fixture->volunteer);
  g_clear_object (&fixture->store);
  dis_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* 2 × bread, 0,350 kg of apples, 1 × soap at @tier, not paid yet. */
static DisSale *
new_sale (Fixture *fixture,
          DisTier  tier)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisProduct) bread = dis_store_lookup_product (fixture->store, fixture->bread_id, &error);
  g_autoptr(DisProduct) apples = dis_store_lookup_product (fixture->store, fixture->apples_id, &error);
  g_autoptr(DisProduct) soap = dis_store_lookup_product (fixture->store, fixture->soap_id, &error);

  g_assert_no_error (error);

  dis_cart_add (cart, bread, 2000, FALSE);
  dis_cart_add (cart, apples, 350, FALSE);
  dis_cart_add (cart, soap, 1000, FALSE);
  dis_cart_set_tier (cart, tier);

  return dis_sale_new_from_cart (cart);
}

static void
commit (Fixture *fixture,
        DisSale *sale)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_store_commit_sale (fixture->store, sale, fixture->manager, &error));
  g_assert_no_error (error);
  g_assert_nonnull (sale->receipt_no);
}

/* The sale of new_sale(), paid in cash with the next multiple of € 10
 * (or by card), committed. */
static DisSale *
commit_sale (Fixture  *fixture,
             DisTier   tier,
             gboolean  card)
{
  DisSale *sale = new_sale (fixture, tier);

  if (card)
    {
      dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total);
    }
  else
    {
      dis_sale_add_payment (sale, DIS_PAYMENT_CASH, sale->total);
      sale->cash_tendered = (sale->total / 1000 + 1) * 1000;
      sale->change_due = sale->cash_tendered - sale->total;
    }

  commit (fixture, sale);

  return sale;
}

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
assert_pdf (const char *path,
            const char *must_contain)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 100);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));

  if (g_getenv ("DIS_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *copy = g_build_filename (g_getenv ("DIS_SCREENSHOT_DIR"), base, NULL);

      g_file_set_contents (copy, contents, len, NULL);
    }

  if (pdftotext != NULL)
    {
      g_autofree char *out = NULL;
      int status;
      const char *argv[] = { pdftotext, "-layout", path, "-", NULL };

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL,
                                   &out, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      if (strstr (out, must_contain) == NULL)
        g_error ("“%s” not in the PDF text:\n%s", must_contain, out);
    }
  else
    {
      g_test_message ("pdftotext not found: PDF text not checked");
    }
}

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

/* ---- Receipt dialog ----------------------------------------------------- */

static void
test_receipt_dialog (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DisSale) sale = commit_sale (fixture, DIS_TIER_SOLIDALE, FALSE);
  g_autofree char *text = dis_receipt_format_text (sale, 42);
  GtkWidget *dialog = dis_receipt_dialog_new (NULL, sale);
  GtkWidget *label = template_child (dialog, DIS_TYPE_RECEIPT_DIALOG, "receipt_label");
  GtkWidget *button = template_child (dialog, DIS_TYPE_RECEIPT_DIALOG, "new_sale_button");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate_a_little ();
  maybe_screenshot (GTK_WINDOW (dialog), "receipt-dialog");

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, text);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_New Sale");
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == button);
  g_assert_true (gtk_widget_has_focus (button));

  g_assert_true (gtk_widget_activate_action (dialog, "receipt.new-sale", NULL));
  wait_for (pointer_is_null, &dialog, "the receipt dialog to close");
}

/* ---- Refund dialog ------------------------------------------------------ */

typedef struct
{
  DisSale  *refund;
  gboolean  emitted;
} RefundState;

static void
on_refunded (GtkWidget   *dialog,
             DisSale     *refund,
             RefundState *state)
{
  state->refund = g_object_ref (refund);
  state->emitted = TRUE;
}

static gboolean
stack_shows (gpointer data)
{
  GtkStack *stack = GTK_STACK (data);
  const char *want = g_object_get_data (G_OBJECT (stack), "want");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), want) == 0;
}

static void
wait_for_stack (GtkWidget  *stack,
                const char *page)
{
  g_object_set_data_full (G_OBJECT (stack), "want", g_strdup (page), g_free);
  wait_for (stack_shows, stack, page);
}

static gboolean
sale_title_is (gpointer data)
{
  GtkLabel *label = data;

  return g_strcmp0 (gtk_label_get_text (label), g_object_get_data (G_OBJECT (label), "want")) == 0;
}

/* Opens the refund dialog and loads @sale by typing @typed, as a person
 * types or scans it. */
static GtkWidget *
open_refund_dialog_typing (Fixture    *fixture,
                           DisSale    *sale,
                           const char *typed)
{
  GtkWidget *dialog = dis_refund_dialog_new (NULL, fixture->store, fixture->manager);
  GtkWidget *entry = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "receipt_entry");
  GtkWidget *title = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "sale_title_label");

  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_stack (template_child (dialog, DIS_TYPE_REFUND_DIALOG, "sales_stack"), "list");

  gtk_editable_set_text (GTK_EDITABLE (entry), typed);
  g_signal_emit_by_name (entry, "activate");
  g_object_set_data_full (G_OBJECT (title), "want", g_strdup (sale->receipt_no), g_free);
  wait_for (sale_title_is, title, "the sale to load");
  wait_for_stack (template_child (dialog, DIS_TYPE_REFUND_DIALOG, "sale_stack"), "sale");

  return dialog;
}

static GtkWidget *
open_refund_dialog_on (Fixture    *fixture,
                       DisSale    *sale,
                       GtkWidget **out_entry)
{
  /* Load by receipt number, as typed or scanned. */
  GtkWidget *dialog = open_refund_dialog_typing (fixture, sale, sale->receipt_no);

  if (out_entry != NULL)
    *out_entry = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "receipt_entry");

  return dialog;
}

static gint64
stored_refunded (Fixture    *fixture,
                 const char *receipt_no,
                 guint       line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisSale) stored = dis_store_load_sale (fixture->store, receipt_no, &error);
  const DisSaleLine *l;

  g_assert_no_error (error);
  l = g_ptr_array_index (stored->lines, line);

  return l->refunded_quantity;
}

static void
test_refund_dialog (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DisSale) sale = commit_sale (fixture, DIS_TIER_SOLIDALE, TRUE);
  RefundState state = { NULL, FALSE };
  GtkWidget *dialog;
  GtkWidget *spin;
  GtkWidget *total;
  GtkToggleButton *card;
  g_autofree char *expected_total = NULL;
  const DisSaleLine *bread = g_ptr_array_index (sale->lines, 0);
  GtkWindow *receipt;

  dialog = open_refund_dialog_on (fixture, sale, NULL);
  g_signal_connect (dialog, "refunded", G_CALLBACK (on_refunded), &state);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  /* Today's list holds the sale. */
  {
    GtkWidget *list = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "sales_list");

    g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  }

  /* Paid by card: card preselected. */
  card = GTK_TOGGLE_BUTTON (template_child (dialog, DIS_TYPE_REFUND_DIALOG, "card_toggle"));
  g_assert_true (gtk_toggle_button_get_active (card));

  /* Nothing chosen: nothing to refund. */
  g_assert_false (gtk_widget_activate_action (dialog, "refund.commit", NULL) &&
                  stored_refunded (fixture, sale->receipt_no, 0) != 0);

  spin = dis_test_find_named (dialog, GTK_TYPE_WIDGET, "quantity-0");
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin))), ==, 2.0);
  g_assert_true (GTK_IS_ENTRY (dis_test_find_named (dialog, GTK_TYPE_WIDGET, "quantity-1")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1);

  total = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "total_label");
  expected_total = dis_money_format (bread->unit_price);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (total)), ==, expected_total);
  maybe_screenshot (GTK_WINDOW (dialog), "refund-dialog");

  g_assert_true (gtk_widget_activate_action (dialog, "refund.commit", NULL));
  wait_for (flag_is_set, &state.emitted, "the refund to commit");
  wait_for (pointer_is_null, &dialog, "the refund dialog to close");

  g_assert_nonnull (state.refund);
  g_assert_cmpstr (state.refund->refund_of_receipt_no, ==, sale->receipt_no);
  g_assert_cmpint (state.refund->total, ==, -bread->unit_price);
  g_assert_cmpint (stored_refunded (fixture, sale->receipt_no, 0), ==, 1000);
  g_assert_cmpint (stored_refunded (fixture, sale->receipt_no, 1), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DisSale) stored = dis_store_load_sale (fixture->store, state.refund->receipt_no, &error);
    const DisPayment *payment;

    g_assert_no_error (error);
    payment = g_ptr_array_index (stored->payments, 0);
    g_assert_cmpint (payment->method, ==, DIS_PAYMENT_CARD);
    g_assert_cmpint (payment->amount, ==, -bread->unit_price);
  }

  /* Its receipt is shown. */
  receipt = dis_test_find_shown_toplevel (DIS_TYPE_RECEIPT_DIALOG);
  g_assert_nonnull (receipt);
  maybe_screenshot (receipt, "refund-receipt");
  gtk_window_destroy (receipt);
  g_object_unref (state.refund);
}

static void
test_refund_dialog_limits (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(DisSale) sale = commit_sale (fixture, DIS_TIER_EQUA, FALSE);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  GtkWidget *spin;
  GtkWidget *kg;
  GtkWidget *error_label;
  GtkWidget *total;

  dialog = open_refund_dialog_on (fixture, sale, NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  error_label = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "error_label");
  total = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "total_label");
  spin = dis_test_find_named (dialog, GTK_TYPE_WIDGET, "quantity-0");
  kg = dis_test_find_named (dialog, GTK_TYPE_WIDGET, "quantity-1");

  /* Pieces cannot go beyond what was sold. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 5);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0);

  /* 0,5 kg of the 0,350 kg sold: refused, in plain words. */
  gtk_editable_set_text (GTK_EDITABLE (kg), "0.5");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "more than was sold"));
  g_assert_false (gtk_widget_activate_action (dialog, "refund.commit", NULL) &&
                  stored_refunded (fixture, sale->receipt_no, 1) != 0);
  iterate_a_little ();
  g_assert_cmpint (stored_refunded (fixture, sale->receipt_no, 1), ==, 0);
  maybe_screenshot (GTK_WINDOW (dialog), "refund-dialog-limit");

  /* Nonsense is not a quantity. */
  gtk_editable_set_text (GTK_EDITABLE (kg), "abc");
  g_assert_true (gtk_widget_get_visible (error_label));

  /* Refund all fills in what is left. */
  gtk_editable_set_text (GTK_EDITABLE (kg), "");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_activate_action (dialog, "refund.all", NULL));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 2);
  {
    g_autofree char *all = dis_money_format (sale->total);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (total)), ==, all);
  }

  /* Meanwhile the same bread is refunded elsewhere: the store refuses the
   * dialog's now excessive refund and the dialog shows the fresh limits. */
  {
    gint64 quantities[3] = { 1000, 0, 0 };
    g_autoptr(DisSale) loaded = dis_store_load_sale (fixture->store, sale->receipt_no, &error);
    g_autoptr(DisSale) other = NULL;

    g_assert_no_error (error);
    other = dis_sale_new_refund (loaded, quantities, 3, &error);
    g_assert_no_error (error);
    dis_sale_add_payment (other, DIS_PAYMENT_CASH, other->total);
    g_assert_true (dis_store_commit_sale (fixture->store, other, fixture->manager, &error));
    g_assert_no_error (error);
  }

  g_assert_true (gtk_widget_activate_action (dialog, "refund.commit", NULL));
  spin = NULL;
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    /* The dialog reloads the sale: the bread spin now stops at 1. */
    while ((spin = dis_test_find_named (dialog, GTK_TYPE_WIDGET, "quantity-0")) == NULL ||
           gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin))) != 1.0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
      }
  }
  g_assert_nonnull (dialog);
  g_assert_cmpint (stored_refunded (fixture, sale->receipt_no, 0), ==, 1000);
  g_assert_cmpint (stored_refunded (fixture, sale->receipt_no, 1), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for (pointer_is_null, &dialog, "the refund dialog to go");
}

/* The short number of today's receipt, as said at the counter ("the
 * receipt number 2"), finds the sale. */
static void
test_refund_short_number (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(DisSale) first = commit_sale (fixture, DIS_TIER_EQUA, FALSE);
  g_autoptr(DisSale) second = commit_sale (fixture, DIS_TIER_EQUA, TRUE);
  GtkWidget *dialog;
  GtkWidget *entry;
  GtkWidget *title;

  g_assert_cmpint (second->seq, ==, 2);
  dialog = open_refund_dialog_typing (fixture, second, "2");
  entry = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "receipt_entry");
  title = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "sale_title_label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, second->receipt_no);

  /* With its zeros, as printed. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "000001");
  g_signal_emit_by_name (entry, "activate");
  g_object_set_data_full (G_OBJECT (title), "want", g_strdup (first->receipt_no), g_free);
  wait_for (sale_title_is, title, "the first sale to load");

  /* A number nobody printed today: said, and the sale shown stays. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "99");
  g_signal_emit_by_name (entry, "activate");
  iterate_a_little ();
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, first->receipt_no);
  g_assert_nonnull (dis_test_find_text (dialog, GTK_TYPE_LABEL, "No sale of today has the number 99",
                                        DIS_TEST_MATCH_PREFIX));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A sale paid partly in cash and partly by card is refunded the same
 * way, in proportion. */
static void
test_refund_split_payment (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(DisSale) sale = new_sale (fixture, DIS_TIER_EQUA);
  g_autoptr(DisSale) stored = NULL;
  g_autoptr(GError) error = NULL;
  RefundState state = { NULL, FALSE };
  const DisSaleLine *bread;
  GtkToggleButton *split;
  GtkWidget *label;
  GtkWidget *dialog;
  GtkWidget *spin;
  gint64 cash, card;

  /* 2 × 3,50 + 0,350 kg × 2,00 + 5,00 = 12,70: 5,00 in cash, 7,70 by card. */
  g_assert_cmpint (sale->total, ==, 1270);
  dis_sale_add_payment (sale, DIS_PAYMENT_CASH, 500);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, 770);
  sale->cash_tendered = 500;
  commit (fixture, sale);
  bread = g_ptr_array_index (sale->lines, 0);

  dialog = open_refund_dialog_on (fixture, sale, NULL);
  g_signal_connect (dialog, "refunded", G_CALLBACK (on_refunded), &state);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  split = GTK_TOGGLE_BUTTON (template_child (dialog, DIS_TYPE_REFUND_DIALOG, "split_toggle"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (split)));
  g_assert_true (gtk_toggle_button_get_active (split));

  spin = dis_test_find_named (dialog, GTK_TYPE_WIDGET, "quantity-0");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1);

  /* 3,50 back: 3,50 × 5,00 / 12,70 = 1,378 → 1,38 in cash, 2,12 by card. */
  cash = 138;
  card = bread->unit_price - cash;
  g_assert_cmpint (card, ==, 212);
  label = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "split_label");
  g_assert_true (gtk_widget_get_visible (label));
  {
    g_autofree char *cash_text = dis_money_format (cash);
    g_autofree char *card_text = dis_money_format (card);

    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), cash_text));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), card_text));
  }
  maybe_screenshot (GTK_WINDOW (dialog), "refund-split");

  g_assert_true (gtk_widget_activate_action (dialog, "refund.commit", NULL));
  wait_for (flag_is_set, &state.emitted, "the refund to commit");
  wait_for (pointer_is_null, &dialog, "the refund dialog to close");

  stored = dis_store_load_sale (fixture->store, state.refund->receipt_no, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->payments->len, ==, 2);
  for (guint i = 0; i < stored->payments->len; i++)
    {
      const DisPayment *payment = g_ptr_array_index (stored->payments, i);

      g_assert_cmpint (payment->amount, ==, payment->method == DIS_PAYMENT_CASH ? -cash : -card);
    }

  dis_test_destroy_toplevels ();
  g_object_unref (state.refund);
}

static void
test_refund_dialog_denied (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *dialog = dis_refund_dialog_new (NULL, fixture->store, fixture->volunteer);
  GtkWidget *stack = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "stack");

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "denied");
  maybe_screenshot (GTK_WINDOW (dialog), "refund-denied");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* ---- Day dialog --------------------------------------------------------- */

static void
on_done (GtkWidget *dialog,
         gboolean  *done)
{
  *done = TRUE;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return dis_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
test_day_dialog (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisDayReport) open = NULL;
  g_autoptr(DisDayReport) closed = NULL;
  g_autoptr(DisDayReport) still_open = NULL;
  g_autoptr(DisSale) sale = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *plus_one = NULL;
  g_autofree char *zero = NULL;
  g_autofree char *counted_text = NULL;
  gboolean done = FALSE;
  GtkWidget *dialog;
  GtkWidget *entry;
  GtkWidget *label;
  GtkWidget *difference;
  GtkWidget *stack;
  AdwMessageDialog *confirm;
  gint64 day_id;

  g_assert_null (dis_store_get_open_day (fixture->store, &error));
  g_assert_no_error (error);

  /* Open: an explicit amount is required. */
  dialog = dis_day_dialog_new (NULL, fixture->store, fixture->manager, DIS_DAY_DIALOG_OPEN);
  g_signal_connect (dialog, "done", G_CALLBACK (on_done), &done);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate_a_little ();
  maybe_screenshot (GTK_WINDOW (dialog), "day-open");

  entry = template_child (dialog, DIS_TYPE_DAY_DIALOG, "float_entry");
  label = template_child (dialog, DIS_TYPE_DAY_DIALOG, "open_error_label");
  g_assert_true (gtk_widget_activate_action (dialog, "day.open", NULL));
  iterate_a_little ();
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_false (done);
  g_assert_null (dis_store_get_open_day (fixture->store, NULL));
  maybe_screenshot (GTK_WINDOW (dialog), "day-open-error");

  gtk_editable_set_text (GTK_EDITABLE (entry), "abc");
  g_assert_false (gtk_widget_get_visible (label));
  g_assert_true (gtk_widget_activate_action (dialog, "day.open", NULL));
  iterate_a_little ();
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_false (done);

  gtk_editable_set_text (GTK_EDITABLE (entry), "50");
  g_assert_true (gtk_widget_activate_action (dialog, "day.open", NULL));
  wait_for (flag_is_set, &done, "the day to open");
  wait_for (pointer_is_null, &dialog, "the open dialog to close");

  open = dis_store_get_open_day (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (open);
  g_assert_cmpint (open->opening_float, ==, 5000);
  day_id = open->day_id;

  /* Sell something in cash, then close. */
  sale = commit_sale (fixture, DIS_TIER_SOLIDALE, FALSE);

  done = FALSE;
  dialog = dis_day_dialog_new (NULL, fixture->store, fixture->manager, DIS_DAY_DIALOG_CLOSE);
  g_signal_connect (dialog, "done", G_CALLBACK (on_done), &done);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  stack = template_child (dialog, DIS_TYPE_DAY_DIALOG, "stack");
  wait_for_stack (stack, "close");

  expected = dis_money_format (5000 + sale->total);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (template_child (dialog, DIS_TYPE_DAY_DIALOG, "expected_label"))),
                   ==, expected);
  g_assert_true (gtk_widget_get_visible (template_child (dialog, DIS_TYPE_DAY_DIALOG, "pending_group")));

  /* Nothing counted: cannot close yet. */
  g_assert_false (gtk_widget_activate_action (dialog, "day.close", NULL) && message_dialog_shown (NULL));

  entry = template_child (dialog, DIS_TYPE_DAY_DIALOG, "counted_entry");
  difference = template_child (dialog, DIS_TYPE_DAY_DIALOG, "difference_label");

  counted_text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", (5000 + sale->total + 100) / 100,
                                  (int) ((5000 + sale->total + 100) % 100));
  gtk_editable_set_text (GTK_EDITABLE (entry), counted_text);
  plus_one = dis_money_format_signed (100);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (difference)), ==, plus_one);
  g_assert_true (gtk_widget_has_css_class (difference, "warning"));
  maybe_screenshot (GTK_WINDOW (dialog), "day-close");

  g_free (counted_text);
  counted_text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", (5000 + sale->total) / 100,
                                  (int) ((5000 + sale->total) % 100));
  gtk_editable_set_text (GTK_EDITABLE (entry), counted_text);
  zero = dis_money_format_signed (0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (difference)), ==, zero);
  g_assert_true (gtk_widget_has_css_class (difference, "success"));
  g_assert_false (gtk_widget_has_css_class (difference, "warning"));

  /* Close Day asks first; cancelling changes nothing. */
  g_assert_true (gtk_widget_activate_action (dialog, "day.close", NULL));
  wait_for (message_dialog_shown, NULL, "the confirmation");
  confirm = ADW_MESSAGE_DIALOG (dis_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "A closed day cannot be changed"));
  maybe_screenshot (GTK_WINDOW (confirm), "day-close-confirm");
  adw_message_dialog_response (confirm, "cancel");
  gtk_window_destroy (GTK_WINDOW (confirm));
  iterate_a_little ();
  g_assert_false (done);
  still_open = dis_store_get_open_day (fixture->store, NULL);
  g_assert_nonnull (still_open);

  g_assert_true (gtk_widget_activate_action (dialog, "day.close", NULL));
  wait_for (message_dialog_shown, NULL, "the confirmation");
  confirm = ADW_MESSAGE_DIALOG (dis_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (confirm, "close");
  gtk_window_destroy (GTK_WINDOW (confirm));
  wait_for (flag_is_set, &done, "the day to close");
  wait_for_stack (stack, "report");
  maybe_screenshot (GTK_WINDOW (dialog), "day-closed-report");

  g_assert_null (dis_store_get_open_day (fixture->store, &error));
  g_assert_no_error (error);
  closed = dis_store_get_day_report (fixture->store, day_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (closed->closed_at);
  g_assert_true (closed->has_counted);
  g_assert_cmpint (closed->counted_cash, ==, 5000 + sale->total);
  g_assert_cmpint (closed->difference, ==, 0);
  {
    g_autofree char *text = dis_day_report_format_text (closed, 42);
    GtkWidget *report = template_child (dialog, DIS_TYPE_DAY_DIALOG, "report_label");

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (report)), ==, text);
  }

  g_assert_true (gtk_widget_activate_action (dialog, "day.dismiss", NULL));
  wait_for (pointer_is_null, &dialog, "the close dialog to go");

  /* With no open day, closing says so. */
  dialog = dis_day_dialog_new (NULL, fixture->store, fixture->manager, DIS_DAY_DIALOG_CLOSE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  stack = template_child (dialog, DIS_TYPE_DAY_DIALOG, "stack");
  wait_for_stack (stack, "status");
  g_assert_false (gtk_widget_activate_action (dialog, "day.close", NULL) && message_dialog_shown (NULL));
  maybe_screenshot (GTK_WINDOW (dialog), "day-none-open");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for (pointer_is_null, &dialog, "the dialog to go");
}

static void
test_day_dialog_denied (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *dialog = dis_day_dialog_new (NULL, fixture->store, fixture->volunteer, DIS_DAY_DIALOG_CLOSE);
  GtkWidget *stack = template_child (dialog, DIS_TYPE_DAY_DIALOG, "stack");

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "status");
  g_assert_false (gtk_widget_activate_action (dialog, "day.close", NULL) && message_dialog_shown (NULL));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* One date format for the business day, and amounts typed with the
 * locale's separator: "05/12/2026" and "0,00" in Italian, never the ISO
 * day; "0.00" in English. */
static void
check_day_and_placeholders (Fixture    *fixture,
                            const char *day,
                            const char *zero)
{
  g_autoptr(DisDayReport) open = dis_store_get_open_day (fixture->store, NULL);
  g_autofree char *plain = NULL;
  g_autofree char *text = NULL;
  GtkWidget *dialog;
  GtkWidget *view = g_object_ref_sink (dis_payment_view_new ());
  AdwWindowTitle *title;
  const char *description;

  g_assert_nonnull (open);
  plain = dis_plain_day (open->business_date);
  g_assert_cmpstr (plain, ==, day);
  text = dis_day_report_format_text (open, 42);
  g_assert_nonnull (strstr (text, day));
  g_assert_null (strstr (text, open->business_date));

  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (template_child (view, DIS_TYPE_PAYMENT_VIEW, "tendered_entry"))), ==, zero);
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (template_child (view, DIS_TYPE_PAYMENT_VIEW, "split_entry"))), ==, zero);
  g_object_unref (view);

  dialog = dis_day_dialog_new (NULL, fixture->store, fixture->manager, DIS_DAY_DIALOG_CLOSE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_stack (template_child (dialog, DIS_TYPE_DAY_DIALOG, "stack"), "close");
  title = ADW_WINDOW_TITLE (template_child (dialog, DIS_TYPE_DAY_DIALOG, "window_title"));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, day);
  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (template_child (dialog, DIS_TYPE_DAY_DIALOG, "cash_group")));
  g_assert_true (g_str_has_prefix (description, day));
  g_assert_null (strstr (description, open->business_date));
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (template_child (dialog, DIS_TYPE_DAY_DIALOG, "float_entry"))), ==, zero);
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (template_child (dialog, DIS_TYPE_DAY_DIALOG, "counted_entry"))), ==, zero);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for (pointer_is_null, &dialog, "the dialog to go");
}

static void
test_day_format (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(DisDayReport) open = dis_store_get_open_day (fixture->store, NULL);
  g_autoptr(GDateTime) midnight = NULL;
  g_autofree char *english = NULL;
  g_autofree char *italian = NULL;
  g_autofree char *po_dir = g_build_filename (g_getenv ("DIS_BUILD_DIR"), "po", NULL);
  guint32 julian = dis_date_parse (open->business_date);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  midnight = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 0, 0, 0);

  /* English: the locale's day, a decimal point. */
  setlocale (LC_ALL, "C.UTF-8");
  english = g_date_time_format (midnight, "%x");
  check_day_and_placeholders (fixture, english, "0.00");

  if (setlocale (LC_ALL, "it_IT.UTF-8") == NULL)
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_test_skip ("it_IT.UTF-8 locale not available");
      return;
    }
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  italian = g_date_time_format (midnight, "%d/%m/%Y");
  check_day_and_placeholders (fixture, italian, "0,00");

  setlocale (LC_ALL, "C.UTF-8");
}

/* ---- Printing: the printer remembered, the preview, the PDF folder ---- */

static GtkPrintSettings *
file_printer_settings (const char *path)
{
  GtkPrintSettings *settings = gtk_print_settings_new ();
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  /* GTK's own "Print to File" printer: a real print, headless. */
  gtk_print_settings_set_printer (settings, "Print to File");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");

  return settings;
}

/* The whole PDF, its end included (the printer writes it as it goes). */
static gboolean
file_is_written (gpointer data)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (data, &contents, &length, NULL) || length < 6)
    return FALSE;

  /* Binary before it: look at the tail only. */
  for (gsize i = length >= 32 ? length - 32 : 0; i + 5 <= length; i++)
    if (memcmp (contents + i, "%%EOF", 5) == 0)
      return TRUE;

  return FALSE;
}

static void
test_print_settings (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autofree char *file = g_build_filename (g_get_user_data_dir (), "disotto", "print-settings.ini", NULL);
  g_autoptr(GtkPrintSettings) settings = file_printer_settings (out);
  g_autoptr(GtkPrintSettings) loaded = NULL;
  g_autoptr(GtkPrintSettings) printer = gtk_print_settings_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWidget) window = g_object_ref_sink (gtk_window_new ());

  gtk_print_settings_set_printer (printer, "Termica-80");
  _dis_paper_forget_print_settings ();
  g_assert_null (_dis_paper_load_print_settings ());

  g_assert_true (_dis_paper_save_print_settings (settings, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  loaded = _dis_paper_load_print_settings ();
  g_assert_nonnull (loaded);
  g_assert_cmpstr (gtk_print_settings_get_printer (loaded), ==, "Print to File");
  g_assert_cmpstr (gtk_print_settings_get (loaded, GTK_PRINT_SETTINGS_OUTPUT_URI), ==,
                   gtk_print_settings_get (settings, GTK_PRINT_SETTINGS_OUTPUT_URI));

  /* Every receipt goes straight to the printer remembered; without one,
   * or printed by hand, the dialog asks. */
  g_assert_cmpint (_dis_paper_print_action (loaded, TRUE, GTK_WINDOW (window)), ==, GTK_PRINT_OPERATION_ACTION_EXPORT);
  g_assert_cmpint (_dis_paper_print_action (printer, TRUE, GTK_WINDOW (window)), ==, GTK_PRINT_OPERATION_ACTION_PRINT);
  g_assert_cmpint (_dis_paper_print_action (printer, TRUE, NULL), ==, GTK_PRINT_OPERATION_ACTION_PRINT);
  g_assert_cmpint (_dis_paper_print_action (NULL, TRUE, GTK_WINDOW (window)), ==, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG);
  g_assert_cmpint (_dis_paper_print_action (loaded, FALSE, GTK_WINDOW (window)), ==, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG);

  /* A file that is no print settings is no printer. */
  g_assert_true (g_file_set_contents (file, "not [settings", -1, NULL));
  g_test_expect_message ("dis-receipt", G_LOG_LEVEL_WARNING, "Ignoring the printer remembered*");
  g_assert_null (_dis_paper_load_print_settings ());
  g_test_assert_expected_messages ();

  _dis_paper_forget_print_settings ();
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
print_dialog_shown (gpointer data)
{
  return dis_test_find_shown_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG) != NULL;
}

static gboolean
file_printer_selected (gpointer data)
{
  GtkPrinter *printer = gtk_print_unix_dialog_get_selected_printer (data);

  return printer != NULL && g_strcmp0 (gtk_printer_get_name (printer), "Print to File") == 0;
}

/* The first receipt asks for the printer; the choice is remembered and
 * the next receipt goes to it without a dialog. */
/* The print dialog and GTK's printers register many quarks, past the
 * first block of GLib's table, whose old block LeakSanitizer reports: the
 * tests that open them run in a process of their own. */
static gboolean
in_own_process (void)
{
  if (g_test_subprocess ())
    return TRUE;

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

static void
test_print_every_receipt (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(DisSale) first = commit_sale (fixture, DIS_TIER_EQUA, FALSE);
  g_autoptr(DisSale) second = commit_sale (fixture, DIS_TIER_EQUA, FALSE);
  g_autofree char *out1 = g_build_filename (fixture->dir, "first.pdf", NULL);
  g_autofree char *out2 = g_build_filename (fixture->dir, "second.pdf", NULL);
  g_autoptr(GtkPrintSettings) choice = file_printer_settings (out1);
  g_autoptr(GtkPrintSettings) remembered = NULL;
  GtkWidget *window;
  GtkPrintUnixDialog *dialog;

  if (!in_own_process ())
    return;

  window = gtk_window_new ();
  _dis_paper_forget_print_settings ();
  gtk_window_present (GTK_WINDOW (window));

  dis_receipt_print_every (first, DIS_PAPER_ROLL_80MM, GTK_WINDOW (window));
  wait_for (print_dialog_shown, NULL, "the print dialog");
  dialog = GTK_PRINT_UNIX_DIALOG (dis_test_find_shown_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG));
  /* The volunteer picks the file printer and prints. */
  gtk_print_unix_dialog_set_settings (dialog, choice);
  dis_test_wait_until (file_printer_selected, dialog, 10000, "the printer");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  dis_test_wait_until (file_is_written, out1, 10000, "the first receipt");
  assert_pdf (out1, first->receipt_no);

  remembered = _dis_paper_load_print_settings ();
  g_assert_nonnull (remembered);
  g_assert_cmpstr (gtk_print_settings_get_printer (remembered), ==, "Print to File");

  /* The next one: no dialog at all. */
  g_clear_object (&remembered);
  remembered = file_printer_settings (out2);
  g_assert_true (_dis_paper_save_print_settings (remembered, NULL));
  dis_receipt_print_every (second, DIS_PAPER_ROLL_80MM, GTK_WINDOW (window));
  g_assert_false (print_dialog_shown (NULL));
  dis_test_wait_until (file_is_written, out2, 10000, "the second receipt");
  g_assert_false (print_dialog_shown (NULL));
  assert_pdf (out2, second->receipt_no);

  _dis_paper_forget_print_settings ();
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
preview_shown (gpointer data)
{
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (gtk_widget_get_visible (window) && gtk_widget_has_css_class (window, "dis-print-preview"))
        {
          *(GtkWidget **) data = window;
          return TRUE;
        }
    }

  return FALSE;
}

/* The print dialog's Preview shows the pages (it did nothing: GTK's
 * own needs an external viewer). */
static void
test_print_preview (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DisSale) sale = NULL;
  GtkWidget *window;
  GtkWidget *preview = NULL;
  GtkWidget *area;

  if (!in_own_process ())
    return;

  sale = commit_sale (fixture, DIS_TIER_EQUA, FALSE);
  window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (window));
  _dis_receipt_preview (sale, DIS_PAPER_ROLL_80MM, GTK_WINDOW (window));
  wait_for (preview_shown, &preview, "the preview");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preview)) == GTK_WINDOW (window));
  area = dis_test_find_named (preview, GTK_TYPE_DRAWING_AREA, NULL);
  g_assert_nonnull (area);
  g_assert_cmpint (gtk_drawing_area_get_content_height (GTK_DRAWING_AREA (area)), >, 200);
  iterate_a_little ();
  g_assert_cmpint (gtk_widget_get_height (area), >, 0);
  maybe_screenshot (GTK_WINDOW (preview), "print-preview");

  /* Escape closes it. */
  g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *) &preview);
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (preview);
    gboolean closed = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && !closed; i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
          continue;
        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !closed; j++)
          {
            g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
            GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

            if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
                gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Escape)
              closed = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, preview, NULL);
          }
      }
    g_assert_true (closed);
  }
  wait_for (pointer_is_null, &preview, "the preview to close");
  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
default_folder (void)
{
  g_autoptr(GFile) folder = _dis_paper_default_folder ();

  return g_file_get_path (folder);
}

/* Save as PDF starts in the documents folder, else home: never the
 * folder the till was started from. (The chooser itself is not opened
 * here: GTK's file chooser loads libcloudproviders, which leaks.) */
static void
test_pdf_folder (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *documents = g_build_filename (g_get_home_dir (), "Documenti", NULL);
  g_autofree char *dirs = g_build_filename (g_get_user_config_dir (), "user-dirs.dirs", NULL);
  g_autofree char *line = g_strdup_printf ("XDG_DOCUMENTS_DIR=\"%s\"\n", documents);
  g_autofree char *path = NULL;

  g_assert_true (g_chdir (fixture->dir) == 0);

  /* No documents folder: home. */
  g_unlink (dirs);
  g_reload_user_special_dirs_cache ();
  path = default_folder ();
  g_assert_cmpstr (path, ==, g_get_home_dir ());
  g_clear_pointer (&path, g_free);

  /* Named but not there (yet): home too, not a folder that fails. */
  g_assert_true (g_mkdir_with_parents (g_get_user_config_dir (), 0700) == 0);
  g_assert_true (g_file_set_contents (dirs, line, -1, NULL));
  g_reload_user_special_dirs_cache ();
  path = default_folder ();
  g_assert_cmpstr (path, ==, g_get_home_dir ());
  g_clear_pointer (&path, g_free);

  /* The user's documents folder, as xdg-user-dirs names it. */
  g_assert_true (g_mkdir_with_parents (documents, 0700) == 0);
  path = default_folder ();
  g_assert_cmpstr (path, ==, documents);
  g_assert_cmpstr (path, !=, fixture->dir);

  g_unlink (dirs);
  g_rmdir (documents);
  g_reload_user_special_dirs_cache ();
  g_assert_true (g_chdir (cwd) == 0);
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
  ADD ("/receipt/pdf", test_pdf, 0);
  ADD ("/receipt/day-report/text", test_day_report_text, 0);
  ADD ("/receipt/dialog/receipt", test_receipt_dialog, 0);
  ADD ("/receipt/dialog/refund", test_refund_dialog, 0);
  ADD ("/receipt/dialog/refund-limits", test_refund_dialog_limits, 0);
  ADD ("/receipt/dialog/refund-denied", test_refund_dialog_denied, 0);
  ADD ("/receipt/dialog/refund-short-number", test_refund_short_number, 0);
  ADD ("/receipt/dialog/refund-split-payment", test_refund_split_payment, 0);
  ADD ("/receipt/dialog/day", test_day_dialog, 1);
  ADD ("/receipt/day-format", test_day_format, 0);
  ADD ("/receipt/print/settings", test_print_settings, 0);
  ADD ("/receipt/print/every-receipt", test_print_every_receipt, 0);
  ADD ("/receipt/print/preview", test_print_preview, 0);
  ADD ("/receipt/pdf-folder", test_pdf_folder, 0);
  ADD ("/receipt/dialog/day-denied", test_day_dialog_denied, 0);

#undef ADD

  status = g_test_run ();
  dis_test_rm_rf (home);

  return status;
}
