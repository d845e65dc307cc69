/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-symbol"

#include "config.h"

#include <math.h>

#include "dis-map-symbol.h"

struct _DisMapSymbol
{
  GtkWidget          parent_instance;

  DisPointKind       kind;
  DisMapSymbolStyle  style;
  guint              selected : 1;
};

G_DEFINE_FINAL_TYPE (DisMapSymbol, dis_map_symbol, GTK_TYPE_WIDGET)

/* GNOME palette: Blue 4, Green 5, Orange 5, Purple 4. The map stays light
 * in the dark style, so fixed colours are right here. */
static const char *kind_colors[DIS_N_POINT_KINDS] = {
  "#1c71d8", "#26a269", "#e66100", "#813d9c",
};

#define N_STYLES 3
#define MAX_SCALE 3

/* Textures are drawn once per kind, style, selection and scale: markers
 * are many, and a texture node is the cheapest thing to draw each frame. */
static GdkTexture *texture_cache[DIS_N_POINT_KINDS][N_STYLES][2][MAX_SCALE];

static int
style_size (DisMapSymbolStyle style)
{
  switch (style)
    {
    case DIS_MAP_SYMBOL_ICON:
      return 16;
    case DIS_MAP_SYMBOL_OWN:
      return 34;
    case DIS_MAP_SYMBOL_MARKER:
    default:
      return 24;
    }
}

void
dis_map_symbol_get_color (DisPointKind  kind,
                          GdkRGBA      *color)
{
  g_return_if_fail (kind < DIS_N_POINT_KINDS);
  g_return_if_fail (color != NULL);

  gdk_rgba_parse (color, kind_colors[kind]);
}

static void
shape_path (cairo_t      *cr,
            DisPointKind  kind,
            double        cx,
            double        cy,
            double        r)
{
  switch (kind)
    {
    case DIS_POINT_KIND_GAS:
      {
        double h = r * 0.86;

        cairo_rectangle (cr, cx - h, cy - h, 2 * h, 2 * h);
      }
      break;

    case DIS_POINT_KIND_PRODUCER:
      /* An equilateral triangle has its centroid low: nudge it down so
       * that it looks centred on the location. */
      cy += r * 0.15;
      cairo_move_to (cr, cx, cy - r * 1.1);
      cairo_line_to (cr, cx + r * 1.05, cy + r * 0.7);
      cairo_line_to (cr, cx - r * 1.05, cy + r * 0.7);
      cairo_close_path (cr);
      break;

    case DIS_POINT_KIND_COLLECTION:
      cairo_move_to (cr, cx, cy - r * 1.15);
      cairo_line_to (cr, cx + r * 1.15, cy);
      cairo_line_to (cr, cx, cy + r * 1.15);
      cairo_line_to (cr, cx - r * 1.15, cy);
      cairo_close_path (cr);
      break;

    case DIS_POINT_KIND_SHOP:
    case DIS_N_POINT_KINDS:
    default:
      cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
      break;
    }
}

static void
draw_symbol (cairo_t           *cr,
             DisPointKind       kind,
             DisMapSymbolStyle  style,
             gboolean           selected)
{
  double size = style_size (style);
  double c = size / 2.0;
  GdkRGBA color;
  double r;

  dis_map_symbol_get_color (kind, &color);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  if (style == DIS_MAP_SYMBOL_ICON)
    {
      shape_path (cr, kind, c, c, 5.5);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_fill (cr);
      return;
    }

  if (selected)
    {
      cairo_arc (cr, c, c, c - 0.5, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.35);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.9);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
    }

  if (style == DIS_MAP_SYMBOL_OWN)
    {
      /* The ring: white, then the kind's colour, then a hairline. */
      cairo_arc (cr, c, c, c - 3.0, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
      cairo_set_line_width (cr, 4.5);
      cairo_stroke_preserve (cr);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, 3.0);
      cairo_stroke (cr);
      cairo_arc (cr, c, c, c - 5.5, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
      r = 7.5;
    }
  else
    r = 7.0;

  /* A dark hairline and a white band outside the fill keep the shape
   * readable on any background. */
  shape_path (cr, kind, c, c, r);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
  cairo_set_line_width (cr, 4.0);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill (cr);
}

static GdkTexture *
get_texture (DisPointKind       kind,
             DisMapSymbolStyle  style,
             gboolean           selected,
             int                scale)
{
  GdkTexture **slot;

  scale = CLAMP (scale, 1, MAX_SCALE);
  slot = &texture_cache[kind][style][!!selected][scale - 1];

  if (*slot == NULL)
    {
      int px = style_size (style) * scale;
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px, px);
      cairo_t *cr = cairo_create (surface);
      g_autoptr(GBytes) bytes = NULL;

      cairo_scale (cr, scale, scale);
      draw_symbol (cr, kind, style, selected);
      cairo_destroy (cr);
      cairo_surface_flush (surface);

      bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                           (gsize)cairo_image_surface_get_stride (surface) * px);
      /* Cairo's ARGB32 is premultiplied native-endian 32-bit: GDK's default. */
      *slot = gdk_memory_texture_new (px, px, GDK_MEMORY_DEFAULT, bytes,
                                      cairo_image_surface_get_stride (surface));
      cairo_surface_destroy (surface);
    }

  return *slot;
}

static void
dis_map_symbol_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  DisMapSymbol *self = DIS_MAP_SYMBOL (widget);

  *minimum = *natural = style_size (self->style);
}

static void
dis_map_symbol_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  DisMapSymbol *self = DIS_MAP_SYMBOL (widget);
  int size = style_size (self->style);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkTexture *texture;

  texture = get_texture (self->kind, self->style, self->selected,
                         gtk_widget_get_scale_factor (widget));
  gtk_snapshot_append_texture (snapshot, texture,
                               &GRAPHENE_RECT_INIT ((width - size) / 2,
                                                    (height - size) / 2,
                                                    size, size));
}

static void
dis_map_symbol_class_init (DisMapSymbolClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = dis_map_symbol_measure;
  widget_class->snapshot = dis_map_symbol_snapshot;

  gtk_widget_class_set_css_name (widget_class, "dis-map-symbol");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
dis_map_symbol_init (DisMapSymbol *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GtkWidget *
dis_map_symbol_new (DisPointKind      kind,
                    DisMapSymbolStyle style)
{
  DisMapSymbol *self;

  g_return_val_if_fail (kind < DIS_N_POINT_KINDS, NULL);

  self = g_object_new (DIS_TYPE_MAP_SYMBOL, NULL);
  self->kind = kind;
  self->style = style;

  return GTK_WIDGET (self);
}

void
dis_map_symbol_set_kind (DisMapSymbol *self,
                         DisPointKind  kind)
{
  g_return_if_fail (DIS_IS_MAP_SYMBOL (self));
  g_return_if_fail (kind < DIS_N_POINT_KINDS);

  if (self->kind == kind)
    return;

  self->kind = kind;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dis_map_symbol_set_selected (DisMapSymbol *self,
                             gboolean      selected)
{
  g_return_if_fail (DIS_IS_MAP_SYMBOL (self));

  selected = !!selected;
  if (self->selected == (guint)selected)
    return;

  self->selected = selected;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dis_map_symbol_append (GtkSnapshot       *snapshot,
                       DisPointKind       kind,
                       DisMapSymbolStyle  style,
                       gboolean           selected,
                       int                scale,
                       float              x,
                       float              y)
{
  int size;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (kind < DIS_N_POINT_KINDS);

  size = style_size (style);
  gtk_snapshot_append_texture (snapshot, get_texture (kind, style, selected, scale),
                               &GRAPHENE_RECT_INIT (floorf (x - size / 2.0f), floorf (y - size / 2.0f),
                                                    size, size));
}
