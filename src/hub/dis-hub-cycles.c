/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-cycles"

#include "config.h"

#include "dis-hub-cycles.h"
#include "dis-hub-orders.h"

/* The order cycles' lifecycle at the hub after `cycle open`: listed,
 * closed by the admin or at their closing time. Closing is one
 * conditional UPDATE (open → closed), so that of two hubs on one
 * PostgreSQL, or the admin and the timer, one closes and publishes. */

/* ---- List ------------------------------------------------------------------- */

static gboolean
add_products (DisHubDb    *db,
              gint64       id,
              JsonObject  *cycle,
              GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  JsonArray *products = json_array_new ();
  gboolean has_row, ok;

  json_object_set_array_member (cycle, "products", products);
  stmt = dis_hub_db_prepare (db,
                             "SELECT p.product_code, p.available, p.reserved, s.supplier"
                             " FROM hub_cycle_products p LEFT JOIN products s ON s.code = p.product_code"
                             " WHERE p.cycle_id = ?1 ORDER BY p.product_code",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_int64 (stmt, 1, id);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    {
      JsonObject *product = json_object_new ();

      json_object_set_string_member (product, "product", dis_hub_stmt_column_text (stmt, 0));
      if (dis_hub_stmt_column_is_null (stmt, 1))
        json_object_set_null_member (product, "available");
      else
        json_object_set_int_member (product, "available", dis_hub_stmt_column_int64 (stmt, 1));
      json_object_set_int_member (product, "reserved", dis_hub_stmt_column_int64 (stmt, 2));
      if (dis_hub_stmt_column_is_null (stmt, 3))
        json_object_set_null_member (product, "supplier");
      else
        json_object_set_string_member (product, "supplier", dis_hub_stmt_column_text (stmt, 3));
      json_array_add_object_element (products, product);
    }
  return ok;
}

static gboolean
add_orders (DisHubDb    *db,
            gint64       id,
            JsonObject  *cycle,
            GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  JsonObject *orders = json_object_new ();
  gboolean has_row, ok;

  json_object_set_object_member (cycle, "orders", orders);
  stmt = dis_hub_db_prepare (db,
                             "SELECT state, count (*) FROM hub_orders WHERE cycle_id = ?1"
                             " GROUP BY state ORDER BY state",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_int64 (stmt, 1, id);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    json_object_set_int_member (orders, dis_hub_stmt_column_text (stmt, 0), dis_hub_stmt_column_int64 (stmt, 1));
  return ok;
}

JsonNode *
dis_hub_cycles_list (DisHubDb  *db,
                     GError   **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(JsonArray) cycles = json_array_new ();
  gboolean has_row, ok;

  g_return_val_if_fail (db != NULL, NULL);

  stmt = dis_hub_db_prepare (db,
                             "SELECT id, name, opens, closes, state, closed_at FROM hub_cycles"
                             " ORDER BY opens_utc DESC, id DESC",
                             error);
  if (stmt == NULL)
    return NULL;
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    {
      JsonObject *cycle = json_object_new ();
      gint64 id = dis_hub_stmt_column_int64 (stmt, 0);

      json_array_add_object_element (cycles, cycle);
      json_object_set_int_member (cycle, "id", id);
      json_object_set_string_member (cycle, "name", dis_hub_stmt_column_text (stmt, 1));
      json_object_set_string_member (cycle, "opens", dis_hub_stmt_column_text (stmt, 2));
      json_object_set_string_member (cycle, "closes", dis_hub_stmt_column_text (stmt, 3));
      json_object_set_string_member (cycle, "state", dis_hub_stmt_column_text (stmt, 4));
      if (dis_hub_stmt_column_is_null (stmt, 5))
        json_object_set_null_member (cycle, "closed_at");
      else
        json_object_set_string_member (cycle, "closed_at", dis_hub_stmt_column_text (stmt, 5));
      /* The cycle's own statement stays open: the others are prepared
       * apart from it, which both engines allow on one connection. */
      if (!add_products (db, id, cycle, error) || !add_orders (db, id, cycle, error))
        return NULL;
    }
  if (!ok)
    return NULL;
  return json_node_init_array (json_node_alloc (), cycles);
}

/* ---- Close ------------------------------------------------------------------ */

/* open → closed, once: *@out_closed FALSE when another did it first (or
 * the cycle is not there). Publishes what it closed. */
static gboolean
close_once (DisHubDb  *db,
            gint64     id,
            gboolean  *out_closed,
            GError   **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *now = dis_hub_now_iso ();

  stmt = dis_hub_db_prepare (db,
                             "UPDATE hub_cycles SET state = 'closed', closed_at = ?2"
                             " WHERE id = ?1 AND state = 'open'",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_int64 (stmt, 1, id);
  dis_hub_stmt_bind_text (stmt, 2, now);
  if (!dis_hub_db_step_done (db, stmt, error))
    return FALSE;
  *out_closed = dis_hub_db_changes (db) == 1;
  return !*out_closed || dis_hub_orders_publish_cycle (db, id, error);
}

JsonNode *
dis_hub_cycles_close (DisHubDb  *db,
                      gint64     id,
                      GError   **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(JsonObject) summary = NULL;
  gboolean closed, has_row;

  g_return_val_if_fail (db != NULL, NULL);

  if (!close_once (db, id, &closed, error))
    return NULL;
  stmt = dis_hub_db_prepare (db, "SELECT name, closes, state, closed_at FROM hub_cycles WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_int64 (stmt, 1, id);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no order cycle %" G_GINT64_FORMAT, id);
      return NULL;
    }
  if (!closed)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_EXISTS, "order cycle %" G_GINT64_FORMAT " is closed already",
                   id);
      return NULL;
    }
  summary = json_object_new ();
  json_object_set_int_member (summary, "id", id);
  json_object_set_string_member (summary, "name", dis_hub_stmt_column_text (stmt, 0));
  json_object_set_string_member (summary, "closes", dis_hub_stmt_column_text (stmt, 1));
  json_object_set_string_member (summary, "state", dis_hub_stmt_column_text (stmt, 2));
  json_object_set_string_member (summary, "closed_at", dis_hub_stmt_column_text (stmt, 3));
  return json_node_init_object (json_node_alloc (), summary);
}

/* The ids of the open cycles whose closing time (UTC key) is ≤ @now_key. */
static GArray *
due_cycles (DisHubDb    *db,
            const char  *now_key,
            GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean has_row, ok;

  stmt = dis_hub_db_prepare (db,
                             "SELECT id FROM hub_cycles WHERE state = 'open' AND closes_utc <= ?1 ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, now_key);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    {
      gint64 id = dis_hub_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&ids);
}

gboolean
dis_hub_cycles_close_due (DisHubDb  *db,
                          guint     *out_n_closed,
                          GError   **error)
{
  g_autofree char *now = dis_hub_now_iso ();
  g_autofree char *now_key = dis_hub_utc_key (now);
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (db != NULL, FALSE);

  *out_n_closed = 0;
  ids = due_cycles (db, now_key, error);
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gboolean closed = FALSE;

      if (!dis_hub_db_begin (db, error))
        return FALSE;
      if (!close_once (db, g_array_index (ids, gint64, i), &closed, error) ||
          !dis_hub_db_commit (db, error))
        {
          dis_hub_db_rollback (db);
          return FALSE;
        }
      if (closed)
        (*out_n_closed)++;
    }
  return TRUE;
}

/* ---- The timer of `serve` ---------------------------------------------------- */

/* A cycle opened while the hub serves is seen within this. */
#define WATCH_MAX_SECONDS 60

struct _DisHubCycleWatch
{
  DisHubDb *db;
  guint     timeout_id;
};

/* Milliseconds from now to the next closing time of an open cycle,
 * within 1 s (a cycle that could not be closed is tried again, not in a
 * busy loop) … WATCH_MAX_SECONDS. */
static guint
next_interval (DisHubDb *db)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean has_row = FALSE;
  GTimeSpan span;

  stmt = dis_hub_db_prepare (db, "SELECT min (closes_utc) FROM hub_cycles WHERE state = 'open'", &error);
  if (stmt == NULL || !dis_hub_db_step (db, stmt, &has_row, &error))
    {
      g_warning ("order cycles: the next closing time is unknown, looked for again later: %s", error->message);
      return WATCH_MAX_SECONDS * 1000;
    }
  if (!has_row || dis_hub_stmt_column_is_null (stmt, 0) ||
      (next = g_date_time_new_from_iso8601 (dis_hub_stmt_column_text (stmt, 0), NULL)) == NULL)
    return WATCH_MAX_SECONDS * 1000;
  /* A little after the time, so that it has come by then. */
  span = g_date_time_difference (next, now) / 1000 + 10;
  return (guint) CLAMP (span, 1000, WATCH_MAX_SECONDS * 1000);
}

static void
close_due (DisHubCycleWatch *watch)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!dis_hub_cycles_close_due (watch->db, &n, &error))
    g_warning ("order cycles not closed, tried again shortly: %s", error->message);
  else if (n > 0)
    g_printerr ("hub: %u order cycle(s) closed at their closing time\n", n);
}

static gboolean
tick_cb (gpointer data)
{
  DisHubCycleWatch *watch = data;

  close_due (watch);
  watch->timeout_id = g_timeout_add (next_interval (watch->db), tick_cb, watch);
  return G_SOURCE_REMOVE;
}

DisHubCycleWatch *
dis_hub_cycles_watch (DisHubDb *db)
{
  DisHubCycleWatch *watch;

  g_return_val_if_fail (db != NULL, NULL);

  watch = g_new0 (DisHubCycleWatch, 1);
  watch->db = db;
  /* Cycles may have come to their end while the hub was down. */
  close_due (watch);
  watch->timeout_id = g_timeout_add (next_interval (db), tick_cb, watch);
  return watch;
}

void
dis_hub_cycles_watch_free (DisHubCycleWatch *watch)
{
  if (watch == NULL)
    return;
  g_clear_handle_id (&watch->timeout_id, g_source_remove);
  g_free (watch);
}
