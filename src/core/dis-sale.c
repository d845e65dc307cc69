/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sale"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dis-code.h"
#include "dis-error.h"
#include "dis-money.h"
#include "dis-sale.h"

G_DEFINE_FINAL_TYPE (DisSale, dis_sale, G_TYPE_OBJECT)

/* ---- Payment methods ---------------------------------------------------- */

static const struct {
  const char *code;
  const char *name;
} payment_methods[] = {
  [DIS_PAYMENT_CASH]  = { "cash",  N_("Cash") },
  [DIS_PAYMENT_CARD]  = { "card",  N_("Card") },
  [DIS_PAYMENT_OTHER] = { "other", N_("Other") },
};

const char *
dis_payment_method_to_code (DisPaymentMethod method)
{
  g_return_val_if_fail (method < G_N_ELEMENTS (payment_methods), NULL);

  return payment_methods[method].code;
}

gboolean
dis_payment_method_from_code (const char       *code,
                              DisPaymentMethod *out)
{
  int i = DIS_CODE_INDEX (payment_methods, code);

  if (i >= 0 && out != NULL)
    *out = (DisPaymentMethod) i;
  return i >= 0;
}

const char *
dis_payment_method_get_name (DisPaymentMethod method)
{
  g_return_val_if_fail (method < G_N_ELEMENTS (payment_methods), NULL);

  return _(payment_methods[method].name);
}

/* ---- Lines -------------------------------------------------------------- */

DisSaleLine *
dis_sale_line_new (void)
{
  return g_new0 (DisSaleLine, 1);
}

void
dis_sale_line_free (DisSaleLine *line)
{
  if (line == NULL)
    return;

  g_free (line->product_name);
  g_free (line->supplier_name);
  g_free (line->unit);
  g_free (line);
}

/* ---- DisSale ------------------------------------------------------------ */

static void
dis_sale_finalize (GObject *object)
{
  DisSale *sale = DIS_SALE (object);

  g_clear_pointer (&sale->id, g_free);
  g_clear_pointer (&sale->point_code, g_free);
  g_clear_pointer (&sale->point_name, g_free);
  g_clear_pointer (&sale->device_id, g_free);
  g_clear_pointer (&sale->receipt_no, g_free);
  g_clear_pointer (&sale->created_at, g_date_time_unref);
  g_clear_pointer (&sale->operator_name, g_free);
  g_clear_pointer (&sale->member_card, g_free);
  g_clear_pointer (&sale->lines, g_ptr_array_unref);
  g_clear_pointer (&sale->payments, g_ptr_array_unref);
  g_clear_pointer (&sale->refund_of, g_free);
  g_clear_pointer (&sale->refund_of_receipt_no, g_free);
  g_clear_pointer (&sale->order_id, g_free);
  g_clear_pointer (&sale->order_label, g_free);

  G_OBJECT_CLASS (dis_sale_parent_class)->finalize (object);
}

static void
dis_sale_class_init (DisSaleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dis_sale_finalize;
}

static void
dis_sale_init (DisSale *sale)
{
  sale->tier = DIS_TIER_EQUA;
  sale->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_sale_line_free);
  sale->payments = g_ptr_array_new_with_free_func (g_free);
}

DisSale *
dis_sale_new (void)
{
  return g_object_new (DIS_TYPE_SALE, NULL);
}

/* A sale's line: by quantity, or exactly its scale label's price. */
static void
fill_line_totals (DisSaleLine *line)
{
  if (line->label_price > 0)
    {
      line->line_total = dis_label_total (line->label_price, line->unit_price, line->unit_price_equa);
      line->line_total_equa = line->label_price;
    }
  else
    {
      line->line_total = dis_line_total (line->unit_price, line->quantity);
      line->line_total_equa = dis_line_total (line->unit_price_equa, line->quantity);
    }
  line->tier_delta = line->line_total - line->line_total_equa;
}

/* Does the line add up? A refund's amounts are checked against its sale
 * by the store; here only their sign. */
static gboolean
line_adds_up (const DisSaleLine *line,
              gboolean           is_refund)
{
  if (line->tier_delta != line->line_total - line->line_total_equa)
    return FALSE;
  if (is_refund)
    return line->label_price == 0 && line->line_total <= 0 && line->line_total_equa <= 0;
  if (line->label_price > 0)
    return line->line_total_equa == line->label_price &&
           dis_label_line_matches (line->quantity, line->unit_price, line->unit_price_equa,
                                   line->line_total, line->line_total_equa);
  return line->line_total == dis_line_total (line->unit_price, line->quantity) &&
         line->line_total_equa == dis_line_total (line->unit_price_equa, line->quantity);
}

static void
sum_totals (DisSale *sale)
{
  sale->total = 0;
  sale->total_equa = 0;
  sale->tier_delta = 0;

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const DisSaleLine *line = g_ptr_array_index (sale->lines, i);

      sale->total += line->line_total;
      sale->total_equa += line->line_total_equa;
      sale->tier_delta += line->tier_delta;
    }
}

DisSale *
dis_sale_new_from_cart (DisCart *cart)
{
  DisSale *sale;
  guint n;

  g_return_val_if_fail (DIS_IS_CART (cart), NULL);

  sale = dis_sale_new ();
  sale->tier = dis_cart_get_tier (cart);
  sale->order_id = g_strdup (dis_cart_get_order_id (cart));

  n = g_list_model_get_n_items (G_LIST_MODEL (cart));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisCartLine) cart_line = g_list_model_get_item (G_LIST_MODEL (cart), i);
      DisProduct *product = dis_cart_line_get_product (cart_line);
      DisSaleLine *line = dis_sale_line_new ();

      line->product_id = dis_product_get_id (product);
      line->product_name = g_strdup (dis_product_get_name (product));
      line->supplier_id = dis_product_get_supplier_id (product);
      line->supplier_name = g_strdup (dis_product_get_supplier_name (product));
      line->unit = g_strdup (dis_unit_to_code (dis_product_get_unit (product)));
      line->quantity = dis_cart_line_get_quantity (cart_line);
      line->unit_price = dis_product_get_price (product, sale->tier);
      line->unit_price_equa = dis_product_get_price (product, DIS_TIER_EQUA);
      line->vat_rate = dis_product_get_vat_rate (product);
      line->line_no = (gint) i + 1;
      line->label_price = dis_cart_line_get_label_price (cart_line);
      fill_line_totals (line);

      g_ptr_array_add (sale->lines, line);
    }

  sum_totals (sale);

  return sale;
}

void
dis_sale_add_payment (DisSale          *sale,
                      DisPaymentMethod  method,
                      gint64            amount)
{
  DisPayment *payment;

  g_return_if_fail (sale != NULL);
  g_return_if_fail (method < G_N_ELEMENTS (payment_methods));

  payment = g_new0 (DisPayment, 1);
  payment->method = method;
  payment->amount = amount;
  g_ptr_array_add (sale->payments, payment);
}

static gboolean
validate_lines (DisSale  *sale,
                GError  **error)
{
  gboolean is_refund = sale->refund_of != NULL;
  gint64 total = 0;
  gint64 total_equa = 0;
  gint64 tier_delta = 0;

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const DisSaleLine *line = g_ptr_array_index (sale->lines, i);

      if (line->quantity < -DIS_QUANTITY_MAX || line->quantity > DIS_QUANTITY_MAX)
        {
          /* Translators: the limit is 1,000,000 pieces, kg or litres */
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                       _("Line %d: the quantity is over the limit of %d"), line->line_no,
                       (int) (DIS_QUANTITY_MAX / 1000));
          return FALSE;
        }
      if (line->unit_price < 0 || line->unit_price > DIS_PRICE_MAX ||
          line->unit_price_equa < 0 || line->unit_price_equa > DIS_PRICE_MAX)
        {
          g_autofree char *limit = dis_money_format (DIS_PRICE_MAX);

          /* Translators: "Line 2: the price is over the limit of € 1.000.000,00" */
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                       _("Line %d: the price is over the limit of %s"), line->line_no, limit);
          return FALSE;
        }
      if (is_refund ? line->quantity >= 0 : line->quantity <= 0)
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                       is_refund ? _("Line %d of the refund does not have a negative quantity")
                                 : _("Line %d does not have a positive quantity"),
                       line->line_no);
          return FALSE;
        }

      if (!line_adds_up (line, is_refund))
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                       _("Line %d does not add up"), line->line_no);
          return FALSE;
        }

      total += line->line_total;
      total_equa += line->line_total_equa;
      tier_delta += line->tier_delta;
    }

  if (total != sale->total || total_equa != sale->total_equa || tier_delta != sale->tier_delta)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("The sale's totals do not match its lines"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_payments (DisSale  *sale,
                   GError  **error)
{
  gboolean is_refund = sale->refund_of != NULL;
  gint64 paid = 0;
  gint64 cash = 0;
  gboolean has_cash = FALSE;

  if (sale->cash_tendered < 0 || sale->cash_tendered > DIS_SALE_TOTAL_MAX)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_PAYMENT,
                           _("An amount is over the limit of what a sale can take"));
      return FALSE;
    }
  if (sale->payments->len > DIS_SALE_PAYMENTS_MAX)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_PAYMENT,
                   g_dngettext (GETTEXT_PACKAGE, "A sale can have at most %d payment",
                                "A sale can have at most %d payments", DIS_SALE_PAYMENTS_MAX),
                   DIS_SALE_PAYMENTS_MAX);
      return FALSE;
    }

  for (guint i = 0; i < sale->payments->len; i++)
    {
      const DisPayment *payment = g_ptr_array_index (sale->payments, i);

      if (payment->amount < -DIS_SALE_TOTAL_MAX || payment->amount > DIS_SALE_TOTAL_MAX)
        {
          g_set_error_literal (error, DIS_ERROR, DIS_ERROR_PAYMENT,
                               _("An amount is over the limit of what a sale can take"));
          return FALSE;
        }
      if (is_refund ? payment->amount >= 0 : payment->amount <= 0)
        {
          g_set_error_literal (error, DIS_ERROR, DIS_ERROR_PAYMENT,
                               is_refund ? _("A refund can only pay money back")
                                         : _("A payment must be greater than zero"));
          return FALSE;
        }

      paid += payment->amount;
      if (payment->method == DIS_PAYMENT_CASH)
        {
          cash += payment->amount;
          has_cash = TRUE;
        }
    }

  if (paid != sale->total)
    {
      g_autofree char *paid_text = dis_money_format (paid);
      g_autofree char *total_text = dis_money_format (sale->total);

      /* Translators: "Payments of € 5,00 do not match the total of € 7,50" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_PAYMENT,
                   _("Payments of %s do not match the total of %s"),
                   paid_text, total_text);
      return FALSE;
    }

  if (is_refund || !has_cash)
    {
      /* Change only exists when a buyer hands over cash. */
      if (sale->cash_tendered != 0)
        {
          g_set_error_literal (error, DIS_ERROR, DIS_ERROR_PAYMENT,
                               _("Cash tendered without a cash payment"));
          return FALSE;
        }
      sale->change_due = 0;
      return TRUE;
    }

  /* Nothing recorded as tendered means the exact amount was given. */
  if (sale->cash_tendered == 0)
    sale->cash_tendered = cash;

  if (sale->cash_tendered < cash)
    {
      g_autofree char *tendered_text = dis_money_format (sale->cash_tendered);
      g_autofree char *cash_text = dis_money_format (cash);

      /* Translators: "Cash tendered € 5,00 is less than € 7,50" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_PAYMENT,
                   _("Cash tendered %s is less than %s"),
                   tendered_text, cash_text);
      return FALSE;
    }

  sale->change_due = sale->cash_tendered - cash;

  return TRUE;
}

/* Besides checking, fills in change_due (and cash_tendered when it was
 * left at 0 for an exact cash payment). */
gboolean
dis_sale_validate (DisSale  *sale,
                   GError  **error)
{
  g_return_val_if_fail (sale != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sale->lines->len == 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_EMPTY,
                           _("The sale has no lines"));
      return FALSE;
    }

  if (sale->lines->len > DIS_SALE_LINES_MAX)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "A sale can have at most %d line",
                                "A sale can have at most %d lines", DIS_SALE_LINES_MAX),
                   DIS_SALE_LINES_MAX);
      return FALSE;
    }

  if (sale->tier >= DIS_N_TIERS)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("The sale has no valid tier"));
      return FALSE;
    }

  return validate_lines (sale, error) && validate_payments (sale, error);
}

static gint
compare_vat_rows (gconstpointer a,
                  gconstpointer b)
{
  const DisVatRow *ra = a;
  const DisVatRow *rb = b;

  return (ra->vat_rate > rb->vat_rate) - (ra->vat_rate < rb->vat_rate);
}

GArray *
dis_sale_vat_breakdown (DisSale *sale)
{
  GArray *rows;

  g_return_val_if_fail (sale != NULL, NULL);

  rows = g_array_new (FALSE, TRUE, sizeof (DisVatRow));

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const DisSaleLine *line = g_ptr_array_index (sale->lines, i);
      DisVatRow *row = NULL;

      for (guint j = 0; j < rows->len; j++)
        {
          if (g_array_index (rows, DisVatRow, j).vat_rate == line->vat_rate)
            {
              row = &g_array_index (rows, DisVatRow, j);
              break;
            }
        }

      if (row == NULL)
        {
          DisVatRow new_row = { .vat_rate = line->vat_rate };

          g_array_append_val (rows, new_row);
          row = &g_array_index (rows, DisVatRow, rows->len - 1);
        }

      row->gross += line->line_total;
    }

  /* Net per rate, not per line, so each row's rounding happens once. */
  for (guint j = 0; j < rows->len; j++)
    {
      DisVatRow *row = &g_array_index (rows, DisVatRow, j);

      row->net = dis_vat_net (row->gross, row->vat_rate);
      row->vat = row->gross - row->net;
    }

  g_array_sort (rows, compare_vat_rows);

  return rows;
}

void
dis_sale_line_refund_totals (const DisSaleLine *sold,
                             gint64             qty,
                             gint64            *out_total,
                             gint64            *out_total_equa)
{
  g_return_if_fail (sold != NULL && qty > 0);
  g_return_if_fail (out_total != NULL && out_total_equa != NULL);

  *out_total = -dis_refund_amount (sold->unit_price, sold->quantity, sold->line_total,
                                   sold->refunded_quantity, sold->refunded_total, qty);
  *out_total_equa = -dis_refund_amount (sold->unit_price_equa, sold->quantity, sold->line_total_equa,
                                        sold->refunded_quantity, sold->refunded_total_equa, qty);
}

DisSale *
dis_sale_new_refund (DisSale       *original,
                     const gint64  *quantities,
                     guint          n_quantities,
                     GError       **error)
{
  g_autoptr(DisSale) refund = NULL;

  g_return_val_if_fail (original != NULL, NULL);
  g_return_val_if_fail (quantities != NULL || n_quantities == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (original->refund_of != NULL)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("A refund cannot be refunded"));
      return NULL;
    }

  if (n_quantities != original->lines->len)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("The refund does not match the sale's lines"));
      return NULL;
    }

  refund = dis_sale_new ();
  refund->tier = original->tier;
  refund->member_card = g_strdup (original->member_card);
  refund->refund_of = g_strdup (original->id);
  refund->refund_of_receipt_no = g_strdup (original->receipt_no);

  for (guint i = 0; i < n_quantities; i++)
    {
      const DisSaleLine *sold = g_ptr_array_index (original->lines, i);
      gint64 refundable = sold->quantity - sold->refunded_quantity;
      DisSaleLine *line;

      if (quantities[i] == 0)
        continue;

      if (quantities[i] < 0)
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                       _("Invalid quantity to refund for “%s”"),
                       sold->product_name);
          return NULL;
        }

      if (quantities[i] > refundable)
        {
          g_autofree char *can = dis_qty_format (MAX (refundable, 0), sold->unit);

          /* Translators: "At most 2 of “Rice 1 kg” can be refunded" */
          g_set_error (error, DIS_ERROR, DIS_ERROR_REFUND_LIMIT,
                       _("At most %s of “%s” can be refunded"),
                       can, sold->product_name);
          return NULL;
        }

      line = dis_sale_line_new ();
      line->product_id = sold->product_id;
      line->product_name = g_strdup (sold->product_name);
      line->supplier_id = sold->supplier_id;
      line->supplier_name = g_strdup (sold->supplier_name);
      line->unit = g_strdup (sold->unit);
      line->quantity = -quantities[i];
      line->unit_price = sold->unit_price;
      line->unit_price_equa = sold->unit_price_equa;
      line->vat_rate = sold->vat_rate;
      /* Keeps the number of the line it refunds, so the store can track
       * refunded quantities per original line. */
      line->line_no = sold->line_no;
      /* Never more than the line charged; the last refund takes the rest. */
      dis_sale_line_refund_totals (sold, quantities[i], &line->line_total, &line->line_total_equa);
      line->tier_delta = line->line_total - line->line_total_equa;

      g_ptr_array_add (refund->lines, line);
    }

  if (refund->lines->len == 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_EMPTY,
                           _("Nothing to refund"));
      return NULL;
    }

  sum_totals (refund);

  return g_steal_pointer (&refund);
}
