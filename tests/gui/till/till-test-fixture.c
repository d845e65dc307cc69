/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "dis-app-resources.h"
#include "dis-cart-row.h"
#include "dis-day-dialog.h"
#include "dis-park-dialog.h"
#include "dis-parked-cart-row.h"
#include "dis-plain-number.h"
#include "dis-quantity-dialog.h"
#include "dis-payment-view.h"
#include "dis-receipt-dialog.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"
#include "dis-tier-selector.h"
#include "dis-ui.h"
#include "dis-till-page.h"
#include "till-test-fixture.h"

/* The till tests' fixture: a store with a small catalog, a signed-in
 * operator, a window holding the till page; and the helpers to reach it. */

const TillTestProduct catalog[N_PRODUCTS] = {
  { "caffe",     "Caffè Chiapas",        DIS_UNIT_PIECE, 22, "800100000001", 0,   450 },
  { "passata",   "Passata di pomodoro",  DIS_UNIT_PIECE, 4,  "800100000002", 0,   200 },
  { "pasta",     "Pasta di grano duro",  DIS_UNIT_PIECE, 4,  "800100000003", 0,   180 },
  { "riso",      "Riso Carnaroli",       DIS_UNIT_PIECE, 4,  "800100000004", 0,   320 },
  { "miele",     "Miele di castagno",    DIS_UNIT_PIECE, 10, "800100000005", 0,   700 },
  { "vino",      "Vino Barbera",         DIS_UNIT_PIECE, 22, "800100000006", 0,   900 },
  { "ceci",      "Ceci secchi",          DIS_UNIT_PIECE, 4,  "800100000007", 0,   260 },
  { "olio",      "Olio extravergine",    DIS_UNIT_L,     4,  "800100000008", 0,  1000 },
  { "mele",      "Mele renette",         DIS_UNIT_KG,    4,  "800100000009", 123, 240 },
  { "formaggio", "Toma piemontese",      DIS_UNIT_KG,    4,  NULL,           456, 1800 },
};

char *
make_ean (const char *ean12)
{
  int check = dis_ean_check_digit (ean12, 12);

  g_assert_cmpint (check, >=, 0);
  return g_strdup_printf ("%s%d", ean12, check);
}

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  DisDayReport *day;

  f->dir = dis_test_tmpdir_new ("dis-till");
  path = g_build_filename (f->dir, "punto.db", NULL);

  f->store = dis_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (dis_store_set_identity (f->store, "TO-TST", "Punto di prova", "C1", &error));
  g_assert_no_error (error);
  g_assert_true (dis_store_upsert_supplier (f->store, "libera", "Libera Terra", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_PRODUCTS; i++)
    {
      DisProductRecord record = { 0, };

      f->eans[i] = catalog[i].ean12 ? make_ean (catalog[i].ean12) : NULL;
      record.code = (char *) catalog[i].code;
      record.name = (char *) catalog[i].name;
      record.kind = DIS_PRODUCT_BASKET;
      record.unit = catalog[i].unit;
      record.vat_rate = catalog[i].vat;
      record.ean = f->eans[i];
      record.plu = catalog[i].plu;
      record.supplier_code = (char *) "libera";
      record.category = (char *) "Dispensa";
      record.equa_cents = catalog[i].equa;

      f->ids[i] = dis_store_upsert_product (f->store, &record, &error);
      g_assert_no_error (error);
      g_assert_cmpint (f->ids[i], >, 0);
    }

  f->operator = dis_store_create_operator (f->store, NULL, "Anna", "1234",
                                           DIS_ROLE_RESPONSABILE, &error);
  g_assert_no_error (error);
  if (data != NO_OPEN_DAY)
    {
      day = dis_store_open_day (f->store, f->operator, 10000, &error);
      g_assert_no_error (error);
      dis_day_report_free (day);
    }

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1024, 700);
  f->page = DIS_TILL_PAGE (dis_till_page_new ());
  /* As in the real window: the page inside the window's toast overlay. */
  f->window_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (f->window_overlay, GTK_WIDGET (f->page));
  gtk_window_set_child (f->window, GTK_WIDGET (f->window_overlay));
  dis_till_page_set_store (f->page, f->store);
  dis_till_page_set_operator (f->page, f->operator);
  f->cart = dis_till_page_get_cart (f->page);
  gtk_window_present (f->window);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->page)));
}

static gboolean
object_gone (gpointer data)
{
  return *(GObject **) data == NULL;
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GObject *store;

  dis_test_destroy_dialogs ();
  /* Unless the test closed it. */
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  g_clear_object (&f->operator);
  /* Work the page started may still hold the store on a worker: let it
   * end before its database goes, or under load a read meets a deleted
   * file and its callback warns in the next test. */
  store = G_OBJECT (f->store);
  g_object_add_weak_pointer (store, (gpointer *) &store);
  g_clear_object (&f->store);
  dis_test_wait_until (object_gone, &store, 10000, "the till's store to be released");
  for (guint i = 0; i < N_PRODUCTS; i++)
    g_free (f->eans[i]);

  dis_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* ---- Widget lookup ------------------------------------------------------ */

GtkEditable *
search_entry (Fixture *f)
{
  GtkWidget *entry = dis_test_find_named (GTK_WIDGET (f->page), GTK_TYPE_SEARCH_ENTRY, NULL);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

void
type_and_enter (Fixture    *f,
                const char *text)
{
  GtkEditable *entry = search_entry (f);

  gtk_editable_set_text (entry, text);
  g_signal_emit_by_name (entry, "activate");
}

gint64
line_quantity (Fixture *f,
               guint    position)
{
  g_autoptr(DisCartLine) line = g_list_model_get_item (G_LIST_MODEL (f->cart), position);

  g_assert_nonnull (line);
  return dis_cart_line_get_quantity (line);
}

gint64
line_product (Fixture *f,
              guint    position)
{
  g_autoptr(DisCartLine) line = g_list_model_get_item (G_LIST_MODEL (f->cart), position);

  g_assert_nonnull (line);
  return dis_product_get_id (dis_cart_line_get_product (line));
}

guint
n_lines (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->cart));
}

void
scan (Fixture *f,
      guint    product)
{
  guint before = n_lines (f);
  gint64 total = dis_cart_get_total (f->cart);

  type_and_enter (f, f->eans[product]);
  WAIT_UNTIL (n_lines (f) != before || dis_cart_get_total (f->cart) != total);
}


DisParkDialog *
wait_park_dialog (void)
{
  GtkWindow *dialog = NULL;

  WAIT_UNTIL ((dialog = dis_test_find_shown_toplevel (DIS_TYPE_PARK_DIALOG)) != NULL);
  return DIS_PARK_DIALOG (dialog);
}

/* Types @label (NULL: keeps the one suggested) and presses Enter, as the
 * volunteer would. */
void
respond_park_dialog (const char *label)
{
  DisParkDialog *dialog = wait_park_dialog ();
  GtkWidget *entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));

  g_assert_true (gtk_widget_has_focus (entry) || gtk_widget_get_focus_child (entry) != NULL);
  if (label != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), label);
  g_signal_emit_by_name (entry, "activate");
}


guint
count_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        n++;
    }

  return n;
}
