/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-db"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "dis-money.h"
#include "dis-hub-db.h"
#include "dis-hub-members.h"
#include "dis-test-util.h"

/* The hub's statement API on a real SQLite file: what every backend must
 * do the same way (binds, NULLs, columns, changes, the conflict error,
 * reset and rebind, the statement cache, transactions and savepoints). */

typedef struct
{
  char     *dir;
  char     *path;
  DisHubDb *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = dis_test_tmpdir_new ("disotto-hub-db");
  f->path = g_build_filename (f->dir, "hub.db", NULL);
  f->db = dis_hub_db_open (f->path, TRUE, &error);
  g_assert_no_error (error);
  dis_hub_db_exec (f->db,
                   "CREATE TABLE t ("
                   "  id   INTEGER PRIMARY KEY,"
                   "  code TEXT UNIQUE,"
                   "  n    INTEGER CHECK (n IS NULL OR n <> 13),"
                   "  note TEXT"
                   ") STRICT",
                   &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Any statement left unfinalized would make the close warn: fatal. */
  dis_hub_db_close (f->db);
  dis_test_rm_rf (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static DisHubStmt *
prepare (DisHubDb   *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  DisHubStmt *stmt = dis_hub_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  return stmt;
}

static void
insert (Fixture    *f,
        gint64      id,
        const char *code,
        gint64      n,
        const char *note)
{
  g_autoptr(DisHubStmt) stmt = prepare (f->db, "INSERT INTO t (id, code, n, note) VALUES (?1, ?2, ?3, ?4)");
  g_autoptr(GError) error = NULL;

  dis_hub_stmt_bind_int64 (stmt, 1, id);
  dis_hub_stmt_bind_text (stmt, 2, code);
  dis_hub_stmt_bind_int64 (stmt, 3, n);
  dis_hub_stmt_bind_text (stmt, 4, note);
  g_assert_true (dis_hub_db_step_done (f->db, stmt, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_hub_db_changes (f->db), ==, 1);
}

static gint64
count_rows (DisHubDb   *db,
            const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM t WHERE %s", where);
  g_autoptr(DisHubStmt) stmt = prepare (db, sql);
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_assert_true (dis_hub_db_step (db, stmt, &has_row, &error));
  g_assert_no_error (error);
  g_assert_true (has_row);
  return dis_hub_stmt_column_int64 (stmt, 0);
}

/* Steps once, asserting whether a row came. */
static void
step_expect (DisHubDb   *db,
             DisHubStmt *stmt,
             gboolean    row)
{
  g_autoptr(GError) error = NULL;
  gboolean has_row = !row;

  g_assert_true (dis_hub_db_step (db, stmt, &has_row, &error));
  g_assert_no_error (error);
  g_assert_cmpint (has_row, ==, row);
}

#define step_row(db, stmt) step_expect ((db), (stmt), TRUE)
#define step_end(db, stmt) step_expect ((db), (stmt), FALSE)

static void
test_engine (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DisHubStmt) stmt = prepare (f->db, "PRAGMA user_version");

  g_assert_cmpint (dis_hub_db_get_engine (f->db), ==, DIS_HUB_ENGINE_SQLITE);
  /* The file has every migration. */
  step_row (f->db, stmt);
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 0), ==, 11);
}

static void
test_binds_and_columns (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dup = NULL;

  insert (f, 1, "uno", G_MAXINT64, "città “lì”");
  insert (f, 2, NULL, G_MININT64, NULL);

  stmt = prepare (f->db, "SELECT id, code, n, note, n AS again FROM t WHERE id = ?1");
  g_assert_cmpint (dis_hub_stmt_column_count (stmt), ==, 5);
  g_assert_cmpstr (dis_hub_stmt_column_name (stmt, 0), ==, "id");
  g_assert_cmpstr (dis_hub_stmt_column_name (stmt, 4), ==, "again");

  dis_hub_stmt_bind_int64 (stmt, 1, 1);
  step_row (f->db, stmt);
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 0), ==, 1);
  g_assert_cmpstr (dis_hub_stmt_column_text (stmt, 1), ==, "uno");
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 2), ==, G_MAXINT64);
  g_assert_cmpstr (dis_hub_stmt_column_text (stmt, 3), ==, "città “lì”");
  /* An integer read as text is its digits; text read as an integer, 0. */
  g_assert_cmpstr (dis_hub_stmt_column_text (stmt, 4), ==, "9223372036854775807");
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 3), ==, 0);
  g_assert_cmpint (dis_hub_stmt_column_type (stmt, 0), ==, DIS_HUB_COLUMN_INTEGER);
  g_assert_cmpint (dis_hub_stmt_column_type (stmt, 1), ==, DIS_HUB_COLUMN_TEXT);
  g_assert_false (dis_hub_stmt_column_is_null (stmt, 1));
  step_end (f->db, stmt);

  /* NULL bound by bind_text (NULL) reads back NULL, everywhere. */
  dis_hub_stmt_reset (stmt);
  dis_hub_stmt_bind_int64 (stmt, 1, 2);
  step_row (f->db, stmt);
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 2), ==, G_MININT64);
  g_assert_true (dis_hub_stmt_column_is_null (stmt, 1));
  g_assert_true (dis_hub_stmt_column_is_null (stmt, 3));
  g_assert_cmpint (dis_hub_stmt_column_type (stmt, 3), ==, DIS_HUB_COLUMN_NULL);
  g_assert_null (dis_hub_stmt_column_text (stmt, 3));
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 3), ==, 0);
  dup = dis_hub_column_dup (stmt, 3);
  g_assert_null (dup);
  step_end (f->db, stmt);

  /* bind_null, and a NULL parameter compared as SQL does. */
  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = prepare (f->db, "SELECT count (*), ?1 IS NULL FROM t WHERE note IS ?1");
  dis_hub_stmt_bind_null (stmt, 1);
  step_row (f->db, stmt);
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 0), ==, 1);
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 1), ==, 1);
}

static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DisHubStmt) update = NULL;
  g_autoptr(GError) error = NULL;

  for (gint64 i = 1; i <= 5; i++)
    insert (f, i, NULL, i * 10, NULL);

  update = prepare (f->db, "UPDATE t SET note = 'big' WHERE n > ?1");
  dis_hub_stmt_bind_int64 (update, 1, 25);
  g_assert_true (dis_hub_db_step_done (f->db, update, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_hub_db_changes (f->db), ==, 3);

  /* The same statement again, rebound: what this run changed. */
  dis_hub_stmt_reset (update);
  dis_hub_stmt_bind_int64 (update, 1, 1000);
  g_assert_true (dis_hub_db_step_done (f->db, update, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_hub_db_changes (f->db), ==, 0);

  g_assert_true (dis_hub_db_exec (f->db, "DELETE FROM t WHERE n <= 20", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_hub_db_changes (f->db), ==, 2);
  g_assert_cmpint (count_rows (f->db, "note = 'big'"), ==, 3);
}

static void
assert_insert_fails (Fixture    *f,
                     gint64      id,
                     const char *code,
                     gint64      n,
                     gint        error_code)
{
  g_autoptr(DisHubStmt) stmt = prepare (f->db, "INSERT INTO t (id, code, n) VALUES (?1, ?2, ?3)");
  g_autoptr(GError) error = NULL;

  dis_hub_stmt_bind_int64 (stmt, 1, id);
  dis_hub_stmt_bind_text (stmt, 2, code);
  dis_hub_stmt_bind_int64 (stmt, 3, n);
  g_assert_false (dis_hub_db_step_done (f->db, stmt, &error));
  g_assert_error (error, DIS_HUB_ERROR, error_code);
  g_assert_true (g_str_has_prefix (error->message, "database: "));
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  insert (f, 1, "uno", 1, NULL);
  /* A taken primary key or UNIQUE value: CONFLICT. */
  assert_insert_fails (f, 1, "due", 2, DIS_HUB_ERROR_CONFLICT);
  assert_insert_fails (f, 2, "uno", 2, DIS_HUB_ERROR_CONFLICT);
  /* Any other constraint is an error of the database. */
  assert_insert_fails (f, 3, "tre", 13, DIS_HUB_ERROR_DB);
  g_assert_cmpint (count_rows (f->db, "1"), ==, 1);

  /* exec reports it the same way. */
  g_assert_false (dis_hub_db_exec (f->db, "INSERT INTO t (id, code) VALUES (9, 'uno')", &error));
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_null (dis_hub_db_prepare (f->db, "SELECT nothing FROM nowhere", &error));
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB);
}

static void
test_reset_rebind (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  insert (f, 1, "uno", 1, NULL);
  insert (f, 2, "due", 2, NULL);
  insert (f, 3, "tre", 3, NULL);

  stmt = prepare (f->db, "SELECT id FROM t WHERE n >= ?1 AND (?2 IS NULL OR code = ?2) ORDER BY id");
  dis_hub_stmt_bind_int64 (stmt, 1, 2);
  step_row (f->db, stmt);
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 0), ==, 2);

  /* Reset in the middle: from the first row again, bindings kept. */
  dis_hub_stmt_reset (stmt);
  step_row (f->db, stmt);
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 0), ==, 2);
  step_row (f->db, stmt);
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 0), ==, 3);
  step_end (f->db, stmt);

  /* Rebind one parameter; the other keeps its value. */
  dis_hub_stmt_reset (stmt);
  dis_hub_stmt_bind_text (stmt, 2, "tre");
  step_row (f->db, stmt);
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 0), ==, 3);
  step_end (f->db, stmt);

  /* Clear: every parameter NULL, so n >= NULL matches nothing. */
  dis_hub_stmt_clear (stmt);
  step_end (f->db, stmt);
  dis_hub_stmt_reset (stmt);
  dis_hub_stmt_bind_int64 (stmt, 1, 0);
  step_row (f->db, stmt);
  g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 0), ==, 1);
}

#define CACHED_SQL "SELECT ?1, ?2"

static DisHubStmt *
cached (DisHubDb *db)
{
  g_autoptr(GError) error = NULL;
  DisHubStmt *stmt = dis_hub_db_prepare_cached (db, CACHED_SQL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  return stmt;
}

static void
test_cached (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DisHubStmt *first, *again, *inner;

  first = cached (f->db);
  dis_hub_stmt_bind_int64 (first, 1, 7);
  dis_hub_stmt_bind_text (first, 2, "sette");
  step_row (f->db, first);
  g_assert_cmpint (dis_hub_stmt_column_int64 (first, 0), ==, 7);

  /* While it is out, the same text gets a statement of its own. */
  inner = cached (f->db);
  g_assert_true (inner != first);
  step_row (f->db, inner);
  g_assert_true (dis_hub_stmt_column_is_null (inner, 0));
  dis_hub_stmt_release (inner);
  g_assert_cmpstr (dis_hub_stmt_column_text (first, 1), ==, "sette");
  dis_hub_stmt_release (first);

  /* Back from the cache: the same statement, reset and unbound. */
  again = cached (f->db);
  g_assert_true (again == first);
  step_row (f->db, again);
  g_assert_true (dis_hub_stmt_column_is_null (again, 0));
  g_assert_true (dis_hub_stmt_column_is_null (again, 1));
  dis_hub_stmt_release (again);

  /* g_autoptr releases it too. */
  {
    g_autoptr(DisHubStmt) scoped = cached (f->db);

    g_assert_true (scoped == first);
    dis_hub_stmt_bind_int64 (scoped, 1, 8);
  }
  again = cached (f->db);
  g_assert_true (again == first);
  step_row (f->db, again);
  g_assert_true (dis_hub_stmt_column_is_null (again, 0));
  dis_hub_stmt_release (again);

  /* A text that does not prepare is not kept. */
  g_assert_null (dis_hub_db_prepare_cached (f->db, "SELEC 1", &error));
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB);
  g_clear_error (&error);
  g_assert_null (dis_hub_db_prepare_cached (f->db, "SELEC 1", &error));
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB);
  /* The cached statements are finalized by the close, in tear-down. */
}

static void
test_transactions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DisHubDb *other;

  g_assert_false (dis_hub_db_in_transaction (f->db));
  g_assert_true (dis_hub_db_begin (f->db, &error));
  g_assert_no_error (error);
  g_assert_true (dis_hub_db_in_transaction (f->db));
  insert (f, 1, "uno", 1, NULL);
  dis_hub_db_rollback (f->db);
  g_assert_false (dis_hub_db_in_transaction (f->db));
  g_assert_cmpint (count_rows (f->db, "1"), ==, 0);
  /* Nothing open: rollback does nothing. */
  dis_hub_db_rollback (f->db);

  g_assert_true (dis_hub_db_begin (f->db, &error));
  insert (f, 2, "due", 2, NULL);

  /* A second connection sees nothing before the commit, all after. */
  other = dis_hub_db_open (f->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (other, "1"), ==, 0);
  g_assert_true (dis_hub_db_commit (f->db, &error));
  g_assert_no_error (error);
  g_assert_false (dis_hub_db_in_transaction (f->db));
  g_assert_cmpint (count_rows (other, "id = 2"), ==, 1);

  /* The write lock is taken at begin: the other connection waits, then
   * (past the busy timeout, shortened here) fails rather than deadlock. */
  g_assert_true (dis_hub_db_begin (f->db, &error));
  g_assert_true (dis_hub_db_exec (other, "PRAGMA busy_timeout = 50", &error));
  g_assert_false (dis_hub_db_begin (other, &error));
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB);
  g_clear_error (&error);
  g_assert_false (dis_hub_db_in_transaction (other));
  dis_hub_db_rollback (f->db);
  dis_hub_db_close (other);
}

static void
test_savepoints (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_hub_db_begin (f->db, &error));
  insert (f, 1, "uno", 1, NULL);

  /* One batch undone, the transaction goes on. */
  g_assert_true (dis_hub_db_savepoint (f->db, "batch_1", &error));
  g_assert_no_error (error);
  insert (f, 2, "due", 2, NULL);
  dis_hub_db_rollback_to (f->db, "batch_1");
  g_assert_true (dis_hub_db_in_transaction (f->db));
  g_assert_cmpint (count_rows (f->db, "1"), ==, 1);
  /* The savepoint stays after a rollback to it: used again, released. */
  insert (f, 3, "tre", 3, NULL);
  g_assert_true (dis_hub_db_release (f->db, "batch_1", &error));
  g_assert_no_error (error);

  /* Nested: rolling back the outer one undoes the inner one too. */
  g_assert_true (dis_hub_db_savepoint (f->db, "outer", &error));
  insert (f, 4, "quattro", 4, NULL);
  g_assert_true (dis_hub_db_savepoint (f->db, "inner", &error));
  insert (f, 5, "cinque", 5, NULL);
  g_assert_true (dis_hub_db_release (f->db, "inner", &error));
  dis_hub_db_rollback_to (f->db, "outer");
  g_assert_true (dis_hub_db_release (f->db, "outer", &error));

  /* A failed batch inside its savepoint: the conflict undone alone. */
  g_assert_true (dis_hub_db_savepoint (f->db, "batch_2", &error));
  insert (f, 6, "sei", 6, NULL);
  assert_insert_fails (f, 7, "uno", 7, DIS_HUB_ERROR_CONFLICT);
  dis_hub_db_rollback_to (f->db, "batch_2");
  g_assert_true (dis_hub_db_release (f->db, "batch_2", &error));
  g_assert_no_error (error);

  /* Releasing one that is not there is an error. */
  g_assert_false (dis_hub_db_release (f->db, "batch_9", &error));
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB);
  g_clear_error (&error);

  g_assert_true (dis_hub_db_commit (f->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->db, "1"), ==, 2);
  g_assert_cmpint (count_rows (f->db, "id IN (1, 3)"), ==, 2);
}

static void
test_savepoint_name (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A name goes into the SQL text: only letters, digits and '_'. */
  g_assert_true (dis_hub_db_begin (f->db, &error));
  g_test_expect_message ("dis-hub-db", G_LOG_LEVEL_CRITICAL, "*is_savepoint_name*");
  g_assert_false (dis_hub_db_savepoint (f->db, "x; DROP TABLE t", &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  dis_hub_db_rollback (f->db);

  /* Outside a transaction a savepoint would begin one: refused. */
  g_test_expect_message ("dis-hub-db", G_LOG_LEVEL_CRITICAL, "*in_transaction*");
  g_assert_false (dis_hub_db_savepoint (f->db, "batch", &error));
  g_test_assert_expected_messages ();
  g_assert_false (dis_hub_db_in_transaction (f->db));
  g_assert_cmpint (count_rows (f->db, "1"), ==, 0);
}

static void
test_migrations (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DisHubDb *db;

  /* Opened again: nothing to migrate, the data kept. */
  insert (f, 1, "uno", 1, NULL);
  dis_hub_db_close (f->db);
  f->db = dis_hub_db_open (f->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->db, "1"), ==, 1);

  /* A schema newer than this hub is refused, the file left alone. */
  g_assert_true (dis_hub_db_exec (f->db, "PRAGMA user_version = 99", &error));
  db = dis_hub_db_open (f->path, FALSE, &error);
  g_assert_null (db);
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB);
  g_assert_nonnull (strstr (error->message, "newer than this hub"));
  g_clear_error (&error);

  /* No file and no create: an error, no file made. */
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  g_assert_null (dis_hub_db_open (missing, FALSE, &error));
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* Version 10: the checks of the tables a push writes, as versions 1 to 9
 * wrote them and as they become. */
static const struct { const char *table, *in, *or; } plain_checks[] = {
  { "hub_sales", "tier IN ('accessibile', 'impegno', 'equa', 'solidale')",
    "(tier = 'accessibile' OR tier = 'impegno' OR tier = 'equa' OR tier = 'solidale')" },
  { "hub_sales", "review_state IN ('none', 'pending', 'accepted', 'rejected')",
    "(review_state = 'none' OR review_state = 'pending' OR review_state = 'accepted' OR review_state = 'rejected')" },
  { "hub_sale_lines", "unit IN ('piece', 'kg', 'l')", "(unit = 'piece' OR unit = 'kg' OR unit = 'l')" },
  { "hub_sale_lines", "vat_rate IN (4, 5, 10, 22)", "(vat_rate = 4 OR vat_rate = 5 OR vat_rate = 10 OR vat_rate = 22)" },
  { "hub_payments", "method IN ('cash', 'card', 'other')", "(method = 'cash' OR method = 'card' OR method = 'other')" },
  { "hub_stock_movements", "kind IN ('receive', 'adjust', 'waste', 'transfer', 'sale', 'refund')",
    "(kind = 'receive' OR kind = 'adjust' OR kind = 'waste' OR kind = 'transfer' OR kind = 'sale' OR kind = 'refund')" },
};

static void
sql_ok (sqlite3    *raw,
        const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (raw, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Puts @path's file back as version 9 left it: the checks with IN, in
 * the text SQLite keeps, the rows untouched; the last one as @last_in
 * says instead when not NULL. */
static void
back_to_version_9 (const char *path,
                   const char *last_in)
{
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 version;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "PRAGMA schema_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sql_ok (raw, "BEGIN; PRAGMA writable_schema = ON");
  for (gsize i = 0; i < G_N_ELEMENTS (plain_checks); i++)
    {
      const char *in = i + 1 == G_N_ELEMENTS (plain_checks) && last_in != NULL ? last_in : plain_checks[i].in;

      g_assert_cmpint (sqlite3_prepare_v2 (raw, "UPDATE sqlite_schema SET sql = replace (sql, ?2, ?3)"
                                                " WHERE name = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, plain_checks[i].table, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, plain_checks[i].or, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, in, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_changes (raw), ==, 1);
      sqlite3_finalize (stmt);
    }
  {
    g_autofree char *bump = g_strdup_printf ("PRAGMA schema_version = %" G_GINT64_FORMAT, version + 1);

    sql_ok (raw, bump);
  }
  sql_ok (raw, "PRAGMA writable_schema = OFF; PRAGMA user_version = 9; COMMIT");
  /* What version 11 added, which 9 did not have. */
  sql_ok (raw, "DROP INDEX hub_orders_label; ALTER TABLE hub_orders DROP COLUMN till");
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);
}

static gint64
schema_has (DisHubDb   *db,
            const char *table,
            const char *text)
{
  g_autoptr(DisHubStmt) stmt = prepare (db, "SELECT count (*) FROM sqlite_schema WHERE name = ?1 AND instr (sql, ?2) > 0");

  dis_hub_stmt_bind_text (stmt, 1, table);
  dis_hub_stmt_bind_text (stmt, 2, text);
  step_row (db, stmt);
  return dis_hub_stmt_column_int64 (stmt, 0);
}

static gboolean
insert_movement (DisHubDb   *db,
                 const char *kind)
{
  g_autoptr(DisHubStmt) stmt = prepare (db, "INSERT INTO hub_stock_movements (event_id, point_code, product_code,"
                                            " kind, qty, at) VALUES ('e', 'TO-CEN', 'P-0001', ?1, 1, 'now')");
  g_autoptr(GError) error = NULL;

  dis_hub_stmt_bind_text (stmt, 1, kind);
  return dis_hub_db_step_done (db, stmt, &error);
}

static void
test_plain_checks (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DisHubDb *db;

  /* A new file has them. */
  for (gsize i = 0; i < G_N_ELEMENTS (plain_checks); i++)
    {
      g_assert_cmpint (schema_has (f->db, plain_checks[i].table, plain_checks[i].or), ==, 1);
      g_assert_cmpint (schema_has (f->db, plain_checks[i].table, plain_checks[i].in), ==, 0);
    }
  g_assert_true (insert_movement (f->db, "waste"));
  dis_hub_db_close (f->db);
  f->db = NULL;

  /* A file of version 9 is brought to 10, its rows kept, and the checks
   * refuse what they refused. */
  back_to_version_9 (f->path, NULL);
  f->db = dis_hub_db_open (f->path, FALSE, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (plain_checks); i++)
    {
      g_assert_cmpint (schema_has (f->db, plain_checks[i].table, plain_checks[i].or), ==, 1);
      g_assert_cmpint (schema_has (f->db, plain_checks[i].table, plain_checks[i].in), ==, 0);
    }
  {
    g_autoptr(DisHubStmt) stmt = prepare (f->db, "SELECT count (*) FROM hub_stock_movements WHERE kind = 'waste'");

    step_row (f->db, stmt);
    g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 0), ==, 1);
  }
  g_assert_true (insert_movement (f->db, "refund"));
  g_assert_false (insert_movement (f->db, "theft"));
  g_assert_false (insert_movement (f->db, "Sale"));
  dis_hub_db_close (f->db);
  f->db = NULL;

  /* A text this hub did not write is not touched: the file stays at 9. */
  back_to_version_9 (f->path, "kind IN ('receive', 'adjust', 'waste', 'transfer', 'sale', 'refund', 'loss')");
  db = dis_hub_db_open (f->path, FALSE, &error);
  g_assert_null (db);
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB);
  g_assert_nonnull (strstr (error->message, "hub_stock_movements has no CHECK"));
  g_clear_error (&error);
  {
    sqlite3 *raw = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (f->path, &raw), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (raw, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 9);
    sqlite3_finalize (stmt);
    sqlite3_close (raw);
  }
  /* For the tear-down. */
  {
    g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);

    f->db = dis_hub_db_open (other, TRUE, &error);
    g_assert_no_error (error);
  }
}

/* A member's sales summed in integers: exact, and clamped past
 * DIS_SALE_TOTAL_MAX where sum() itself would overflow. */
static void
add_sale (Fixture    *f,
          const char *card,
          gint64      total)
{
  static gint64 seq;
  g_autoptr(DisHubStmt) event = NULL;
  g_autoptr(DisHubStmt) sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  g_autofree char *id = g_uuid_string_random ();

  seq++;
  event = prepare (f->db,
                   "INSERT INTO events (id, point_code, device, seq, type, at, received_at, payload)"
                   " VALUES (?1, 'TO-CEN', 'C1', ?2, 'sale.committed', ?3, ?3, '{}')");
  dis_hub_stmt_bind_text (event, 1, id);
  dis_hub_stmt_bind_int64 (event, 2, seq);
  dis_hub_stmt_bind_text (event, 3, at);
  g_assert_true (dis_hub_db_step_done (f->db, event, &error));
  g_assert_no_error (error);

  sale = prepare (f->db,
                  "INSERT INTO hub_sales (id, event_id, kind, point_code, device, seq, receipt_no,"
                  " created_at, operator_id, operator_name, member_card, tier, n_lines, total, total_equa,"
                  " tier_delta, cash_tendered, change_due, point_total, point_total_equa, point_tier_delta)"
                  " VALUES (?1, ?1, 'sale', 'TO-CEN', 'C1', ?2, 'R', ?3, 1, 'Anna', ?4, 'equa', 1,"
                  " ?5, ?5, 0, 0, 0, ?5, ?5, 0)");
  dis_hub_stmt_bind_text (sale, 1, id);
  dis_hub_stmt_bind_int64 (sale, 2, seq);
  dis_hub_stmt_bind_text (sale, 3, at);
  dis_hub_stmt_bind_text (sale, 4, card);
  dis_hub_stmt_bind_int64 (sale, 5, total);
  g_assert_true (dis_hub_db_step_done (f->db, sale, &error));
  g_assert_no_error (error);
}

static gint64
volume (Fixture    *f,
        const char *card)
{
  g_autoptr(GError) error = NULL;
  gint64 out = -1;

  g_assert_true (dis_hub_members_volume_12m (f->db, card, &out, &error));
  g_assert_no_error (error);
  return out;
}

static void
test_volume (Fixture       *f,
             gconstpointer  data)
{
  g_assert_cmpint (volume (f, "DS00000001"), ==, 0);

  /* Remainders of both signs. */
  add_sale (f, "DS00000001", 1234567);
  add_sale (f, "DS00000001", -2000001);
  add_sale (f, "DS00000001", 999999);
  g_assert_cmpint (volume (f, "DS00000001"), ==, 1234567 - 2000001 + 999999);

  /* 200 sales at the limit add up past gint64. */
  for (guint i = 0; i < 200; i++)
    add_sale (f, "DS00000002", DIS_SALE_TOTAL_MAX);
  g_assert_cmpint (volume (f, "DS00000002"), ==, DIS_SALE_TOTAL_MAX);
  for (guint i = 0; i < 200; i++)
    add_sale (f, "DS00000003", -DIS_SALE_TOTAL_MAX);
  g_assert_cmpint (volume (f, "DS00000003"), ==, -DIS_SALE_TOTAL_MAX);

  /* Big, but back within the limit once refunds count. */
  add_sale (f, "DS00000004", DIS_SALE_TOTAL_MAX);
  add_sale (f, "DS00000004", DIS_SALE_TOTAL_MAX);
  add_sale (f, "DS00000004", -DIS_SALE_TOTAL_MAX + 1);
  g_assert_cmpint (volume (f, "DS00000004"), ==, DIS_SALE_TOTAL_MAX);
  add_sale (f, "DS00000004", -1);
  add_sale (f, "DS00000004", -7);
  g_assert_cmpint (volume (f, "DS00000004"), ==, DIS_SALE_TOTAL_MAX - 7);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/hub-db/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("engine", test_engine);
  ADD ("plain-checks", test_plain_checks);
  ADD ("binds-and-columns", test_binds_and_columns);
  ADD ("changes", test_changes);
  ADD ("conflict", test_conflict);
  ADD ("reset-rebind", test_reset_rebind);
  ADD ("cached", test_cached);
  ADD ("transactions", test_transactions);
  ADD ("savepoints", test_savepoints);
  ADD ("savepoint-name", test_savepoint_name);
  ADD ("migrations", test_migrations);
  ADD ("volume", test_volume);
#undef ADD

  return g_test_run ();
}
