/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-document"

#include "config.h"

#include "dis-hub-db.h"
#include "dis-hub-document.h"

double
dis_hub_pdf_paragraph (cairo_t    *cr,
                       const char *text,
                       double      size,
                       double      y)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);

  cairo_set_font_size (cr, size);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *attempt = line->len > 0 ? g_strconcat (line->str, " ", words[i], NULL) : g_strdup (words[i]);
      cairo_text_extents_t extents;

      cairo_text_extents (cr, attempt, &extents);
      if (extents.x_advance > DIS_HUB_PAGE_W - 2 * DIS_HUB_MARGIN && line->len > 0)
        {
          cairo_move_to (cr, DIS_HUB_MARGIN, y);
          cairo_show_text (cr, line->str);
          y += size * 1.4;
          g_string_assign (line, words[i]);
        }
      else
        g_string_assign (line, attempt);
    }
  cairo_move_to (cr, DIS_HUB_MARGIN, y);
  cairo_show_text (cr, line->str);
  return y + size * 1.4;
}

void
dis_hub_pdf_cell (cairo_t    *cr,
                  double      x,
                  double      y,
                  const char *text,
                  gboolean    right)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  cairo_move_to (cr, right ? x - extents.x_advance : x, y);
  cairo_show_text (cr, text);
}

gboolean
dis_hub_pdf_finish (cairo_surface_t  *surface,
                    cairo_t          *cr,
                    const char       *path,
                    GError          **error)
{
  cairo_status_t status;

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "%s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

void
dis_hub_csv_field (GString    *out,
                   const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "\"", -1);
  g_autofree char *quoted = g_strjoinv ("\"\"", parts);

  g_string_append_printf (out, "\"%s\"", quoted);
}
