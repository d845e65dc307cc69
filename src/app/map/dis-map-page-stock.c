/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dis-map-availability.h"
#include "dis-map-page-private.h"
#include "dis-store-network-stock.h"
#include "dis-ui.h"

/* The basket across the network, offline from the last stock snapshots
 * the hub sent: each point's completeness on its marker and in its
 * details, and "where can I find…": pick a product, see the points that
 * have it, nearest to this point first, with how much and how old that
 * figure is. */

#define MAX_PRODUCTS 6

/* ---- Completeness --------------------------------------------------------- */

static void
completeness_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DisMapPage) self = user_data;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) by_code = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  list = dis_store_basket_completeness_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (list == NULL)
    {
      /* The points still show; only their baskets do not. */
      dis_ui_show_error (GTK_WIDGET (self),
                         _("The basket of the network’s points could not be read from this computer."),
                         error);
      return;
    }

  by_code = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < list->len; i++)
    {
      DisBasketCompleteness *c = g_ptr_array_index (list, i);

      g_hash_table_insert (by_code, c->point_code, c);
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->points));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisMapPoint) point = g_list_model_get_item (G_LIST_MODEL (self->points), i);

      dis_map_point_set_completeness (point, g_hash_table_lookup (by_code, dis_map_point_get_code (point)));
    }
  /* Clusters say how many of theirs are complete. */
  dis_map_marker_layers_refresh (self->markers);
}

void
_dis_map_page_stock_reload (DisMapPage *self)
{
  g_assert (DIS_IS_MAP_PAGE (self));

  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->stock_cancellable);
  g_clear_object (&self->stock_cancellable);
  self->stock_cancellable = g_cancellable_new ();
  dis_store_basket_completeness_async (self->store, self->stock_cancellable,
                                       completeness_cb, g_object_ref (self));

  /* The answer of "where can I find…" may have changed too. */
  if (self->find_product != NULL)
    _dis_map_page_find_product (self, self->find_product);
}

/* ---- Where can I find… ------------------------------------------------------ */

static GtkWidget *
create_product_row (gpointer item,
                    gpointer user_data)
{
  DisProduct *product = item;
  GtkWidget *row = adw_action_row_new ();
  const char *category = dis_product_get_category (product);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dis_product_get_name (product));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (category != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), category);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static GtkWidget *
create_result_row (gpointer item,
                   gpointer user_data)
{
  DisMapAvailability *availability = item;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dis_map_availability_get_title (availability));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dis_map_availability_get_subtitle (availability));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
show_products (DisMapPage *self)
{
  gtk_list_box_bind_model (self->find_list, G_LIST_MODEL (self->find_products),
                           create_product_row, NULL, NULL);
}

static void
clear_find (DisMapPage *self)
{
  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  g_clear_object (&self->find_product);
  self->find_serial++;
  g_list_store_remove_all (self->find_products);
  g_list_store_remove_all (self->find_results);
  show_products (self);
  gtk_revealer_set_reveal_child (self->find_revealer, FALSE);
}

static void
products_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisMapPage) self = user_data;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  products = dis_store_search_products_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->find_product != NULL)
    return;
  if (products == NULL)
    {
      dis_ui_show_error (GTK_WIDGET (self), _("The products could not be searched on this computer."), error);
      return;
    }

  g_list_store_splice (self->find_products, 0, g_list_model_get_n_items (G_LIST_MODEL (self->find_products)),
                       products->pdata, products->len);
  gtk_label_set_label (self->find_label, _("Products"));
  gtk_label_set_label (self->find_status, products->len == 0
                                          ? _("No product of the catalog matches what you typed.")
                                          : _("Choose one to see the points that have it."));
  gtk_revealer_set_reveal_child (self->find_revealer, TRUE);
}

static void
find_changed_cb (DisMapPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  /* The entry shows the chosen product's name: nothing to search. */
  if (self->find_product != NULL && g_strcmp0 (text, dis_product_get_name (self->find_product)) == 0)
    return;

  clear_find (self);
  if (stripped[0] == '\0' || self->store == NULL)
    return;

  self->find_cancellable = g_cancellable_new ();
  dis_store_search_products_async (self->store, stripped, MAX_PRODUCTS, self->find_cancellable,
                                   products_cb, g_object_ref (self));
}

static void
find_activate_cb (DisMapPage *self)
{
  g_autoptr(DisProduct) first = NULL;

  if (self->find_product == NULL &&
      (first = g_list_model_get_item (G_LIST_MODEL (self->find_products), 0)))
    _dis_map_page_find_product (self, first);
}

static void
find_stop_cb (DisMapPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->find_entry), "");
  clear_find (self);
}

static void
find_row_activated_cb (DisMapPage    *self,
                       GtkListBoxRow *row)
{
  guint index = (guint) gtk_list_box_row_get_index (row);

  if (self->find_product == NULL)
    {
      g_autoptr(DisProduct) product = g_list_model_get_item (G_LIST_MODEL (self->find_products), index);

      if (product != NULL)
        _dis_map_page_find_product (self, product);
    }
  else
    {
      g_autoptr(DisMapAvailability) availability = g_list_model_get_item (G_LIST_MODEL (self->find_results), index);
      DisMapPoint *point;

      if (availability != NULL &&
          (point = _dis_map_page_list_lookup (self, dis_map_availability_get_code (availability))))
        _dis_map_page_select_point (self, point, TRUE, TRUE);
    }
}

typedef struct
{
  DisMapPage *self;
  guint       serial;
} FindCall;

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autofree FindCall *call = user_data;
  g_autoptr(DisMapPage) self = call->self;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  const char *unit;

  found = dis_store_find_in_network_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || call->serial != self->find_serial)
    return;
  if (found == NULL)
    {
      dis_ui_show_error (GTK_WIDGET (self),
                         _("The stock of the network’s points could not be read from this computer."),
                         error);
      return;
    }

  unit = dis_unit_to_code (dis_product_get_unit (self->find_product));
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (items, dis_map_availability_new (g_ptr_array_index (found, i), unit, now));
  g_list_store_splice (self->find_results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->find_results)),
                       items->pdata, items->len);

  gtk_label_set_label (self->find_status,
                       found->len == 0
                       ? _("No point has it in stock, as far as the last stock figures from the hub say.")
                       : _("Nearest to your point first, from the last stock figures from the hub."));
}

void
_dis_map_page_find_product (DisMapPage *self,
                            DisProduct *product)
{
  g_autoptr(DisProduct) keep = NULL;
  g_autofree char *title = NULL;
  FindCall *call;

  g_return_if_fail (DIS_IS_MAP_PAGE (self));
  g_return_if_fail (!product || DIS_IS_PRODUCT (product));

  if (product == NULL)
    {
      find_stop_cb (self);
      return;
    }

  keep = g_object_ref (product);
  clear_find (self);
  self->find_product = g_steal_pointer (&keep);
  /* Replacing the text empties it first, which would start over. */
  g_signal_handlers_block_by_func (self->find_entry, find_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->find_entry), dis_product_get_name (product));
  gtk_editable_set_position (GTK_EDITABLE (self->find_entry), -1);
  g_signal_handlers_unblock_by_func (self->find_entry, find_changed_cb, self);

  gtk_list_box_bind_model (self->find_list, G_LIST_MODEL (self->find_results),
                           create_result_row, NULL, NULL);
  /* Translators: the heading of the answers of "where can I find…", e.g. "Where to find Caffè arabica" */
  title = g_strdup_printf (_("Where to find %s"), dis_product_get_name (product));
  gtk_label_set_label (self->find_label, title);
  gtk_label_set_label (self->find_status, NULL);
  gtk_revealer_set_reveal_child (self->find_revealer, TRUE);

  if (self->store == NULL)
    return;
  self->find_cancellable = g_cancellable_new ();
  call = g_new0 (FindCall, 1);
  call->self = g_object_ref (self);
  call->serial = self->find_serial;
  dis_store_find_in_network_async (self->store, dis_product_get_id (product), self->find_cancellable,
                                   found_cb, call);
}

GListModel *
_dis_map_page_get_find_results (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return G_LIST_MODEL (self->find_results);
}

GtkEditable *
_dis_map_page_get_find_entry (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return GTK_EDITABLE (self->find_entry);
}

GListModel *
_dis_map_page_get_find_products (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return G_LIST_MODEL (self->find_products);
}

static void
clear_find_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DisMapPage *self = DIS_MAP_PAGE (widget);

  find_stop_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
}

/* ---- Package-private ---------------------------------------------------------- */

void
_dis_map_page_stock_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, find_entry);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, find_revealer);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, find_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, find_list);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, find_status);
  gtk_widget_class_bind_template_callback (widget_class, find_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_row_activated_cb);
  gtk_widget_class_install_action (widget_class, "map.clear-find", NULL, clear_find_action);
}

void
_dis_map_page_stock_init (DisMapPage *self)
{
  self->find_products = g_list_store_new (DIS_TYPE_PRODUCT);
  self->find_results = g_list_store_new (DIS_TYPE_MAP_AVAILABILITY);
  show_products (self);
}

void
_dis_map_page_stock_dispose (DisMapPage *self)
{
  g_cancellable_cancel (self->stock_cancellable);
  g_clear_object (&self->stock_cancellable);
  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  g_clear_object (&self->find_product);
  if (self->find_list != NULL)
    gtk_list_box_bind_model (self->find_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->find_products);
  g_clear_object (&self->find_results);
}
