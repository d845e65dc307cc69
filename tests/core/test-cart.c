/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dis-core.h"

typedef struct
{
  DisCart    *cart;
  DisProduct *rice;    /* piece: 3,00 / 3,60 / 4,00 / 4,60 */
  DisProduct *apples;  /* kg:    1,50 / 1,80 / 1,999 → see below */
  DisProduct *oil;     /* l */

  GArray     *changes; /* of guint[3]: position, removed, added */
  guint       n_changed;
  guint       n_total_notify;
  guint       n_tier_notify;
} Fixture;

static DisProduct *
make_product (gint64      id,
              const char *name,
              DisUnit     unit,
              gint64      a,
              gint64      i,
              gint64      e,
              gint64      s)
{
  const gint64 prices[DIS_N_TIERS] = { a, i, e, s };
  DisProduct *product = dis_product_new (id, name, DIS_PRODUCT_BASKET, unit, 4, prices);

  dis_product_set_supplier (product, id * 10, "Cascina Test");

  return product;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  guint change[3] = { position, removed, added };

  g_array_append_val (f->changes, change);
}

static void
on_changed (DisCart *cart,
            Fixture *f)
{
  f->n_changed++;
}

static void
on_notify (DisCart    *cart,
           GParamSpec *pspec,
           Fixture    *f)
{
  if (g_str_equal (pspec->name, "total"))
    f->n_total_notify++;
  else if (g_str_equal (pspec->name, "tier"))
    f->n_tier_notify++;
}

static void
reset_counts (Fixture *f)
{
  g_array_set_size (f->changes, 0);
  f->n_changed = 0;
  f->n_total_notify = 0;
  f->n_tier_notify = 0;
}

static void
assert_change (Fixture *f,
               guint    index,
               guint    position,
               guint    removed,
               guint    added)
{
  const guint *change;

  g_assert_cmpuint (index, <, f->changes->len);
  change = (const guint *) f->changes->data + 3 * index;
  g_assert_cmpuint (change[0], ==, position);
  g_assert_cmpuint (change[1], ==, removed);
  g_assert_cmpuint (change[2], ==, added);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->cart = dis_cart_new ();
  f->rice = make_product (1, "Rice", DIS_UNIT_PIECE, 300, 360, 400, 460);
  f->apples = make_product (2, "Apples", DIS_UNIT_KG, 150, 180, 1999, 2300);
  f->oil = make_product (3, "Oil", DIS_UNIT_L, 750, 900, 1000, 1150);
  f->changes = g_array_new (FALSE, FALSE, sizeof (guint) * 3);

  g_signal_connect (f->cart, "items-changed", G_CALLBACK (on_items_changed), f);
  g_signal_connect (f->cart, "changed", G_CALLBACK (on_changed), f);
  g_signal_connect (f->cart, "notify", G_CALLBACK (on_notify), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->cart);
  g_assert_finalize_object (f->rice);
  g_assert_finalize_object (f->apples);
  g_assert_finalize_object (f->oil);
  g_array_unref (f->changes);
}

static void
test_tier_recompute (Fixture       *f,
                     gconstpointer  data)
{
  DisCartLine *line;

  g_assert_true (dis_cart_is_empty (f->cart));
  g_assert_cmpint (dis_cart_get_tier (f->cart), ==, DIS_TIER_EQUA);

  g_assert_cmpuint (dis_cart_add (f->cart, f->rice, 2000, FALSE), ==, 0);
  g_assert_cmpuint (dis_cart_add (f->cart, f->apples, 335, TRUE), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 2);
  g_assert_false (dis_cart_is_empty (f->cart));

  /* Equa: 2 × 4,00 + 19,99 €/kg × 0,335 kg (669,665 → 670) */
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 800 + 670);
  g_assert_cmpint (dis_cart_get_total_at (f->cart, DIS_TIER_ACCESSIBILE), ==, 600 + 50);
  g_assert_cmpint (dis_cart_get_total_at (f->cart, DIS_TIER_IMPEGNO), ==, 720 + 60);
  g_assert_cmpint (dis_cart_get_total_at (f->cart, DIS_TIER_SOLIDALE), ==, 920 + 771);
  g_assert_cmpint (dis_cart_get_tier_delta (f->cart), ==, 0);

  reset_counts (f);
  line = g_list_model_get_item (G_LIST_MODEL (f->cart), 1);
  dis_cart_set_tier (f->cart, DIS_TIER_SOLIDALE);
  g_assert_cmpint (dis_cart_get_tier (f->cart), ==, DIS_TIER_SOLIDALE);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 920 + 771);
  g_assert_cmpint (dis_cart_get_tier_delta (f->cart), ==, 920 + 771 - 1470);
  g_assert_cmpint (dis_cart_line_get_tier (line), ==, DIS_TIER_SOLIDALE);
  g_assert_cmpint (dis_cart_line_get_unit_price (line), ==, 2300);
  g_assert_cmpint (dis_cart_line_get_total (line), ==, 771);
  g_assert_cmpuint (f->n_tier_notify, ==, 1);
  g_assert_cmpuint (f->n_total_notify, ==, 1);
  g_assert_cmpuint (f->n_changed, ==, 1);
  /* The lines stay; they notify their own price and total. */
  g_assert_cmpuint (f->changes->len, ==, 0);

  /* Same tier again: nothing happens. */
  reset_counts (f);
  dis_cart_set_tier (f->cart, DIS_TIER_SOLIDALE);
  g_assert_cmpuint (f->n_changed + f->n_tier_notify + f->n_total_notify, ==, 0);

  dis_cart_set_tier (f->cart, DIS_TIER_ACCESSIBILE);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 650);
  g_assert_cmpint (dis_cart_get_tier_delta (f->cart), ==, 650 - 1470);
  g_assert_cmpint (dis_cart_line_get_total (line), ==, 50);

  /* Via the property too. */
  g_object_set (f->cart, "tier", (guint) DIS_TIER_IMPEGNO, NULL);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 780);

  g_object_unref (line);
}

static void
test_merge_pieces (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DisProduct) rice_again = make_product (1, "Rice", DIS_UNIT_PIECE, 300, 360, 400, 460);
  g_autoptr(DisCartLine) line = NULL;

  g_assert_cmpuint (dis_cart_add (f->cart, f->rice, 1000, FALSE), ==, 0);
  g_assert_cmpuint (dis_cart_add (f->cart, f->oil, 1000, FALSE), ==, 1);
  reset_counts (f);

  /* Same piece product (another snapshot of it): merges into line 0. */
  g_assert_cmpuint (dis_cart_add (f->cart, rice_again, 1000, FALSE), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 2);
  line = g_list_model_get_item (G_LIST_MODEL (f->cart), 0);
  g_assert_cmpint (dis_cart_line_get_quantity (line), ==, 2000);
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_cmpuint (f->n_changed, ==, 1);
  g_assert_cmpuint (f->n_total_notify, ==, 1);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 800 + 1000);

  /* Measured products always get a new line. */
  g_assert_cmpuint (dis_cart_add (f->cart, f->oil, 1000, FALSE), ==, 2);
  g_assert_cmpuint (dis_cart_add (f->cart, f->apples, 500, FALSE), ==, 3);
  g_assert_cmpuint (dis_cart_add (f->cart, f->apples, 500, FALSE), ==, 4);
  g_assert_cmpuint (f->changes->len, ==, 3);
  assert_change (f, 0, 2, 0, 1);
  assert_change (f, 1, 3, 0, 1);
  assert_change (f, 2, 4, 0, 1);

  /* A piece from a price label does not merge, nor does anything merge
   * into it. */
  g_assert_cmpuint (dis_cart_add (f->cart, f->rice, 1000, TRUE), ==, 5);
  g_assert_cmpuint (dis_cart_add (f->cart, f->rice, 1000, FALSE), ==, 0);
  g_assert_cmpint (dis_cart_line_get_quantity (line), ==, 3000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 6);

  /* Changing a line's quantity directly updates the cart total. */
  reset_counts (f);
  dis_cart_line_set_quantity (line, 5000);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, dis_cart_get_total_at (f->cart, DIS_TIER_EQUA));
  g_assert_cmpint (dis_cart_line_get_total (line), ==, 2000);
  g_assert_cmpuint (f->n_changed, ==, 1);
  g_assert_cmpuint (f->n_total_notify, ==, 1);

  reset_counts (f);
  dis_cart_clear (f->cart);
  g_assert_true (dis_cart_is_empty (f->cart));
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 0);
  g_assert_cmpuint (f->changes->len, ==, 1);
  assert_change (f, 0, 0, 6, 0);

  /* A line taken out of the cart no longer drives it. */
  reset_counts (f);
  dis_cart_line_set_quantity (line, 1000);
  g_assert_cmpuint (f->n_changed, ==, 0);
}

static void
test_take_insert (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(DisCartLine) taken = NULL;
  g_autoptr(DisCartLine) item = NULL;
  gint64 full_total;

  dis_cart_add (f->cart, f->rice, 1000, FALSE);
  dis_cart_add (f->cart, f->apples, 335, TRUE);
  dis_cart_add (f->cart, f->oil, 1500, FALSE);
  full_total = dis_cart_get_total (f->cart);
  g_assert_cmpint (full_total, ==, 400 + 670 + 1500);

  reset_counts (f);
  taken = dis_cart_take (f->cart, 1);
  g_assert_nonnull (taken);
  g_assert_true (dis_cart_line_get_product (taken) == f->apples);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 2);
  g_assert_cmpuint (f->changes->len, ==, 1);
  assert_change (f, 0, 1, 1, 0);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 400 + 1500);
  g_assert_cmpuint (f->n_changed, ==, 1);

  /* The tier changes while the line is out (Undo must still fit). */
  dis_cart_set_tier (f->cart, DIS_TIER_IMPEGNO);

  reset_counts (f);
  dis_cart_insert (f->cart, 1, taken);
  g_assert_cmpuint (f->changes->len, ==, 1);
  assert_change (f, 0, 1, 0, 1);
  item = g_list_model_get_item (G_LIST_MODEL (f->cart), 1);
  g_assert_true (item == taken);
  g_assert_cmpint (dis_cart_line_get_tier (taken), ==, DIS_TIER_IMPEGNO);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 360 + 60 + 1350);

  dis_cart_set_tier (f->cart, DIS_TIER_EQUA);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, full_total);

  /* Out of range positions append. */
  g_clear_object (&taken);
  g_clear_object (&item);
  taken = dis_cart_take (f->cart, 0);
  dis_cart_insert (f->cart, 99, taken);
  item = g_list_model_get_item (G_LIST_MODEL (f->cart), 2);
  g_assert_true (item == taken);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->cart), 3));

  dis_cart_clear (f->cart);
}

static void
test_line_properties (void)
{
  g_autoptr(DisProduct) product = make_product (7, "Honey", DIS_UNIT_PIECE, 600, 720, 800, 920);
  g_autoptr(DisCartLine) line = dis_cart_line_new (product, 2000, FALSE);
  gint64 total = 0;
  gint64 qty = 0;
  guint tier = 0;
  gboolean from_barcode = TRUE;

  g_object_get (line,
                "total", &total,
                "quantity", &qty,
                "tier", &tier,
                "quantity-from-barcode", &from_barcode,
                NULL);
  g_assert_cmpint (total, ==, 1600);
  g_assert_cmpint (qty, ==, 2000);
  g_assert_cmpuint (tier, ==, DIS_TIER_EQUA);
  g_assert_false (from_barcode);
  g_assert_cmpint (dis_cart_line_get_total_at (line, DIS_TIER_ACCESSIBILE), ==, 1200);
  g_assert_cmpint (dis_cart_line_get_total_at (line, DIS_TIER_SOLIDALE), ==, 1840);
}

/* Issue 9, item 12: a price label's line costs exactly the label at Equa
 * and its equivalent at the other tiers, however the cart changes tier; a
 * copy keeps it; another quantity is priced by quantity. */
static void
test_label_line (Fixture       *f,
                 gconstpointer  data)
{
  /* € 500,00/kg at Equa; the others of −25 %, −10 %, +15 %. */
  g_autoptr(DisProduct) saffron = make_product (4, "Zafferano", DIS_UNIT_KG, 37500, 45000, 50000, 57500);
  g_autoptr(DisCartLine) line = NULL;
  g_autoptr(DisCartLine) copy = NULL;
  gint64 label = 0;
  guint position;

  position = dis_cart_add_label (f->cart, saffron, 25, 1234);
  dis_cart_add_label (f->cart, saffron, 25, 1234);
  /* Labels are never merged. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 2);
  line = g_list_model_get_item (G_LIST_MODEL (f->cart), position);
  g_assert_cmpint (dis_cart_line_get_label_price (line), ==, 1234);
  g_assert_true (dis_cart_line_get_quantity_from_barcode (line));
  g_assert_cmpint (dis_cart_line_get_quantity (line), ==, 25);
  g_object_get (line, "label-price", &label, NULL);
  g_assert_cmpint (label, ==, 1234);

  /* € 12,34, not the € 12,50 of 25 g; 1234 × 450 / 500 = 1110,6 → 1111. */
  g_assert_cmpint (dis_cart_line_get_total (line), ==, 1234);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 2 * 1234);
  g_assert_cmpint (dis_cart_line_get_total_at (line, DIS_TIER_IMPEGNO), ==, 1111);
  g_assert_cmpint (dis_cart_line_get_total_at (line, DIS_TIER_ACCESSIBILE), ==, 926);
  g_assert_cmpint (dis_cart_line_get_total_at (line, DIS_TIER_SOLIDALE), ==, 1419);
  dis_cart_set_tier (f->cart, DIS_TIER_IMPEGNO);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 2 * 1111);
  g_assert_cmpint (dis_cart_get_tier_delta (f->cart), ==, 2 * (1111 - 1234));

  copy = dis_cart_line_copy (line);
  g_assert_cmpint (dis_cart_line_get_label_price (copy), ==, 1234);
  g_assert_cmpint (dis_cart_line_get_total_at (copy, DIS_TIER_EQUA), ==, 1234);

  /* 30 g typed by hand: € 15,00 at Equa, € 13,50 at Impegno. */
  reset_counts (f);
  dis_cart_line_set_quantity (line, 30);
  g_assert_cmpint (dis_cart_line_get_label_price (line), ==, 0);
  g_assert_cmpint (dis_cart_line_get_total_at (line, DIS_TIER_EQUA), ==, 1500);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 1350 + 1111);
  g_assert_cmpuint (f->n_total_notify, ==, 1);
  /* The copy is another line. */
  g_assert_cmpint (dis_cart_line_get_label_price (copy), ==, 1234);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dis_core_init ();

  g_test_add ("/core/cart/tier-recompute", Fixture, NULL,
              fixture_setup, test_tier_recompute, fixture_teardown);
  g_test_add ("/core/cart/merge-pieces", Fixture, NULL,
              fixture_setup, test_merge_pieces, fixture_teardown);
  g_test_add ("/core/cart/take-insert", Fixture, NULL,
              fixture_setup, test_take_insert, fixture_teardown);
  g_test_add_func ("/core/cart/line-properties", test_line_properties);
  g_test_add ("/core/cart/label-line", Fixture, NULL,
              fixture_setup, test_label_line, fixture_teardown);

  return g_test_run ();
}
