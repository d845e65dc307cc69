/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-map-point.h"

G_BEGIN_DECLS

/* The shape that tells kinds of point apart without relying on colour:
 * shop ●, purchasing group ■, producer ▲, collection point ◆. */
typedef enum
{
  DIS_MAP_SYMBOL_ICON,     /* 16 px, in lists */
  DIS_MAP_SYMBOL_MARKER,   /* on the map */
  DIS_MAP_SYMBOL_OWN,      /* our own point: larger, with a ring */
} DisMapSymbolStyle;

#define DIS_TYPE_MAP_SYMBOL (dis_map_symbol_get_type ())
G_DECLARE_FINAL_TYPE (DisMapSymbol, dis_map_symbol, DIS, MAP_SYMBOL, GtkWidget)

GtkWidget *dis_map_symbol_new          (DisPointKind       kind,
                                        DisMapSymbolStyle  style);
void       dis_map_symbol_set_kind     (DisMapSymbol      *self,
                                        DisPointKind       kind);
void       dis_map_symbol_set_selected (DisMapSymbol      *self,
                                        gboolean           selected);
/* Draws the symbol centred on @x, @y, as the widget would (for layers
 * that draw many without a widget each). */
void       dis_map_symbol_append       (GtkSnapshot       *snapshot,
                                        DisPointKind       kind,
                                        DisMapSymbolStyle  style,
                                        gboolean           selected,
                                        int                scale,
                                        float              x,
                                        float              y);
/* The fill colour of @kind, for tests that look for markers in pixels. */
void       dis_map_symbol_get_color    (DisPointKind       kind,
                                        GdkRGBA           *color);

G_END_DECLS
