/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-map-page-private.h"

G_BEGIN_DECLS

/* What the Map page tests share: their process set-up, the point's store,
 * the page in a 1024×768 window with the shared region pack, its tiles
 * and the pixels it draws. */

typedef struct
{
  guchar *data;   /* B8G8R8A8 premultiplied (GDK_MEMORY_DEFAULT, little-endian) */
  int     width;
  int     height;
  gsize   stride;
} DisTestPixels;

/* Private data (@home) and cache (@cache) directories before anything
 * reads them, so that no installed region pack is picked up; then GTest,
 * GTK, libadwaita and the app's resources. Not G_TEST_OPTION_ISOLATE_DIRS,
 * which hides the icon themes too. */
void        dis_test_map_init           (int                          *argc,
                                         char                       ***argv,
                                         const char                   *home,
                                         const char                   *cache);

/* A new temporary directory @prefix-XXXXXX (in *@out_dir) with a store
 * that is the point TO-TOR. */
DisStore   *dis_test_map_store_new      (const char                   *prefix,
                                         char                        **out_dir);
void        dis_test_map_add_point      (DisStore                     *store,
                                         const DisPointRecord         *record);
/* Destroys @window (when not NULL) and drops @store, lets the store's
 * workers, the tile reads and the downloads finish, and removes @dir;
 * takes all three. */
void        dis_test_map_tear_down      (GtkWindow                    *window,
                                         DisStore                     *store,
                                         char                         *dir);

/* The region pack of $DIS_SHARED_DATA (../shared/data), NULL when it
 * is not there. */
char       *dis_test_map_pack_path      (void);

/* The page for @store in a new 1024×768 window, loaded and at its size.
 * With @need_pack, on the shared pack (waited for), or NULL and the test
 * skipped without it; otherwise on the shared pack when it is there. */
DisMapPage *dis_test_map_show_page      (DisStore                     *store,
                                         gboolean                      need_pack,
                                         GtkWindow                   **out_window);
/* Waits until the base layer has received @at_least tiles and then none
 * for 400 ms, and draws a few frames; fails after 15 s. */
void        dis_test_map_wait_for_tiles (DisMapPage                   *page,
                                         guint                         at_least);

/* Widget coordinates of a location, in the page's coordinate space. */
void        dis_test_map_location_to_page (DisMapPage                 *page,
                                           double                      lat,
                                           double                      lon,
                                           double                     *x,
                                           double                     *y);

/* What @page draws now. */
GdkTexture *dis_test_map_render         (DisMapPage                   *page);
void        dis_test_pixels_download    (GdkTexture                   *texture,
                                         DisTestPixels                *pixels);
guint32     dis_test_pixel_rgb          (const DisTestPixels          *pixels,
                                         int                           x,
                                         int                           y);
/* How many colours @rect holds, and the share of it the commonest covers. */
void        dis_test_pixels_colors      (const DisTestPixels          *pixels,
                                         const cairo_rectangle_int_t  *rect,
                                         guint                        *n_colors,
                                         double                       *commonest);

G_END_DECLS
