/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-pack-manager.h"
#include "dis-store.h"

G_BEGIN_DECLS

/* The Mappa page: the region pack as base map, the network's points as
 * markers (one layer per kind), and a side list with search and "nearest
 * to" a place of the gazetteer or a spot on the map.
 *
 * The base map is the active pack of DisPackManager, else the file named
 * by $DIS_REGION_PACK; without either the map area explains how to get a
 * pack. The view is saved in the settings on unmap and restored when
 * built. Tests and benchmarks reach inside through dis-map-page-private.h. */

#define DIS_TYPE_MAP_PAGE (dis_map_page_get_type ())
G_DECLARE_FINAL_TYPE (DisMapPage, dis_map_page, DIS, MAP_PAGE, GtkWidget)

GtkWidget       *dis_map_page_new               (void);
void             dis_map_page_set_store         (DisMapPage  *self,
                                                 DisStore    *store);
DisStore        *dis_map_page_get_store         (DisMapPage  *self);
/* Reads the points again (after a sync). */
void             dis_map_page_reload            (DisMapPage  *self);
/* Moves the keyboard focus to the search entry. */
void             dis_map_page_focus_search      (DisMapPage  *self);

/* The region pack the map shows, for whoever describes it (Preferences):
 * the active pack of @packs (downloaded or imported), else the base pack
 * the application was started with ($DIS_REGION_PACK, set by its
 * launcher); *@is_base says which. NULL when there is neither. */
char            *dis_map_page_find_pack         (DisPackManager *packs,
                                                 gboolean       *is_base);

/* "Nearest to <label>": the list sorted by distance from @lat, @lon. */
void             dis_map_page_show_nearest      (DisMapPage  *self,
                                                 double       latitude,
                                                 double       longitude,
                                                 const char  *label);
void             dis_map_page_clear_nearest     (DisMapPage  *self);
/* Selects the point's row, centres the map on it and opens its details.
 * FALSE when no such point is loaded. */
gboolean         dis_map_page_select_point      (DisMapPage  *self,
                                                 const char  *code);
const char      *dis_map_page_get_selected_code (DisMapPage  *self);

G_END_DECLS
