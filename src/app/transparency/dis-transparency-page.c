/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-transparency"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-store-fund.h"
#include "dis-transparency-figure.h"
#include "dis-transparency-figures.h"
#include "dis-transparency-page-private.h"
#include "dis-ui.h"

G_DEFINE_FINAL_TYPE (DisTransparencyPage, dis_transparency_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Showing what was read ------------------------------------------------ */

/* The charts run oldest to newest, this month last; the table starts
 * with this month, then the newest closed one. */
static void
show (DisTransparencyPage *self,
      DisFundPeriod       *month)
{
  g_autoptr(GPtrArray) in_time = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) newest_first = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_closed = 0;

  for (guint i = 0; i < self->closed->len; i++)
    {
      DisFundPeriod *period = g_ptr_array_index (self->closed, i);

      /* The ledger's figures stand for the month the hub has not closed. */
      if (month != NULL && g_str_equal (dis_fund_period_get_period (period), dis_fund_period_get_period (month)) &&
          !dis_fund_period_get_closed (period))
        continue;
      g_ptr_array_add (in_time, g_object_ref (period));
      g_ptr_array_insert (newest_first, 0, g_object_ref (period));
      n_closed += dis_fund_period_get_closed (period) ? 1 : 0;
    }
  if (month != NULL)
    {
      g_ptr_array_add (in_time, g_object_ref (month));
      g_ptr_array_insert (newest_first, 0, g_object_ref (month));
    }

  dis_tier_mix_chart_set_periods (self->tier_chart, in_time);
  dis_fund_chart_set_periods (self->fund_chart, in_time);
  g_list_store_remove_all (self->figures);
  dis_transparency_figures_append (self->figures, newest_first);
  gtk_stack_set_visible_child_name (self->stack, n_closed == 0 ? "empty" : "charts");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transparency.export",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->figures)) > 0);
  self->loaded = TRUE;
}

static void
month_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DisTransparencyPage) self = user_data;
  g_autoptr(DisFundPeriod) month = NULL;
  g_autoptr(GError) error = NULL;

  month = dis_store_fund_month_so_far_finish (DIS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    dis_ui_show_failure (GTK_WIDGET (self), _("This month’s figures could not be read."),
                         _("Open the page again; if it keeps failing, tell the point manager."), error);
  show (self, month);
}

static void
periods_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DisTransparencyPage) self = user_data;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GError) error = NULL;

  periods = dis_store_list_fund_periods_finish (DIS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (periods == NULL)
    {
      /* What was shown stays; the month so far is still worth reading. */
      dis_ui_show_failure (GTK_WIDGET (self), _("The closed months could not be read."),
                           _("Open the page again; if it keeps failing, tell the point manager."), error);
      periods = g_ptr_array_new_with_free_func (g_object_unref);
    }
  g_clear_pointer (&self->closed, g_ptr_array_unref);
  self->closed = g_steal_pointer (&periods);
  dis_store_fund_month_so_far_async (self->store, NULL, self->cancellable, month_cb, g_object_ref (self));
}

void
dis_transparency_page_reload (DisTransparencyPage *self)
{
  g_return_if_fail (DIS_IS_TRANSPARENCY_PAGE (self));

  if (self->store == NULL)
    return;
  self->loaded = FALSE;
  /* The newest load wins: one under way is dropped. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  dis_store_list_fund_periods_async (self->store, self->cancellable, periods_cb, g_object_ref (self));
}

/* ---- The table ------------------------------------------------------------------ */

typedef struct
{
  const char *property;
  gboolean    spoken;     /* the value: says month and figure to a screen reader */
} Column;

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  const Column *column = user_data;
  DisTransparencyFigure *figure = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  g_object_get (figure, column->property, &text, NULL);
  gtk_label_set_text (GTK_LABEL (label), text);
  if (column->spoken)
    {
      g_autofree char *spoken = dis_transparency_figure_dup_spoken (figure);

      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
    }
}

static void
add_columns (DisTransparencyPage *self)
{
  static const Column columns[] = {
    { "month", FALSE },
    { "name", FALSE },
    { "value", TRUE },
    { "note", FALSE },
  };
  const char *titles[] = {
    /* Translators: the columns of the Transparency page's table */
    _("Month"), _("Figure"), _("Value"), _("Note"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), (gpointer) &columns[i]);
      column = gtk_column_view_column_new (titles[i], factory);
      /* The figure's name and the note take the room; month and value what they need. */
      gtk_column_view_column_set_expand (column, i == 1 || i == 3);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->table, column);
    }
}

/* ---- Actions ------------------------------------------------------------------ */

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _dis_transparency_page_export (DIS_TRANSPARENCY_PAGE (widget));
}

/* ---- Object ------------------------------------------------------------------- */

static void
dis_transparency_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dis_transparency_page_parent_class)->map (widget);

  /* This month moves with every sale: fresh when looked at. */
  dis_transparency_page_reload (DIS_TRANSPARENCY_PAGE (widget));
}

static void
dis_transparency_page_unroot (GtkWidget *widget)
{
  /* The page's menu, left open, would outlive the window: see
   * dis_ui_close_popovers(). */
  dis_ui_close_popovers (widget);

  GTK_WIDGET_CLASS (dis_transparency_page_parent_class)->unroot (widget);
}

static void
dis_transparency_page_dispose (GObject *object)
{
  DisTransparencyPage *self = DIS_TRANSPARENCY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_TRANSPARENCY_PAGE);
  g_clear_object (&self->store);
  g_clear_pointer (&self->closed, g_ptr_array_unref);

  G_OBJECT_CLASS (dis_transparency_page_parent_class)->dispose (object);
}

static void
dis_transparency_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DisTransparencyPage *self = DIS_TRANSPARENCY_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_transparency_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DisTransparencyPage *self = DIS_TRANSPARENCY_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      dis_transparency_page_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_transparency_page_class_init (DisTransparencyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_transparency_page_dispose;
  object_class->get_property = dis_transparency_page_get_property;
  object_class->set_property = dis_transparency_page_set_property;
  widget_class->map = dis_transparency_page_map;
  widget_class->unroot = dis_transparency_page_unroot;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, DIS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DIS_TYPE_TIER_MIX_CHART);
  g_type_ensure (DIS_TYPE_FUND_CHART);
  g_type_ensure (DIS_TYPE_TRANSPARENCY_FIGURE);
  g_type_ensure (DIS_TYPE_REVIEW_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/it/disotto/Punto/transparency/dis-transparency-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DisTransparencyPage, content);
  gtk_widget_class_bind_template_child (widget_class, DisTransparencyPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DisTransparencyPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DisTransparencyPage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, DisTransparencyPage, tier_chart);
  gtk_widget_class_bind_template_child (widget_class, DisTransparencyPage, fund_chart);
  gtk_widget_class_bind_template_child (widget_class, DisTransparencyPage, table);
  gtk_widget_class_bind_template_child (widget_class, DisTransparencyPage, figures);
  gtk_widget_class_bind_template_child (widget_class, DisTransparencyPage, review_list);

  gtk_widget_class_install_action (widget_class, "transparency.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "transparency.export", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dis_transparency_page_init (DisTransparencyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->closed = g_ptr_array_new_with_free_func (g_object_unref);
  add_columns (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transparency.export", FALSE);
}

/* ---- Public API ---------------------------------------------------------------- */

GtkWidget *
dis_transparency_page_new (void)
{
  return g_object_new (DIS_TYPE_TRANSPARENCY_PAGE, NULL);
}

void
dis_transparency_page_set_coordinator (DisTransparencyPage *self,
                                       DisCoordinator      *coordinator)
{
  g_return_if_fail (DIS_IS_TRANSPARENCY_PAGE (self));
  g_return_if_fail (!coordinator || DIS_IS_COORDINATOR (coordinator));

  dis_review_list_set_coordinator (self->review_list, coordinator);
  gtk_widget_set_visible (GTK_WIDGET (self->review_list), coordinator != NULL);
}

void
dis_transparency_page_set_store (DisTransparencyPage *self,
                                 DisStore            *store)
{
  g_return_if_fail (DIS_IS_TRANSPARENCY_PAGE (self));
  g_return_if_fail (!store || DIS_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  self->loaded = FALSE;
  /* Months the hub closes after start-up (a sync) and the sales rung up
   * meanwhile show without a restart. */
  if (store != NULL)
    {
      g_signal_connect_object (store, "fund-periods-changed", G_CALLBACK (dis_transparency_page_reload), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "outbox-changed", G_CALLBACK (dis_transparency_page_reload), self,
                               G_CONNECT_SWAPPED);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  dis_transparency_page_reload (self);
}

void
dis_transparency_page_focus_table (DisTransparencyPage *self)
{
  g_return_if_fail (DIS_IS_TRANSPARENCY_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->table));
}

GListModel *
_dis_transparency_page_get_figures (DisTransparencyPage *self)
{
  g_return_val_if_fail (DIS_IS_TRANSPARENCY_PAGE (self), NULL);
  return G_LIST_MODEL (self->figures);
}

gboolean
_dis_transparency_page_is_loaded (DisTransparencyPage *self)
{
  g_return_val_if_fail (DIS_IS_TRANSPARENCY_PAGE (self), FALSE);
  return self->loaded;
}

gboolean
_dis_transparency_page_is_empty (DisTransparencyPage *self)
{
  g_return_val_if_fail (DIS_IS_TRANSPARENCY_PAGE (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0;
}
