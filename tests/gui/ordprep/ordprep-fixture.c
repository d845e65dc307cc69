/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "dis-store-sync.h"
#include "dis-test-gui.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "ordprep-fixture.h"

#define CYCLE 1

/* ISO 8601 UTC of now + @seconds. */
static char *
at (gint64 seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (gdouble) seconds);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static void
apply (Fixture    *f,
       const char *page)
{
  static gint64 next = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = dis_codec_parse (page, -1, &error);

  g_assert_no_error (error);
  g_assert_true (dis_store_sync_apply_changes (f->store, json_node_get_array (root), ++next, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_store_sync_count_unapplied (f->store, NULL), ==, 0);
}

static void
open_cycle (Fixture *f)
{
  g_autofree char *opens = at (-3600), *closes = at (86400);
  g_autofree char *ws = at (86400), *we = at (97200);
  g_autofree char *ss = at (90000), *se = at (100800), *sc = at (3600);
  g_autofree char *page = g_strdup_printf (
    "[{\"seq\":1,\"kind\":\"order_cycle\",\"op\":\"upsert\",\"data\":{\"id\":%d,\"name\":\"Dicembre\","
    "\"opens\":\"%s\",\"closes\":\"%s\",\"state\":\"open\"}},"
    "{\"seq\":2,\"kind\":\"cycle_product\",\"op\":\"upsert\",\"data\":{\"cycle\":%d,\"product\":\"%s\","
    "\"available\":null,\"remaining\":null}},"
    "{\"seq\":3,\"kind\":\"cycle_product\",\"op\":\"upsert\",\"data\":{\"cycle\":%d,\"product\":\"%s\","
    "\"available\":null,\"remaining\":null}},"
    "{\"seq\":4,\"kind\":\"point_schedule\",\"op\":\"upsert\",\"data\":{\"point\":\"TO-CEN\","
    "\"windows\":[{\"code\":\"W1\",\"starts\":\"%s\",\"ends\":\"%s\"}],"
    "\"slots\":[{\"code\":\"S1\",\"starts\":\"%s\",\"ends\":\"%s\",\"cutoff\":\"%s\",\"capacity\":10,\"booked\":0,"
    "\"comuni\":[\"Torino\"],\"radius_m\":null}]}}]",
    CYCLE, opens, closes, CYCLE, f->piece_code, CYCLE, f->weighed_code, ws, we, ss, se, sc);

  apply (f, page);
}

/* The hub's "accepted" for @order's first revision, every line allotted
 * in full. */
static DisOrder *
accept (Fixture  *f,
        DisOrder *order)
{
  static gint64 seq = 100;
  g_autoptr(GString) lines = g_string_new ("[");
  g_autofree char *page = NULL;
  GListModel *model = dis_order_get_lines (order);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DisOrderLine) line = g_list_model_get_item (model, i);

      g_string_append_printf (lines, "%s{\"line_no\":%u,\"product\":\"%s\",\"ordered\":%" G_GINT64_FORMAT
                              ",\"allotted\":%" G_GINT64_FORMAT "}",
                              i > 0 ? "," : "", dis_order_line_get_line_no (line),
                              dis_order_line_get_product_code (line), dis_order_line_get_ordered (line),
                              dis_order_line_get_ordered (line));
    }
  g_string_append_c (lines, ']');

  page = g_strdup_printf ("[{\"seq\":%" G_GINT64_FORMAT ",\"kind\":\"order\",\"op\":\"upsert\",\"data\":{"
                          "\"id\":\"%s\",\"point\":\"TO-CEN\",\"revision\":1,\"state\":\"accepted\","
                          "\"accepted_revision\":1,\"reason\":null,\"lines\":%s}}]",
                          ++seq, dis_order_get_id (order), lines->str);
  apply (f, page);

  return fixture_reread (f, order);
}

static DisOrder *
save_accepted (Fixture       *f,
               DisOrderDraft *draft)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisOrder) order = dis_store_orders_save (f->store, f->anna, draft, &error);

  g_assert_no_error (error);
  g_assert_cmpint (dis_order_get_state (order), ==, DIS_ORDER_WAITING);

  return accept (f, order);
}

/* Ready, the weighed product weighed at @grams. */
static DisOrder *
make_ready (Fixture  *f,
            DisOrder *order,
            gint64    grams)
{
  g_autoptr(GArray) weighed = g_array_new (FALSE, FALSE, sizeof (DisOrderWeight));
  g_autoptr(GError) error = NULL;
  GListModel *lines = dis_order_get_lines (order);
  DisOrder *ready;

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(DisOrderLine) line = g_list_model_get_item (lines, i);
      DisOrderWeight weight = { dis_order_line_get_line_no (line), grams };

      if (dis_unit_is_measured (dis_order_line_get_unit (line)))
        g_array_append_val (weighed, weight);
    }

  ready = dis_store_orders_set_state (f->store, f->anna, dis_order_get_id (order), DIS_ORDER_READY,
                                      weighed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_order_get_state (ready), ==, DIS_ORDER_READY);
  g_object_unref (order);

  return ready;
}

static DisOrderDraft *
draft_new (Fixture *f,
           gint64   pieces,
           gint64   grams)
{
  DisOrderDraft *draft = dis_order_draft_new (NULL, CYCLE, DIS_TEST_ELIGIBLE_CARD, DIS_TIER_EQUA);

  dis_order_draft_set_line (draft, f->piece_code, pieces);
  if (grams > 0)
    dis_order_draft_set_line (draft, f->weighed_code, grams);

  return draft;
}

static DisOrder *
pickup (Fixture *f,
        gint64   pieces,
        gint64   grams)
{
  g_autoptr(DisOrderDraft) draft = draft_new (f, pieces, grams);

  dis_order_draft_set_pickup (draft, "W1");
  return save_accepted (f, draft);
}

static DisOrder *
delivery (Fixture    *f,
          const char *address,
          gboolean    located,
          gint64      lat_e6,
          gint64      lon_e6)
{
  g_autoptr(DisOrderDraft) draft = draft_new (f, 1000, 0);

  dis_order_draft_set_delivery (draft, "S1", address, "Torino", located, lat_e6, lon_e6);
  return save_accepted (f, draft);
}

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  sqlite3 *db;

  f->dir = dis_test_tmpdir_new ("dis-ordprep");
  f->path = g_build_filename (f->dir, "punto.db", NULL);
  f->store = dis_test_point_new (f->path, "TO-CEN");
  f->anna = dis_test_point_open_till (f->store, 5000);
  dis_test_add_eligible_member (f->path);

  db = dis_test_db_open_ro (f->path);
  f->piece_code = dis_test_db_text (db, "SELECT code FROM products WHERE unit = 'piece' ORDER BY code LIMIT 1", NULL);
  f->weighed_code = dis_test_db_text (db, "SELECT code FROM products WHERE unit = 'kg' ORDER BY code LIMIT 1", NULL);
  sqlite3_close (db);
  g_assert_nonnull (f->piece_code);
  g_assert_nonnull (f->weighed_code);

  open_cycle (f);
  f->pickup[0] = make_ready (f, pickup (f, 2000, 1500), 1430);
  f->pickup[1] = pickup (f, 1000, 500);
  f->delivery[0] = make_ready (f, delivery (f, "Via Nizza 150", TRUE, 45040000, 7665000), 0);
  f->delivery[1] = make_ready (f, delivery (f, "Corso Francia 200", TRUE, 45077000, 7620000), 0);
  f->delivery[2] = delivery (f, "Strada del Nobile 12", FALSE, 0, 0);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1024, 700);
  gtk_window_present (f->window);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dis_test_destroy_toplevels ();
  dis_test_iterate (50);

  for (guint i = 0; i < G_N_ELEMENTS (f->pickup); i++)
    g_clear_object (&f->pickup[i]);
  for (guint i = 0; i < G_N_ELEMENTS (f->delivery); i++)
    g_clear_object (&f->delivery[i]);
  g_clear_object (&f->anna);
  g_clear_object (&f->store);
  dis_test_rm_rf (f->dir);
  g_free (f->piece_code);
  g_free (f->weighed_code);
  g_free (f->path);
  g_free (f->dir);
}

DisOrder *
fixture_reread (Fixture  *f,
                DisOrder *order)
{
  g_autoptr(GError) error = NULL;
  DisOrder *again = dis_store_orders_get (f->store, dis_order_get_id (order), &error);

  g_assert_no_error (error);
  return again;
}

guint
pdf_count_pages (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  guint pages = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));

  /* Binary streams hold NUL bytes: compare byte by byte. */
  for (gsize i = 0; i + 12 <= length; i++)
    if (memcmp (contents + i, "/Type /Page", 11) == 0 && contents[i + 11] != 's')
      pages++;

  return pages;
}

void
pdf_assert_text (const char *path,
                 const char *text)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "-layout", path, "-", NULL };
  int status;

  if (g_getenv ("DIS_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *copy = g_build_filename (g_getenv ("DIS_SCREENSHOT_DIR"), base, NULL);
      g_autoptr(GFile) from = g_file_new_for_path (path);
      g_autoptr(GFile) to = g_file_new_for_path (copy);

      g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
    }

  if (pdftotext == NULL)
    {
      g_test_message ("pdftotext not found: the PDF's text is not checked");
      return;
    }

  argv[0] = pdftotext;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  if (strstr (out, text) == NULL)
    g_error ("“%s” not in the PDF's text:\n%s", text, out);
}

void
keep_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("DIS_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL || dir[0] == '\0')
    return;

  /* Drawn once at its size first. */
  DIS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0, 5);
  dis_test_sleep_ms (400);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Kept %s", path);
}
