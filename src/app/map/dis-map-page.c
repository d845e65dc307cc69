/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dis-map-page-private.h"
#include "dis-map-symbol.h"
#include "dis-store-points.h"
#include "dis-ui.h"

/* The page itself: what is selected, the view kept in the settings, the
 * map's gestures and the page's actions. The layers, the list, the search
 * and the details have files of their own (see the private header). */

G_DEFINE_FINAL_TYPE (DisMapPage, dis_map_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADED,
  PROP_SELECTED_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Points ------------------------------------------------------------- */

static void
set_points (DisMapPage *self,
            GPtrArray  *points,
            const char *own_code)
{
  g_autofree char *keep = NULL;
  gboolean had_selection = self->selected_code != NULL;
  DisMapPoint *selected;

  /* The details may point at a marker that is about to go. */
  _dis_map_page_close_details (self);

  _dis_map_page_list_set_points (self, points, own_code);
  dis_map_marker_layers_set_points (self->markers, G_LIST_MODEL (self->points));

  /* Keep the selection across a reload, or restore the saved one. */
  keep = g_strdup (self->selected_code != NULL ? self->selected_code : self->pending_code);
  g_clear_pointer (&self->pending_code, g_free);
  g_clear_pointer (&self->selected_code, g_free);
  dis_map_marker_layers_set_selected (self->markers, NULL);
  if ((selected = _dis_map_page_list_lookup (self, keep)))
    _dis_map_page_select_point (self, selected, FALSE, FALSE);
  else if (had_selection)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CODE]);

  _dis_map_page_stock_reload (self);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

static void
load_points_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DisMapPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) points = NULL;
  g_autofree char *own_code = NULL;

  points = dis_store_load_map_points_finish (DIS_STORE (object), result, &own_code, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (points == NULL)
    {
      const char *sentence = _("The network’s points could not be read from this computer. "
                               "Close DiSoTTo and open it again.");

      adw_status_page_set_title (self->empty_page, _("Points Not Available"));
      adw_status_page_set_description (self->empty_page, sentence);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      dis_ui_show_error (GTK_WIDGET (self), sentence, error);
      return;
    }

  set_points (self, points, own_code);
}

/* ---- Selection ---------------------------------------------------------- */

void
_dis_map_page_select_point (DisMapPage  *self,
                            DisMapPoint *point,
                            gboolean     center,
                            gboolean     details)
{
  guint position;

  g_assert (DIS_IS_MAP_PAGE (self));
  g_assert (DIS_IS_MAP_POINT (point));

  if (g_strcmp0 (self->selected_code, dis_map_point_get_code (point)) != 0)
    {
      g_free (self->selected_code);
      self->selected_code = g_strdup (dis_map_point_get_code (point));
      dis_map_marker_layers_set_selected (self->markers, self->selected_code);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CODE]);
    }

  /* The list follows the map: a point hidden by the search comes back. */
  position = _dis_map_page_list_find (self, point);
  if (position == GTK_INVALID_LIST_POSITION && !self->nearest_active)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      position = _dis_map_page_list_find (self, point);
    }
  _dis_map_page_list_select (self, position);

  _dis_map_page_show_point (self, point, center, details);
}

static void
marker_point_activated_cb (DisMapPage  *self,
                           DisMapPoint *point)
{
  _dis_map_page_select_point (self, point, FALSE, TRUE);
}

/* A click on the map itself (not a marker widget, not a drag): a point
 * or a cluster drawn there, else it closes the details. */
static void
primary_released_cb (DisMapPage      *self,
                     int              n_press,
                     double           x,
                     double           y,
                     GtkGestureClick *gesture)
{
  _dis_map_page_close_details (self);
  dis_map_marker_layers_activate_at (self->markers, x, y);
}

/* ---- Map gestures ------------------------------------------------------- */

static void
nearest_at (DisMapPage *self,
            double      x,
            double      y)
{
  double lat, lon;

  shumate_viewport_widget_coords_to_location (self->viewport, GTK_WIDGET (self->map),
                                              x, y, &lat, &lon);
  dis_map_page_show_nearest (self, lat, lon, NULL);
}

static void
secondary_pressed_cb (DisMapPage      *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *gesture)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  nearest_at (self, x, y);
}

static void
long_pressed_cb (DisMapPage *self,
                 double      x,
                 double      y)
{
  nearest_at (self, x, y);
}

static void
add_gestures (DisMapPage *self)
{
  GtkGesture *gesture;

  /* Right-click or long-press: the points nearest to that spot. */
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (long_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (gesture));

  /* A click on the map itself (not a marker, not a drag) closes details. */
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "released", G_CALLBACK (primary_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (gesture));
}

/* ---- Actions ------------------------------------------------------------ */

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  shumate_map_zoom_in (DIS_MAP_PAGE (widget)->map);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  shumate_map_zoom_out (DIS_MAP_PAGE (widget)->map);
}

static void
clear_nearest_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  DisMapPage *self = DIS_MAP_PAGE (widget);

  dis_map_page_clear_nearest (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  dis_map_page_focus_search (DIS_MAP_PAGE (widget));
}

/* ---- View state --------------------------------------------------------- */

static void
save_view (DisMapPage *self)
{
  /* The selected point first: the view is written in one go, and that
   * applies both. */
  dis_settings_set_map_selected_point (self->settings, self->selected_code);
  dis_settings_set_map_view (self->settings,
                             shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport)),
                             shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport)),
                             shumate_viewport_get_zoom_level (self->viewport));
}

static void
restore_view (DisMapPage *self)
{
  const char *code = dis_settings_get_map_selected_point (self->settings);
  double latitude, longitude, zoom;

  dis_settings_get_map_view (self->settings, &latitude, &longitude, &zoom);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), latitude, longitude);
  shumate_viewport_set_zoom_level (self->viewport, zoom);

  if (code != NULL && code[0] != '\0')
    self->pending_code = g_strdup (code);
}

/* ---- Legend ------------------------------------------------------------- */

static void
build_legend (DisMapPage *self)
{
  for (guint kind = 0; kind < DIS_N_POINT_KINDS; kind++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

      gtk_box_append (GTK_BOX (item), dis_map_symbol_new (kind, DIS_MAP_SYMBOL_ICON));
      gtk_box_append (GTK_BOX (item), gtk_label_new (dis_point_kind_to_label (kind)));
      gtk_box_append (self->legend_box, item);
    }
}

/* ---- GObject and GtkWidget ---------------------------------------------- */

static void
ensure_css (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (done || gdk_display_get_default () == NULL)
    return;

  done = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/it/disotto/Punto/map/dis-map-page.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
dis_map_page_unmap (GtkWidget *widget)
{
  save_view (DIS_MAP_PAGE (widget));

  GTK_WIDGET_CLASS (dis_map_page_parent_class)->unmap (widget);
}

static void
dis_map_page_unroot (GtkWidget *widget)
{
  /* The details left open would outlive the window: see
   * dis_ui_close_popovers(). */
  _dis_map_page_close_details (DIS_MAP_PAGE (widget));

  GTK_WIDGET_CLASS (dis_map_page_parent_class)->unroot (widget);
}

static void
dis_map_page_constructed (GObject *object)
{
  DisMapPage *self = (DisMapPage *)object;

  G_OBJECT_CLASS (dis_map_page_parent_class)->constructed (object);

  restore_view (self);
}

static void
dis_map_page_dispose (GObject *object)
{
  DisMapPage *self = (DisMapPage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  _dis_map_page_details_dispose (self);
  _dis_map_page_layers_dispose (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_MAP_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  _dis_map_page_list_dispose (self);
  _dis_map_page_search_dispose (self);
  _dis_map_page_stock_dispose (self);
  g_clear_object (&self->markers);
  g_clear_object (&self->own_point);

  G_OBJECT_CLASS (dis_map_page_parent_class)->dispose (object);
}

static void
dis_map_page_finalize (GObject *object)
{
  DisMapPage *self = (DisMapPage *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->selected_code, g_free);
  g_clear_pointer (&self->pending_code, g_free);

  G_OBJECT_CLASS (dis_map_page_parent_class)->finalize (object);
}

static void
dis_map_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DisMapPage *self = DIS_MAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_SELECTED_CODE:
      g_value_set_string (value, self->selected_code);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_map_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DisMapPage *self = DIS_MAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      dis_map_page_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_map_page_class_init (DisMapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_map_page_constructed;
  object_class->dispose = dis_map_page_dispose;
  object_class->finalize = dis_map_page_finalize;
  object_class->get_property = dis_map_page_get_property;
  object_class->set_property = dis_map_page_set_property;

  widget_class->unmap = dis_map_page_unmap;
  widget_class->unroot = dis_map_page_unroot;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIS_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED_CODE] =
    g_param_spec_string ("selected-code", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (SHUMATE_TYPE_SCALE);
  g_type_ensure (SHUMATE_TYPE_LICENSE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/map/dis-map-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, nearest_revealer);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, nearest_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, places_revealer);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, places_list);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, point_list);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, map_stack);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, no_pack_page);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, map);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, scale);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, license);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, legend_box);
  _dis_map_page_list_class_init (widget_class);
  _dis_map_page_search_class_init (widget_class);
  _dis_map_page_stock_class_init (widget_class);

  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "map.clear-nearest", NULL, clear_nearest_action);
  gtk_widget_class_install_action (widget_class, "map.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "map.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "map.zoom-out", NULL);
}

static void
dis_map_page_init (DisMapPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ensure_css ();

  self->cancellable = g_cancellable_new ();
  self->settings = g_object_ref (dis_settings_get_default ());

  _dis_map_page_layers_init (self);
  self->markers = dis_map_marker_layers_new (self->map);
  g_signal_connect_object (self->markers, "point-activated",
                           G_CALLBACK (marker_point_activated_cb), self,
                           G_CONNECT_SWAPPED);

  _dis_map_page_list_init (self);
  _dis_map_page_search_init (self);
  _dis_map_page_stock_init (self);
  build_legend (self);
  add_gestures (self);
}

/* ---- Public API --------------------------------------------------------- */

GtkWidget *
dis_map_page_new (void)
{
  return g_object_new (DIS_TYPE_MAP_PAGE, NULL);
}

void
dis_map_page_set_store (DisMapPage *self,
                        DisStore   *store)
{
  g_return_if_fail (DIS_IS_MAP_PAGE (self));
  g_return_if_fail (!store || DIS_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  /* Points the hub publishes after start-up (a sync) show without a
   * restart. */
  if (store != NULL)
    g_signal_connect_object (store, "points-changed", G_CALLBACK (dis_map_page_reload), self,
                             G_CONNECT_SWAPPED);
  /* Our own basket moves with every sale and delivery. */
  if (store != NULL)
    g_signal_connect_object (store, "stock-changed", G_CALLBACK (_dis_map_page_stock_reload), self,
                             G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  dis_map_page_reload (self);
}

DisStore *
dis_map_page_get_store (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return self->store;
}

void
dis_map_page_reload (DisMapPage *self)
{
  g_return_if_fail (DIS_IS_MAP_PAGE (self));

  if (self->store == NULL)
    return;

  dis_store_load_map_points_async (self->store, self->cancellable, load_points_cb, g_object_ref (self));
}

void
dis_map_page_focus_search (DisMapPage *self)
{
  g_return_if_fail (DIS_IS_MAP_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

gboolean
dis_map_page_select_point (DisMapPage *self,
                           const char *code)
{
  DisMapPoint *point;

  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (!(point = _dis_map_page_list_lookup (self, code)))
    return FALSE;

  _dis_map_page_select_point (self, point, TRUE, TRUE);
  return TRUE;
}

const char *
dis_map_page_get_selected_code (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return self->selected_code;
}

/* ---- For tests and benchmarks ------------------------------------------- */

gboolean
_dis_map_page_get_loaded (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), FALSE);

  return self->loaded;
}

gboolean
_dis_map_page_has_pack (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), FALSE);

  return self->pack_source != NULL;
}

ShumateMap *
_dis_map_page_get_map (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return self->map;
}

ShumateViewport *
_dis_map_page_get_viewport (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return self->viewport;
}

GtkEditable *
_dis_map_page_get_search_entry (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkSelectionModel *
_dis_map_page_get_list_model (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

guint
_dis_map_page_get_n_place_suggestions (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->places));
}

guint
_dis_map_page_get_n_tiles_received (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), 0);

  return self->n_tiles_received;
}

GtkWidget *
_dis_map_page_get_marker (DisMapPage *self,
                          const char *code)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return (GtkWidget *)dis_map_marker_layers_lookup (self->markers, code);
}

guint
_dis_map_page_get_n_markers_drawn (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), 0);

  return dis_map_marker_layers_get_n_drawn (self->markers);
}

GtkWidget *
_dis_map_page_get_popover (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return (GtkWidget *)self->popover;
}
