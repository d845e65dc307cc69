/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-stock-page-private.h"
#include "dis-stock-row.h"
#include "dis-stock-search.h"
#include "dis-ui.h"

G_DEFINE_FINAL_TYPE (DisStockPage, dis_stock_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
dis_stock_page_operator_can_see (DisOperator *operator)
{
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), FALSE);

  /* Stock is the managers' work: the volunteer at the counter sells. */
  return dis_operator_can (operator, DIS_PERMISSION_STOCK);
}

/* ---- What the list shows ------------------------------------------------ */

static void
update_summary (DisStockPage *self)
{
  guint shown = dis_stock_rows_get_n_matches (self->filtered);
  guint total = dis_stock_rows_get_all (self->filtered)->len;
  g_autoptr(GString) text = g_string_new (NULL);

  if (!self->loaded)
    return;

  if (shown == total)
    g_string_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u product", "%u products", total), total);
  else
    /* Translators: "12 of 480 products shown" */
    g_string_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u of %u product shown", "%u of %u products shown", total),
                     shown, total);
  if (self->n_negative > 0)
    {
      g_string_append (text, " — ");
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u product below zero: more was sold than received; count it",
                                           "%u products below zero: more was sold than received; count them",
                                           self->n_negative),
                              self->n_negative);
    }
  gtk_label_set_label (self->summary_label, text->str);

  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "empty");
  if (shown == 0)
    adw_status_page_set_description (self->empty_page,
                                     total == 0
                                     ? _("The catalog has no products yet: they arrive with the hub's catalog")
                                     : _("Try another name, code or barcode, or show all products"));
}

static void
items_changed_cb (DisStockPage *self)
{
  update_summary (self);
}

static void
on_row_setup (DisStockPage *self,
              GtkListItem  *item)
{
  gtk_list_item_set_child (item, dis_stock_row_new ());
}

static void
on_row_bind (DisStockPage *self,
             GtkListItem  *item)
{
  dis_stock_row_set_level (DIS_STOCK_ROW (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
on_row_unbind (DisStockPage *self,
               GtkListItem  *item)
{
  dis_stock_row_set_level (DIS_STOCK_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
on_row_activate (DisStockPage *self,
                 guint         position)
{
  gtk_single_selection_set_selected (self->selection, position);
}

static void
selection_changed_cb (DisStockPage *self)
{
  DisStockLevel *level = gtk_single_selection_get_selected_item (self->selection);

  /* A search that hides the product shown leaves it shown. */
  if (level != NULL && level != dis_stock_detail_get_level (self->detail))
    dis_stock_detail_set_level (self->detail, level);
  _dis_stock_page_update_actions (self);
}

DisStockLevel *
_dis_stock_page_get_selected (DisStockPage *self)
{
  g_assert (DIS_IS_STOCK_PAGE (self));

  return dis_stock_detail_get_level (self->detail);
}

GListModel *
_dis_stock_page_get_shown (DisStockPage *self)
{
  g_assert (DIS_IS_STOCK_PAGE (self));

  return G_LIST_MODEL (self->filtered);
}

gboolean
_dis_stock_page_is_loaded (DisStockPage *self)
{
  g_assert (DIS_IS_STOCK_PAGE (self));

  return self->loaded && !self->loading;
}

/* ---- Search ------------------------------------------------------------- */

static void
on_search_changed (DisStockPage *self)
{
  dis_stock_filter_set_text (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
show_first (DisStockPage *self)
{
  if (dis_stock_rows_get_n_matches (self->filtered) == 0)
    {
      dis_ui_warning (GTK_WIDGET (self), _("No product matches the search. Check the code or try part of the name."));
      return;
    }

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* A scanned barcode (or a scale label) names one product, as at the
 * till: the list shows it alone, by its code. */
static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DisStockPage) self = user_data;
  g_autoptr(DisScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *levels = dis_stock_rows_get_all (self->filtered);

  scan = dis_store_resolve_scan_finish (DIS_STORE (object), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (scan == NULL)
    {
      dis_ui_warning (GTK_WIDGET (self), _("No product has this barcode. Scan it again, or search it by name."));
      return;
    }

  for (guint i = 0; i < levels->len; i++)
    {
      DisStockLevel *level = g_ptr_array_index (levels, i);

      if (level->product_id == dis_product_get_id (scan->product))
        {
          gtk_editable_set_text (GTK_EDITABLE (self->search_entry), level->code);
          on_search_changed (self);
          break;
        }
    }
  show_first (self);
}

/* Enter, or a scanner's end of line: the first product shown. */
static void
on_search_activate (DisStockPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  on_search_changed (self);
  if (self->store != NULL && dis_stock_search_is_barcode (text) && dis_stock_rows_get_n_matches (self->filtered) == 0)
    {
      dis_store_resolve_scan_async (self->store, text, self->cancellable, scan_cb, g_object_ref (self));
      return;
    }
  show_first (self);
}

static void
on_stop_search (DisStockPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

void
dis_stock_page_focus_search (DisStockPage *self)
{
  g_return_if_fail (DIS_IS_STOCK_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---- Loading ------------------------------------------------------------ */

typedef struct
{
  DisStockPage *self;
  guint         serial;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->self);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

static void
levels_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  DisStockPage *self = load->self;
  g_autoptr(GPtrArray) levels = NULL;
  g_autoptr(GError) error = NULL;
  DisStockLevel *shown;
  gint64 shown_id;
  guint select = GTK_INVALID_LIST_POSITION;

  levels = dis_store_stock_list_levels_finish (DIS_STORE (object), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      load->serial != self->load_serial)
    return;

  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  if (levels == NULL)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      dis_ui_show_error (GTK_WIDGET (self),
                         _("The stock could not be read. Try again with Reload; if it fails again, restart the till."),
                         error);
      return;
    }

  shown = dis_stock_detail_get_level (self->detail);
  shown_id = shown != NULL ? shown->product_id : 0;
  self->n_negative = 0;
  for (guint i = 0; i < levels->len; i++)
    {
      DisStockLevel *level = g_ptr_array_index (levels, i);

      if (level->flags & DIS_STOCK_FLAG_NEGATIVE)
        self->n_negative++;
      if (shown_id != 0 && level->product_id == shown_id)
        {
          /* The product shown, as it is now. */
          dis_stock_detail_set_level (self->detail, level);
          shown_id = 0;
        }
    }

  self->loaded = TRUE;
  dis_stock_rows_set_all (self->filtered, levels);

  shown = dis_stock_detail_get_level (self->detail);
  for (guint i = 0; shown != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->filtered)); i++)
    {
      g_autoptr(DisStockLevel) level = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (level == shown)
        {
          select = i;
          break;
        }
    }
  gtk_single_selection_set_selected (self->selection, select);
  update_summary (self);
  _dis_stock_page_update_actions (self);
}

void
_dis_stock_page_reload (DisStockPage *self)
{
  g_assert (DIS_IS_STOCK_PAGE (self));

  if (self->store == NULL || self->operator == NULL)
    return;

  self->stale = FALSE;
  self->loading = TRUE;
  if (!self->loaded)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "loading");
      gtk_spinner_start (self->spinner);
    }

  {
    Load *load = g_new0 (Load, 1);

    load->self = g_object_ref (self);
    load->serial = ++self->load_serial;
    dis_store_stock_list_levels_async (self->store, self->cancellable, levels_cb, load);
  }
}

static void
stock_changed_cb (DisStockPage *self)
{
  /* Sales move stock all day: a page nobody looks at reads it later. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    _dis_stock_page_reload (self);
  else
    self->stale = TRUE;
}

static void
identity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisStockPage) self = user_data;
  g_autoptr(DisIdentity) identity = dis_store_get_identity_finish (DIS_STORE (object), result, NULL);

  /* A till not enrolled yet has no point code: every point is another. */
  if (identity != NULL)
    {
      g_free (self->point_code);
      self->point_code = g_strdup (identity->point_code);
    }
}

void
dis_stock_page_set_store (DisStockPage *self,
                          DisStore     *store)
{
  g_return_if_fail (DIS_IS_STOCK_PAGE (self));
  g_return_if_fail (DIS_IS_STORE (store));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "stock-changed", G_CALLBACK (stock_changed_cb), self, G_CONNECT_SWAPPED);
  dis_stock_detail_set_store (self->detail, store);
  dis_store_get_identity_async (store, self->cancellable, identity_cb, g_object_ref (self));
  self->stale = TRUE;
}

void
dis_stock_page_set_operator (DisStockPage *self,
                             DisOperator  *operator)
{
  g_return_if_fail (DIS_IS_STOCK_PAGE (self));
  g_return_if_fail (operator == NULL || DIS_IS_OPERATOR (operator));

  g_set_object (&self->operator, operator);
  _dis_stock_page_update_actions (self);
  if (operator != NULL && self->stale && gtk_widget_get_mapped (GTK_WIDGET (self)))
    _dis_stock_page_reload (self);
}

/* ---- GtkWidget ---------------------------------------------------------- */

static void
dis_stock_page_map (GtkWidget *widget)
{
  DisStockPage *self = DIS_STOCK_PAGE (widget);

  GTK_WIDGET_CLASS (dis_stock_page_parent_class)->map (widget);

  if (self->stale)
    _dis_stock_page_reload (self);
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_stock_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DisStockPage *self = DIS_STOCK_PAGE (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_string (value, dis_stock_view_to_nick (dis_stock_filter_get_view (self->filter)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_stock_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DisStockPage *self = DIS_STOCK_PAGE (object);
  DisStockView view;

  switch (prop_id)
    {
    case PROP_VIEW:
      if (!dis_stock_view_from_nick (g_value_get_string (value), &view))
        {
          g_critical ("Unknown stock view “%s”", g_value_get_string (value));
          return;
        }
      if (view != dis_stock_filter_get_view (self->filter))
        {
          dis_stock_filter_set_view (self->filter, view);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_stock_page_unroot (GtkWidget *widget)
{
  /* The More menu, left open, would outlive the window: see
   * dis_ui_close_popovers(). */
  dis_ui_close_popovers (widget);

  GTK_WIDGET_CLASS (dis_stock_page_parent_class)->unroot (widget);
}

static void
dis_stock_page_dispose (GObject *object)
{
  DisStockPage *self = DIS_STOCK_PAGE (object);
  GtkWidget *child;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_STOCK_PAGE);
  /* Children the template does not name are unparented too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->operator);
  g_clear_object (&self->store);
  g_clear_pointer (&self->point_code, g_free);

  G_OBJECT_CLASS (dis_stock_page_parent_class)->dispose (object);
}

static void
dis_stock_page_class_init (DisStockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dis_stock_page_get_property;
  object_class->set_property = dis_stock_page_set_property;
  object_class->dispose = dis_stock_page_dispose;
  widget_class->map = dis_stock_page_map;
  widget_class->unroot = dis_stock_page_unroot;

  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DIS_TYPE_STOCK_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-stock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DisStockPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DisStockPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DisStockPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DisStockPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, DisStockPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DisStockPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_row_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_row_unbind);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activate);

  gtk_widget_class_install_property_action (widget_class, "stock.view", "view");
  _dis_stock_page_class_init_actions (widget_class);
}

static void
dis_stock_page_init (DisStockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->filter = dis_stock_filter_new ();
  self->filtered = dis_stock_rows_new (self->filter);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
dis_stock_page_new (void)
{
  return g_object_new (DIS_TYPE_STOCK_PAGE, NULL);
}
