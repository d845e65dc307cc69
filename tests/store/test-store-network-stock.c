/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include "dis-error.h"
#include "dis-geo.h"
#include "dis-store-network-stock.h"
#include "dis-store-points.h"
#include "dis-store-sync-private.h"
#include "dis-store-sync.h"
#include "store-test-util.h"

/* The point's copy of the other points' stock (issue 11): snapshots
 * replace each other by time, completeness counts the basket products of
 * the catalog with a level above zero, and "where can I find…" lists the
 * points that have a product, nearest first. */

typedef struct
{
  char     *dir;
  DisStore *store;
  gint64    ids[TEST_N_PRODUCTS];
} Fixture;

static void
add_point (DisStore   *store,
           const char *code,
           const char *name,
           double      lat,
           double      lon)
{
  g_autoptr(GError) error = NULL;
  DisPointRecord record = {
    .code = (char *) code, .name = (char *) name, .kind = (char *) "shop",
    .lat_e6 = (gint64) (lat * 1e6), .lon_e6 = (gint64) (lon * 1e6),
  };

  g_assert_true (dis_store_upsert_point (store, &record, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = test_tmpdir_new ();
  f->store = test_store_new (f->dir);
  test_store_add_catalog (f->store, f->ids);
  /* Our own point in Turin; one 2 km away, one 20 km away, one with no
   * location. */
  add_point (f->store, "TO-TEST", "Bottega di prova", 45.0703, 7.6869);
  add_point (f->store, "TO-NEAR", "Vicina", 45.0883, 7.6869);
  add_point (f->store, "TO-FAR", "Lontana", 45.2503, 7.6869);
  add_point (f->store, "TO-NOWHERE", "Senza indirizzo", 0, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* A worker drops its task, and the store in it, just after the reply. */
  while (g_atomic_int_get (&G_OBJECT (f->store)->ref_count) > 1 && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  test_tmpdir_remove (f->dir);
  g_free (f->dir);
}

static void
snapshot (Fixture               *f,
          const char            *point,
          const char            *at,
          const DisCodecStockLine *levels,
          gsize                  n)
{
  g_autoptr(GError) error = NULL;
  DisDb *db = &f->store->writer;
  DIS_DB_LOCK (db);

  /* As the changes feed does: inside a write transaction. */
  g_assert_true (_dis_db_begin (db, &error));
  g_assert_true (_dis_store_write_network_snapshot (db, point, at, levels, n, &error));
  g_assert_no_error (error);
  g_assert_true (_dis_db_commit (db, &error));
}

/* Our own levels, written as the ledger keeps them. */
static void
set_own_level (Fixture *f,
               guint    product,
               gint64   qty)
{
  g_autofree char *path = g_build_filename (f->dir, "punto.db", NULL);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO stock_levels (product_id, qty, updated_at)"
                                          " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '2026-12-05T10:00:00Z')"
                                          " ON CONFLICT (product_id) DO UPDATE SET qty = excluded.qty",
                                          f->ids[product], qty);
  sqlite3 *db = test_db_open (path);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static gboolean
has_completeness (GPtrArray  *list,
                  const char *code)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((DisBasketCompleteness *) g_ptr_array_index (list, i))->point_code, code))
      return TRUE;
  return FALSE;
}

static const DisBasketCompleteness *
find_completeness (GPtrArray  *list,
                   const char *code)
{
  for (guint i = 0; i < list->len; i++)
    {
      const DisBasketCompleteness *c = g_ptr_array_index (list, i);

      if (g_str_equal (c->point_code, code))
        return c;
    }
  g_error ("No completeness for %s", code);
}

static void
test_completeness (Fixture       *f,
                   gconstpointer  data)
{
  static const DisCodecStockLine near[] = {
    { "B-CAFFE", 12000 }, { "B-MELE", 3500 }, { "O-ALTRO", 1000 },   /* another point's own product */
  };
  static const DisCodecStockLine far[] = {
    { "B-CAFFE", 1000 }, { "B-PASSATA", 2000 }, { "B-MELE", 1 }, { "B-OLIO", 500 },
  };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const DisBasketCompleteness *c;

  snapshot (f, "TO-NEAR", "2026-12-05T09:00:00Z", near, G_N_ELEMENTS (near));
  snapshot (f, "TO-FAR", "2026-12-04T18:30:00+01:00", far, G_N_ELEMENTS (far));
  set_own_level (f, TEST_OLIO, 2000);
  set_own_level (f, TEST_PASSATA, -1000);   /* negative: not on the shelf */
  set_own_level (f, TEST_PANE, 5000);       /* own product: not the basket */

  list = dis_store_basket_completeness (f->store, &error);
  g_assert_no_error (error);
  /* Two snapshots and our own point; none for the point without one. */
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_false (has_completeness (list, "TO-NOWHERE"));

  c = find_completeness (list, "TO-NEAR");
  g_assert_nonnull (c);
  g_assert_false (c->own);
  g_assert_cmpuint (c->n_basket, ==, 4);
  g_assert_cmpuint (c->n_stocked, ==, 2);
  g_assert_cmpuint (c->missing->len, ==, 2);
  /* By name. */
  g_assert_cmpstr (g_ptr_array_index (c->missing, 0), ==, "Olio extravergine");
  g_assert_cmpstr (g_ptr_array_index (c->missing, 1), ==, "Passata di pomodoro");
  g_assert_nonnull (c->taken_at);
  {
    g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 ("2026-12-05T09:00:00Z", NULL);

    g_assert_true (g_date_time_equal (c->taken_at, expected));
  }

  c = find_completeness (list, "TO-FAR");
  g_assert_cmpuint (c->n_stocked, ==, 4);
  g_assert_cmpuint (c->missing->len, ==, 0);

  c = find_completeness (list, "TO-TEST");
  g_assert_true (c->own);
  g_assert_null (c->taken_at);
  g_assert_cmpuint (c->n_basket, ==, 4);
  g_assert_cmpuint (c->n_stocked, ==, 1);
  g_assert_cmpuint (c->missing->len, ==, 3);
}

static void
test_snapshot_replaces (Fixture       *f,
                        gconstpointer  data)
{
  static const DisCodecStockLine first[] = { { "B-CAFFE", 12000 }, { "B-MELE", 3500 } };
  static const DisCodecStockLine second[] = { { "B-OLIO", 1000 } };
  static const DisCodecStockLine older[] = { { "B-CAFFE", 1000 }, { "B-PASSATA", 1000 } };
  static const DisCodecStockLine own[] = { { "B-CAFFE", 99000 } };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const DisBasketCompleteness *c;

  snapshot (f, "TO-NEAR", "2026-12-05T09:00:00Z", first, G_N_ELEMENTS (first));
  /* The newer picture replaces the whole of the older one… */
  snapshot (f, "TO-NEAR", "2026-12-05T10:00:00Z", second, G_N_ELEMENTS (second));
  /* …and an older one arriving late changes nothing. */
  snapshot (f, "TO-NEAR", "2026-12-05T09:30:00Z", older, G_N_ELEMENTS (older));
  /* The hub's picture of our own point is not ours. */
  snapshot (f, "TO-TEST", "2026-12-05T10:00:00Z", own, G_N_ELEMENTS (own));

  list = dis_store_basket_completeness (f->store, &error);
  g_assert_no_error (error);
  c = find_completeness (list, "TO-NEAR");
  g_assert_cmpuint (c->n_stocked, ==, 1);
  g_assert_cmpuint (c->missing->len, ==, 3);
  c = find_completeness (list, "TO-TEST");
  g_assert_true (c->own);
  g_assert_cmpuint (c->n_stocked, ==, 0);

  found = dis_store_find_in_network (f->store, f->ids[TEST_CAFFE], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);

  /* An empty snapshot: the point has nothing above zero. */
  snapshot (f, "TO-NEAR", "2026-12-05T11:00:00Z", NULL, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = dis_store_basket_completeness (f->store, &error);
  g_assert_no_error (error);
  c = find_completeness (list, "TO-NEAR");
  g_assert_nonnull (c);
  g_assert_cmpuint (c->n_stocked, ==, 0);
  g_assert_cmpuint (c->n_basket, ==, 4);
}

static void
test_find_nearest_first (Fixture       *f,
                         gconstpointer  data)
{
  static const DisCodecStockLine mele[] = { { "B-MELE", 3500 } };
  static const DisCodecStockLine mele_far[] = { { "B-MELE", 250 }, { "B-CAFFE", 1000 } };
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  DisStockAvailability *a;

  /* Given in the "wrong" order: the answer is by distance. */
  snapshot (f, "TO-NOWHERE", "2026-12-05T08:00:00Z", mele, G_N_ELEMENTS (mele));
  snapshot (f, "TO-FAR", "2026-12-05T08:00:00Z", mele_far, G_N_ELEMENTS (mele_far));
  snapshot (f, "TO-NEAR", "2026-12-05T09:00:00Z", mele, G_N_ELEMENTS (mele));
  /* A point we do not know yet (its "point" change will come). */
  snapshot (f, "TO-NEW", "2026-12-05T09:00:00Z", mele, G_N_ELEMENTS (mele));
  set_own_level (f, TEST_MELE, 1500);

  found = dis_store_find_in_network (f->store, f->ids[TEST_MELE], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 5);

  a = g_ptr_array_index (found, 0);
  g_assert_cmpstr (a->point_code, ==, "TO-TEST");
  g_assert_true (a->own);
  g_assert_cmpint (a->qty, ==, 1500);
  g_assert_null (a->taken_at);
  g_assert_cmpfloat (a->metres, ==, 0);

  a = g_ptr_array_index (found, 1);
  g_assert_cmpstr (a->point_code, ==, "TO-NEAR");
  g_assert_cmpstr (a->point_name, ==, "Vicina");
  g_assert_cmpint (a->qty, ==, 3500);
  g_assert_cmpfloat (a->metres, >, 1950);
  g_assert_cmpfloat (a->metres, <, 2050);
  g_assert_nonnull (a->taken_at);

  a = g_ptr_array_index (found, 2);
  g_assert_cmpstr (a->point_code, ==, "TO-FAR");
  g_assert_cmpint (a->qty, ==, 250);
  g_assert_cmpfloat (a->metres, >, 19900);

  /* Without a distance: last, by name ("Senza indirizzo" after the code
   * "TO-NEW", which stands for its unknown name). */
  a = g_ptr_array_index (found, 3);
  g_assert_cmpfloat (a->metres, <, 0);
  g_assert_cmpstr (a->point_code, ==, "TO-NOWHERE");
  a = g_ptr_array_index (found, 4);
  g_assert_cmpstr (a->point_code, ==, "TO-NEW");
  g_assert_cmpstr (a->point_name, ==, "TO-NEW");

  /* Nobody has it. */
  g_clear_pointer (&found, g_ptr_array_unref);
  found = dis_store_find_in_network (f->store, f->ids[TEST_OLIO], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
points_changed_cb (DisStore *store,
                   guint    *n_heard)
{
  (*n_heard)++;
}

/* Through the changes feed, as the hub sends them: applied in the page's
 * transaction, a newer one of a point replaces the older, ours ignored,
 * and the map hears of it. */
static void
test_feed (Fixture       *f,
           gconstpointer  data)
{
  static const char *page =
    "[{\"seq\":1,\"kind\":\"stock_snapshot\",\"op\":\"upsert\",\"data\":{\"point\":\"TO-NEAR\","
    "\"at\":\"2026-12-05T10:16:02+01:00\",\"levels\":[[\"B-CAFFE\",16000],[\"B-OLIO\",1250],[\"O-ALTRO\",3000]]}},"
    "{\"seq\":2,\"kind\":\"stock_snapshot\",\"op\":\"upsert\",\"data\":{\"point\":\"TO-FAR\","
    "\"at\":\"2026-12-05T09:00:00Z\",\"levels\":[[\"B-CAFFE\",2000]]}},"
    "{\"seq\":3,\"kind\":\"stock_snapshot\",\"op\":\"upsert\",\"data\":{\"point\":\"TO-TEST\","
    "\"at\":\"2026-12-05T09:00:00Z\",\"levels\":[[\"B-CAFFE\",99000]]}},"
    "{\"seq\":4,\"kind\":\"stock_snapshot\",\"op\":\"upsert\",\"data\":{\"point\":\"TO-NEAR\","
    "\"at\":\"2026-12-05T11:00:00+01:00\",\"levels\":[[\"B-CAFFE\",15000],[\"B-MELE\",500],[\"B-PASSATA\",7000]]}}]";
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const DisBasketCompleteness *c;
  DisStockAvailability *a;
  guint n_heard = 0;

  g_signal_connect (f->store, "points-changed", G_CALLBACK (points_changed_cb), &n_heard);
  root = dis_codec_parse (page, -1, &error);
  g_assert_no_error (error);
  g_assert_true (dis_store_sync_apply_changes (f->store, json_node_get_array (root), 4, &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (n_heard, ==, 1);
  g_assert_cmpint (dis_store_sync_count_unapplied (f->store, &error), ==, 0);

  list = dis_store_basket_completeness (f->store, &error);
  g_assert_no_error (error);
  c = find_completeness (list, "TO-NEAR");
  g_assert_cmpuint (c->n_stocked, ==, 3);
  g_assert_cmpuint (c->missing->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (c->missing, 0), ==, "Olio extravergine");
  c = find_completeness (list, "TO-TEST");
  g_assert_true (c->own);
  g_assert_cmpuint (c->n_stocked, ==, 0);

  found = dis_store_find_in_network (f->store, f->ids[TEST_CAFFE], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  a = g_ptr_array_index (found, 0);
  g_assert_cmpstr (a->point_code, ==, "TO-NEAR");
  g_assert_cmpint (a->qty, ==, 15000);
  a = g_ptr_array_index (found, 1);
  g_assert_cmpstr (a->point_code, ==, "TO-FAR");
  g_signal_handlers_disconnect_by_func (f->store, points_changed_cb, &n_heard);
}

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  static const DisCodecStockLine near[] = { { "B-CAFFE", 12000 } };
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  snapshot (f, "TO-NEAR", "2026-12-05T09:00:00Z", near, G_N_ELEMENTS (near));
  dis_store_basket_completeness_async (f->store, NULL, async_cb, &r1);
  dis_store_find_in_network_async (f->store, f->ids[TEST_CAFFE], NULL, async_cb, &r2);
  while (r1 == NULL || r2 == NULL)
    g_main_context_iteration (NULL, TRUE);

  list = dis_store_basket_completeness_finish (f->store, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  found = dis_store_find_in_network_finish (f->store, r2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((DisStockAvailability *) g_ptr_array_index (found, 0))->point_code, ==, "TO-NEAR");
}

int
main (int   argc,
      char *argv[])
{
  dis_core_init ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/network-stock/completeness", test_completeness);
  ADD ("/store/network-stock/snapshot-replaces", test_snapshot_replaces);
  ADD ("/store/network-stock/find-nearest-first", test_find_nearest_first);
  ADD ("/store/network-stock/async", test_async);
  ADD ("/store/network-stock/feed", test_feed);
#undef ADD

  return g_test_run ();
}
