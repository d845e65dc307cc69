/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-delivery"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-delivery-sheet.h"
#include "dis-delivery-stop.h"
#include "dis-geo.h"
#include "dis-money.h"
#include "dis-order-print-sheets.h"

static char *
describe_total (DisOrder *order)
{
  g_autofree char *total = dis_money_format (dis_order_get_total (order));

  if (dis_order_get_paid (order))
    return g_strdup (_("paid"));
  if (dis_order_get_total_estimated (order))
    /* Translators: an estimated total, "€ 12,40 (est.)" */
    return g_strdup_printf (_("%s (est.)"), total);

  return g_steal_pointer (&total);
}

void
dis_delivery_sheet_fill (DisSheet *sheet,
                         gpointer  data)
{
  DisDeliveryRound *round = data;
  guint n;
  guint n_routed = 0;
  g_autofree char *distance = NULL;
  g_autofree char *summary = NULL;
  const DisSheetColumn columns[] = {
    { _("Stop"), 1.2, TRUE },
    { _("Order"), 1.4, TRUE },
    { _("Member"), 3.0, FALSE },
    { _("Address"), 4.5, FALSE },
    { _("To pay"), 1.8, TRUE },
    { _("Signature"), 2.2, FALSE },
  };

  g_return_if_fail (sheet != NULL);
  g_return_if_fail (round != NULL && G_IS_LIST_MODEL (round->stops));

  n = g_list_model_get_n_items (round->stops);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisDeliveryStop) stop = g_list_model_get_item (round->stops, i);

      n_routed += dis_delivery_stop_get_position (stop) > 0;
    }

  distance = dis_geo_format_distance (round->metres);
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u stop · %s from the point and back",
                                          "%u stops · %s from the point and back", n_routed),
                             n_routed, distance);

  dis_sheet_add_title (sheet, _("Route Sheet"));
  dis_sheet_add_subtitle (sheet, round->slot);
  dis_sheet_add_subtitle (sheet, summary);
  if (n_routed < n)
    dis_sheet_add_subtitle (sheet, _("The addresses without a stop number have no known position: they are not in the round."));

  dis_sheet_begin_table (sheet, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisDeliveryStop) stop = g_list_model_get_item (round->stops, i);
      DisOrder *order = dis_delivery_stop_get_order (stop);
      guint position = dis_delivery_stop_get_position (stop);
      g_autofree char *number = position > 0 ? g_strdup_printf ("%u", position) : NULL;
      g_autofree char *address = dis_order_print_describe_address (order);
      g_autofree char *total = describe_total (order);
      const char *name = dis_order_get_member_name (order);
      const char *cells[] = {
        number, dis_order_get_reference (order), name != NULL ? name : dis_order_get_member_card (order),
        address, total, NULL,
      };

      dis_sheet_add_row (sheet, cells, FALSE);
    }
}
