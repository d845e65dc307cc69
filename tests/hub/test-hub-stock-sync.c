/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dis-core.h"
#include "dis-store-private.h"
#include "dis-sync.h"
#include "dis-sync-private.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "hub-test-fixture.h"
#include "../store/store-test-util.h"

/* Completeness and availability from a real hub after two real points
 * (their stores with the demo catalog, their sync clients) received
 * goods, sold some and synced. */

typedef struct
{
  char          *path;
  DisStore      *store;
  DisOperator   *op;
  DisSyncClient *client;
} Point;

static void
point_clear (Point *p)
{
  if (p->client != NULL)
    {
      dis_sync_client_stop (p->client);
      g_assert_finalize_object (p->client);
    }
  g_clear_object (&p->op);
  g_clear_object (&p->store);
  g_free (p->path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Point, point_clear)

static gint64
product_id (Point      *p,
            const char *code)
{
  sqlite3 *db = test_db_open (p->path);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM products WHERE code = '%s'", code);
  gint64 id = test_db_int (db, sql);

  sqlite3_close (db);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Goods received at the point as its ledger writes them: the movements
 * and their stock.moved event, in one transaction. */
static void
receive (Point        *p,
         const char  **codes,
         gint64        qty)
{
  DisDb *db = &p->store->writer;
  g_autoptr(DisIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = _dis_now_iso8601 ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 first;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      gint64 id = product_id (p, codes[i]);

      g_array_append_val (ids, id);
    }
  {
    DIS_DB_LOCK (db);

    identity = _dis_store_read_identity (db, &error);
    g_assert_no_error (error);
    g_assert_true (_dis_db_begin (db, &error));
    g_assert_true (_dis_store_stock_next_movement_id (db, &first, &error));
    for (guint i = 0; i < ids->len; i++)
      {
        DisStockMove move = { g_array_index (ids, gint64, i), "receive", qty, now, 0, "DDT 1", NULL, NULL, 250, NULL };

        g_assert_true (_dis_store_stock_move (db, &move, &error));
      }
    g_assert_true (_dis_store_stock_announce (db, identity, first, &error));
    g_assert_true (_dis_db_commit (db, &error));
    g_assert_no_error (error);
  }
  _dis_store_notify_outbox_changed (p->store);
}

static void
sell (Point      *p,
      const char *code,
      gint64      qty)
{
  gint64 id = product_id (p, code);
  g_autoptr(DisSale) sale = test_make_sale (p->store, DIS_TIER_EQUA, &id, &qty, 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_store_commit_sale (p->store, sale, p->op, &error));
  g_assert_no_error (error);
}

static void
point_open (Point      *p,
            Fixture    *f,
            const char *code,
            const char *token)
{
  g_autofree char *name = g_strdup_printf ("%s.db", code);
  g_autofree char *config = g_strdup_printf ("%s-config", code);
  g_autofree char *config_dir = g_build_filename (f->dir, config, NULL);
  g_autoptr(DisSyncEnrolment) enrolment = NULL;
  g_autoptr(GError) error = NULL;

  p->path = g_build_filename (f->dir, name, NULL);
  p->store = dis_test_point_new (p->path, code);
  p->op = dis_test_point_open_till (p->store, 0);
  p->client = dis_sync_client_new (p->store, config_dir);
  dis_sync_client_set_timing_for_testing (p->client, 20, 400, 60000, 1, 42);
  enrolment = dis_test_enrol (p->client, f->hub->url, token, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
both_synced (gpointer data)
{
  Point *points = data;

  return dis_test_point_synced (points[0].client, points[0].store) &&
         dis_test_point_synced (points[1].client, points[1].store);
}

static JsonObject *
point_entry (JsonNode   *root,
             const char *code)
{
  JsonArray *points = json_object_get_array_member (json_node_get_object (root), "points");

  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonObject *entry = json_array_get_object_element (points, i);

      if (g_str_equal (json_object_get_string_member (entry, "point"), code))
        return entry;
    }
  return NULL;
}

static void
test_two_points (Fixture *f, gconstpointer data)
{
  g_autofree char *ssa_token = dis_test_hub_add_device (f->hub, "TO-SSA", "C1", FALSE);
  g_auto(Point) cen = { NULL, };
  g_auto(Point) ssa = { NULL, };
  g_autoptr(JsonNode) completeness = NULL;
  g_autoptr(JsonNode) availability = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *basket_sql = NULL;
  JsonObject *entry;
  JsonArray *missing, *points;
  gint64 basket;
  guint status = 0;
  Point both[2];

  point_open (&cen, f, "TO-CEN", f->token);
  point_open (&ssa, f, "TO-SSA", ssa_token);

  /* TO-CEN receives the whole basket but its last two products, 5 each;
   * TO-SSA three products, 2 each. */
  basket = db_int (f, "SELECT count (*) FROM products");
  g_assert_cmpint (basket, >, 10);
  {
    sqlite3 *db = test_db_open (cen.path);
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT code FROM products WHERE kind = 'basket' ORDER BY code",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  g_assert_cmpint (codes->len, ==, basket);
  g_ptr_array_set_size (codes, codes->len - 2);
  g_ptr_array_add (codes, NULL);
  receive (&cen, (const char **) codes->pdata, 5000);
  receive (&ssa, (const char *[]) { "P-0001", "P-0002", "P-0003", NULL }, 2000);

  /* Sales move the hub's copy too: TO-CEN sells out P-0002, TO-SSA sells
   * one P-0001. */
  sell (&cen, "P-0002", 5000);
  sell (&ssa, "P-0001", 1000);
  dis_sync_client_sync_now (cen.client);
  dis_sync_client_sync_now (ssa.client);
  both[0] = cen;
  both[1] = ssa;
  g_assert_true (dis_test_wait_for (both_synced, both, 30000));

  completeness = http (f, "GET", "/api/v1/basket/completeness", ssa_token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (completeness), "basket"), ==, basket);
  entry = point_entry (completeness, "TO-CEN");
  g_assert_nonnull (entry);
  g_assert_cmpint (json_object_get_int_member (entry, "in_stock"), ==, basket - 3);
  g_assert_cmpint (json_object_get_int_member (entry, "percent"), ==, (basket - 3) * 100 / basket);
  missing = json_object_get_array_member (entry, "missing");
  g_assert_cmpuint (json_array_get_length (missing), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (missing, 0), ==, "P-0002");
  g_assert_false (json_object_get_null_member (entry, "snapshot_at"));
  g_assert_cmpint (json_object_get_int_member (entry, "age_seconds"), >=, 0);
  g_assert_cmpint (json_object_get_int_member (entry, "age_seconds"), <, 60);
  entry = point_entry (completeness, "TO-SSA");
  g_assert_cmpint (json_object_get_int_member (entry, "in_stock"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (entry, "missing")), ==, basket - 3);
  /* A point whose stock never moved: all missing, no snapshot. */
  entry = point_entry (completeness, "TO-VAN");
  g_assert_nonnull (entry);
  g_assert_cmpint (json_object_get_int_member (entry, "in_stock"), ==, 0);
  g_assert_true (json_object_get_null_member (entry, "snapshot_at"));
  g_assert_true (json_object_get_null_member (entry, "age_seconds"));

  availability = http (f, "GET", "/api/v1/availability?product=P-0001", f->token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  points = json_object_get_array_member (json_node_get_object (availability), "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 2);
  entry = json_array_get_object_element (points, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "point"), ==, "TO-CEN");
  g_assert_cmpint (json_object_get_int_member (entry, "qty"), ==, 5000);
  entry = json_array_get_object_element (points, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "point"), ==, "TO-SSA");
  g_assert_cmpint (json_object_get_int_member (entry, "qty"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (entry, "age_seconds"), <, 60);

  g_clear_pointer (&availability, json_node_unref);
  availability = http (f, "GET", "/api/v1/availability?product=P-0002", f->token, NULL, 0, &status);
  points = json_object_get_array_member (json_node_get_object (availability), "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (points, 0), "point"), ==, "TO-SSA");

  /* The hub's copy is the points' own levels, and the feed carries one
   * snapshot of each. */
  g_assert_cmpint (db_int (f, "SELECT qty FROM point_stock WHERE point_code = 'TO-SSA' AND product_code = 'P-0001'"),
                   ==, 1000);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'stock_snapshot'"), ==, 2);
  basket_sql = g_strdup_printf ("SELECT count (*) FROM point_stock WHERE point_code = 'TO-CEN' AND qty > 0");
  g_assert_cmpint (db_int (f, basket_sql), ==, basket - 3);
}

void hub_add_stock_sync_tests (void);

void
hub_add_stock_sync_tests (void)
{
  g_test_add ("/hub/stock/two-points", Fixture, NULL, fixture_set_up, test_two_points, fixture_tear_down);
}
