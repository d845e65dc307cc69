/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "dis-code128.h"
#include "dis-sheet.h"
#include "dis-test-util.h"

#define N_ROWS   200
#define N_LABELS 30

typedef struct
{
  char *dir;
  char *pdf;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = dis_test_tmpdir_new ("dis-sheet");
  f->pdf = g_build_filename (f->dir, "sheet.pdf", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dis_test_rm_rf (f->dir);
  g_free (f->pdf);
  g_free (f->dir);
}

/* The page objects of a PDF: "/Type /Page", not "/Type /Pages". */
static guint
count_pdf_pages (const char *path)
{
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  guint n = 0;

  g_file_get_contents (path, &bytes, &length, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
  /* Compressed streams hold NULs: bytes, not a string search. */
  for (gsize i = 0; i + 12 <= length; i++)
    if (memcmp (bytes + i, "/Type /Page", 11) == 0 && bytes[i + 11] != 's')
      n++;
  return n;
}

/* The PDF's text, pages split at form feeds; NULL without pdftotext. */
static char **
pdf_pages_text (const char *path)
{
  const char *pdftotext = g_getenv ("DIS_PDFTOTEXT");
  const char *argv[] = { pdftotext, "-layout", path, "-", NULL };
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status;

  if (pdftotext == NULL || pdftotext[0] == '\0')
    return NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &text, NULL,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  return g_strsplit (text, "\f", -1);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

static void
add_table (DisSheet *sheet)
{
  const DisSheetColumn columns[] = {
    { "Riga", 1, FALSE },
    { "Prodotto", 4, FALSE },
    { "Quantità", 1.5, TRUE },
    { "Importo", 1.5, TRUE },
  };

  dis_sheet_add_title (sheet, "Ordine al fornitore F-RIS");
  dis_sheet_add_subtitle (sheet, "Ciclo 7, chiuso il 5 dicembre 2026: totali per prodotto e per punto.");
  dis_sheet_begin_table (sheet, columns, G_N_ELEMENTS (columns));
  for (guint i = 1; i <= N_ROWS; i++)
    {
      g_autofree char *no = g_strdup_printf ("R%03u", i);
      g_autofree char *qty = g_strdup_printf ("%u,000", i);
      g_autofree char *amount = g_strdup_printf ("€ %u,%02u", i * 3, i % 100);
      const char *cells[] = { no, "Riso Carnaroli semilavorato, sacchetto da 1 kg", qty, amount };

      dis_sheet_add_row (sheet, cells, FALSE);
    }
  {
    const char *total[] = { NULL, "Totale", "20100,000", "€ 60300,00" };

    dis_sheet_add_row (sheet, total, TRUE);
  }
}

static void
add_labels (DisSheet *sheet,
            guint     n,
            guint     skip)
{
  g_autofree DisSheetLabel *labels = g_new0 (DisSheetLabel, n);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      char *name = g_strdup_printf ("Socio %02u Rossi", i + 1);
      char *number = g_strdup_printf ("Ordine n. %u", i + 1);
      char *code = g_strdup_printf ("ORD%06u", i + 1);

      g_ptr_array_add (strings, name);
      g_ptr_array_add (strings, number);
      g_ptr_array_add (strings, code);
      labels[i] = (DisSheetLabel) { { name, number, "Ritiro sabato 9–12" }, code };
    }
  dis_sheet_draw_labels (sheet, labels, n, skip);
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisSheet) sheet = dis_sheet_new_pdf (f->pdf, &error);
  g_auto(GStrv) pages = NULL;
  guint n_pages, table_pages;

  g_assert_no_error (error);
  add_table (sheet);
  add_labels (sheet, N_LABELS, 0);

  /* 201 rows of 15 pt on pages of about 740 pt: 5 pages of table, then
   * 24 + 6 labels on two sheets. */
  n_pages = dis_sheet_get_n_pages (sheet);
  table_pages = n_pages - 2;
  g_assert_cmpuint (table_pages, >=, 4);
  g_assert_cmpuint (table_pages, <=, 6);
  g_assert_true (dis_sheet_finish (sheet, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_pdf_pages (f->pdf), ==, n_pages);

  pages = pdf_pages_text (f->pdf);
  if (pages == NULL)
    {
      g_test_message ("pdftotext not installed: the PDF's text is not read");
      return;
    }
  g_assert_cmpuint (g_strv_length (pages), >=, n_pages);
  g_assert_nonnull (strstr (pages[0], "Ordine al fornitore F-RIS"));
  g_assert_nonnull (strstr (pages[0], "Ciclo 7"));
  for (guint p = 0; p < table_pages; p++)
    {
      g_autofree char *number = g_strdup_printf ("Page %u of %u", p + 1, n_pages);

      /* The header on every page, the page numbered. */
      g_assert_cmpuint (count_occurrences (pages[p], "Prodotto"), ==, 1);
      g_assert_cmpuint (count_occurrences (pages[p], "Quantità"), ==, 1);
      g_assert_nonnull (strstr (pages[p], number));
    }
  for (guint i = 1; i <= N_ROWS; i++)
    {
      g_autofree char *no = g_strdup_printf ("R%03u ", i);
      guint seen = 0;

      for (guint p = 0; p < table_pages; p++)
        seen += count_occurrences (pages[p], no);
      g_assert_cmpuint (seen, ==, 1);
    }
  g_assert_nonnull (strstr (pages[table_pages - 1], "Totale"));
  for (guint i = 1; i <= N_LABELS; i++)
    {
      g_autofree char *code = g_strdup_printf ("ORD%06u", i);
      g_autofree char *name = g_strdup_printf ("Socio %02u Rossi", i);
      guint page = table_pages + (i > 24);

      g_assert_cmpuint (count_occurrences (pages[page], code), ==, 1);
      g_assert_cmpuint (count_occurrences (pages[page], name), ==, 1);
    }
}

/* Labels after a partly used sheet, and what follows them on a page of
 * its own. */
static void
test_labels_skip (void)
{
  g_autoptr(DisSheet) sheet = dis_sheet_new ();

  add_labels (sheet, 10, 20);        /* 4 on the first sheet, 6 on a second */
  g_assert_cmpuint (dis_sheet_get_n_pages (sheet), ==, 2);
  dis_sheet_add_title (sheet, "Percorso di consegna");
  g_assert_cmpuint (dis_sheet_get_n_pages (sheet), ==, 3);
  dis_sheet_page_break (sheet);
  dis_sheet_page_break (sheet);      /* an empty page is not made */
  dis_sheet_add_subtitle (sheet, "Fascia sabato 9–12");
  g_assert_cmpuint (dis_sheet_get_n_pages (sheet), ==, 4);
  add_labels (sheet, 24, 0);
  g_assert_cmpuint (dis_sheet_get_n_pages (sheet), ==, 5);

  /* An empty document is one blank page. */
  {
    g_autoptr(DisSheet) empty = dis_sheet_new ();

    g_assert_cmpuint (dis_sheet_get_n_pages (empty), ==, 1);
  }
}

/* The barcode as drawn on any cairo_t (the app's print path): the first
 * label rendered at 8 px a point, the row crossing the most bars read
 * back into module widths. */
static void
test_barcode_drawn (void)
{
  const double scale = 8;
  const int w = (int) ceil (70 / 25.4 * 72 * scale), h = (int) ceil (37.5 / 25.4 * 72 * scale);
  g_autoptr(DisSheet) sheet = dis_sheet_new ();
  const DisSheetLabel label = { { "Socio 01 Rossi", NULL, NULL }, "ORD000042" };
  g_autoptr(GArray) expected = dis_code128_encode ("ORD000042");
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, w, h);
  cairo_t *cr = cairo_create (surface);
  const guint8 *pixels;
  int stride, best_row = -1, best_edges = 0;
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (int));
  double module_px, total = 0;

  dis_sheet_draw_labels (sheet, &label, 1, 0);
  cairo_scale (cr, scale, scale);
  dis_sheet_draw_page (sheet, cr, 0);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < h; y++)
    {
      int edges = 0;

      for (int x = 1; x < w; x++)
        edges += (pixels[y * stride + x] >= 128) != (pixels[y * stride + x - 1] >= 128);
      if (edges > best_edges)
        {
          best_edges = edges;
          best_row = y;
        }
    }
  g_assert_cmpint (best_row, >=, 0);

  /* Runs of ink and paper from the first bar to the last. */
  {
    const guint8 *row = pixels + best_row * stride;
    int x = 0, last_ink = w - 1;

    while (x < w && row[x] < 128)
      x++;
    while (last_ink > x && row[last_ink] < 128)
      last_ink--;
    while (x <= last_ink)
      {
        gboolean ink = row[x] >= 128;
        int len = 0;

        for (; x <= last_ink && (row[x] >= 128) == ink; x++)
          len++;
        g_array_append_val (runs, len);
        total += len;
      }
  }
  g_assert_cmpuint (runs->len, ==, expected->len);
  module_px = total / dis_code128_width_modules ("ORD000042");
  g_assert_cmpfloat (module_px, >, 4);
  for (guint i = 0; i < runs->len; i++)
    g_assert_cmpint ((int) lround (g_array_index (runs, int, i) / module_px), ==,
                     g_array_index (expected, guint8, i));
  cairo_surface_destroy (surface);
}

static void
test_unwritable (void)
{
  g_autoptr(GError) error = NULL;
  DisSheet *sheet = dis_sheet_new_pdf ("/nonexistent-dir/sheet.pdf", &error);

  g_assert_null (sheet);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sheet/pdf", Fixture, NULL, fixture_setup, test_pdf, fixture_teardown);
  g_test_add_func ("/sheet/labels-skip", test_labels_skip);
  g_test_add_func ("/sheet/barcode-drawn", test_barcode_drawn);
  g_test_add_func ("/sheet/unwritable", test_unwritable);

  return g_test_run ();
}
