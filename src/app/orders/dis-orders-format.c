/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-orders-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-money.h"
#include "dis-orders-format.h"

char *
dis_orders_format_span (GDateTime *starts,
                        GDateTime *ends)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autofree char *day = NULL;
  g_autofree char *start_time = NULL;
  g_autofree char *end_time = NULL;

  g_return_val_if_fail (starts != NULL, NULL);
  g_return_val_if_fail (ends != NULL, NULL);

  from = g_date_time_to_local (starts);
  to = g_date_time_to_local (ends);
  /* Translators: a day in a list of pickup windows, strftime format:
   * "sab 12 dic" */
  day = g_date_time_format (from, _("%a %-d %b"));
  start_time = g_date_time_format (from, "%H:%M");
  if (g_date_time_get_year (from) == g_date_time_get_year (to) &&
      g_date_time_get_day_of_year (from) == g_date_time_get_day_of_year (to))
    end_time = g_date_time_format (to, "%H:%M");
  else
    /* Translators: the end of a window on another day, strftime format */
    end_time = g_date_time_format (to, _("%a %-d %b %H:%M"));

  /* Translators: a pickup window or delivery slot: "sab 12 dic, 09:00–12:00" */
  return g_strdup_printf (_("%s, %s–%s"), g_strstrip (day), start_time, g_strstrip (end_time));
}

char *
dis_orders_format_place (DisOrder *order)
{
  g_autofree char *span = NULL;
  gboolean delivery;

  g_return_val_if_fail (DIS_IS_ORDER (order), NULL);

  delivery = dis_order_get_fulfilment (order) == DIS_FULFILMENT_DELIVERY;
  if (dis_order_get_place_starts (order) != NULL && dis_order_get_place_ends (order) != NULL)
    span = dis_orders_format_span (dis_order_get_place_starts (order), dis_order_get_place_ends (order));
  else
    span = g_strdup (dis_order_get_place_code (order));

  if (delivery)
    /* Translators: where and when an order goes: "Delivery sab 12 dic, 15:00–18:00" */
    return g_strdup_printf (_("Delivery %s"), span);
  /* Translators: where and when an order is collected: "Pickup sab 12 dic, 09:00–12:00" */
  return g_strdup_printf (_("Pickup %s"), span);
}

void
dis_orders_state_look (DisOrderState  state,
                       const char   **out_icon_name,
                       const char   **out_style_class)
{
  const char *icon = NULL;
  const char *style = NULL;

  switch (state)
    {
    case DIS_ORDER_WAITING:
      icon = "network-transmit-receive-symbolic";
      style = "dim-label";
      break;
    case DIS_ORDER_ACCEPTED:
      icon = "object-select-symbolic";
      style = "accent";
      break;
    case DIS_ORDER_REFUSED:
      icon = "dialog-warning-symbolic";
      style = "error";
      break;
    case DIS_ORDER_READY:
      icon = "package-x-generic-symbolic";
      style = "success";
      break;
    case DIS_ORDER_OUT_FOR_DELIVERY:
      icon = "mark-location-symbolic";
      style = "accent";
      break;
    case DIS_ORDER_HANDED_OVER:
    case DIS_ORDER_DELIVERED:
      icon = "emblem-ok-symbolic";
      style = "dim-label";
      break;
    case DIS_ORDER_CANCELLED:
      icon = "action-unavailable-symbolic";
      style = "dim-label";
      break;
    default:
      g_assert_not_reached ();
    }

  if (out_icon_name != NULL)
    *out_icon_name = icon;
  if (out_style_class != NULL)
    *out_style_class = style;
}

/* The hub's reason codes in a volunteer's words; its own message (in
 * English) follows, unless @alone: then the point says why itself, as
 * the order dialog does for a zone. */
static const char *
reason_title (const char *code,
              gboolean   *alone)
{
  static const struct {
    const char *code;
    const char *title;
    gboolean    alone;
  } reasons[] = {
    { "sold_out",        N_("Sold out"), FALSE },
    { "slot_full",       N_("The delivery slot is full"), FALSE },
    { "cycle_closed",    N_("The order cycle is closed"), FALSE },
    { "cutoff_passed",   N_("Too late for this delivery slot"), FALSE },
    { "not_eligible",    N_("The member may not buy at this tier"), FALSE },
    { "unknown_product", N_("A product is not on offer"), FALSE },
    { "no_delivery",     N_("This point does not deliver"), FALSE },
    { "outside_zone",    N_("The address is outside the delivery slot's zone: Edit… says where it is"), TRUE },
    { "shortage",        N_("The supplier delivered less"), FALSE },
  };

  *alone = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_strcmp0 (code, reasons[i].code) == 0)
      {
        *alone = reasons[i].alone;
        return _(reasons[i].title);
      }
  return NULL;
}

char *
dis_orders_format_reason (DisOrder *order)
{
  const char *code;
  const char *message;
  const char *title;
  gboolean alone;

  g_return_val_if_fail (DIS_IS_ORDER (order), NULL);

  code = dis_order_get_reason_code (order);
  message = dis_order_get_reason_message (order);
  if (code == NULL && (message == NULL || *message == '\0'))
    return NULL;

  title = reason_title (code, &alone);
  if (title == NULL)
    return g_strdup (message != NULL && *message != '\0' ? message : code);
  if (alone || message == NULL || *message == '\0')
    return g_strdup (title);
  /* Translators: why the network refused or changed an order: "Sold out: Mele Renette, 2 kg left" */
  return g_strdup_printf (_("%s: %s"), title, message);
}

char *
dis_orders_format_total (gint64   cents,
                         gboolean estimated)
{
  g_autofree char *money = dis_money_format (cents);

  if (!estimated)
    return g_steal_pointer (&money);
  /* Translators: a total that is an estimate until weighed items are weighed */
  return g_strdup_printf (_("about %s"), money);
}

char *
dis_orders_format_line (DisOrderLine *line)
{
  const char *unit;
  gboolean measured;
  gint64 ordered;
  gint64 allotted;
  gint64 weighed;
  g_autofree char *price = NULL;
  g_autofree char *ordered_text = NULL;
  g_autofree char *qty = NULL;

  g_return_val_if_fail (DIS_IS_ORDER_LINE (line), NULL);

  unit = dis_unit_to_code (dis_order_line_get_unit (line));
  measured = dis_unit_is_measured (dis_order_line_get_unit (line));
  ordered = dis_order_line_get_ordered (line);
  allotted = dis_order_line_get_allotted (line);
  weighed = dis_order_line_get_weighed (line);
  price = dis_money_format (dis_order_line_get_unit_price (line));
  ordered_text = dis_qty_format (ordered, unit);

  if (weighed >= 0)
    {
      g_autofree char *weighed_text = dis_qty_format (weighed, unit);

      /* Translators: a weighed line of an order: "weighed 0,350 kg (ordered 0,300 kg) × € 14,00/kg" */
      return g_strdup_printf (_("weighed %s (ordered %s) × %s/%s"), weighed_text, ordered_text, price, unit);
    }
  if (allotted >= 0 && allotted != ordered)
    {
      g_autofree char *allotted_text = dis_qty_format (allotted, unit);

      /* Translators: a line the supplier could not deliver in full: "2 of 3 allotted (the supplier delivered less) × € 2,30" */
      return g_strdup_printf (_("%s of %s allotted (the supplier delivered less) × %s"),
                              allotted_text, ordered_text, price);
    }
  if (measured)
    /* Translators: a weighed product not weighed yet: "0,300 kg ordered × € 14,00/kg, an estimate: weighed when prepared" */
    return g_strdup_printf (_("%s ordered × %s/%s, an estimate: weighed when prepared"), ordered_text, price, unit);

  qty = dis_qty_format (dis_order_line_get_quantity (line), unit);
  /* Translators: pieces of an order line: "3 × € 2,30" */
  return g_strdup_printf (_("%s × %s"), qty, price);
}
