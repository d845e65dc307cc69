/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-receipt"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-plain-number.h"
#include "dis-receipt.h"

/* The receipt and the day report as text; dis-receipt-print.c puts that
 * text on paper. */

/* ---- Text layout -------------------------------------------------------- */

static guint
text_width (const char *text)
{
  return (guint) g_utf8_strlen (text, -1);
}

static void
append_spaces (GString *out,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (out, ' ');
}

static void
append_rule (GString *out,
             guint    width,
             char     c)
{
  for (guint i = 0; i < width; i++)
    g_string_append_c (out, c);
  g_string_append_c (out, '\n');
}

/* Appends @text word-wrapped to @width, each line prefixed by @indent
 * spaces. Words longer than a line are cut. */
static void
append_wrapped (GString    *out,
                guint       width,
                guint       indent,
                const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint avail = width > indent ? width - indent : 1;
  guint col = 0;

  append_spaces (out, indent);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];
      guint len = text_width (word);

      if (len == 0)
        continue;

      if (col > 0 && col + 1 + len > avail)
        {
          g_string_append_c (out, '\n');
          append_spaces (out, indent);
          col = 0;
        }
      else if (col > 0)
        {
          g_string_append_c (out, ' ');
          col++;
        }

      while (len > avail)
        {
          const char *cut = g_utf8_offset_to_pointer (word, avail);

          g_string_append_len (out, word, cut - word);
          g_string_append_c (out, '\n');
          append_spaces (out, indent);
          word = cut;
          len -= avail;
        }

      g_string_append (out, word);
      col += len;
    }

  g_string_append_c (out, '\n');
}

static void
append_center (GString    *out,
               guint       width,
               const char *text)
{
  guint len = text_width (text);

  if (len >= width)
    {
      append_wrapped (out, width, 0, text);
      return;
    }

  append_spaces (out, (width - len) / 2);
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

/* "left ........ right": @right flush with the right edge. When both do
 * not fit, @left wraps on its own lines and @right goes below it. */
static void
append_pair (GString    *out,
             guint       width,
             guint       indent,
             const char *left,
             const char *right)
{
  guint lw = text_width (left) + indent;
  guint rw = text_width (right);

  if (lw + 1 + rw > width)
    {
      append_wrapped (out, width, indent, left);
      lw = 0;
      if (rw >= width)
        {
          g_string_append (out, right);
          g_string_append_c (out, '\n');
          return;
        }
      indent = 0;
      left = "";
    }

  append_spaces (out, indent);
  g_string_append (out, left);
  append_spaces (out, width - lw - rw);
  g_string_append (out, right);
  g_string_append_c (out, '\n');
}

/* Right-aligned columns: the first @first_width wide, the others share
 * the rest of the line. */
static void
append_columns (GString     *out,
                guint        width,
                guint        first_width,
                const char **cells,
                guint        n_cells)
{
  guint other = n_cells > 1 ? (width - first_width) / (n_cells - 1) : 0;
  guint used = 0;

  g_assert (n_cells > 0);

  for (guint i = 0; i < n_cells; i++)
    {
      guint col = i == 0 ? first_width : other;
      guint len = text_width (cells[i]);

      if (i == n_cells - 1)
        col = width - used;

      if (i == 0)
        {
          g_string_append (out, cells[i]);
          append_spaces (out, col > len ? col - len : 1);
        }
      else
        {
          append_spaces (out, col > len ? col - len : 1);
          g_string_append (out, cells[i]);
        }

      used += MAX (col, len + 1);
    }

  g_string_append_c (out, '\n');
}

/* A translated sentence with one amount in it ("Solidarity contribution
 * %s"): when the amount ends the sentence, it is right-aligned like every
 * other amount; otherwise the sentence is kept as the translator wrote it. */
static void
append_sentence_with_amount (GString    *out,
                             guint       width,
                             const char *sentence_with_marker,
                             const char *amount)
{
  const char *marker = strchr (sentence_with_marker, '\x01');
  g_autofree char *left = NULL;

  if (marker == NULL)
    {
      append_wrapped (out, width, 0, sentence_with_marker);
      return;
    }

  left = g_strndup (sentence_with_marker, marker - sentence_with_marker);
  g_strchomp (left);

  if (marker[1] == '\0')
    {
      append_pair (out, width, 0, left, amount);
    }
  else
    {
      g_autofree char *full = g_strconcat (left, " ", amount, marker + 1, NULL);
      append_wrapped (out, width, 0, full);
    }
}

static void
append_vat_table (GString *out,
                  guint    width,
                  GArray  *rows)
{
  const char *header[4] = {
    /* Translators: receipt column of the VAT rate ("4%"), at most 5 characters */
    C_("receipt column", "VAT"),
    /* Translators: receipt column of the taxable amount */
    C_("receipt column", "Net"),
    /* Translators: receipt column of the VAT amount */
    C_("receipt column", "Tax"),
    /* Translators: receipt column of the amount VAT included */
    C_("receipt column", "Gross"),
  };
  guint first = 6;

  if (rows == NULL || rows->len == 0)
    return;

  append_columns (out, width, first, header, 4);

  for (guint i = 0; i < rows->len; i++)
    {
      const DisVatRow *row = &g_array_index (rows, DisVatRow, i);
      g_autofree char *rate = g_strdup_printf ("%u%%", row->vat_rate);
      g_autofree char *net = dis_money_format (row->net);
      g_autofree char *vat = dis_money_format (row->vat);
      g_autofree char *gross = dis_money_format (row->gross);
      const char *cells[4] = { rate, net, vat, gross };

      append_columns (out, width, first, cells, 4);
    }
}

static void
append_sale_line (GString           *out,
                  guint              width,
                  const DisSaleLine *line)
{
  g_autofree char *qty = dis_qty_format (line->quantity, line->unit);
  g_autofree char *unit_price = dis_money_format (line->unit_price);
  g_autofree char *total = dis_money_format (line->line_total);
  g_autofree char *detail = NULL;

  append_wrapped (out, width, 0, line->product_name != NULL ? line->product_name : "");

  if (g_strcmp0 (line->unit, "kg") == 0 || g_strcmp0 (line->unit, "l") == 0)
    detail = g_strdup_printf ("%s × %s/%s", qty, unit_price, line->unit);
  else
    detail = g_strdup_printf ("%s × %s", qty, unit_price);

  append_pair (out, width, 2, detail, total);
}

static void
append_tier_meaning (GString *out,
                     guint    width,
                     DisSale *sale)
{
  g_autofree char *amount = dis_money_format_signed (sale->tier_delta);
  g_autofree char *sentence = NULL;

  append_pair (out, width, 0, _("Tier"), dis_tier_get_name (sale->tier));

  switch (sale->tier)
    {
    case DIS_TIER_SOLIDALE:
      /* Translators: %s is a signed amount, "+€ 0,45" */
      sentence = g_strdup_printf (_("Solidarity contribution %s"), "\x01");
      break;

    case DIS_TIER_ACCESSIBILE:
    case DIS_TIER_IMPEGNO:
      /* Translators: first %s is the tier name, second a signed amount:
       * "Accessibile discount −€ 1,20" */
      sentence = g_strdup_printf (_("%s discount %s"),
                                  dis_tier_get_name (sale->tier), "\x01");
      break;

    case DIS_TIER_EQUA:
    case DIS_N_TIERS:
    default:
      return;
    }

  append_sentence_with_amount (out, width, sentence, amount);
}

char *
dis_receipt_format_text (DisSale *sale,
                         guint    width)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GArray) vat = NULL;
  g_autofree char *when = NULL;
  g_autofree char *total = NULL;

  g_return_val_if_fail (sale != NULL, NULL);

  width = MAX (width, 24);
  out = g_string_new (NULL);

  /* Header: who sold it, where and when. */
  if (sale->point_name != NULL)
    append_center (out, width, sale->point_name);
  if (sale->point_code != NULL)
    append_center (out, width, sale->point_code);
  g_string_append_c (out, '\n');

  if (sale->refund_of != NULL || sale->refund_of_receipt_no != NULL)
    {
      g_autofree char *of = NULL;

      append_center (out, width, _("REFUND"));
      /* Translators: %s is the receipt number of the refunded sale */
      of = g_strdup_printf (_("Refund of %s"),
                            sale->refund_of_receipt_no != NULL
                            ? sale->refund_of_receipt_no : sale->refund_of);
      append_center (out, width, of);
      g_string_append_c (out, '\n');
    }

  append_pair (out, width, 0, _("Receipt"), sale->receipt_no != NULL ? sale->receipt_no : "");
  when = dis_plain_date_time (sale->created_at);
  append_pair (out, width, 0, _("Date"), when);
  if (sale->operator_name != NULL)
    append_pair (out, width, 0, _("Operator"), sale->operator_name);
  if (sale->member_card != NULL)
    append_pair (out, width, 0, _("Member card"), sale->member_card);
  /* The label on the bag, so the buyer can match the two. */
  if (sale->order_label != NULL)
    /* Translators: receipt line naming the member's pre-order that this
     * sale hands over or pays; the value is the order's label, "ORD12-C1" */
    append_pair (out, width, 0, C_("receipt", "Order"), sale->order_label);
  append_rule (out, width, '-');

  /* Lines. */
  for (guint i = 0; sale->lines != NULL && i < sale->lines->len; i++)
    append_sale_line (out, width, g_ptr_array_index (sale->lines, i));
  append_rule (out, width, '-');

  total = dis_money_format (sale->total);
  append_pair (out, width, 0, _("TOTAL"), total);
  append_tier_meaning (out, width, sale);
  append_rule (out, width, '-');

  /* VAT breakdown: prices include VAT. */
  vat = dis_sale_vat_breakdown (sale);
  if (vat != NULL && vat->len > 0)
    {
      append_vat_table (out, width, vat);
      append_rule (out, width, '-');
    }

  /* Payments. */
  for (guint i = 0; sale->payments != NULL && i < sale->payments->len; i++)
    {
      const DisPayment *payment = g_ptr_array_index (sale->payments, i);
      g_autofree char *amount = dis_money_format (payment->amount);

      append_pair (out, width, 0, dis_payment_method_get_name (payment->method), amount);
    }

  if (sale->cash_tendered > 0)
    {
      g_autofree char *tendered = dis_money_format (sale->cash_tendered);
      g_autofree char *change = dis_money_format (sale->change_due);

      append_pair (out, width, 0, _("Cash tendered"), tendered);
      append_pair (out, width, 0, _("Change"), change);
    }

  g_string_append_c (out, '\n');
  append_center (out, width, _("Non-fiscal document"));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
dis_day_report_format_text (DisDayReport *report,
                            guint         width)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *day = NULL;
  g_autofree char *opened = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  width = MAX (width, 24);
  out = g_string_new (NULL);

  append_center (out, width, report->closed_at != NULL ? _("Day Close Report") : _("Day Report (day still open)"));
  g_string_append_c (out, '\n');

  day = dis_plain_day (report->business_date);
  append_pair (out, width, 0, _("Business date"), day);
  opened = dis_plain_date_time (report->opened_at);
  append_pair (out, width, 0, _("Opened"), opened);
  if (report->opened_by != NULL)
    append_pair (out, width, 0, _("Opened by"), report->opened_by);
  if (report->closed_at != NULL)
    {
      g_autofree char *closed = dis_plain_date_time (report->closed_at);

      append_pair (out, width, 0, _("Closed"), closed);
      if (report->closed_by != NULL)
        append_pair (out, width, 0, _("Closed by"), report->closed_by);
    }
  append_rule (out, width, '-');

  /* The cash drawer. */
  {
    g_autofree char *opening = dis_money_format (report->opening_float);
    g_autofree char *sales = dis_money_format (report->cash_sales);
    g_autofree char *refunds = dis_money_format (-report->cash_refunds);
    g_autofree char *expected = dis_money_format (report->expected_cash);

    append_pair (out, width, 0, _("Opening float"), opening);
    append_pair (out, width, 0, _("Cash sales"), sales);
    append_pair (out, width, 0, _("Cash refunds"), refunds);
    append_pair (out, width, 0, _("Expected cash"), expected);

    if (report->has_counted)
      {
        g_autofree char *counted = dis_money_format (report->counted_cash);
        g_autofree char *difference = dis_money_format_signed (report->difference);

        append_pair (out, width, 0, _("Counted cash"), counted);
        append_pair (out, width, 0, _("Difference"), difference);
      }
    else
      {
        append_pair (out, width, 0, _("Counted cash"), _("not counted"));
      }
  }
  append_rule (out, width, '-');

  /* Counts. */
  {
    g_autofree char *n_sales = g_strdup_printf ("%" G_GINT64_FORMAT, report->n_sales);
    g_autofree char *n_refunds = g_strdup_printf ("%" G_GINT64_FORMAT, report->n_refunds);
    g_autofree char *gross = dis_money_format (report->gross);

    append_pair (out, width, 0, _("Sales"), n_sales);
    append_pair (out, width, 0, _("Refunds"), n_refunds);
    append_pair (out, width, 0, _("Gross takings"), gross);
  }
  append_rule (out, width, '-');

  /* By tier: how many sales, how much, and what the tier meant. */
  {
    const char *header[4] = { _("Tier"), _("Sales"), _("Gross"), _("Delta") };
    guint first = width >= 60 ? 18 : 12;

    append_columns (out, width, first, header, 4);
    for (guint t = 0; t < DIS_N_TIERS; t++)
      {
        const DisDayTierRow *row = &report->by_tier[t];
        g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, row->n_sales);
        g_autofree char *gross = dis_money_format (row->gross);
        g_autofree char *delta = dis_money_format_signed (row->tier_delta);
        const char *cells[4] = { dis_tier_get_name (t), n, gross, delta };

        append_columns (out, width, first, cells, 4);
      }
  }
  append_rule (out, width, '-');

  /* By payment method, net of refunds. */
  for (guint m = DIS_PAYMENT_CASH; m <= DIS_PAYMENT_OTHER; m++)
    {
      g_autofree char *amount = NULL;

      if (m == DIS_PAYMENT_OTHER && report->by_payment[m] == 0)
        continue;

      amount = dis_money_format (report->by_payment[m]);
      append_pair (out, width, 0, dis_payment_method_get_name (m), amount);
    }
  append_rule (out, width, '-');

  if (report->by_vat != NULL && report->by_vat->len > 0)
    {
      append_vat_table (out, width, report->by_vat);
      append_rule (out, width, '-');
    }

  if (report->pending_events > 0)
    {
      g_autofree char *pending = NULL;
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, report->pending_events);

      /* Translators: %s is a number of sales */
      pending = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s sale is not yet synced with the network",
                                              "%s sales are not yet synced with the network",
                                              (gulong) report->pending_events),
                                 n);
      append_wrapped (out, width, 0, pending);
      g_string_append_c (out, '\n');
    }

  append_center (out, width, _("Non-fiscal document"));

  return g_string_free (g_steal_pointer (&out), FALSE);
}
