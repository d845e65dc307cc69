/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-order-print"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-order-print-sheets.h"
#include "dis-money.h"
#include "dis-orders-format.h"

DisOrderBatch *
dis_order_batch_new (const char *place,
                     GPtrArray  *orders)
{
  DisOrderBatch *batch;

  g_return_val_if_fail (place != NULL, NULL);
  g_return_val_if_fail (orders != NULL, NULL);

  batch = g_new0 (DisOrderBatch, 1);
  batch->place = g_strdup (place);
  batch->orders = g_ptr_array_ref (orders);

  return batch;
}

void
dis_order_batch_free (DisOrderBatch *batch)
{
  if (batch == NULL)
    return;

  g_free (batch->place);
  g_clear_pointer (&batch->orders, g_ptr_array_unref);
  g_free (batch);
}

char *
dis_order_print_place_label (DisFulfilment  fulfilment,
                             const char    *code,
                             GDateTime     *starts,
                             GDateTime     *ends)
{
  g_autofree char *times = starts != NULL && ends != NULL ? dis_orders_format_span (starts, ends) : NULL;

  g_return_val_if_fail (code != NULL, NULL);

  if (fulfilment == DIS_FULFILMENT_DELIVERY)
    return times != NULL
      /* Translators: a delivery slot's code, then its times */
      ? g_strdup_printf (_("Delivery %s · %s"), code, times)
      /* Translators: a delivery slot's code */
      : g_strdup_printf (_("Delivery %s"), code);

  return times != NULL
    /* Translators: a pickup window's code, then its times */
    ? g_strdup_printf (_("Pickup %s · %s"), code, times)
    /* Translators: a pickup window's code */
    : g_strdup_printf (_("Pickup %s"), code);
}

char *
dis_order_print_describe_place (DisOrder *order)
{
  g_return_val_if_fail (DIS_IS_ORDER (order), NULL);

  return dis_order_print_place_label (dis_order_get_fulfilment (order),
                                      dis_order_get_place_code (order),
                                      dis_order_get_place_starts (order),
                                      dis_order_get_place_ends (order));
}

char *
dis_order_print_describe_address (DisOrder *order)
{
  const char *address;
  const char *comune;

  g_return_val_if_fail (DIS_IS_ORDER (order), NULL);

  address = dis_order_get_address (order);
  comune = dis_order_get_comune (order);
  if (address == NULL)
    return g_strdup ("");
  if (comune == NULL)
    return g_strdup (address);

  /* Translators: a delivery address, then its comune */
  return g_strdup_printf (_("%s, %s"), address, comune);
}

static const char *
member_of (DisOrder *order)
{
  const char *name = dis_order_get_member_name (order);

  return name != NULL ? name : dis_order_get_member_card (order);
}

/* ---- The picking list ----------------------------------------------------- */

typedef struct
{
  const char *code;     /* borrowed from the orders' lines */
  const char *name;
  DisUnit     unit;
  gint64      qty;
} ProductTotal;

static int
compare_totals (gconstpointer a,
                gconstpointer b)
{
  const ProductTotal *x = *(ProductTotal * const *) a;
  const ProductTotal *y = *(ProductTotal * const *) b;

  return g_utf8_collate (x->name, y->name);
}

/* What to take from the shelves for the whole batch, by product name. */
static GPtrArray *
sum_products (GPtrArray *orders)
{
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *totals = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < orders->len; i++)
    {
      GListModel *lines = dis_order_get_lines (g_ptr_array_index (orders, i));

      for (guint j = 0; j < g_list_model_get_n_items (lines); j++)
        {
          g_autoptr(DisOrderLine) line = g_list_model_get_item (lines, j);
          const char *code = dis_order_line_get_product_code (line);
          ProductTotal *total = g_hash_table_lookup (by_code, code);

          if (total == NULL)
            {
              total = g_new0 (ProductTotal, 1);
              total->code = code;
              total->name = dis_order_line_get_product_name (line);
              total->unit = dis_order_line_get_unit (line);
              g_hash_table_insert (by_code, (gpointer) code, total);
              g_ptr_array_add (totals, total);
            }
          total->qty += dis_order_line_get_quantity (line);
        }
    }

  g_ptr_array_sort (totals, compare_totals);

  return totals;
}

static char *
format_qty (gint64  qty,
            DisUnit unit)
{
  return dis_qty_format (qty, dis_unit_to_code (unit));
}

static void
add_totals_table (DisSheet  *sheet,
                  GPtrArray *orders)
{
  g_autoptr(GPtrArray) totals = sum_products (orders);
  const DisSheetColumn columns[] = {
    { _("Product"), 5.0, FALSE },
    { _("Code"), 2.0, FALSE },
    { _("To prepare"), 2.0, TRUE },
    { _("Taken"), 1.0, FALSE },
  };

  dis_sheet_add_subtitle (sheet, _("From the shelves: every product of these orders"));
  dis_sheet_begin_table (sheet, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < totals->len; i++)
    {
      ProductTotal *total = g_ptr_array_index (totals, i);
      g_autofree char *qty = format_qty (total->qty, total->unit);
      const char *cells[] = { total->name, total->code, qty, "☐" };

      dis_sheet_add_row (sheet, cells, FALSE);
    }
}

/* "10 (ordered 12)" when the hub allotted less than ordered. */
static char *
describe_line_qty (DisOrderLine *line)
{
  g_autofree char *qty = format_qty (dis_order_line_get_quantity (line), dis_order_line_get_unit (line));
  gint64 ordered = dis_order_line_get_ordered (line);
  g_autofree char *was = NULL;

  if (dis_order_line_get_allotted (line) < 0 || dis_order_line_get_allotted (line) == ordered)
    return g_steal_pointer (&qty);

  was = format_qty (ordered, dis_order_line_get_unit (line));
  /* Translators: what to prepare after a shortage, then what was ordered */
  return g_strdup_printf (_("%s (ordered %s)"), qty, was);
}

static void
add_orders_table (DisSheet  *sheet,
                  GPtrArray *orders)
{
  const DisSheetColumn columns[] = {
    { _("Order"), 1.2, TRUE },
    { _("Member"), 3.0, FALSE },
    { _("Product"), 4.0, FALSE },
    { _("Quantity"), 2.2, TRUE },
    { _("Done"), 1.4, FALSE },
  };

  dis_sheet_page_break (sheet);
  dis_sheet_add_subtitle (sheet, _("Order by order: weigh what is weighed and write the weight"));
  dis_sheet_begin_table (sheet, columns, G_N_ELEMENTS (columns));

  for (guint i = 0; i < orders->len; i++)
    {
      DisOrder *order = g_ptr_array_index (orders, i);
      GListModel *lines = dis_order_get_lines (order);

      for (guint j = 0; j < g_list_model_get_n_items (lines); j++)
        {
          g_autoptr(DisOrderLine) line = g_list_model_get_item (lines, j);
          g_autofree char *qty = describe_line_qty (line);
          const char *done = dis_unit_is_measured (dis_order_line_get_unit (line)) &&
                             dis_order_line_get_weighed (line) < 0 ? "____ ☐" : "☐";
          const char *cells[] = {
            j == 0 ? dis_order_get_reference (order) : NULL,
            j == 0 ? member_of (order) : NULL,
            dis_order_line_get_product_name (line),
            qty,
            done,
          };

          /* The first line of each order stands out: where one starts. */
          dis_sheet_add_row (sheet, cells, j == 0);
        }
    }
}

void
dis_order_print_fill_picking (DisSheet *sheet,
                              gpointer  data)
{
  DisOrderBatch *batch = data;
  g_autofree char *count = NULL;

  g_return_if_fail (sheet != NULL);
  g_return_if_fail (batch != NULL);

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order", "%u orders", batch->orders->len),
                           batch->orders->len);

  dis_sheet_add_title (sheet, _("Picking List"));
  dis_sheet_add_subtitle (sheet, batch->place);
  dis_sheet_add_subtitle (sheet, count);
  add_totals_table (sheet, batch->orders);
  add_orders_table (sheet, batch->orders);
}

/* ---- Labels ------------------------------------------------------------- */

void
dis_order_print_fill_labels (DisSheet *sheet,
                             gpointer  data)
{
  DisOrderBatch *batch = data;
  g_autoptr(GArray) labels = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  g_return_if_fail (sheet != NULL);
  g_return_if_fail (batch != NULL);

  labels = g_array_sized_new (FALSE, TRUE, sizeof (DisSheetLabel), batch->orders->len);
  texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < batch->orders->len; i++)
    {
      DisOrder *order = g_ptr_array_index (batch->orders, i);
      DisSheetLabel label = { { NULL, NULL, NULL }, NULL };
      /* Translators: an order's label: its reference ("12-C1"), then the member */
      char *first = g_strdup_printf (_("No. %s · %s"), dis_order_get_reference (order), member_of (order));
      char *second = dis_order_get_fulfilment (order) == DIS_FULFILMENT_DELIVERY
                     ? dis_order_print_describe_address (order)
                     : dis_order_print_describe_place (order);
      char *third = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product", "%u products",
                                                  dis_order_get_n_lines (order)),
                                     dis_order_get_n_lines (order));

      g_ptr_array_add (texts, first);
      g_ptr_array_add (texts, second);
      g_ptr_array_add (texts, third);
      label.lines[0] = first;
      label.lines[1] = second;
      label.lines[2] = third;
      label.barcode = dis_order_get_barcode (order);
      g_array_append_val (labels, label);
    }

  dis_sheet_draw_labels (sheet, (const DisSheetLabel *) labels->data, labels->len,
                         MIN (batch->skip, DIS_SHEET_LABELS_PER_PAGE - 1));
}
