/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-orders"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-geo.h"
#include "dis-order-dialog-private.h"
#include "dis-store-points.h"

/* Where a delivery goes: the address placed on the map offline by the
 * gazetteer (the hamlet it names, else its comune's centre: there are
 * no streets offline), and the slot's zone checked as the hub will. */

static void
points_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DisOrderDialog) self = user_data;
  g_autoptr(GPtrArray) points = NULL;
  g_autofree char *own_code = NULL;
  g_autoptr(GError) error = NULL;

  points = dis_store_load_map_points_finish (DIS_STORE (object), result, &own_code, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (points == NULL)
    g_warning ("Could not read the point's position: %s", error->message);

  if (dis_geo_point_position (points, own_code, &self->point_lat, &self->point_lon))
    self->point_has_position = TRUE;
  _dis_order_dialog_check (self);
}

void
_dis_order_dialog_load_point (DisOrderDialog *self)
{
  dis_store_load_map_points_async (self->store, self->cancellable, points_cb, g_object_ref (self));
}

static char *
text_of (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

DisPlace *
_dis_order_dialog_locate (DisOrderDialog *self)
{
  g_autofree char *address = text_of (self->address_row);
  g_autofree char *comune = text_of (self->comune_row);

  if (*comune == '\0')
    return NULL;
  return dis_gazetteer_locate (dis_gazetteer_get_default (), address, comune);
}

gint64
_dis_order_dialog_microdegrees (double degrees)
{
  return (gint64) (degrees * 1e6 + (degrees >= 0 ? 0.5 : -0.5));
}

static DisDeliverySlot *
find_slot (DisOrderDialog *self,
           const char     *code)
{
  GListModel *slots = dis_order_schedule_get_slots (self->schedule);

  for (guint i = 0; code != NULL && i < g_list_model_get_n_items (slots); i++)
    {
      g_autoptr(DisDeliverySlot) slot = g_list_model_get_item (slots, i);

      if (g_strcmp0 (dis_delivery_slot_get_code (slot), code) == 0)
        return g_steal_pointer (&slot);
    }
  return NULL;
}

static char *
place_name (const DisPlace *place)
{
  if (g_strcmp0 (place->kind, "hamlet") == 0)
    /* Translators: where a delivery address lands on the map: a hamlet, then its comune */
    return g_strdup_printf (_("%s, in %s"), place->name, place->comune);
  /* Translators: where a delivery address lands on the map when it names no hamlet */
  return g_strdup_printf (_("Centre of %s"), place->name);
}

void
_dis_order_dialog_show_place (DisOrderDialog *self,
                              gboolean        delivery)
{
  g_autofree char *comune = text_of (self->comune_row);
  g_autoptr(DisPlace) place = NULL;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->place_row), delivery && *comune != '\0');
  if (!delivery || *comune == '\0')
    return;

  place = _dis_order_dialog_locate (self);
  if (place == NULL)
    subtitle = g_strdup (_("Not on the map: it knows the comuni of the Città metropolitana di Torino"));
  else
    {
      g_autofree char *name = place_name (place);

      if (self->point_has_position)
        {
          g_autofree char *distance =
            dis_geo_format_distance (dis_geo_distance_m (self->point_lat, self->point_lon, place->lat, place->lon));

          /* Translators: where a delivery address lands, then how far it is: "Centre of Moncalieri · 7,9 km from the point" */
          subtitle = g_strdup_printf (_("%s · %s from the point"), name, distance);
        }
      else
        subtitle = g_steal_pointer (&name);
    }
  adw_action_row_set_subtitle (self->place_row, subtitle);
}

char *
_dis_order_dialog_place_problem (DisOrderDialog *self,
                                 const char     *slot_code)
{
  g_autoptr(DisDeliverySlot) slot = find_slot (self, slot_code);
  g_autofree char *comune = text_of (self->comune_row);
  g_autoptr(DisPlace) place = NULL;
  g_autofree char *radius = NULL;
  const char * const *comuni;
  double metres;

  if (slot == NULL)
    return NULL;
  comuni = dis_delivery_slot_get_comuni (slot);
  place = _dis_order_dialog_locate (self);
  radius = dis_geo_format_distance (dis_delivery_slot_get_radius_m (slot));

  switch (dis_geo_zone_check (comuni, dis_delivery_slot_get_radius_m (slot), comune,
                              self->point_has_position, self->point_lat, self->point_lon,
                              place != NULL, place != NULL ? place->lat : 0, place != NULL ? place->lon : 0,
                              &metres))
    {
    case DIS_GEO_ZONE_INSIDE:
      return NULL;
    case DIS_GEO_ZONE_OTHER_COMUNE:
      {
        g_autofree char *list = g_strjoinv (", ", (char **) comuni);

        /* Translators: %s is a list of comuni: "Torino, Moncalieri" */
        return g_strdup_printf (_("This slot delivers only to %s."), list);
      }
    case DIS_GEO_ZONE_NO_POSITION:
      if (!self->point_has_position)
        /* Translators: %s is a distance: "5,0 km" */
        return g_strdup_printf (_("This slot delivers within %s of the point, whose position is not known yet:"
                                  " it comes with the sync."), radius);
      /* Translators: %s is a distance: "5,0 km" */
      return g_strdup_printf (_("This slot delivers within %s of the point: type a comune the map knows,"
                                " to place the address."), radius);
    case DIS_GEO_ZONE_TOO_FAR:
      {
        g_autofree char *name = place_name (place);
        g_autofree char *distance = dis_geo_format_distance (metres);

        /* Translators: "Centre of Chieri is 12 km from the point: this slot delivers within 5,0 km." */
        return g_strdup_printf (_("%s is %s from the point: this slot delivers within %s."), name, distance, radius);
      }
    default:
      g_assert_not_reached ();
    }
}
