/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dis-core.h"

static DisProduct *
make_product (gint64      id,
              const char *name,
              DisUnit     unit,
              guint       vat,
              gint64      equa)
{
  gint64 prices[DIS_N_TIERS];
  DisProduct *product;

  g_assert_true (dis_tier_compute_prices (equa, NULL, NULL, prices, NULL));
  product = dis_product_new (id, name, DIS_PRODUCT_BASKET, unit, vat, prices);
  dis_product_set_supplier (product, 100 + id, "Cascina");

  return product;
}

/* Rice 4,00 € (4 %), apples 2,30 €/kg (4 %), soap 3,33 € (22 %). */
static DisCart *
make_cart (DisTier tier)
{
  g_autoptr(DisProduct) rice = make_product (1, "Rice", DIS_UNIT_PIECE, 4, 400);
  g_autoptr(DisProduct) apples = make_product (2, "Apples", DIS_UNIT_KG, 4, 230);
  g_autoptr(DisProduct) soap = make_product (3, "Soap", DIS_UNIT_PIECE, 22, 333);
  DisCart *cart = dis_cart_new ();

  dis_cart_set_tier (cart, tier);
  dis_cart_add (cart, rice, 3000, FALSE);
  dis_cart_add (cart, apples, 1250, TRUE);
  dis_cart_add (cart, soap, 1000, FALSE);

  return cart;
}

static void
test_from_cart (void)
{
  g_autoptr(DisCart) cart = make_cart (DIS_TIER_SOLIDALE);
  g_autoptr(DisSale) sale = dis_sale_new_from_cart (cart);
  const DisSaleLine *line;
  DisSale *copy;

  g_assert_cmpint (sale->tier, ==, DIS_TIER_SOLIDALE);
  g_assert_cmpuint (sale->lines->len, ==, 3);
  g_assert_null (sale->refund_of);

  line = g_ptr_array_index (sale->lines, 1);
  g_assert_cmpint (line->line_no, ==, 2);
  g_assert_cmpint (line->product_id, ==, 2);
  g_assert_cmpstr (line->product_name, ==, "Apples");
  g_assert_cmpint (line->supplier_id, ==, 102);
  g_assert_cmpstr (line->supplier_name, ==, "Cascina");
  g_assert_cmpstr (line->unit, ==, "kg");
  g_assert_cmpint (line->quantity, ==, 1250);
  /* 2,30 +15 % = 2,645 → 2,65 */
  g_assert_cmpint (line->unit_price, ==, 265);
  g_assert_cmpint (line->unit_price_equa, ==, 230);
  /* 2,65 × 1,25 = 3,3125 → 3,31; 2,30 × 1,25 = 2,875 → 2,88 */
  g_assert_cmpint (line->line_total, ==, 331);
  g_assert_cmpint (line->line_total_equa, ==, 288);
  g_assert_cmpint (line->tier_delta, ==, 43);
  g_assert_cmpuint (line->vat_rate, ==, 4);

  g_assert_cmpint (sale->total, ==, dis_cart_get_total (cart));
  g_assert_cmpint (sale->total_equa, ==, dis_cart_get_total_at (cart, DIS_TIER_EQUA));
  g_assert_cmpint (sale->tier_delta, ==, dis_cart_get_tier_delta (cart));
  g_assert_cmpint (sale->tier_delta, >, 0);

  /* A reference-counted GObject, so it can sit in a list model. */
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (sale, DIS_TYPE_SALE));
  copy = g_object_ref (sale);
  g_assert_true (copy == sale);
  g_object_unref (copy);
}

static void
test_payments (void)
{
  g_autoptr(DisCart) cart = make_cart (DIS_TIER_EQUA);
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total;

  /* Payments missing. */
  sale = dis_sale_new_from_cart (cart);
  total = sale->total;
  g_assert_cmpint (total, ==, 1200 + 288 + 333);
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PAYMENT);
  g_clear_error (&error);

  /* One card payment of the total. */
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, total);
  g_assert_true (dis_sale_validate (sale, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sale->change_due, ==, 0);
  g_assert_cmpint (sale->cash_tendered, ==, 0);
  g_clear_pointer (&sale, g_object_unref);

  /* Split: 10,00 cash (tendered 20,00) + the rest by card. */
  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CASH, 1000);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, total - 1000);
  sale->cash_tendered = 2000;
  g_assert_true (dis_sale_validate (sale, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sale->change_due, ==, 1000);

  /* Tendered less than the cash part. */
  sale->cash_tendered = 999;
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PAYMENT);
  g_clear_error (&error);

  /* Exactly the cash part: no change. */
  sale->cash_tendered = 1000;
  g_assert_true (dis_sale_validate (sale, &error));
  g_assert_cmpint (sale->change_due, ==, 0);
  g_clear_pointer (&sale, g_object_unref);

  /* All cash, exact amount not recorded as tendered. */
  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CASH, total);
  g_assert_true (dis_sale_validate (sale, &error));
  g_assert_cmpint (sale->cash_tendered, ==, total);
  g_assert_cmpint (sale->change_due, ==, 0);
  g_clear_pointer (&sale, g_object_unref);

  /* Payments one cent short, and one cent over. */
  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, total - 1);
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PAYMENT);
  g_clear_error (&error);
  dis_sale_add_payment (sale, DIS_PAYMENT_OTHER, 2);
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PAYMENT);
  g_clear_error (&error);
  g_clear_pointer (&sale, g_object_unref);

  /* A negative payment in a sale. */
  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, total + 100);
  dis_sale_add_payment (sale, DIS_PAYMENT_CASH, -100);
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PAYMENT);
  g_clear_error (&error);
  g_clear_pointer (&sale, g_object_unref);

  /* Tendered cash without a cash payment. */
  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, total);
  sale->cash_tendered = 5000;
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PAYMENT);
  g_clear_error (&error);
  g_clear_pointer (&sale, g_object_unref);
}

static void
test_validate_lines (void)
{
  g_autoptr(DisCart) cart = make_cart (DIS_TIER_IMPEGNO);
  g_autoptr(DisCart) empty = dis_cart_new ();
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  DisSaleLine *line;

  sale = dis_sale_new_from_cart (empty);
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_EMPTY);
  g_clear_error (&error);
  g_clear_pointer (&sale, g_object_unref);

  /* A line whose total was tampered with. */
  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total);
  g_assert_true (dis_sale_validate (sale, NULL));
  line = g_ptr_array_index (sale->lines, 0);
  line->line_total += 1;
  line->tier_delta += 1;
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  line->line_total -= 1;
  line->tier_delta -= 1;

  /* Totals that do not match the lines. */
  sale->total_equa += 1;
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  sale->total_equa -= 1;
  g_assert_true (dis_sale_validate (sale, NULL));
}

static void
assert_breakdown_adds_up (DisSale *sale)
{
  g_autoptr(GArray) rows = dis_sale_vat_breakdown (sale);
  gint64 gross = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const DisVatRow *row = &g_array_index (rows, DisVatRow, i);
      gint64 rate_gross = 0;

      if (i > 0)
        g_assert_cmpuint (g_array_index (rows, DisVatRow, i - 1).vat_rate, <, row->vat_rate);

      for (guint j = 0; j < sale->lines->len; j++)
        {
          const DisSaleLine *line = g_ptr_array_index (sale->lines, j);

          if (line->vat_rate == row->vat_rate)
            rate_gross += line->line_total;
        }

      g_assert_cmpint (row->gross, ==, rate_gross);
      g_assert_cmpint (row->net, ==, dis_vat_net (row->gross, row->vat_rate));
      g_assert_cmpint (row->vat, ==, row->gross - row->net);
      gross += row->gross;
    }

  g_assert_cmpint (gross, ==, sale->total);
}

static void
test_vat_breakdown_fixed (void)
{
  g_autoptr(DisCart) cart = make_cart (DIS_TIER_EQUA);
  g_autoptr(DisSale) sale = dis_sale_new_from_cart (cart);
  g_autoptr(GArray) rows = dis_sale_vat_breakdown (sale);
  const DisVatRow *row;

  g_assert_cmpuint (rows->len, ==, 2);
  row = &g_array_index (rows, DisVatRow, 0);
  g_assert_cmpuint (row->vat_rate, ==, 4);
  g_assert_cmpint (row->gross, ==, 1200 + 288);
  /* 1488 × 100 / 104 = 1430,77 → 1431 */
  g_assert_cmpint (row->net, ==, 1431);
  g_assert_cmpint (row->vat, ==, 57);
  row = &g_array_index (rows, DisVatRow, 1);
  g_assert_cmpuint (row->vat_rate, ==, 22);
  g_assert_cmpint (row->gross, ==, 333);
  /* 333 × 100 / 122 = 272,95 → 273 */
  g_assert_cmpint (row->net, ==, 273);
  g_assert_cmpint (row->vat, ==, 60);
}

static void
test_vat_breakdown_random (void)
{
  static const guint rates[] = { 4, 5, 10, 22 };
  GRand *rand = g_rand_new_with_seed (20240611);

  for (guint n = 0; n < 500; n++)
    {
      g_autoptr(DisCart) cart = dis_cart_new ();
      g_autoptr(DisSale) sale = NULL;
      guint n_lines = g_rand_int_range (rand, 1, 15);

      dis_cart_set_tier (cart, g_rand_int_range (rand, 0, DIS_N_TIERS));

      for (guint i = 0; i < n_lines; i++)
        {
          gboolean weighed = g_rand_boolean (rand);
          g_autoptr(DisProduct) product =
            make_product (i + 1, "P", weighed ? DIS_UNIT_KG : DIS_UNIT_PIECE,
                          rates[g_rand_int_range (rand, 0, G_N_ELEMENTS (rates))],
                          g_rand_int_range (rand, 1, 5000));
          gint64 qty = weighed ? g_rand_int_range (rand, 1, 5000)
                               : 1000 * g_rand_int_range (rand, 1, 6);

          dis_cart_add (cart, product, qty, weighed);
        }

      sale = dis_sale_new_from_cart (cart);
      g_assert_cmpint (sale->total, ==, dis_cart_get_total (cart));
      assert_breakdown_adds_up (sale);

      /* And its full refund mirrors it, row by row. */
      {
        g_autofree gint64 *qty = g_new0 (gint64, sale->lines->len);
        g_autoptr(DisSale) refund = NULL;
        g_autoptr(GArray) rows = dis_sale_vat_breakdown (sale);
        g_autoptr(GArray) refund_rows = NULL;

        for (guint i = 0; i < sale->lines->len; i++)
          qty[i] = ((DisSaleLine *) g_ptr_array_index (sale->lines, i))->quantity;

        refund = dis_sale_new_refund (sale, qty, sale->lines->len, NULL);
        g_assert_nonnull (refund);
        g_assert_cmpint (refund->total, ==, -sale->total);
        assert_breakdown_adds_up (refund);
        refund_rows = dis_sale_vat_breakdown (refund);
        g_assert_cmpuint (refund_rows->len, ==, rows->len);
        for (guint i = 0; i < rows->len; i++)
          {
            g_assert_cmpint (g_array_index (refund_rows, DisVatRow, i).net, ==,
                             -g_array_index (rows, DisVatRow, i).net);
            g_assert_cmpint (g_array_index (refund_rows, DisVatRow, i).vat, ==,
                             -g_array_index (rows, DisVatRow, i).vat);
          }
      }
    }

  g_rand_free (rand);
}

static DisSale *
committed_sale (void)
{
  g_autoptr(DisCart) cart = make_cart (DIS_TIER_ACCESSIBILE);
  DisSale *sale = dis_sale_new_from_cart (cart);

  /* What the store fills at commit. */
  sale->id = g_strdup ("0b5c3c1e-7a51-4c44-9a43-2f5b4c0d9e11");
  sale->receipt_no = g_strdup ("TO01-1-42");
  sale->member_card = g_strdup ("M-0007");
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total);
  g_assert_true (dis_sale_validate (sale, NULL));

  return sale;
}

static void
test_refund_full (void)
{
  g_autoptr(DisSale) sale = committed_sale ();
  g_autoptr(DisSale) refund = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 qty[] = { 3000, 1250, 1000 };

  refund = dis_sale_new_refund (sale, qty, G_N_ELEMENTS (qty), &error);
  g_assert_no_error (error);
  g_assert_nonnull (refund);
  g_assert_cmpstr (refund->refund_of, ==, sale->id);
  g_assert_cmpstr (refund->refund_of_receipt_no, ==, "TO01-1-42");
  g_assert_cmpstr (refund->member_card, ==, "M-0007");
  g_assert_cmpint (refund->tier, ==, DIS_TIER_ACCESSIBILE);
  g_assert_cmpuint (refund->lines->len, ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      const DisSaleLine *a = g_ptr_array_index (sale->lines, i);
      const DisSaleLine *b = g_ptr_array_index (refund->lines, i);

      g_assert_cmpint (b->quantity, ==, -a->quantity);
      g_assert_cmpint (b->unit_price, ==, a->unit_price);
      g_assert_cmpint (b->unit_price_equa, ==, a->unit_price_equa);
      g_assert_cmpint (b->line_total, ==, -a->line_total);
      g_assert_cmpint (b->line_total_equa, ==, -a->line_total_equa);
      g_assert_cmpint (b->tier_delta, ==, -a->tier_delta);
      g_assert_cmpint (b->line_no, ==, a->line_no);
      g_assert_cmpstr (b->product_name, ==, a->product_name);
    }

  g_assert_cmpint (refund->total, ==, -sale->total);
  g_assert_cmpint (refund->total_equa, ==, -sale->total_equa);
  g_assert_cmpint (refund->tier_delta, ==, -sale->tier_delta);
  g_assert_cmpint (refund->tier_delta, >, 0);

  /* Refunds pay money back: negative payments only. */
  g_assert_false (dis_sale_validate (refund, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PAYMENT);
  g_clear_error (&error);
  dis_sale_add_payment (refund, DIS_PAYMENT_CASH, -refund->total);
  g_assert_false (dis_sale_validate (refund, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PAYMENT);
  g_clear_error (&error);
  ((DisPayment *) g_ptr_array_index (refund->payments, 0))->amount = refund->total;
  g_assert_true (dis_sale_validate (refund, &error));
  g_assert_no_error (error);
  g_assert_cmpint (refund->change_due, ==, 0);

  /* A refund cannot itself be refunded. */
  {
    const gint64 again[] = { 1000, 0, 0 };

    g_assert_null (dis_sale_new_refund (refund, again, 3, &error));
    g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
    g_clear_error (&error);
  }
}

static void
test_refund_limits (void)
{
  g_autoptr(DisSale) sale = committed_sale ();
  g_autoptr(DisSale) refund = NULL;
  g_autoptr(GError) error = NULL;
  DisSaleLine *rice = g_ptr_array_index (sale->lines, 0);
  DisSaleLine *apples = g_ptr_array_index (sale->lines, 1);

  {
    /* Partial: one rice of three, 250 g of apples. */
    const gint64 qty[] = { 1000, 250, 0 };
    const DisSaleLine *line;

    refund = dis_sale_new_refund (sale, qty, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (refund->lines->len, ==, 2);
    line = g_ptr_array_index (refund->lines, 0);
    g_assert_cmpint (line->quantity, ==, -1000);
    g_assert_cmpint (line->line_total, ==, -rice->unit_price);
    g_assert_cmpint (line->line_no, ==, 1);
    line = g_ptr_array_index (refund->lines, 1);
    g_assert_cmpint (line->quantity, ==, -250);
    g_assert_cmpint (line->line_total, ==, dis_line_total (apples->unit_price, -250));
    g_assert_cmpint (line->line_no, ==, 2);
    g_assert_cmpint (refund->total, ==, -rice->unit_price + dis_line_total (apples->unit_price, -250));
    g_clear_pointer (&refund, g_object_unref);
  }

  /* What the store reports as already refunded. */
  rice->refunded_quantity = 1000;
  apples->refunded_quantity = 250;

  {
    const gint64 qty[] = { 2000, 1000, 1000 };

    refund = dis_sale_new_refund (sale, qty, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpint (((DisSaleLine *) g_ptr_array_index (refund->lines, 0))->quantity, ==, -2000);
    g_clear_pointer (&refund, g_object_unref);
  }

  {
    const gint64 qty[] = { 3000, 0, 0 };

    g_assert_null (dis_sale_new_refund (sale, qty, 3, &error));
    g_assert_error (error, DIS_ERROR, DIS_ERROR_REFUND_LIMIT);
    g_clear_error (&error);
  }

  {
    const gint64 qty[] = { 0, 1001, 0 };

    g_assert_null (dis_sale_new_refund (sale, qty, 3, &error));
    g_assert_error (error, DIS_ERROR, DIS_ERROR_REFUND_LIMIT);
    g_clear_error (&error);
  }

  {
    const gint64 qty[] = { 0, 0, 0 };

    g_assert_null (dis_sale_new_refund (sale, qty, 3, &error));
    g_assert_error (error, DIS_ERROR, DIS_ERROR_EMPTY);
    g_clear_error (&error);
  }

  {
    const gint64 qty[] = { -1000, 0, 0 };

    g_assert_null (dis_sale_new_refund (sale, qty, 3, &error));
    g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
    g_clear_error (&error);
  }

  {
    const gint64 qty[] = { 1000, 0 };

    g_assert_null (dis_sale_new_refund (sale, qty, 2, &error));
    g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Everything refunded already. */
  rice->refunded_quantity = 3000;
  {
    const gint64 qty[] = { 1, 0, 0 };

    g_assert_null (dis_sale_new_refund (sale, qty, 3, &error));
    g_assert_error (error, DIS_ERROR, DIS_ERROR_REFUND_LIMIT);
    g_clear_error (&error);
  }
}

static void
test_payment_codes (void)
{
  static const char *codes[] = { "cash", "card", "other" };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      DisPaymentMethod method = 99;

      g_assert_cmpstr (dis_payment_method_to_code (i), ==, codes[i]);
      g_assert_true (dis_payment_method_from_code (codes[i], &method));
      g_assert_cmpint (method, ==, i);
      g_assert_nonnull (dis_payment_method_get_name (i));
    }

  g_assert_false (dis_payment_method_from_code ("bitcoin", NULL));
  g_assert_false (dis_payment_method_from_code (NULL, NULL));
}

/* The till refuses what no hub would take, with a sentence: a quantity or
 * a price past its bound, more lines or payments than a sale holds. */
static void
test_validate_bounds (void)
{
  g_autoptr(DisCart) cart = make_cart (DIS_TIER_EQUA);
  g_autoptr(DisSale) sale = dis_sale_new_from_cart (cart);
  DisSaleLine *apples = g_ptr_array_index (sale->lines, 1);
  gint64 quantity = apples->quantity;
  g_autoptr(GError) error = NULL;

  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total);
  g_assert_true (dis_sale_validate (sale, &error));
  g_assert_no_error (error);

  apples->quantity = DIS_QUANTITY_MAX + 1;
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1000000"));
  g_clear_error (&error);
  apples->quantity = quantity;

  apples->unit_price = DIS_PRICE_MAX + 1;
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  {
    g_autofree char *limit = dis_money_format (DIS_PRICE_MAX);

    g_assert_nonnull (strstr (error->message, limit));
  }
  g_clear_error (&error);
  apples->unit_price = apples->unit_price_equa;

  for (guint i = 0; i < DIS_SALE_PAYMENTS_MAX; i++)
    dis_sale_add_payment (sale, DIS_PAYMENT_CASH, 1);
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PAYMENT);
  g_assert_nonnull (strstr (error->message, "16"));
  g_clear_error (&error);
  g_ptr_array_set_size (sale->payments, 1);

  while (sale->lines->len <= DIS_SALE_LINES_MAX)
    {
      DisSaleLine *line = dis_sale_line_new ();

      line->product_name = g_strdup ("Rice");
      line->unit = g_strdup ("piece");
      line->line_no = (gint) sale->lines->len + 1;
      g_ptr_array_add (sale->lines, line);
    }
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "500"));
}

/* Issue 9, item 12: a price label's line is charged the label, and the
 * sale says so line by line; tampering with it is refused. */
static void
test_label_sale (void)
{
  /* € 29,99/kg: defaults give 22,49 / 26,99 / 29,99 / 34,49. */
  g_autoptr(DisProduct) cheese = make_product (5, "Castelmagno", DIS_UNIT_KG, 10, 2999);
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  DisSaleLine *line;

  dis_cart_set_tier (cart, DIS_TIER_IMPEGNO);
  dis_cart_add_label (cart, cheese, dis_label_quantity (1000, 2999), 1000);
  sale = dis_sale_new_from_cart (cart);
  line = g_ptr_array_index (sale->lines, 0);
  g_assert_cmpint (line->quantity, ==, 333);
  g_assert_cmpint (line->label_price, ==, 1000);
  g_assert_cmpint (line->unit_price, ==, 2699);
  g_assert_cmpint (line->line_total_equa, ==, 1000);
  g_assert_cmpint (line->line_total, ==, 900);
  g_assert_cmpint (line->tier_delta, ==, -100);
  g_assert_cmpint (sale->total, ==, 900);
  g_assert_cmpint (sale->total_equa, ==, 1000);
  g_assert_cmpint (sale->total, ==, dis_cart_get_total (cart));
  dis_sale_add_payment (sale, DIS_PAYMENT_CASH, 900);
  g_assert_true (dis_sale_validate (sale, &error));
  g_assert_no_error (error);

  /* A label line whose figures do not follow from the label. */
  line->line_total = 899;
  line->tier_delta = -101;
  sale->total = 899;
  sale->tier_delta = -101;
  ((DisPayment *) g_ptr_array_index (sale->payments, 0))->amount = 899;
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  line->line_total = 900;
  line->tier_delta = -100;
  sale->total = 900;
  sale->tier_delta = -100;
  ((DisPayment *) g_ptr_array_index (sale->payments, 0))->amount = 900;
  line->quantity = 334;
  g_assert_false (dis_sale_validate (sale, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  line->quantity = 333;
  g_assert_true (dis_sale_validate (sale, NULL));
}

/* Issue 9, item 13: three refunds of 0,100 kg of 0,300 kg at € 2,45/kg
 * (charged € 0,74) pay back € 0,25, € 0,25 and € 0,24, at the tier and at
 * Equa alike: € 0,74 in all, never € 0,75. */
static void
test_refund_weighed (void)
{
  g_autoptr(DisProduct) apples = make_product (2, "Apples", DIS_UNIT_KG, 4, 245);
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 expected[] = { -25, -25, -24 };
  const gint64 qty[] = { 100 };
  DisSaleLine *sold;
  gint64 paid_back = 0;

  dis_cart_add (cart, apples, 300, TRUE);
  sale = dis_sale_new_from_cart (cart);
  sale->id = g_strdup ("0b5c3c1e-7a51-4c44-9a43-2f5b4c0d9e12");
  dis_sale_add_payment (sale, DIS_PAYMENT_CASH, sale->total);
  g_assert_true (dis_sale_validate (sale, NULL));
  sold = g_ptr_array_index (sale->lines, 0);
  g_assert_cmpint (sold->line_total, ==, 74);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(DisSale) refund = dis_sale_new_refund (sale, qty, 1, &error);
      const DisSaleLine *line;

      g_assert_no_error (error);
      line = g_ptr_array_index (refund->lines, 0);
      g_assert_cmpint (line->line_total, ==, expected[i]);
      g_assert_cmpint (line->line_total_equa, ==, expected[i]);
      g_assert_cmpint (line->tier_delta, ==, 0);
      g_assert_cmpint (refund->total, ==, expected[i]);
      dis_sale_add_payment (refund, DIS_PAYMENT_CASH, refund->total);
      g_assert_true (dis_sale_validate (refund, &error));
      g_assert_no_error (error);

      /* What the store reports once it is committed. */
      sold->refunded_quantity += 100;
      sold->refunded_total -= line->line_total;
      sold->refunded_total_equa -= line->line_total_equa;
      paid_back -= refund->total;
    }
  g_assert_cmpint (paid_back, ==, sold->line_total);

  /* Nothing is left to refund. */
  g_assert_null (dis_sale_new_refund (sale, qty, 1, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_REFUND_LIMIT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dis_core_init ();

  g_test_add_func ("/core/sale/from-cart", test_from_cart);
  g_test_add_func ("/core/sale/payments", test_payments);
  g_test_add_func ("/core/sale/validate-lines", test_validate_lines);
  g_test_add_func ("/core/sale/vat-breakdown-fixed", test_vat_breakdown_fixed);
  g_test_add_func ("/core/sale/vat-breakdown-random", test_vat_breakdown_random);
  g_test_add_func ("/core/sale/refund-full", test_refund_full);
  g_test_add_func ("/core/sale/refund-limits", test_refund_limits);
  g_test_add_func ("/core/sale/payment-codes", test_payment_codes);
  g_test_add_func ("/core/sale/validate-bounds", test_validate_bounds);
  g_test_add_func ("/core/sale/label", test_label_sale);
  g_test_add_func ("/core/sale/refund-weighed", test_refund_weighed);

  return g_test_run ();
}
