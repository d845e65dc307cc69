/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock-movement-row"

#include "config.h"

#include <glib/gi18n.h>

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

static const char *
kind_name (const char *kind,
           gint64      qty)
{
  if (g_strcmp0 (kind, "receive") == 0)
    return C_("stock movement", "Received");
  if (g_strcmp0 (kind, "sale") == 0)
    return C_("stock movement", "Sold");
  if (g_strcmp0 (kind, "refund") == 0)
    return C_("stock movement", "Refunded");
  if (g_strcmp0 (kind, "adjust") == 0)
    return C_("stock movement", "Count adjustment");
  if (g_strcmp0 (kind, "waste") == 0)
    return C_("stock movement", "Waste");
  if (g_strcmp0 (kind, "transfer") == 0)
    return qty < 0 ? C_("stock movement", "Transferred out") : C_("stock movement", "Transferred in");
  return kind;
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
                                     const char          *unit)
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

  q = dis_stock_movement_get_qty (movement);
  gtk_label_set_label (self->kind_label, kind_name (dis_stock_movement_get_kind (movement), q));
  qty = dis_qty_format (q, unit);
  /* A plus sign too: in a history the direction is what matters. */
  signed_qty = q > 0 ? g_strconcat ("+", qty, NULL) : g_strdup (qty);
  gtk_label_set_label (self->qty_label, signed_qty);

  at = g_date_time_new_from_iso8601 (dis_stock_movement_get_at (movement), NULL);
  if (at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (at);

      when = dis_plain_date_time (local);
    }
  append (detail, when);
  append (detail, dis_stock_movement_get_operator_name (movement));
  append (detail, dis_stock_movement_get_document (movement));
  if (dis_stock_movement_get_lot (movement) != NULL)
    {
      /* Translators: a lot number of received goods */
      g_autofree char *lot = g_strdup_printf (_("lot %s"), dis_stock_movement_get_lot (movement));

      append (detail, lot);
    }
  if (dis_stock_movement_get_expires_on (movement) != NULL)
    {
      g_autofree char *day = dis_plain_day (dis_stock_movement_get_expires_on (movement));
      /* Translators: an expiry date of received goods */
      g_autofree char *expires = g_strdup_printf (_("expires %s"), day);

      append (detail, expires);
    }
  if (dis_stock_movement_get_unit_cost (movement) >= 0)
    {
      g_autofree char *money = dis_money_format (dis_stock_movement_get_unit_cost (movement));
      /* Translators: a purchase cost per unit (or per kg or l) */
      g_autofree char *cost = g_strdup_printf (_("cost %s"), money);

      append (detail, cost);
    }
  append (detail, dis_stock_movement_get_reason (movement));
  gtk_label_set_label (self->detail_label, detail->str);
}

static void
dis_stock_movement_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_STOCK_MOVEMENT_ROW);

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
