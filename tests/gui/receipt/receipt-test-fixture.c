/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "dis-core.h"
#include "dis-receipt-private.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"
#include "receipt-test-fixture.h"

/* The receipt tests' fixture: a store with a point, a manager, a
 * volunteer and three products; the helpers that wait on the main
 * context, find a template's children, commit sales and read a PDF. */

/* Iterates the main context until @condition holds; fails after 5 s. */
void
wait_for (DisTestCheck  condition,
          gpointer      data,
          const char   *what)
{
  dis_test_wait_until (condition, data, 5000, what);
}

void
iterate_a_little (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

GtkWidget *
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* With DIS_SCREENSHOT_DIR set, saves what @window shows (for review). */
void
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

void
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
  /* The buyer of new_sale () below Equa. */
  dis_test_add_eligible_member (path);
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

void
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
DisSale *
new_sale (Fixture *fixture,
          DisTier  tier)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisProduct) bread = dis_store_lookup_product (fixture->store, fixture->bread_id, &error);
  g_autoptr(DisProduct) apples = dis_store_lookup_product (fixture->store, fixture->apples_id, &error);
  g_autoptr(DisProduct) soap = dis_store_lookup_product (fixture->store, fixture->soap_id, &error);
  DisSale *sale;

  g_assert_no_error (error);

  dis_cart_add (cart, bread, 2000, FALSE);
  dis_cart_add (cart, apples, 350, FALSE);
  dis_cart_add (cart, soap, 1000, FALSE);
  dis_cart_set_tier (cart, tier);

  sale = dis_sale_new_from_cart (cart);
  if (tier < DIS_TIER_EQUA)
    sale->member_card = g_strdup (DIS_TEST_ELIGIBLE_CARD);
  return sale;
}

void
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
DisSale *
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

void
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

static gboolean
stack_shows (gpointer data)
{
  GtkStack *stack = GTK_STACK (data);
  const char *want = g_object_get_data (G_OBJECT (stack), "want");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), want) == 0;
}

void
wait_for_stack (GtkWidget  *stack,
                const char *page)
{
  g_object_set_data_full (G_OBJECT (stack), "want", g_strdup (page), g_free);
  wait_for (stack_shows, stack, page);
}
