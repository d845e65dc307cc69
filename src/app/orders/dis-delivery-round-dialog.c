/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-delivery"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-delivery-map.h"
#include "dis-delivery-round-dialog.h"
#include "dis-delivery-sheet.h"
#include "dis-delivery-stop.h"
#include "dis-geo.h"
#include "dis-order-print-sheets.h"
#include "dis-order-print.h"
#include "dis-orders-format.h"
#include "dis-store-orders.h"
#include "dis-store-points.h"
#include "dis-ui.h"

struct _DisDeliveryRoundDialog
{
  AdwWindow          parent_instance;

  DisStore          *store;
  DisOperator       *acting;
  char              *start_slot;
  GCancellable      *cancellable;       /* the reads; cancelled in dispose */
  GCancellable      *orders_cancellable;
  guint              serial;            /* the last read of orders asked */
  guint              pending_reads;     /* schedule and point, before the orders */

  GPtrArray         *slots;             /* DisDeliverySlot, as in slot_row */
  gboolean           has_point;         /* the point's own position is known */
  double             point_lat, point_lon;

  GListStore        *stops;             /* DisDeliveryStop, the round */
  DisDeliveryRound   round;             /* the route sheet's */
  char              *slot_label;
  DisOrderDocument   document;
  gboolean           loaded;

  AdwToastOverlay   *toast_overlay;
  AdwComboRow       *slot_row;
  GtkLabel          *summary_label;
  GtkListBox        *stop_list;
  DisDeliveryMap    *map;
};

G_DEFINE_FINAL_TYPE (DisDeliveryRoundDialog, dis_delivery_round_dialog, ADW_TYPE_WINDOW)

/* What a round holds: prepared or not yet, on the way, done. */
#define ROUND_STATES (DIS_ORDER_STATE_BIT (DIS_ORDER_ACCEPTED) | DIS_ORDER_STATE_BIT (DIS_ORDER_READY) | \
                      DIS_ORDER_STATE_BIT (DIS_ORDER_OUT_FOR_DELIVERY) | DIS_ORDER_STATE_BIT (DIS_ORDER_DELIVERED))

static void read_orders (DisDeliveryRoundDialog *self);

static guint
count_in_state (DisDeliveryRoundDialog *self,
                DisOrderState           state)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->stops));
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisDeliveryStop) stop = g_list_model_get_item (G_LIST_MODEL (self->stops), i);

      count += dis_order_get_state (dis_delivery_stop_get_order (stop)) == state;
    }

  return count;
}

static void
update_actions (DisDeliveryRoundDialog *self)
{
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->stops)) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "delivery.print", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "delivery.save-pdf", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "delivery.start",
                                 self->acting != NULL && count_in_state (self, DIS_ORDER_READY) > 0);
}

/* ---- Rows --------------------------------------------------------------- */

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  DisDeliveryStop *stop = item;
  DisOrder *order = dis_delivery_stop_get_order (stop);
  guint position = dis_delivery_stop_get_position (stop);
  const char *name = dis_order_get_member_name (order);
  g_autofree char *title = NULL;
  g_autofree char *address = dis_order_print_describe_address (order);
  g_autofree char *number = position > 0 ? g_strdup_printf ("%u", position) : g_strdup ("–");
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badge = gtk_label_new (number);
  GtkWidget *state = gtk_label_new (dis_order_state_get_name (dis_order_get_state (order)));

  /* Translators: an order's reference ("12-C1"), then its member */
  title = g_strdup_printf (_("No. %s · %s"), dis_order_get_reference (order),
                           name != NULL ? name : dis_order_get_member_card (order));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (position == 0)
    {
      g_autofree char *known = g_steal_pointer (&address);

      /* Translators: a delivery address without a known position */
      address = g_strdup_printf (_("%s — not on the map"), known);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), address);

  gtk_widget_add_css_class (badge, "title-2");
  gtk_widget_set_size_request (badge, 36, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  position > 0 ? number : _("Not in the round"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), badge);

  gtk_widget_add_css_class (state, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);

  if (dis_order_get_state (order) == DIS_ORDER_OUT_FOR_DELIVERY)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Delivered"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "delivery.delivered");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", dis_order_get_id (order));
      gtk_widget_set_tooltip_text (button, _("Mark this order delivered"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

/* ---- The round ---------------------------------------------------------- */

static void
show_round (DisDeliveryRoundDialog *self,
            GPtrArray              *orders)
{
  g_autoptr(GPtrArray) stops = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *distance = NULL;
  guint n_routed = 0;

  dis_delivery_map_clear (self->map);

  if (self->has_point)
    stops = dis_delivery_plan (self->point_lat, self->point_lon, orders, &self->round.metres);
  else
    {
      /* Without the point's position there is no round: by number. */
      stops = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < orders->len; i++)
        g_ptr_array_add (stops, dis_delivery_stop_new (g_ptr_array_index (orders, i), 0));
      self->round.metres = 0;
    }

  if (self->has_point)
    dis_delivery_map_set_point (self->map, self->point_lat, self->point_lon);
  for (guint i = 0; i < stops->len; i++)
    {
      DisDeliveryStop *stop = g_ptr_array_index (stops, i);
      DisOrder *order = dis_delivery_stop_get_order (stop);
      guint position = dis_delivery_stop_get_position (stop);
      g_autofree char *label = NULL;
      g_autofree char *name = NULL;
      gint64 lat_e6, lon_e6;

      if (position == 0 || !dis_order_get_location (order, &lat_e6, &lon_e6))
        continue;

      n_routed++;
      label = g_strdup_printf ("%u", position);
      /* Translators: a stop on the map: its number, then the order's reference ("12-C1") */
      name = g_strdup_printf (_("Stop %u, order %s"), position, dis_order_get_reference (order));
      dis_delivery_map_add_stop (self->map, lat_e6 / 1e6, lon_e6 / 1e6, label, name);
    }
  dis_delivery_map_show_all (self->map);

  g_list_store_splice (self->stops, 0, g_list_model_get_n_items (G_LIST_MODEL (self->stops)),
                       stops->pdata, stops->len);

  if (orders->len == 0)
    g_string_append (summary, _("No order for this slot yet. Orders come here once the network accepted them."));
  else
    {
      distance = dis_geo_format_distance (self->round.metres);
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE, "%u stop · %s from the point and back",
                                           "%u stops · %s from the point and back", n_routed),
                              n_routed, distance);
    }
  if (!self->has_point && orders->len > 0)
    g_string_append_printf (summary, "\n%s", _("The point’s own position is not known, so the round cannot be planned: the orders are listed by number."));
  else if (n_routed < orders->len)
    g_string_append_printf (summary, "\n%s",
                            g_dngettext (GETTEXT_PACKAGE,
                                         "One address has no known position: it is listed last, outside the round.",
                                         "Some addresses have no known position: they are listed last, outside the round.",
                                         orders->len - n_routed));
  gtk_label_set_label (self->summary_label, summary->str);

  self->loaded = TRUE;
  update_actions (self);
}

typedef struct
{
  DisDeliveryRoundDialog *self;
  guint                   serial;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadData, read_data_free)

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ReadData) data = user_data;
  DisDeliveryRoundDialog *self = data->self;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;

  orders = dis_store_orders_list_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || data->serial != self->serial)
    return;

  if (orders == NULL)
    {
      gtk_label_set_label (self->summary_label, _("The orders could not be read."));
      dis_ui_show_error (GTK_WIDGET (self), _("The orders could not be read. Close this window and try again."), error);
      return;
    }

  show_round (self, orders);
}

static DisDeliverySlot *
selected_slot (DisDeliveryRoundDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->slot_row);

  if (self->slots == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= self->slots->len)
    return NULL;

  return g_ptr_array_index (self->slots, selected);
}

static void
read_orders (DisDeliveryRoundDialog *self)
{
  DisDeliverySlot *slot = selected_slot (self);
  DisOrderFilter filter = { .states = ROUND_STATES };
  ReadData *data;

  g_cancellable_cancel (self->orders_cancellable);
  g_clear_object (&self->orders_cancellable);
  self->serial++;

  if (slot == NULL || self->pending_reads > 0)
    return;

  g_free (self->slot_label);
  self->slot_label = dis_order_print_place_label (DIS_FULFILMENT_DELIVERY, dis_delivery_slot_get_code (slot),
                                                  dis_delivery_slot_get_starts (slot),
                                                  dis_delivery_slot_get_ends (slot));
  self->round.slot = self->slot_label;
  filter.slot_code = dis_delivery_slot_get_code (slot);

  self->orders_cancellable = g_cancellable_new ();
  data = g_new0 (ReadData, 1);
  data->self = g_object_ref (self);
  data->serial = self->serial;
  dis_store_orders_list_async (self->store, &filter, self->orders_cancellable, list_cb, data);
}

static void
on_slot_selected (DisDeliveryRoundDialog *self)
{
  read_orders (self);
}

/* ---- The schedule and the point ------------------------------------------- */

static void
read_done (DisDeliveryRoundDialog *self)
{
  g_assert (self->pending_reads > 0);

  if (--self->pending_reads == 0)
    read_orders (self);
}

static void
schedule_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisDeliveryRoundDialog) self = user_data;
  g_autoptr(DisOrderSchedule) schedule = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  GListModel *slots;
  guint start = 0;

  schedule = dis_store_orders_get_schedule_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (schedule == NULL)
    dis_ui_show_error (GTK_WIDGET (self), _("The delivery slots could not be read. Close this window and try again."), error);

  g_clear_pointer (&self->slots, g_ptr_array_unref);
  self->slots = g_ptr_array_new_with_free_func (g_object_unref);
  slots = schedule != NULL ? dis_order_schedule_get_slots (schedule) : NULL;
  for (guint i = 0; slots != NULL && i < g_list_model_get_n_items (slots); i++)
    {
      DisDeliverySlot *slot = g_list_model_get_item (slots, i);
      g_autofree char *span = dis_orders_format_span (dis_delivery_slot_get_starts (slot),
                                                      dis_delivery_slot_get_ends (slot));
      /* The row says "Delivery slot" already: the code and the times. */
      /* Translators: a delivery slot's code, then its times */
      g_autofree char *label = g_strdup_printf (_("%s · %s"), dis_delivery_slot_get_code (slot), span);

      if (g_strcmp0 (dis_delivery_slot_get_code (slot), self->start_slot) == 0)
        start = i;
      gtk_string_list_append (labels, label);
      g_ptr_array_add (self->slots, slot);
    }

  if (self->slots->len == 0 && schedule != NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->slot_row), FALSE);
      gtk_label_set_label (self->summary_label,
                           _("This point has no delivery slots: they come from the network when the point delivers at home."));
    }

  g_signal_handlers_block_by_func (self->slot_row, on_slot_selected, self);
  adw_combo_row_set_model (self->slot_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->slot_row, start);
  g_signal_handlers_unblock_by_func (self->slot_row, on_slot_selected, self);

  read_done (self);
}

static void
points_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DisDeliveryRoundDialog) self = user_data;
  g_autoptr(GPtrArray) points = NULL;
  g_autofree char *own_code = NULL;
  g_autoptr(GError) error = NULL;

  points = dis_store_load_map_points_finish (DIS_STORE (object), result, &own_code, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (points == NULL)
    g_warning ("Could not read the point's position: %s", error->message);

  if (dis_geo_point_position (points, own_code, &self->point_lat, &self->point_lon))
    self->has_point = TRUE;

  read_done (self);
}

/* ---- Actions ------------------------------------------------------------ */

typedef struct
{
  DisDeliveryRoundDialog *self;
  DisOrderState           state;
} MoveData;

static void
move_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autofree MoveData *data = user_data;
  g_autoptr(DisDeliveryRoundDialog) self = data->self;
  g_autoptr(DisOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = dis_store_orders_set_state_finish (DIS_STORE (object), result, &error);
  if (order == NULL)
    {
      dis_ui_show_failure (GTK_WIDGET (self),
                           data->state == DIS_ORDER_DELIVERED ? _("The order was not marked delivered.")
                                                              : _("The order was not marked out for delivery."),
                           _("Try again; if it keeps failing, restart the till."), error);
      return;
    }

  /* The store's "orders-changed" reads the round again. */
}

static void
move_order (DisDeliveryRoundDialog *self,
            const char             *order_id,
            DisOrderState           state)
{
  MoveData *data = g_new0 (MoveData, 1);

  data->self = g_object_ref (self);
  data->state = state;
  dis_store_orders_set_state_async (self->store, self->acting, order_id, state, NULL, NULL, move_cb, data);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DisDeliveryRoundDialog *self = DIS_DELIVERY_ROUND_DIALOG (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->stops));

  if (self->acting == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisDeliveryStop) stop = g_list_model_get_item (G_LIST_MODEL (self->stops), i);
      DisOrder *order = dis_delivery_stop_get_order (stop);

      if (dis_order_get_state (order) == DIS_ORDER_READY)
        move_order (self, dis_order_get_id (order), DIS_ORDER_OUT_FOR_DELIVERY);
    }
}

static void
delivered_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DisDeliveryRoundDialog *self = DIS_DELIVERY_ROUND_DIALOG (widget);

  if (self->acting != NULL)
    move_order (self, g_variant_get_string (param, NULL), DIS_ORDER_DELIVERED);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DisDeliveryRoundDialog *self = DIS_DELIVERY_ROUND_DIALOG (widget);
  DisDeliverySlot *slot = selected_slot (self);
  g_autofree char *job = NULL;

  if (slot == NULL || !self->loaded)
    return;

  /* Translators: a print job's name, %s is the delivery slot's code */
  job = g_strdup_printf (_("Route sheet %s"), dis_delivery_slot_get_code (slot));
  dis_order_print_sheet (GTK_WINDOW (self), job, dis_delivery_sheet_fill, &self->round);
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DisDeliveryRoundDialog *self = DIS_DELIVERY_ROUND_DIALOG (widget);
  DisDeliverySlot *slot = selected_slot (self);
  g_autofree char *file_name = NULL;

  if (slot == NULL || !self->loaded)
    return;

  /* Translators: a PDF file's name, %s is the delivery slot's code */
  file_name = g_strdup_printf (_("Route sheet %s.pdf"), dis_delivery_slot_get_code (slot));
  g_strdelimit (file_name, "/\\", '-');
  dis_paper_ask_save_pdf (GTK_WINDOW (self), _("Save Route Sheet as PDF"), file_name,
                          dis_order_document_save_pdf, &self->document,
                          _("The PDF can only be saved in a folder of this computer"),
                          _("The PDF was not saved. Choose another folder and try again."));
}

static void
on_stops_changed (DisDeliveryRoundDialog *self)
{
  update_actions (self);
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_delivery_round_dialog_dispose (GObject *object)
{
  DisDeliveryRoundDialog *self = (DisDeliveryRoundDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->orders_cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);

  G_OBJECT_CLASS (dis_delivery_round_dialog_parent_class)->dispose (object);
}

static void
dis_delivery_round_dialog_finalize (GObject *object)
{
  DisDeliveryRoundDialog *self = (DisDeliveryRoundDialog *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->acting);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->orders_cancellable);
  g_clear_object (&self->stops);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_free (self->start_slot);
  g_free (self->slot_label);

  G_OBJECT_CLASS (dis_delivery_round_dialog_parent_class)->finalize (object);
}

static void
dis_delivery_round_dialog_class_init (DisDeliveryRoundDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_delivery_round_dialog_dispose;
  object_class->finalize = dis_delivery_round_dialog_finalize;

  g_type_ensure (DIS_TYPE_DELIVERY_MAP);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/orders/dis-delivery-round-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisDeliveryRoundDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DisDeliveryRoundDialog, slot_row);
  gtk_widget_class_bind_template_child (widget_class, DisDeliveryRoundDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DisDeliveryRoundDialog, stop_list);
  gtk_widget_class_bind_template_child (widget_class, DisDeliveryRoundDialog, map);
  gtk_widget_class_bind_template_callback (widget_class, on_slot_selected);

  gtk_widget_class_install_action (widget_class, "delivery.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "delivery.delivered", "s", delivered_action);
  gtk_widget_class_install_action (widget_class, "delivery.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "delivery.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "delivery.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dis_delivery_round_dialog_init (DisDeliveryRoundDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->stops = g_list_store_new (DIS_TYPE_DELIVERY_STOP);
  self->round.stops = G_LIST_MODEL (self->stops);
  self->document.fill = dis_delivery_sheet_fill;
  self->document.data = &self->round;
  gtk_list_box_bind_model (self->stop_list, G_LIST_MODEL (self->stops), create_row, NULL, NULL);
  g_signal_connect_object (self->stops, "items-changed", G_CALLBACK (on_stops_changed), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

GtkWidget *
dis_delivery_round_dialog_new (GtkWindow   *parent,
                               DisStore    *store,
                               DisOperator *acting,
                               const char  *slot_code)
{
  DisDeliveryRoundDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (acting == NULL || DIS_IS_OPERATOR (acting), NULL);

  self = g_object_new (DIS_TYPE_DELIVERY_ROUND_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->acting = acting != NULL ? g_object_ref (acting) : NULL;
  self->start_slot = g_strdup (slot_code);

  /* Orders marked here or elsewhere, and the hub's answers, show at once. */
  g_signal_connect_object (store, "orders-changed", G_CALLBACK (read_orders), self, G_CONNECT_SWAPPED);
  gtk_label_set_label (self->summary_label, _("Reading the round…"));
  self->pending_reads = 2;
  dis_store_orders_get_schedule_async (store, self->cancellable, schedule_cb, g_object_ref (self));
  dis_store_load_map_points_async (store, self->cancellable, points_cb, g_object_ref (self));

  return GTK_WIDGET (self);
}

gboolean
_dis_delivery_round_dialog_is_loaded (DisDeliveryRoundDialog *self)
{
  g_return_val_if_fail (DIS_IS_DELIVERY_ROUND_DIALOG (self), FALSE);

  return self->loaded;
}

GListModel *
_dis_delivery_round_dialog_get_stops (DisDeliveryRoundDialog *self)
{
  g_return_val_if_fail (DIS_IS_DELIVERY_ROUND_DIALOG (self), NULL);

  return G_LIST_MODEL (self->stops);
}

double
_dis_delivery_round_dialog_get_metres (DisDeliveryRoundDialog *self)
{
  g_return_val_if_fail (DIS_IS_DELIVERY_ROUND_DIALOG (self), 0);

  return self->round.metres;
}

gboolean
_dis_delivery_round_dialog_write_pdf (DisDeliveryRoundDialog  *self,
                                      const char              *path,
                                      GError                 **error)
{
  g_return_val_if_fail (DIS_IS_DELIVERY_ROUND_DIALOG (self), FALSE);

  return dis_order_document_save_pdf (&self->document, DIS_PAPER_A4, path, error);
}
