/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-orders-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-order-row.h"
#include "dis-orders-format.h"
#include "dis-order-print-actions.h"
#include "dis-orders-page-private.h"
#include "dis-ui.h"

G_DEFINE_FINAL_TYPE (DisOrdersPage, dis_orders_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_PLACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* In the order of the view dropdown (dis-orders-page.ui). */
static const struct {
  const char *nick;
  guint       states;
} views[DIS_ORDERS_N_VIEWS] = {
  [DIS_ORDERS_VIEW_OPEN] = { "open", DIS_ORDER_STATE_BIT (DIS_ORDER_WAITING) | DIS_ORDER_STATE_BIT (DIS_ORDER_ACCEPTED) |
                                     DIS_ORDER_STATE_BIT (DIS_ORDER_REFUSED) | DIS_ORDER_STATE_BIT (DIS_ORDER_READY) |
                                     DIS_ORDER_STATE_BIT (DIS_ORDER_OUT_FOR_DELIVERY) },
  [DIS_ORDERS_VIEW_WAITING] = { "waiting", DIS_ORDER_STATE_BIT (DIS_ORDER_WAITING) },
  [DIS_ORDERS_VIEW_REFUSED] = { "refused", DIS_ORDER_STATE_BIT (DIS_ORDER_REFUSED) },
  [DIS_ORDERS_VIEW_TO_PREPARE] = { "to-prepare", DIS_ORDER_TO_PREPARE_STATES },
  [DIS_ORDERS_VIEW_READY] = { "ready", DIS_ORDER_STATE_BIT (DIS_ORDER_READY) },
  [DIS_ORDERS_VIEW_UNCOLLECTED] = { "uncollected", 0 },
  [DIS_ORDERS_VIEW_DELIVERY] = { "delivery", DIS_ORDER_STATE_BIT (DIS_ORDER_OUT_FOR_DELIVERY) },
  [DIS_ORDERS_VIEW_DONE] = { "done", DIS_ORDER_STATE_BIT (DIS_ORDER_HANDED_OVER) |
                                     DIS_ORDER_STATE_BIT (DIS_ORDER_DELIVERED) },
  [DIS_ORDERS_VIEW_CANCELLED] = { "cancelled", DIS_ORDER_STATE_BIT (DIS_ORDER_CANCELLED) },
  [DIS_ORDERS_VIEW_ALL] = { "all", 0 },
};

const char *
dis_orders_view_to_nick (DisOrdersView view)
{
  g_return_val_if_fail (view < DIS_ORDERS_N_VIEWS, NULL);

  return views[view].nick;
}

gboolean
dis_orders_view_from_nick (const char    *nick,
                           DisOrdersView *out_view)
{
  for (guint i = 0; i < DIS_ORDERS_N_VIEWS; i++)
    if (g_strcmp0 (nick, views[i].nick) == 0)
      {
        *out_view = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
dis_orders_page_operator_can_see (DisOperator *operator)
{
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), FALSE);

  /* Orders are taken at the counter and on the phone, by whoever sells. */
  return dis_operator_can (operator, DIS_PERMISSION_ORDERS);
}

/* ---- What the list shows ------------------------------------------------ */

static gboolean
has_open_cycle (DisOrdersPage *self)
{
  return self->cycles != NULL && self->cycles->len > 0;
}

static gboolean
is_filtered (DisOrdersPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  return self->view != DIS_ORDERS_VIEW_OPEN || self->place_code != NULL || (text != NULL && *text != '\0');
}

static void
update_summary (DisOrdersPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->orders));
  g_autoptr(GString) text = g_string_new (NULL);

  if (!self->loaded)
    return;

  g_string_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u order", "%u orders", shown), shown);
  if (has_open_cycle (self))
    for (guint i = 0; i < self->cycles->len; i++)
      {
        DisCycle *cycle = g_ptr_array_index (self->cycles, i);
        g_autoptr(GDateTime) closes = g_date_time_to_local (dis_cycle_get_closes (cycle));
        /* Translators: when an order cycle stops taking orders, strftime format */
        g_autofree char *when = g_date_time_format (closes, _("%a %-d %b at %H:%M"));

        g_string_append (text, " — ");
        /* Translators: "Cycle Dicembre takes orders until sab 12 dic at 18:00" */
        g_string_append_printf (text, _("%s takes orders until %s"), dis_cycle_get_name (cycle), when);
      }
  else
    {
      g_string_append (text, " — ");
      g_string_append (text, _("no order cycle is open"));
    }
  gtk_label_set_label (self->summary_label, text->str);

  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "empty");
  if (shown > 0)
    return;

  /* An empty list says what to do next. */
  if (is_filtered (self))
    {
      adw_status_page_set_title (self->empty_page, _("No Orders Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try another number, card or name, or show the open orders of every window and slot"));
      gtk_widget_set_visible (GTK_WIDGET (self->empty_button), FALSE);
    }
  else if (has_open_cycle (self))
    {
      adw_status_page_set_title (self->empty_page, _("No Orders Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Take an order for a member, at the counter or on the phone, with New Order (Ctrl+N)"));
      gtk_widget_set_visible (GTK_WIDGET (self->empty_button), TRUE);
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Order Cycle Is Open"));
      adw_status_page_set_description (self->empty_page,
                                       _("Orders are taken while the network has an order cycle open. "
                                         "The coordinators open cycles on the hub; they arrive here with the sync."));
      gtk_widget_set_visible (GTK_WIDGET (self->empty_button), FALSE);
    }
}

static void
on_row_setup (DisOrdersPage *self,
              GtkListItem   *item)
{
  gtk_list_item_set_child (item, dis_order_row_new ());
}

static void
on_row_bind (DisOrdersPage *self,
             GtkListItem   *item)
{
  dis_order_row_set_order (DIS_ORDER_ROW (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
on_row_unbind (DisOrdersPage *self,
               GtkListItem   *item)
{
  dis_order_row_set_order (DIS_ORDER_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
on_row_activate (DisOrdersPage *self,
                 guint          position)
{
  gtk_single_selection_set_selected (self->selection, position);
  dis_order_detail_focus (self->detail);
}

static void
selection_changed_cb (DisOrdersPage *self)
{
  DisOrder *order = gtk_single_selection_get_selected_item (self->selection);

  if (order != NULL)
    dis_order_detail_set_order (self->detail, order);
  _dis_orders_page_update_actions (self);
}

DisOrder *
_dis_orders_page_get_selected (DisOrdersPage *self)
{
  g_assert (DIS_IS_ORDERS_PAGE (self));

  return dis_order_detail_get_order (self->detail);
}

static gboolean
find_position (DisOrdersPage *self,
               const char    *id,
               guint         *out_position)
{
  for (guint i = 0; id != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->orders)); i++)
    {
      g_autoptr(DisOrder) order = g_list_model_get_item (G_LIST_MODEL (self->orders), i);

      if (g_strcmp0 (dis_order_get_id (order), id) == 0)
        {
          *out_position = i;
          return TRUE;
        }
    }
  return FALSE;
}

DisOrder *
_dis_orders_page_find (DisOrdersPage *self,
                       const char    *id)
{
  guint position;
  DisOrder *shown;

  g_assert (DIS_IS_ORDERS_PAGE (self));

  /* The order in the panel may be one the filter no longer lists. */
  shown = dis_order_detail_get_order (self->detail);
  if (shown != NULL && g_strcmp0 (dis_order_get_id (shown), id) == 0)
    return shown;
  if (!find_position (self, id, &position))
    return NULL;
  shown = g_list_model_get_item (G_LIST_MODEL (self->orders), position);
  /* The list keeps it as long as it is listed. */
  g_object_unref (shown);
  return shown;
}

void
_dis_orders_page_select_id (DisOrdersPage *self,
                            const char    *id)
{
  guint position;

  g_assert (DIS_IS_ORDERS_PAGE (self));

  if (find_position (self, id, &position))
    gtk_single_selection_set_selected (self->selection, position);
}

DisCycle *
_dis_orders_page_find_cycle (DisOrdersPage *self,
                             gint64         id)
{
  g_assert (DIS_IS_ORDERS_PAGE (self));

  for (guint i = 0; self->cycles != NULL && i < self->cycles->len; i++)
    if (dis_cycle_get_id (g_ptr_array_index (self->cycles, i)) == id)
      return g_ptr_array_index (self->cycles, i);
  return NULL;
}

gboolean
_dis_orders_page_is_loaded (DisOrdersPage *self)
{
  g_assert (DIS_IS_ORDERS_PAGE (self));

  return self->loaded && !self->loading;
}

/* ---- The places: every window and slot of the schedule ------------------ */

static void
fill_places (DisOrdersPage *self)
{
  g_autofree char *chosen = NULL;
  guint selected = 0;
  GListModel *windows;
  GListModel *slots;

  if (self->place_code != NULL)
    chosen = g_strdup_printf ("%s:%s", self->place_fulfilment == DIS_FULFILMENT_DELIVERY ? "slot" : "window",
                              self->place_code);

  self->filling_places = TRUE;
  g_ptr_array_set_size (self->place_keys, 0);
  gtk_string_list_splice (self->place_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->place_names)), NULL);
  g_ptr_array_add (self->place_keys, g_strdup (""));
  gtk_string_list_append (self->place_names, _("Every window and slot"));

  windows = self->schedule != NULL ? dis_order_schedule_get_windows (self->schedule) : NULL;
  for (guint i = 0; windows != NULL && i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(DisPickupWindow) window = g_list_model_get_item (windows, i);
      g_autofree char *span = dis_orders_format_span (dis_pickup_window_get_starts (window),
                                                      dis_pickup_window_get_ends (window));
      /* Translators: a pickup window in the list of places: "Pickup sab 12 dic, 09:00–12:00" */
      g_autofree char *name = g_strdup_printf (_("Pickup %s"), span);

      g_ptr_array_add (self->place_keys, g_strdup_printf ("window:%s", dis_pickup_window_get_code (window)));
      gtk_string_list_append (self->place_names, name);
    }

  slots = self->schedule != NULL ? dis_order_schedule_get_slots (self->schedule) : NULL;
  for (guint i = 0; slots != NULL && i < g_list_model_get_n_items (slots); i++)
    {
      g_autoptr(DisDeliverySlot) slot = g_list_model_get_item (slots, i);
      g_autofree char *span = dis_orders_format_span (dis_delivery_slot_get_starts (slot),
                                                      dis_delivery_slot_get_ends (slot));
      /* Translators: a delivery slot in the list of places: "Delivery sab 12 dic, 15:00–18:00" */
      g_autofree char *name = g_strdup_printf (_("Delivery %s"), span);

      g_ptr_array_add (self->place_keys, g_strdup_printf ("slot:%s", dis_delivery_slot_get_code (slot)));
      gtk_string_list_append (self->place_names, name);
    }

  for (guint i = 0; chosen != NULL && i < self->place_keys->len; i++)
    if (g_str_equal (g_ptr_array_index (self->place_keys, i), chosen))
      selected = i;
  gtk_drop_down_set_selected (self->place_dropdown, selected);
  self->filling_places = FALSE;
}

/* ---- Loading ------------------------------------------------------------ */

typedef struct
{
  DisOrdersPage    *self;
  guint             serial;
  guint             pending;   /* reads in flight */
  GPtrArray        *cycles;
  DisOrderSchedule *schedule;
  GPtrArray        *orders;
  GError           *error;
  /* Only the orders are read (the view, the place or the search changed). */
  guint             orders_only : 1;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->self);
  g_clear_pointer (&load->cycles, g_ptr_array_unref);
  g_clear_object (&load->schedule);
  g_clear_pointer (&load->orders, g_ptr_array_unref);
  g_clear_error (&load->error);
  g_free (load);
}

static void
loaded (DisOrdersPage *self,
        Load          *load)
{
  DisOrder *shown;
  g_autofree char *shown_id = NULL;
  guint select = GTK_INVALID_LIST_POSITION;

  self->loading = FALSE;
  self->loading_full = FALSE;
  gtk_spinner_stop (self->spinner);
  if (load->error != NULL)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      dis_ui_show_error (GTK_WIDGET (self),
                         _("The orders could not be read. Try again with Reload; if it fails again, restart the till."),
                         load->error);
      return;
    }

  if (!load->orders_only)
    {
      g_clear_pointer (&self->cycles, g_ptr_array_unref);
      self->cycles = g_steal_pointer (&load->cycles);
      g_set_object (&self->schedule, load->schedule);
      fill_places (self);
    }

  shown = dis_order_detail_get_order (self->detail);
  shown_id = shown != NULL ? g_strdup (dis_order_get_id (shown)) : NULL;
  for (guint i = 0; shown_id != NULL && i < load->orders->len; i++)
    {
      DisOrder *order = g_ptr_array_index (load->orders, i);

      if (g_str_equal (dis_order_get_id (order), shown_id))
        {
          /* The order shown, as it is now. */
          dis_order_detail_set_order (self->detail, order);
          select = i;
        }
    }

  self->loaded = TRUE;
  g_list_store_splice (self->orders, 0, g_list_model_get_n_items (G_LIST_MODEL (self->orders)),
                       load->orders->pdata, load->orders->len);
  gtk_single_selection_set_selected (self->selection, select);
  update_summary (self);
  _dis_orders_page_update_actions (self);
}

/* Each read answers here with @error (taken) or NULL; the last one ends
 * the load, unless a newer one replaced it. */
static void
load_step_done (Load   *load,
                GError *error)
{
  DisOrdersPage *self = load->self;

  if (error != NULL && load->error == NULL)
    load->error = error;
  else if (error != NULL)
    g_error_free (error);

  if (--load->pending > 0)
    return;
  if (!self->disposed && load->serial == self->load_serial &&
      !g_error_matches (load->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    loaded (self, load);
  load_free (load);
}

static void
cycles_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Load *load = user_data;
  GError *error = NULL;

  load->cycles = dis_store_orders_list_cycles_finish (DIS_STORE (object), result, &error);
  load_step_done (load, error);
}

static void
schedule_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Load *load = user_data;
  GError *error = NULL;

  load->schedule = dis_store_orders_get_schedule_finish (DIS_STORE (object), result, &error);
  load_step_done (load, error);
}

static void
orders_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Load *load = user_data;
  GError *error = NULL;

  load->orders = dis_store_orders_list_finish (DIS_STORE (object), result, &error);
  load_step_done (load, error);
}

static void
read_orders (DisOrdersPage *self,
             Load          *load)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  DisOrderFilter filter = {
    .states = views[self->view].states,
    .uncollected = self->view == DIS_ORDERS_VIEW_UNCOLLECTED,
    .text = text,
  };

  if (self->place_code != NULL && self->place_fulfilment == DIS_FULFILMENT_DELIVERY)
    filter.slot_code = self->place_code;
  else if (self->place_code != NULL)
    filter.window_code = self->place_code;

  dis_store_orders_list_async (self->store, &filter, self->cancellable, orders_cb, load);
}

static void
start_load (DisOrdersPage *self,
            gboolean       orders_only)
{
  Load *load;

  if (self->store == NULL || self->operator == NULL)
    return;

  /* A search typed while everything is read again replaces that read:
   * it reads everything too. */
  if (!self->loaded || (self->loading && self->loading_full))
    orders_only = FALSE;

  self->stale = FALSE;
  self->loading = TRUE;
  self->loading_full = !orders_only;
  if (!self->loaded)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "loading");
      gtk_spinner_start (self->spinner);
    }

  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->serial = ++self->load_serial;
  load->orders_only = orders_only;
  load->pending = orders_only ? 1 : 3;
  if (!orders_only)
    {
      dis_store_orders_list_cycles_async (self->store, FALSE, self->cancellable, cycles_cb, load);
      dis_store_orders_get_schedule_async (self->store, self->cancellable, schedule_cb, load);
    }
  read_orders (self, load);
}

void
_dis_orders_page_reload (DisOrdersPage *self)
{
  g_assert (DIS_IS_ORDERS_PAGE (self));

  start_load (self, FALSE);
}

static void
orders_changed_cb (DisOrdersPage *self)
{
  /* The hub's answers arrive with every sync: a page nobody looks at
   * reads them later. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    _dis_orders_page_reload (self);
  else
    self->stale = TRUE;
}

/* ---- Filters and search --------------------------------------------------- */

static void
on_search_changed (DisOrdersPage *self)
{
  start_load (self, TRUE);
}

/* Enter, or a scanner's end of line: the first order found (an order's
 * label or a member card names one). */
static void
on_search_activate (DisOrdersPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->orders)) == 0)
    {
      if (self->loaded && !self->loading)
        dis_ui_warning (GTK_WIDGET (self), _("No order matches the search. Check the number or the card, or try part of the name."));
      return;
    }
  gtk_single_selection_set_selected (self->selection, 0);
  dis_order_detail_set_order (self->detail, gtk_single_selection_get_selected_item (self->selection));
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_stop_search (DisOrdersPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

void
dis_orders_page_focus_search (DisOrdersPage *self)
{
  g_return_if_fail (DIS_IS_ORDERS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
set_view (DisOrdersPage *self,
          DisOrdersView  view)
{
  if (view == self->view)
    return;
  self->view = view;
  gtk_drop_down_set_selected (self->view_dropdown, view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
  start_load (self, TRUE);
}

static void
on_view_selected (DisOrdersPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->view_dropdown);

  if (selected < DIS_ORDERS_N_VIEWS)
    set_view (self, selected);
}

static char *
place_key (DisOrdersPage *self)
{
  if (self->place_code == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s:%s", self->place_fulfilment == DIS_FULFILMENT_DELIVERY ? "slot" : "window",
                          self->place_code);
}

/* "" (every place), "window:CODE" or "slot:CODE". */
static gboolean
set_place (DisOrdersPage *self,
           const char    *key)
{
  g_autofree char *old = place_key (self);

  if (g_str_equal (old, key))
    return TRUE;
  if (*key == '\0')
    g_clear_pointer (&self->place_code, g_free);
  else if (g_str_has_prefix (key, "window:") && key[7] != '\0')
    {
      g_free (self->place_code);
      self->place_code = g_strdup (key + 7);
      self->place_fulfilment = DIS_FULFILMENT_PICKUP;
    }
  else if (g_str_has_prefix (key, "slot:") && key[5] != '\0')
    {
      g_free (self->place_code);
      self->place_code = g_strdup (key + 5);
      self->place_fulfilment = DIS_FULFILMENT_DELIVERY;
    }
  else
    return FALSE;

  if (!self->filling_places)
    {
      guint selected = 0;

      for (guint i = 0; i < self->place_keys->len; i++)
        if (g_str_equal (g_ptr_array_index (self->place_keys, i), key))
          selected = i;
      self->filling_places = TRUE;
      gtk_drop_down_set_selected (self->place_dropdown, selected);
      self->filling_places = FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACE]);
  _dis_orders_page_update_actions (self);
  start_load (self, TRUE);
  return TRUE;
}

static void
on_place_selected (DisOrdersPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->place_dropdown);

  if (self->filling_places || selected >= self->place_keys->len)
    return;
  self->filling_places = TRUE;
  set_place (self, g_ptr_array_index (self->place_keys, selected));
  self->filling_places = FALSE;
}

const char *
dis_orders_page_get_place (DisOrdersPage *self,
                           DisFulfilment *out_fulfilment)
{
  g_return_val_if_fail (DIS_IS_ORDERS_PAGE (self), NULL);

  if (out_fulfilment != NULL)
    *out_fulfilment = self->place_fulfilment;
  return self->place_code;
}

/* ---- Store and operator --------------------------------------------------- */

DisStore *
dis_orders_page_get_store (DisOrdersPage *self)
{
  g_return_val_if_fail (DIS_IS_ORDERS_PAGE (self), NULL);

  return self->store;
}

DisOperator *
dis_orders_page_get_operator (DisOrdersPage *self)
{
  g_return_val_if_fail (DIS_IS_ORDERS_PAGE (self), NULL);

  return self->operator;
}

void
dis_orders_page_set_store (DisOrdersPage *self,
                           DisStore      *store)
{
  g_return_if_fail (DIS_IS_ORDERS_PAGE (self));
  g_return_if_fail (DIS_IS_STORE (store));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "orders-changed", G_CALLBACK (orders_changed_cb), self, G_CONNECT_SWAPPED);
  self->stale = TRUE;
}

void
dis_orders_page_set_operator (DisOrdersPage *self,
                              DisOperator   *operator)
{
  g_return_if_fail (DIS_IS_ORDERS_PAGE (self));
  g_return_if_fail (operator == NULL || DIS_IS_OPERATOR (operator));

  g_set_object (&self->operator, operator);
  _dis_orders_page_update_actions (self);
  if (operator != NULL && self->stale && gtk_widget_get_mapped (GTK_WIDGET (self)))
    _dis_orders_page_reload (self);
}

/* ---- GtkWidget ---------------------------------------------------------- */

static void
dis_orders_page_map (GtkWidget *widget)
{
  DisOrdersPage *self = DIS_ORDERS_PAGE (widget);

  GTK_WIDGET_CLASS (dis_orders_page_parent_class)->map (widget);

  if (self->stale)
    _dis_orders_page_reload (self);
}

static void
dis_orders_page_unroot (GtkWidget *widget)
{
  /* The Prepare and More menus, left open, would outlive the window:
   * see dis_ui_close_popovers(). */
  dis_ui_close_popovers (widget);

  GTK_WIDGET_CLASS (dis_orders_page_parent_class)->unroot (widget);
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_orders_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DisOrdersPage *self = DIS_ORDERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_string (value, dis_orders_view_to_nick (self->view));
      break;

    case PROP_PLACE:
      g_value_take_string (value, place_key (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_orders_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DisOrdersPage *self = DIS_ORDERS_PAGE (object);
  DisOrdersView view;

  switch (prop_id)
    {
    case PROP_VIEW:
      if (!dis_orders_view_from_nick (g_value_get_string (value), &view))
        {
          g_critical ("Unknown orders view “%s”", g_value_get_string (value));
          return;
        }
      set_view (self, view);
      break;

    case PROP_PLACE:
      if (!set_place (self, g_value_get_string (value) != NULL ? g_value_get_string (value) : ""))
        g_critical ("Unknown place “%s”", g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_orders_page_dispose (GObject *object)
{
  DisOrdersPage *self = DIS_ORDERS_PAGE (object);
  GtkWidget *child;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_ORDERS_PAGE);
  /* Children the template does not name are unparented too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->orders);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->operator);
  g_clear_object (&self->store);
  g_clear_object (&self->schedule);
  g_clear_pointer (&self->cycles, g_ptr_array_unref);
  g_clear_pointer (&self->place_keys, g_ptr_array_unref);
  g_clear_pointer (&self->place_code, g_free);

  G_OBJECT_CLASS (dis_orders_page_parent_class)->dispose (object);
}

static void
dis_orders_page_class_init (DisOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dis_orders_page_get_property;
  object_class->set_property = dis_orders_page_set_property;
  object_class->dispose = dis_orders_page_dispose;
  widget_class->map = dis_orders_page_map;
  widget_class->unroot = dis_orders_page_unroot;

  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "open",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACE] =
    g_param_spec_string ("place", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DIS_TYPE_ORDER_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/orders/dis-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DisOrdersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DisOrdersPage, view_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DisOrdersPage, place_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DisOrdersPage, place_names);
  gtk_widget_class_bind_template_child (widget_class, DisOrdersPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrdersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DisOrdersPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DisOrdersPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, DisOrdersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DisOrdersPage, empty_button);
  gtk_widget_class_bind_template_child (widget_class, DisOrdersPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_view_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_place_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_row_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_row_unbind);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activate);

  gtk_widget_class_install_property_action (widget_class, "orders.view", "view");
  _dis_orders_page_class_init_actions (widget_class);
  dis_order_print_install_actions (widget_class);
}

static void
dis_orders_page_init (DisOrdersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->view = DIS_ORDERS_VIEW_OPEN;
  self->cancellable = g_cancellable_new ();
  self->place_keys = g_ptr_array_new_with_free_func (g_free);
  self->orders = g_list_store_new (DIS_TYPE_ORDER);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->orders)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  fill_places (self);

  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
dis_orders_page_new (void)
{
  return g_object_new (DIS_TYPE_ORDERS_PAGE, NULL);
}
