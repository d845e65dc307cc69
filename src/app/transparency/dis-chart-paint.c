/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-transparency"

#include "config.h"

#include "dis-chart-paint.h"

#define SWATCH 14
#define KEY_GAP 16

static void
foreground (GtkWidget *widget,
            GdkRGBA   *out)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), out);
}

/* A hue per fill, over which the pattern is drawn in the foreground. */
static void
hue (DisChartFill  fill,
     GdkRGBA      *out)
{
  static const char * const hues[] = {
    [DIS_CHART_FILL_HATCH] = "#f6d32d",     /* yellow */
    [DIS_CHART_FILL_DOTS] = "#8ff0a4",      /* green */
    [DIS_CHART_FILL_LIGHT] = "#99c1f1",     /* blue */
    [DIS_CHART_FILL_SOLID] = "#613583",     /* purple */
    [DIS_CHART_FILL_CROSS] = "#deddda",     /* grey */
    [DIS_CHART_FILL_VERTICAL] = "#ffbe6f",  /* orange */
  };

  gdk_rgba_parse (out, hues[fill]);
}

void
dis_chart_paint_fill (GtkWidget             *widget,
                      GtkSnapshot           *snapshot,
                      const graphene_rect_t *rect,
                      DisChartFill           fill)
{
  GdkRGBA fg, background;
  cairo_t *cr;
  double w = rect->size.width, h = rect->size.height;

  if (w < 1 || h < 1)
    return;
  foreground (widget, &fg);
  hue (fill, &background);

  cr = gtk_snapshot_append_cairo (snapshot, rect);
  cairo_translate (cr, rect->origin.x, rect->origin.y);
  cairo_rectangle (cr, 0, 0, w, h);
  gdk_cairo_set_source_rgba (cr, &background);
  cairo_fill_preserve (cr);
  cairo_clip (cr);
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_set_line_width (cr, 1.5);

  switch (fill)
    {
    case DIS_CHART_FILL_HATCH:
    case DIS_CHART_FILL_CROSS:
      for (double d = -h; d < w; d += 7)
        {
          cairo_move_to (cr, d, h);
          cairo_line_to (cr, d + h, 0);
          if (fill == DIS_CHART_FILL_CROSS)
            {
              cairo_move_to (cr, d, 0);
              cairo_line_to (cr, d + h, h);
            }
        }
      cairo_stroke (cr);
      break;
    case DIS_CHART_FILL_VERTICAL:
      for (double x = 3; x < w; x += 6)
        {
          cairo_move_to (cr, x, 0);
          cairo_line_to (cr, x, h);
        }
      cairo_stroke (cr);
      break;
    case DIS_CHART_FILL_DOTS:
      for (double y = 3; y < h; y += 6)
        for (double x = (((int) y / 6) % 2) * 3 + 3; x < w; x += 6)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, x, y, 1.3, 0, 2 * G_PI);
          }
      cairo_fill (cr);
      break;
    case DIS_CHART_FILL_SOLID:
      /* Dark enough to tell from the light solid in grey too. */
      fg.alpha = 0.75;
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_paint (cr);
      break;
    case DIS_CHART_FILL_LIGHT:
    default:
      break;
    }
  cairo_reset_clip (cr);
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, 0.5, 0.5, w - 1, h - 1);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

void
dis_chart_text_size (GtkWidget  *widget,
                     const char *text,
                     int        *out_width,
                     int        *out_height)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

  pango_layout_get_pixel_size (layout, out_width, out_height);
}

int
dis_chart_paint_text (GtkWidget   *widget,
                      GtkSnapshot *snapshot,
                      const char  *text,
                      float        x,
                      float        y,
                      gboolean     dim)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  GdkRGBA fg;
  int width, height;

  foreground (widget, &fg);
  if (dim)
    fg.alpha *= 0.7f;
  pango_layout_get_pixel_size (layout, &width, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, &fg);
  gtk_snapshot_restore (snapshot);
  return width;
}

void
dis_chart_paint_label (GtkWidget   *widget,
                       GtkSnapshot *snapshot,
                       const char  *text,
                       float        x,
                       float        y)
{
  GdkRGBA fg, patch;
  int width, height;

  foreground (widget, &fg);
  /* The opposite of the text's colour, light or dark theme alike. */
  patch = (GdkRGBA) { 1 - fg.red, 1 - fg.green, 1 - fg.blue, 0.85f };
  dis_chart_text_size (widget, text, &width, &height);
  gtk_snapshot_append_color (snapshot, &patch, &GRAPHENE_RECT_INIT (x - 2, y, width + 4, height));
  dis_chart_paint_text (widget, snapshot, text, x, y, FALSE);
}

int
dis_chart_paint_legend (GtkWidget         *widget,
                        GtkSnapshot       *snapshot,
                        const DisChartKey *keys,
                        guint              n_keys,
                        float              x,
                        float              y,
                        float              width)
{
  float at = x, line = y;
  int height = SWATCH;

  for (guint i = 0; i < n_keys; i++)
    {
      int text_width, text_height;

      dis_chart_text_size (widget, keys[i].label, &text_width, &text_height);
      height = MAX (height, text_height);
      /* Wraps to a new line rather than drawing past the edge. */
      if (at > x && at + SWATCH + 4 + text_width > x + width)
        {
          at = x;
          line += height + 4;
        }
      dis_chart_paint_fill (widget, snapshot,
                            &GRAPHENE_RECT_INIT (at, line + (height - SWATCH) / 2.f, SWATCH, SWATCH),
                            keys[i].fill);
      at += SWATCH + 4;
      at += dis_chart_paint_text (widget, snapshot, keys[i].label, at, line, FALSE) + KEY_GAP;
    }
  return (int) (line - y) + height;
}
