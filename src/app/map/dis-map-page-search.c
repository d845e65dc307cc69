/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-gazetteer.h"
#include "dis-map-page-private.h"
#include "dis-map-place-row.h"

/* The search entry filters the points by name and comune (accents and
 * case ignored) and offers the places of the gazetteer it matches;
 * choosing a place, or a spot on the map, lists the points nearest to it. */

#define MAX_PLACES 4

#define NEAREST_ZOOM 11.0

gboolean
_dis_map_page_search_matches (DisMapPage  *self,
                              DisMapPoint *point)
{
  const char *key;

  g_assert (DIS_IS_MAP_PAGE (self));

  if (self->nearest_active)
    return dis_map_point_has_location (point);

  if (self->search_words == NULL)
    return TRUE;

  key = dis_map_point_get_search_key (point);
  for (guint i = 0; self->search_words[i] != NULL; i++)
    if (strstr (key, self->search_words[i]) == NULL)
      return FALSE;

  return TRUE;
}

/* The normalized words of @text, without empty ones; NULL for none. */
static char **
split_words (const char *text)
{
  g_autofree char *normal = dis_gazetteer_normalize (text);
  g_auto(GStrv) words = NULL;
  guint j = 0;

  if (normal == NULL)
    return NULL;

  g_strstrip (normal);
  if (normal[0] == '\0')
    return NULL;

  words = g_strsplit_set (normal, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0')
        words[j++] = words[i];
      else
        g_free (words[i]);
    }
  words[j] = NULL;

  return g_steal_pointer (&words);
}

static void
update_places (DisMapPage *self,
               const char *text)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (text != NULL && text[0] != '\0' && !self->nearest_active)
    found = dis_gazetteer_search (dis_gazetteer_get_default (), text, MAX_PLACES);

  for (guint i = 0; found != NULL && i < found->len; i++)
    g_ptr_array_add (items, dis_map_place_new (g_ptr_array_index (found, i)));

  g_list_store_splice (self->places, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->places)),
                       items->pdata, items->len);
  gtk_revealer_set_reveal_child (self->places_revealer, items->len > 0);
}

static void
search_changed_cb (DisMapPage     *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  /* Typing again leaves "nearest to": the text is a new search. */
  if (self->nearest_active &&
      g_strcmp0 (text, gtk_label_get_label (self->nearest_label)) != 0 &&
      self->place_text != NULL &&
      g_strcmp0 (text, self->place_text) != 0)
    dis_map_page_clear_nearest (self);

  g_clear_pointer (&self->search_words, g_strfreev);
  self->search_words = split_words (text);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_places (self, text);
  _dis_map_page_list_update_state (self);
}

static void
choose_place (DisMapPage  *self,
              DisMapPlace *item)
{
  g_autoptr(DisMapPlace) keep = g_object_ref (item);   /* the entry's text changes the places */
  const DisPlace *place = dis_map_place_get_place (item);

  g_free (self->place_text);
  self->place_text = g_strdup (place->name);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), place->name) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), place->name);

  dis_map_page_show_nearest (self, place->lat, place->lon, place->name);
}

static void
place_activated_cb (DisMapPage     *self,
                    DisMapPlaceRow *row)
{
  choose_place (self, dis_map_place_row_get_place (row));
}

static void
search_activate_cb (DisMapPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->places)) > 0)
    {
      g_autoptr(DisMapPlace) place = g_list_model_get_item (G_LIST_MODEL (self->places), 0);

      choose_place (self, place);
    }
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0)
    {
      g_autoptr(DisMapPoint) point = g_list_model_get_item (G_LIST_MODEL (self->sorted), 0);

      _dis_map_page_select_point (self, point, TRUE, TRUE);
    }
}

static void
stop_search_cb (DisMapPage *self)
{
  if (self->nearest_active)
    dis_map_page_clear_nearest (self);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static GtkWidget *
create_place_row (gpointer item,
                  gpointer user_data)
{
  return dis_map_place_row_new (DIS_MAP_PLACE (item));
}

void
_dis_map_page_search_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, place_activated_cb);
}

void
_dis_map_page_search_init (DisMapPage *self)
{
  self->places = g_list_store_new (DIS_TYPE_MAP_PLACE);
  gtk_list_box_bind_model (self->places_list, G_LIST_MODEL (self->places),
                           create_place_row, NULL, NULL);
}

void
_dis_map_page_search_dispose (DisMapPage *self)
{
  g_clear_pointer (&self->search_words, g_strfreev);
  g_clear_pointer (&self->place_text, g_free);
  g_clear_object (&self->places);
}

/* ---- Public API --------------------------------------------------------- */

void
dis_map_page_show_nearest (DisMapPage *self,
                           double      latitude,
                           double      longitude,
                           const char *label)
{
  g_autofree char *title = NULL;

  g_return_if_fail (DIS_IS_MAP_PAGE (self));

  self->nearest_active = TRUE;
  self->nearest_lat = latitude;
  self->nearest_lon = longitude;

  if (label != NULL)
    title = g_strdup_printf (_("Nearest to %s"), label);
  else
    title = g_strdup (_("Nearest to the selected spot"));
  gtk_label_set_label (self->nearest_label, title);
  gtk_revealer_set_reveal_child (self->nearest_revealer, TRUE);
  update_places (self, NULL);
  _dis_map_page_list_refilter (self);

  /* Nothing is selected in the new order until the user picks a row. */
  _dis_map_page_list_select (self, GTK_INVALID_LIST_POSITION);
  _dis_map_page_close_details (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->point_list), "list.scroll-to-item", "u", 0);

  /* Mark the spot on the map and bring it into view. */
  dis_map_marker_layers_show_place (self->markers, latitude, longitude, title);
  if (label != NULL)
    shumate_map_go_to_full (self->map, latitude, longitude,
                            MAX (shumate_viewport_get_zoom_level (self->viewport), NEAREST_ZOOM));
}

void
dis_map_page_clear_nearest (DisMapPage *self)
{
  g_return_if_fail (DIS_IS_MAP_PAGE (self));

  if (!self->nearest_active)
    return;

  self->nearest_active = FALSE;
  g_clear_pointer (&self->place_text, g_free);
  gtk_revealer_set_reveal_child (self->nearest_revealer, FALSE);
  dis_map_marker_layers_hide_place (self->markers);

  _dis_map_page_list_refilter (self);
  update_places (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}
