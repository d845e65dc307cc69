/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-date.h"
#include "dis-money.h"
#include "dis-plain-number.h"
#include "dis-stock-detail.h"
#include "dis-stock-movement-row.h"
#include "dis-stock-row.h"
#include "dis-ui.h"

struct _DisStockDetail
{
  GtkWidget      parent_instance;

  DisStore      *store;
  DisStockLevel *level;
  GListStore    *history;          /* DisStockMovement */
  GCancellable  *cancellable;      /* the history asked last */
  guint          loaded : 1;

  GtkStack      *stack;
  GtkLabel      *name_label;
  GtkLabel      *code_label;
  GtkLabel      *qty_label;
  GtkWidget     *flag_box;
  GtkImage      *flag_icon;
  GtkLabel      *flag_label;
  GtkLabel      *facts_label;
  GtkStack      *history_stack;
  GtkSpinner    *history_spinner;
  GtkListView   *history_view;
  const char    *flag_class;
};

G_DEFINE_FINAL_TYPE (DisStockDetail, dis_stock_detail, GTK_TYPE_WIDGET)

static void
on_row_setup (DisStockDetail *self,
              GtkListItem    *item)
{
  gtk_list_item_set_child (item, dis_stock_movement_row_new ());
  gtk_list_item_set_activatable (item, FALSE);
}

static void
on_row_bind (DisStockDetail *self,
             GtkListItem    *item)
{
  dis_stock_movement_row_set_movement (DIS_STOCK_MOVEMENT_ROW (gtk_list_item_get_child (item)),
                                       gtk_list_item_get_item (item),
                                       self->level != NULL ? self->level->unit : DIS_UNIT_PIECE);
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DisStockDetail) self = user_data;
  g_autoptr(GPtrArray) movements = NULL;
  g_autoptr(GError) error = NULL;

  movements = dis_store_stock_list_movements_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->history_spinner);
  g_clear_object (&self->cancellable);
  if (movements == NULL)
    {
      gtk_stack_set_visible_child_name (self->history_stack, "empty");
      dis_ui_show_error (GTK_WIDGET (self),
                         _("The movements of the product could not be read. Choose it again; if it fails again, restart the till."),
                         error);
      return;
    }

  g_list_store_splice (self->history, 0, g_list_model_get_n_items (G_LIST_MODEL (self->history)),
                       movements->pdata, movements->len);
  gtk_stack_set_visible_child_name (self->history_stack, movements->len > 0 ? "list" : "empty");
  self->loaded = TRUE;
}

static void
load_history (DisStockDetail *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->loaded = FALSE;
  g_list_store_remove_all (self->history);

  if (self->store == NULL || self->level == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->history_stack, "loading");
  gtk_spinner_start (self->history_spinner);
  dis_store_stock_list_movements_async (self->store, self->level->product_id, 0,
                                        self->cancellable, history_cb, g_object_ref (self));
}

/* Minimum, target, days of cover and the nearest expiry, in one line each. */
static char *
facts_text (DisStockLevel *level)
{
  GString *text = g_string_new (NULL);
  const char *unit = dis_unit_to_code (level->unit);
  gint64 min = level->min_qty;
  gint64 target = level->target_qty;
  gint64 cover = level->days_of_cover;
  g_autofree char *expiry = dis_date_format (level->expires_julian);

  if (min >= 0)
    {
      g_autofree char *qty = dis_qty_format (min, unit);

      g_string_append_printf (text, _("Minimum: %s"), qty);
    }
  else
    g_string_append (text, _("Minimum: not set"));
  g_string_append_c (text, '\n');
  if (target >= 0)
    {
      g_autofree char *qty = dis_qty_format (target, unit);

      g_string_append_printf (text, _("Target: %s"), qty);
    }
  else
    g_string_append (text, _("Target: not set"));
  g_string_append_c (text, '\n');
  if (cover == 0)
    g_string_append (text, _("Nothing left for the coming days' sales"));
  else if (cover > 0)
    {
      guint days = (guint) MIN (cover, 9999);

      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "Enough for %u day at the sales of the last 4 weeks",
                                           "Enough for %u days at the sales of the last 4 weeks", days),
                              days);
    }
  else
    g_string_append (text, _("No sales in the last 4 weeks"));
  if (expiry != NULL)
    {
      g_autofree char *day = dis_plain_day (expiry);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Nearest expiry: %s"), day);
    }

  return g_string_free (text, FALSE);
}

static void
show_level (DisStockDetail *self)
{
  g_autofree char *qty = NULL;
  g_autofree char *code = NULL;
  g_autofree char *facts = NULL;
  const char *flag, *icon, *style;

  if (self->flag_class != NULL)
    gtk_widget_remove_css_class (self->flag_box, self->flag_class);
  self->flag_class = NULL;

  gtk_stack_set_visible_child_name (self->stack, self->level != NULL ? "product" : "none");
  if (self->level == NULL)
    return;

  gtk_label_set_label (self->name_label, self->level->name);
  code = g_strjoin (" · ", self->level->code,
                    self->level->supplier_name != NULL ? self->level->supplier_name : self->level->category,
                    self->level->supplier_name != NULL ? self->level->category : NULL, NULL);
  gtk_label_set_label (self->code_label, code);
  qty = dis_qty_format (self->level->qty, dis_unit_to_code (self->level->unit));
  gtk_label_set_label (self->qty_label, qty);

  flag = dis_stock_level_flag_text (self->level, &icon, &style);
  gtk_widget_set_visible (self->flag_box, flag != NULL);
  if (flag != NULL)
    {
      gtk_label_set_label (self->flag_label, flag);
      gtk_image_set_from_icon_name (self->flag_icon, icon);
      gtk_widget_add_css_class (self->flag_box, style);
      self->flag_class = style;
    }

  facts = facts_text (self->level);
  gtk_label_set_label (self->facts_label, facts);
}

void
dis_stock_detail_set_store (DisStockDetail *self,
                            DisStore       *store)
{
  g_return_if_fail (DIS_IS_STOCK_DETAIL (self));
  g_return_if_fail (store == NULL || DIS_IS_STORE (store));

  g_set_object (&self->store, store);
  load_history (self);
}

void
dis_stock_detail_set_level (DisStockDetail *self,
                            DisStockLevel  *level)
{
  g_return_if_fail (DIS_IS_STOCK_DETAIL (self));
  g_return_if_fail (level == NULL || DIS_IS_STOCK_LEVEL (level));

  g_set_object (&self->level, level);
  show_level (self);
  load_history (self);
}

DisStockLevel *
dis_stock_detail_get_level (DisStockDetail *self)
{
  g_return_val_if_fail (DIS_IS_STOCK_DETAIL (self), NULL);

  return self->level;
}

GListModel *
dis_stock_detail_get_history (DisStockDetail *self)
{
  g_return_val_if_fail (DIS_IS_STOCK_DETAIL (self), NULL);

  return G_LIST_MODEL (self->history);
}

gboolean
dis_stock_detail_is_loaded (DisStockDetail *self)
{
  g_return_val_if_fail (DIS_IS_STOCK_DETAIL (self), FALSE);

  return self->loaded;
}

static void
dis_stock_detail_dispose (GObject *object)
{
  DisStockDetail *self = DIS_STOCK_DETAIL (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_STOCK_DETAIL);
  /* Children the template does not name are unparented too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->level);
  g_clear_object (&self->store);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (dis_stock_detail_parent_class)->dispose (object);
}

static void
dis_stock_detail_class_init (DisStockDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_stock_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-stock-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, DisStockDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, DisStockDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockDetail, code_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockDetail, qty_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockDetail, flag_box);
  gtk_widget_class_bind_template_child (widget_class, DisStockDetail, flag_icon);
  gtk_widget_class_bind_template_child (widget_class, DisStockDetail, flag_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockDetail, facts_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockDetail, history_stack);
  gtk_widget_class_bind_template_child (widget_class, DisStockDetail, history_spinner);
  gtk_widget_class_bind_template_child (widget_class, DisStockDetail, history_view);
  gtk_widget_class_bind_template_callback (widget_class, on_row_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_row_bind);
}

static void
dis_stock_detail_init (DisStockDetail *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->history = g_list_store_new (DIS_TYPE_STOCK_MOVEMENT);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->history)));
  gtk_list_view_set_model (self->history_view, GTK_SELECTION_MODEL (selection));
}
