/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-map-details-popover.h"
#include "dis-map-marker-layers.h"
#include "dis-map-page.h"
#include "dis-mbtiles-source.h"
#include "dis-product.h"
#include "dis-pack-manager.h"
#include "dis-settings.h"

G_BEGIN_DECLS

/* The Map page, split by concern:
 *   dis-map-page.c          the page: selection, view, gestures, actions
 *   dis-map-page-details.c  the details popover of the selected point
 *   dis-map-page-layers.c   the base layer (region pack) and online layer
 *   dis-map-page-list.c     the list of points: filter, order, rows
 *   dis-map-page-search.c   the search: places and "nearest to"
 *   dis-map-page-stock.c    the basket on the markers, "where can I find…"
 * Markers are DisMapMarkerLayers' (dis-map-marker-layers.c). */

struct _DisMapPage
{
  GtkWidget             parent_instance;

  DisStore             *store;
  DisSettings          *settings;
  GCancellable         *cancellable;

  /* Template widgets */
  GtkSearchEntry       *search_entry;
  GtkRevealer          *nearest_revealer;
  GtkLabel             *nearest_label;
  GtkRevealer          *places_revealer;
  GtkListBox           *places_list;
  GtkStack             *list_stack;
  GtkListView          *point_list;
  AdwStatusPage        *empty_page;
  GtkStack             *map_stack;
  AdwStatusPage        *no_pack_page;
  ShumateMap           *map;
  ShumateScale         *scale;
  ShumateLicense       *license;
  GtkBox               *legend_box;
  GtkSearchEntry       *find_entry;
  GtkRevealer          *find_revealer;
  GtkLabel             *find_label;
  GtkListBox           *find_list;
  GtkLabel             *find_status;

  /* Layers (dis-map-page-layers.c) */
  ShumateViewport      *viewport;
  DisPackManager       *pack_manager;
  GCancellable         *pack_cancellable;
  DisMbtilesSource     *pack_source;
  ShumateMapSource     *base_source;
  ShumateMapLayer      *base_layer;
  ShumateMapSource     *online_source;
  ShumateMapLayer      *online_layer;
  guint                 n_tiles_received;
  DisMapMarkerLayers   *markers;

  /* The list (dis-map-page-list.c) */
  GListStore           *points;           /* DisMapPoint, by name */
  GHashTable           *points_by_code;   /* code → DisMapPoint (in points) */
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filtered;
  GtkCustomSorter      *sorter;
  GtkSortListModel     *sorted;
  GtkSingleSelection   *selection;
  gboolean              syncing_selection;

  /* The search (dis-map-page-search.c) */
  char                **search_words;     /* normalized */
  GListStore           *places;           /* DisMapPlace suggestions */
  char                 *place_text;       /* the chosen place's name, as in the entry */
  gboolean              nearest_active;
  double                nearest_lat;
  double                nearest_lon;

  /* The basket and "where can I find…" (dis-map-page-stock.c) */
  GCancellable         *stock_cancellable;
  GCancellable         *find_cancellable;
  GListStore           *find_products;    /* DisProduct suggestions */
  GListStore           *find_results;     /* DisMapAvailability, nearest first */
  DisProduct           *find_product;     /* the product looked for, or NULL */
  guint                 find_serial;

  /* Selection (dis-map-page.c) and details (dis-map-page-details.c) */
  DisMapDetailsPopover *popover;          /* weak */
  guint                 details_source;
  char                 *selected_code;
  char                 *pending_code;     /* restored, applied once points load */
  DisMapPoint          *own_point;        /* with a location, or NULL */
  gboolean              loaded;
};

/* dis-map-page.c */
/* Selects @point in the list and on the map; then as
 * _dis_map_page_show_point(). */
void      _dis_map_page_select_point        (DisMapPage  *self,
                                             DisMapPoint *point,
                                             gboolean     center,
                                             gboolean     details);

/* dis-map-page-details.c */
/* Centres the map on @point (@center) and opens its details (@details),
 * at its marker once shown, else at its list row. */
void      _dis_map_page_show_point          (DisMapPage  *self,
                                             DisMapPoint *point,
                                             gboolean     center,
                                             gboolean     details);
void      _dis_map_page_close_details       (DisMapPage  *self);
void      _dis_map_page_details_dispose     (DisMapPage  *self);

/* dis-map-page-layers.c */
void      _dis_map_page_layers_init         (DisMapPage  *self);
void      _dis_map_page_layers_dispose      (DisMapPage  *self);
void      _dis_map_page_clamp_zoom          (DisMapPage  *self);

/* dis-map-page-list.c */
void      _dis_map_page_list_class_init     (GtkWidgetClass *widget_class);
void      _dis_map_page_list_init           (DisMapPage  *self);
void      _dis_map_page_list_dispose        (DisMapPage  *self);
/* Puts @points (DisPointRecord) in the list; @own_code is our own point. */
void      _dis_map_page_list_set_points     (DisMapPage  *self,
                                             GPtrArray   *points,
                                             const char  *own_code);
DisMapPoint *_dis_map_page_list_lookup      (DisMapPage  *self,
                                             const char  *code);
/* Filter, order and distances again, after the search or the place changed. */
void      _dis_map_page_list_refilter       (DisMapPage  *self);
/* Shows the list or says why it is empty. */
void      _dis_map_page_list_update_state   (DisMapPage  *self);
/* The position of @point in the list as shown, or GTK_INVALID_LIST_POSITION. */
guint     _dis_map_page_list_find           (DisMapPage  *self,
                                             DisMapPoint *point);
/* Selects @position (GTK_INVALID_LIST_POSITION for none) without
 * selecting the point on the map, and scrolls to it. */
void      _dis_map_page_list_select         (DisMapPage  *self,
                                             guint        position);
/* The row showing @point, when it is bound to one. */
GtkWidget *_dis_map_page_list_get_row       (DisMapPage  *self,
                                             DisMapPoint *point);

/* dis-map-page-search.c */
void      _dis_map_page_search_class_init   (GtkWidgetClass *widget_class);
void      _dis_map_page_search_init         (DisMapPage  *self);
void      _dis_map_page_search_dispose      (DisMapPage  *self);
gboolean  _dis_map_page_search_matches      (DisMapPage  *self,
                                             DisMapPoint *point);

/* dis-map-page-stock.c */
void      _dis_map_page_stock_class_init    (GtkWidgetClass *widget_class);
void      _dis_map_page_stock_init          (DisMapPage  *self);
void      _dis_map_page_stock_dispose       (DisMapPage  *self);
/* Reads every point's completeness again (after the points). */
void      _dis_map_page_stock_reload        (DisMapPage  *self);

/* For tests and benchmarks. */
gboolean           _dis_map_page_get_loaded              (DisMapPage *self);  /* points are in */
gboolean           _dis_map_page_has_pack                (DisMapPage *self);
ShumateMap        *_dis_map_page_get_map                 (DisMapPage *self);
ShumateViewport   *_dis_map_page_get_viewport            (DisMapPage *self);
GtkEditable       *_dis_map_page_get_search_entry        (DisMapPage *self);
/* The points as listed (filtered and sorted, DisMapPoint items), with
 * the list's selection. */
GtkSelectionModel *_dis_map_page_get_list_model          (DisMapPage *self);
/* The place suggestions for the search text, as the list shows them. */
guint              _dis_map_page_get_n_place_suggestions (DisMapPage *self);
/* Tiles the base layer received since the pack was opened. */
guint              _dis_map_page_get_n_tiles_received    (DisMapPage *self);
/* The marker widget of a point (a ShumateMarker), or NULL. */
GtkWidget         *_dis_map_page_get_marker              (DisMapPage *self,
                                                          const char *code);
/* Clusters and single points drawn at the zoom level. */
guint              _dis_map_page_get_n_markers_drawn     (DisMapPage *self);
/* "Where can I find…": the product looked for (NULL: none), and the
 * answers as listed (DisMapAvailability items, nearest first). */
void               _dis_map_page_find_product            (DisMapPage *self,
                                                          DisProduct *product);
GListModel        *_dis_map_page_get_find_results        (DisMapPage *self);
GtkEditable       *_dis_map_page_get_find_entry          (DisMapPage *self);
/* The products offered for the text typed there (DisProduct items). */
GListModel        *_dis_map_page_get_find_products       (DisMapPage *self);
/* The details popover when open, or NULL. */
GtkWidget         *_dis_map_page_get_popover             (DisMapPage *self);

G_END_DECLS
