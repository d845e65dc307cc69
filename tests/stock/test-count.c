/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-count"

#include "config.h"

#include "dis-error.h"
#include "dis-store-count.h"
#include "store-test-fixture.h"

/* Stock counts (issue 11 "Counting") on a real store file: sessions over
 * every product or a category, blind, progress and what is left; each
 * line keeps the level of the moment it was counted, so sales between
 * counting and validating are no difference; validating writes the
 * differences as adjustments valued at purchase cost. */

/* The store tests' fixture, with a manager and a day open; the ledger
 * must hold whatever a test did. */
static void
count_setup (Fixture       *f,
             gconstpointer  data)
{
  fixture_setup (f, data);
  open_day (f, 0);
}

static void
count_teardown (Fixture       *f,
                gconstpointer  data)
{
  sqlite3 *db = test_db_open (f->path);

  test_db_check_ledger (db);
  sqlite3_close (db);
  fixture_teardown (f, data);
}

static DisCount *
start (Fixture    *f,
       const char *category,
       gboolean    blind)
{
  g_autoptr(GError) error = NULL;
  DisCount *count = dis_store_count_start (f->store, f->manager, category, blind, &error);

  g_assert_no_error (error);
  g_assert_nonnull (count);
  return count;
}

static DisCountLine *
record (Fixture  *f,
        DisCount *count,
        gint64    product_id,
        gint64    counted)
{
  g_autoptr(GError) error = NULL;
  DisCountLine *line = dis_store_count_record (f->store, f->manager, dis_count_get_id (count),
                                               product_id, counted, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

static gint64
level (Fixture *f,
       gint64   product_id)
{
  g_autoptr(GError) error = NULL;
  gint64 qty = dis_store_get_stock (f->store, product_id, &error);

  g_assert_no_error (error);
  return qty;
}

static void
sell (Fixture *f,
      gint64   product_id,
      gint64   qty)
{
  g_autoptr(DisSale) sale = commit (f, f->manager, DIS_TIER_EQUA, product_id, qty, 0, 0);
}

static DisCountResult *
validate (Fixture  *f,
          DisCount *count)
{
  g_autoptr(GError) error = NULL;
  DisCountResult *result = dis_store_count_validate (f->store, f->manager, dis_count_get_id (count), &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* The level of @product_id set to @qty by a count of its own. */
static void
set_level (Fixture *f,
           gint64   product_id,
           gint64   qty)
{
  g_autoptr(DisCount) count = start (f, NULL, FALSE);
  g_autoptr(DisCountLine) line = record (f, count, product_id, qty);
  g_autoptr(DisCountResult) result = validate (f, count);

  g_assert_cmpint (level (f, product_id), ==, qty);
}

static void
test_sessions (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisCount) none = NULL;
  g_autoptr(DisCount) count = NULL;
  g_autoptr(DisCount) again = NULL;
  g_autoptr(DisCount) open = NULL;
  g_autoptr(DisCountLine) line = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GPtrArray) done = NULL;

  none = dis_store_count_get_open (f->store, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  count = start (f, NULL, TRUE);
  g_assert_cmpint (dis_count_get_state (count), ==, DIS_COUNT_OPEN);
  g_assert_true (dis_count_get_blind (count));
  g_assert_null (dis_count_get_category (count));
  g_assert_cmpstr (dis_count_get_started_by (count), ==, "Anna");
  g_assert_cmpuint (dis_count_get_n_total (count), ==, TEST_N_PRODUCTS);
  g_assert_cmpuint (dis_count_get_n_counted (count), ==, 0);

  /* One at a time. */
  again = dis_store_count_start (f->store, f->manager, "Frutta", FALSE, &error);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_null (again);
  g_clear_error (&error);

  line = record (f, count, f->ids[TEST_MELE], 3050);
  g_assert_true (dis_count_line_get_is_counted (line));
  g_assert_cmpint (dis_count_line_get_counted (line), ==, 3050);
  g_assert_cmpstr (dis_count_line_get_code (line), ==, "B-MELE");
  g_assert_nonnull (dis_count_line_get_counted_at (line));
  /* Blind: the expected quantity is not handed out. */
  g_assert_false (dis_count_line_get_has_expected (line));
  g_clear_object (&line);
  line = record (f, count, f->ids[TEST_CAFFE], 4000);
  g_clear_object (&line);
  /* Counting again replaces the line. */
  line = record (f, count, f->ids[TEST_CAFFE], 5000);
  g_assert_cmpint (dis_count_line_get_counted (line), ==, 5000);

  open = dis_store_count_get_open (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_count_get_id (open), ==, dis_count_get_id (count));
  g_assert_cmpuint (dis_count_get_n_counted (open), ==, 2);
  g_assert_cmpuint (dis_count_get_n_total (open), ==, TEST_N_PRODUCTS);

  left = dis_store_count_list_lines (f->store, dis_count_get_id (count), DIS_COUNT_LINES_NOT_COUNTED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, TEST_N_PRODUCTS - 2);
  for (guint i = 0; i < left->len; i++)
    {
      DisCountLine *l = g_ptr_array_index (left, i);

      g_assert_false (dis_count_line_get_is_counted (l));
      g_assert_false (dis_count_line_get_has_expected (l));
      g_assert_cmpint (dis_count_line_get_product_id (l), !=, f->ids[TEST_MELE]);
      g_assert_cmpint (dis_count_line_get_product_id (l), !=, f->ids[TEST_CAFFE]);
    }
  done = dis_store_count_list_lines (f->store, dis_count_get_id (count), DIS_COUNT_LINES_COUNTED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (done->len, ==, 2);
  /* By name: Caffè before Mele. */
  g_assert_cmpint (dis_count_line_get_product_id (g_ptr_array_index (done, 0)), ==, f->ids[TEST_CAFFE]);

  /* Abandoning writes nothing and closes it. */
  g_assert_true (dis_store_count_abandon (f->store, f->manager, dis_count_get_id (count), &error));
  g_assert_no_error (error);
  g_assert_cmpint (level (f, f->ids[TEST_MELE]), ==, 0);
  g_clear_object (&open);
  open = dis_store_count_get_open (f->store, &error);
  g_assert_no_error (error);
  g_assert_null (open);
  g_clear_object (&line);
  line = dis_store_count_record (f->store, f->manager, dis_count_get_id (count), f->ids[TEST_OLIO], 1000, &error);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_null (line);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisCount) none = NULL;
  g_autoptr(DisCount) count = NULL;
  g_autoptr(DisOperator) volunteer = NULL;
  struct { gint64 product; gint64 qty; gint code; } bad[] = {
    { TEST_CAFFE, 0, DIS_ERROR_INVALID },          /* outside the category */
    { TEST_MELE, -1000, DIS_ERROR_INVALID },
    { TEST_MELE, DIS_QUANTITY_MAX + 1, DIS_ERROR_INVALID },
    { -1, 1000, DIS_ERROR_NOT_FOUND },
  };

  none = dis_store_count_start (f->store, f->manager, "Nessuna", TRUE, &error);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_null (none);
  g_clear_error (&error);

  volunteer = dis_store_create_operator (f->store, f->manager, "Bruno", "5678", DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);
  none = dis_store_count_start (f->store, volunteer, NULL, TRUE, &error);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_assert_null (none);
  g_clear_error (&error);

  count = start (f, " Frutta ", TRUE);
  g_assert_cmpstr (dis_count_get_category (count), ==, "Frutta");
  g_assert_cmpuint (dis_count_get_n_total (count), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(DisCountLine) line = NULL;

      line = dis_store_count_record (f->store, f->manager, dis_count_get_id (count),
                                     bad[i].product >= 0 ? f->ids[bad[i].product] : 999999,
                                     bad[i].qty, &error);
      g_assert_error (error, DIS_ERROR, bad[i].code);
      g_assert_null (line);
      g_clear_error (&error);
    }
  {
    g_autoptr(DisCountLine) line = dis_store_count_record (f->store, volunteer, dis_count_get_id (count),
                                                           f->ids[TEST_MELE], 1000, &error);

    g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
    g_assert_null (line);
    g_clear_error (&error);
  }

  /* Pieces are whole. */
  dis_store_count_abandon (f->store, f->manager, dis_count_get_id (count), &error);
  g_assert_no_error (error);
  g_clear_object (&count);
  count = start (f, NULL, TRUE);
  {
    g_autoptr(DisCountLine) line = dis_store_count_record (f->store, f->manager, dis_count_get_id (count),
                                                           f->ids[TEST_CAFFE], 2500, &error);

    g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
    g_assert_null (line);
    g_clear_error (&error);
  }
  g_clear_object (&none);
  none = dis_store_count_get (f->store, dis_count_get_id (count), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dis_count_get_n_counted (none), ==, 0);
}

/* Sales committed between counting a line and validating are no
 * difference: the adjustment is counted − (level when counted). */
static void
test_sales_during_count (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DisCount) count = NULL;
  g_autoptr(DisCountResult) result = NULL;
  g_autoptr(DisCountLine) caffe = NULL;
  g_autoptr(DisCountLine) mele = NULL;
  g_autoptr(DisCountLine) olio = NULL;
  DisCountLine *only;
  char *sql;
  sqlite3 *db;

  set_level (f, f->ids[TEST_CAFFE], 10000);
  set_level (f, f->ids[TEST_MELE], 5000);
  set_level (f, f->ids[TEST_OLIO], 2000);

  count = start (f, NULL, TRUE);
  /* Exactly what the shelf holds... */
  caffe = record (f, count, f->ids[TEST_CAFFE], 10000);
  mele = record (f, count, f->ids[TEST_MELE], 5000);
  /* ...and one bottle short. */
  olio = record (f, count, f->ids[TEST_OLIO], 1000);

  /* The till goes on selling while the count goes on. */
  sell (f, f->ids[TEST_CAFFE], 3000);
  sell (f, f->ids[TEST_MELE], 1250);
  sell (f, f->ids[TEST_OLIO], 1000);
  sell (f, f->ids[TEST_CAFFE], 1000);

  result = validate (f, count);
  g_assert_cmpuint (dis_count_result_get_n_counted (result), ==, 3);
  g_assert_cmpuint (dis_count_result_get_n_adjusted (result), ==, 1);
  only = g_list_model_get_item (dis_count_result_get_lines (result), 0);
  g_assert_cmpint (dis_count_line_get_product_id (only), ==, f->ids[TEST_OLIO]);
  g_assert_true (dis_count_line_get_has_expected (only));
  g_assert_cmpint (dis_count_line_get_expected (only), ==, 2000);
  g_assert_cmpint (dis_count_line_get_difference (only), ==, -1000);
  g_object_unref (only);

  /* The sales moved the levels; the count moved only the oil. */
  g_assert_cmpint (level (f, f->ids[TEST_CAFFE]), ==, 6000);
  g_assert_cmpint (level (f, f->ids[TEST_MELE]), ==, 3750);
  g_assert_cmpint (level (f, f->ids[TEST_OLIO]), ==, 0);

  db = test_db_open (f->path);
  sql = g_strdup_printf ("SELECT count(*) FROM stock_movements WHERE kind = 'adjust' AND document = 'count:%"
                         G_GINT64_FORMAT "' AND qty = -1000 AND product_id = %" G_GINT64_FORMAT,
                         dis_count_get_id (count), f->ids[TEST_OLIO]);
  g_assert_cmpint (test_db_int (db, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM stock_movements WHERE document = 'count:%" G_GINT64_FORMAT "'",
                         dis_count_get_id (count));
  g_assert_cmpint (test_db_int (db, sql), ==, 1);
  g_free (sql);
  /* Announced to the hub with the count, in its transaction. */
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE type = 'stock.moved'"
                         " AND payload LIKE '%%\"count:%" G_GINT64_FORMAT "\"%%'", dis_count_get_id (count));
  g_assert_cmpint (test_db_int (db, sql), ==, 1);
  g_free (sql);
  sqlite3_close (db);
}

/* Differences in quantity and in cents at the last purchase cost. */
static void
test_value_at_cost (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DisCount) count = NULL;
  g_autoptr(DisCountResult) result = NULL;
  g_autoptr(DisCountLine) a = NULL;
  g_autoptr(DisCountLine) b = NULL;
  g_autoptr(DisCountLine) c = NULL;
  g_autoptr(DisCountLine) d = NULL;
  GListModel *lines;
  sqlite3 *db = test_db_open (f->path);

  /* Deliveries with their purchase costs, as receiving writes them (the
   * last cost counts): 2 + 1 coffees at 3,10 € then 3,20 €, 1 kg of
   * apples at 2,99 €/kg. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO stock_movements (product_id, kind, qty, at, unit_cost)"
                                 " SELECT id, 'receive', 2000, '2026-01-01T00:00:00Z', 310 FROM products WHERE code = 'B-CAFFE';"
                                 "INSERT INTO stock_movements (product_id, kind, qty, at, unit_cost)"
                                 " SELECT id, 'receive', 1000, '2026-01-02T00:00:00Z', 320 FROM products WHERE code = 'B-CAFFE';"
                                 "INSERT INTO stock_movements (product_id, kind, qty, at, unit_cost)"
                                 " SELECT id, 'receive', 1000, '2026-01-02T00:00:00Z', 299 FROM products WHERE code = 'B-MELE';"
                                 "INSERT INTO stock_levels (product_id, qty, updated_at)"
                                 " SELECT product_id, sum (qty), max (at) FROM stock_movements GROUP BY product_id;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  count = start (f, NULL, FALSE);
  a = record (f, count, f->ids[TEST_CAFFE], 6000);    /* 6 − 3 = +3 × 3,20 = +9,60 */
  b = record (f, count, f->ids[TEST_MELE], 2255);     /* +1,255 kg × 2,99 = 3,75245 → +3,75 */
  c = record (f, count, f->ids[TEST_PANE], 2000);     /* no cost known */
  d = record (f, count, f->ids[TEST_PASSATA], 0);     /* nothing there, nothing expected */
  g_assert_true (dis_count_line_get_has_expected (a));
  g_assert_cmpint (dis_count_line_get_expected (a), ==, 3000);

  result = validate (f, count);
  lines = dis_count_result_get_lines (result);
  g_assert_cmpuint (dis_count_result_get_n_counted (result), ==, 4);
  g_assert_cmpuint (dis_count_result_get_n_adjusted (result), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 3);
  g_assert_cmpint (dis_count_result_get_difference_cents (result), ==, 960 + 375);
  g_assert_cmpuint (dis_count_result_get_n_without_cost (result), ==, 1);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(DisCountLine) line = g_list_model_get_item (lines, i);
      gint64 id = dis_count_line_get_product_id (line);

      if (id == f->ids[TEST_CAFFE])
        {
          g_assert_cmpint (dis_count_line_get_unit_cost (line), ==, 320);
          g_assert_cmpint (dis_count_line_get_difference_cents (line), ==, 960);
        }
      else if (id == f->ids[TEST_MELE])
        g_assert_cmpint (dis_count_line_get_difference_cents (line), ==, 375);
      else
        {
          g_assert_cmpint (id, ==, f->ids[TEST_PANE]);
          g_assert_false (dis_count_line_get_has_cost (line));
        }
    }

  /* The shortage side rounds the same way. */
  g_assert_cmpint (dis_count_difference_cents (-1255, 299), ==, -375);
  g_assert_cmpint (dis_count_difference_cents (-1, 500), ==, -1);
  g_assert_cmpint (dis_count_difference_cents (1000, -1), ==, 0);

  /* Validated once only. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DisCountResult) twice = dis_store_count_validate (f->store, f->manager, dis_count_get_id (count), &error);

    g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
    g_assert_null (twice);
  }
}

/* A count that is not blind shows what the shelf should hold; a blind one
 * shows it only once validated. */
static void
test_blind (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisCount) count = NULL;
  g_autoptr(DisCountLine) line = NULL;
  g_autoptr(DisCountResult) result = NULL;
  g_autoptr(GPtrArray) lines = NULL;

  set_level (f, f->ids[TEST_OLIO], 4000);
  count = start (f, "Condimenti", FALSE);
  lines = dis_store_count_list_lines (f->store, dis_count_get_id (count), DIS_COUNT_LINES_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_true (dis_count_line_get_has_expected (g_ptr_array_index (lines, 0)));
  g_assert_cmpint (dis_count_line_get_expected (g_ptr_array_index (lines, 0)), ==, 4000);
  g_assert_true (dis_store_count_abandon (f->store, f->manager, dis_count_get_id (count), &error));
  g_clear_object (&count);
  g_clear_pointer (&lines, g_ptr_array_unref);

  count = start (f, "Condimenti", TRUE);
  line = record (f, count, f->ids[TEST_OLIO], 3000);
  g_assert_false (dis_count_line_get_has_expected (line));
  g_assert_cmpint (dis_count_line_get_difference (line), ==, 0);
  result = validate (f, count);
  lines = dis_store_count_list_lines (f->store, dis_count_get_id (count), DIS_COUNT_LINES_COUNTED, &error);
  g_assert_no_error (error);
  g_assert_true (dis_count_line_get_has_expected (g_ptr_array_index (lines, 0)));
  g_assert_cmpint (dis_count_line_get_difference (g_ptr_array_index (lines, 0)), ==, -1000);
  g_assert_cmpint (level (f, f->ids[TEST_OLIO]), ==, 3000);
}

/* The pairs the page calls, on the store's workers. */
typedef struct
{
  GMainLoop *loop;
  GObject   *result;
  gboolean   done;
} Wait;

static void
object_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;
  gpointer tag = g_task_get_source_tag (G_TASK (res));

  if (tag == dis_store_count_start_async)
    wait->result = G_OBJECT (dis_store_count_start_finish (DIS_STORE (source), res, &error));
  else if (tag == dis_store_count_record_async)
    wait->result = G_OBJECT (dis_store_count_record_finish (DIS_STORE (source), res, &error));
  else if (tag == dis_store_count_get_open_async)
    wait->result = G_OBJECT (dis_store_count_get_open_finish (DIS_STORE (source), res, &error));
  else if (tag == dis_store_count_validate_async)
    wait->result = G_OBJECT (dis_store_count_validate_finish (DIS_STORE (source), res, &error));
  else
    g_assert_not_reached ();
  g_assert_no_error (error);
  g_main_loop_quit (wait->loop);
}

static GObject *
wait_for (Wait *wait)
{
  g_main_loop_run (wait->loop);
  return g_steal_pointer (&wait->result);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, NULL, FALSE };
  g_autoptr(DisCount) count = NULL;
  g_autoptr(DisCount) open = NULL;
  g_autoptr(DisCountLine) line = NULL;
  g_autoptr(DisCountResult) result = NULL;

  dis_store_count_start_async (f->store, f->manager, "Bevande", TRUE, NULL, object_done, &wait);
  count = DIS_COUNT (wait_for (&wait));
  dis_store_count_record_async (f->store, f->manager, dis_count_get_id (count), f->ids[TEST_CAFFE], 2000,
                                NULL, object_done, &wait);
  line = DIS_COUNT_LINE (wait_for (&wait));
  g_assert_cmpint (dis_count_line_get_counted (line), ==, 2000);
  dis_store_count_get_open_async (f->store, NULL, object_done, &wait);
  open = DIS_COUNT (wait_for (&wait));
  g_assert_cmpuint (dis_count_get_n_counted (open), ==, 1);
  dis_store_count_validate_async (f->store, f->manager, dis_count_get_id (count), NULL, object_done, &wait);
  result = DIS_COUNT_RESULT (wait_for (&wait));
  g_assert_cmpuint (dis_count_result_get_n_adjusted (result), ==, 1);
  g_assert_cmpint (level (f, f->ids[TEST_CAFFE]), ==, 2000);

  /* Workers drop their task's reference to the store just after posting
   * the result: give them that moment before the teardown checks that
   * the store is finalized. */
  for (guint i = 0; i < 5000 && G_OBJECT (f->store)->ref_count > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dis_core_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, count_setup, func, count_teardown)
  ADD ("/count/sessions", test_sessions);
  ADD ("/count/refusals", test_refusals);
  ADD ("/count/sales-during-count", test_sales_during_count);
  ADD ("/count/value-at-cost", test_value_at_cost);
  ADD ("/count/blind", test_blind);
  ADD ("/count/async", test_async);
#undef ADD

  return g_test_run ();
}
