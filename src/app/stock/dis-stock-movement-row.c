/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock-movement-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-date.h"
#include "dis-money.h"
#include "dis-plain-number.h"
#include "dis-stock-movement-row.h"

struct _DisStockMovementRow
{
  GtkWidget  parent_instance;

  GtkLabel  *kind_label;
  GtkLabel  *detail_label;
  GtkLabel  *qty_label;
};

G_DEFINE_FINAL_TYPE (DisStockMovementRow, dis_stock_movement_row, GTK_TYPE_WIDGET)

/* A transfer says which way it went: out of this point or into it. */
static const char *
kind_name (DisStockKind kind,
           gint64       qty)
{
  switch (kind)
    {
    case DIS_STOCK_KIND_RECEIVE:
      return C_("stock movement", "Received");
    case DIS_STOCK_KIND_SALE:
      return C_("stock movement", "Sold");
    case DIS_STOCK_KIND_REFUND:
      return C_("stock movement", "Refunded");
    case DIS_STOCK_KIND_ADJUST:
      return C_("stock movement", "Count adjustment");
    case DIS_STOCK_KIND_WASTE:
      return C_("stock movement", "Waste");
    case DIS_STOCK_KIND_TRANSFER:
      return qty < 0 ? C_("stock movement", "Transferred out") : C_("stock movement", "Transferred in");
    case DIS_STOCK_N_KINDS:
    default:
      return dis_stock_kind_get_name (kind);
    }
}

static void
append (GString    *text,
        const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

void
dis_stock_movement_row_set_movement (DisStockMovementRow *self,
                                     DisStockMovement    *movement,
                                     DisUnit              unit)
{
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *when = NULL;
  g_autofree char *qty = NULL;
  g_autofree char *signed_qty = NULL;
  gint64 q;

  g_return_if_fail (DIS_IS_STOCK_MOVEMENT_ROW (self));
  g_return_if_fail (movement == NULL || DIS_IS_STOCK_MOVEMENT (movement));

  if (movement == NULL)
    return;

  q = movement->qty;
  gtk_label_set_label (self->kind_label, kind_name (movement->kind, q));
  qty = dis_qty_format (q, dis_unit_to_code (unit));
  /* A plus sign too: in a history the direction is what matters. */
  signed_qty = q > 0 ? g_strconcat ("+", qty, NULL) : g_strdup (qty);
  gtk_label_set_label (self->qty_label, signed_qty);

  at = g_date_time_new_from_iso8601 (movement->at, NULL);
  if (at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (at);

      when = dis_plain_date_time (local);
    }
  append (detail, when);
  append (detail, movement->operator_name);
  append (detail, movement->document);
  if (movement->lot != NULL)
    {
      /* Translators: a lot number of received goods */
      g_autofree char *lot = g_strdup_printf (_("lot %s"), movement->lot);

      append (detail, lot);
    }
  if (movement->expires_julian != 0)
    {
      g_autofree char *iso = dis_date_format (movement->expires_julian);
      g_autofree char *day = dis_plain_day (iso);
      /* Translators: an expiry date of received goods */
      g_autofree char *expires = g_strdup_printf (_("expires %s"), day);

      append (detail, expires);
    }
  if (movement->unit_cost >= 0)
    {
      g_autofree char *money = dis_money_format (movement->unit_cost);
      /* Translators: a purchase cost per unit (or per kg or l) */
      g_autofree char *cost = g_strdup_printf (_("cost %s"), money);

      append (detail, cost);
    }
  append (detail, movement->reason);
  gtk_label_set_label (self->detail_label, detail->str);
}

static void
dis_stock_movement_row_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_STOCK_MOVEMENT_ROW);
  /* Children the template does not name are unparented too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dis_stock_movement_row_parent_class)->dispose (object);
}

static void
dis_stock_movement_row_class_init (DisStockMovementRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_stock_movement_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-stock-movement-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisStockMovementRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockMovementRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockMovementRow, qty_label);
}

static void
dis_stock_movement_row_init (DisStockMovementRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_stock_movement_row_new (void)
{
  return g_object_new (DIS_TYPE_STOCK_MOVEMENT_ROW, NULL);
}
