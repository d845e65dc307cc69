/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "dis-core-resources.h"
#include "dis-error.h"
#include "dis-store-private.h"
#include "dis-store-orders-private.h"
#include "dis-store-restock-private.h"

#define MIGRATIONS_PATH "/it/disotto/core/migrations/"
#define BUSY_TIMEOUT_MS 10000

G_DEFINE_FINAL_TYPE (DisStore, dis_store, G_TYPE_OBJECT)

enum { OUTBOX_CHANGED, MEMBERS_CHANGED, RULES_CHANGED, POINTS_CHANGED, FUND_PERIODS_CHANGED, STOCK_CHANGED,
       RESTOCK_ORDERS_CHANGED, ORDERS_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The creator's main context, where "outbox-changed" is emitted. */
static GQuark context_quark;

/* ---- Connections ------------------------------------------------------- */

static void
store_fail (GError     **error,
            const char  *message)
{
  g_set_error (error, DIS_ERROR, DIS_ERROR_DATABASE, _("Database error: %s"), message);
}

void
_dis_stmt_release (DisStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

gboolean
_dis_db_error (DisDb   *db,
               GError **error)
{
  return dis_sqlite_error (db->db, store_fail, error);
}

DisStmt *
_dis_db_prepare (DisDb       *db,
                 const char  *sql,
                 GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = g_hash_table_lookup (db->stmts, sql);
  if (stmt != NULL)
    return stmt;

  stmt = dis_sqlite_prepare (db->db, store_fail, sql, SQLITE_PREPARE_PERSISTENT, error);
  if (stmt != NULL)
    g_hash_table_insert (db->stmts, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_dis_db_exec (DisDb       *db,
              const char  *sql,
              GError     **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, sql, error);

  return stmt != NULL && _dis_db_step_done (db, stmt, error);
}

gboolean
_dis_db_step_done (DisDb    *db,
                   DisStmt  *stmt,
                   GError  **error)
{
  return dis_sqlite_step_done (db->db, store_fail, stmt, error);
}

gboolean
_dis_db_step_row (DisDb     *db,
                  DisStmt   *stmt,
                  gboolean  *has_row,
                  GError   **error)
{
  return dis_sqlite_step_row (db->db, store_fail, stmt, has_row, error);
}

gboolean
_dis_db_step_returning (DisDb    *db,
                        DisStmt  *stmt,
                        GError  **error)
{
  gboolean has_row;

  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  return has_row || _dis_db_error (db, error);
}

static gboolean
db_exec_cached (DisDb       *db,
                const char  *sql,
                GError     **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, sql, error);

  return stmt != NULL && _dis_db_step_done (db, stmt, error);
}

gboolean
_dis_db_begin (DisDb   *db,
               GError **error)
{
  return db_exec_cached (db, "BEGIN IMMEDIATE", error);
}

gboolean
_dis_db_commit (DisDb   *db,
                GError **error)
{
  return db_exec_cached (db, "COMMIT", error);
}

void
_dis_db_rollback (DisDb *db)
{
  dis_sqlite_rollback (db->db);
}

char *
_dis_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format_iso8601 (now);
}

GDateTime *
_dis_parse_iso8601 (const char *text)
{
  g_autoptr(GDateTime) utc = NULL;

  if (text == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (text, NULL);
  if (utc == NULL)
    return NULL;
  return g_date_time_to_local (utc);
}

static void
db_close (DisDb *db)
{
  g_clear_pointer (&db->stmts, g_hash_table_destroy);
  if (db->db != NULL)
    {
      sqlite3_close (db->db);
      db->db = NULL;
    }
  g_rec_mutex_clear (&db->mutex);
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static gboolean
db_open (DisDb       *db,
         const char  *path,
         const char  *pragmas,
         GError     **error)
{
  g_autofree char *message = NULL;

  db->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);

  /* NOMUTEX: every use of the connection holds db->mutex already. */
  db->db = dis_sqlite_open (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            &message);
  if (db->db == NULL)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_DATABASE,
                   _("Could not open the database “%s”: %s"), path, message);
      return FALSE;
    }

  sqlite3_extended_result_codes (db->db, TRUE);
  sqlite3_busy_timeout (db->db, BUSY_TIMEOUT_MS);

  return dis_sqlite_exec (db->db, store_fail, pragmas, error);
}

/* ---- Migrations -------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Migration failures name the migration: the message comes bare. */
static void
migration_fail (GError     **error,
                const char  *message)
{
  g_set_error_literal (error, DIS_ERROR, DIS_ERROR_DATABASE, message);
}

static gboolean
apply_migration (DisDb       *db,
                 const char  *name,
                 gint64       version,
                 GError     **error)
{
  g_autofree char *path = g_strconcat (MIGRATIONS_PATH, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sql = NULL;

  bytes = g_resource_lookup_data (dis_core_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  if (!dis_sqlite_migrate (db->db, migration_fail, sql, version, &local_error))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_DATABASE,
                   _("Could not upgrade the database (%s): %s"), name, local_error->message);
      return FALSE;
    }

  g_debug ("Applied migration %s", name);
  return TRUE;
}

static gboolean
migrate (DisDb       *db,
         int         *out_version,
         GError     **error)
{
  g_auto(GStrv) names = NULL;
  gint64 current;

  names = g_resource_enumerate_children (dis_core_get_resource (), MIGRATIONS_PATH,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return FALSE;
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);

  if (!dis_sqlite_get_user_version (db->db, store_fail, &current, error))
    return FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      char *end = NULL;
      gint64 version = g_ascii_strtoll (names[i], &end, 10);

      if (end == names[i] || *end != '-' || !g_str_has_suffix (names[i], ".sql") || version <= 0)
        {
          g_warning ("Ignoring migration with a bad name: %s", names[i]);
          continue;
        }
      if (version <= current)
        continue;
      if (!apply_migration (db, names[i], version, error))
        return FALSE;
      current = version;
    }

  *out_version = (int) current;
  return TRUE;
}

/* ---- Object ------------------------------------------------------------ */

static void run_task (GTask *task);

/* A worker of the pools: the task was referenced when it was queued. */
static void
run_job (gpointer data,
         gpointer user_data)
{
  g_autoptr(GTask) task = data;

  run_task (task);
}

static void
dis_store_finalize (GObject *object)
{
  DisStore *self = (DisStore *)object;

  /* Every queued job holds a reference on us, so none is left; and we may
   * be finalized on a worker itself, which must not wait for itself. */
  if (self->write_pool != NULL)
    g_thread_pool_free (self->write_pool, TRUE, FALSE);
  if (self->read_pool != NULL)
    g_thread_pool_free (self->read_pool, TRUE, FALSE);

  db_close (&self->reader);
  db_close (&self->writer);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (dis_store_parent_class)->finalize (object);
}

static void
dis_store_class_init (DisStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_store_finalize;

  context_quark = g_quark_from_static_string ("dis-store-context");

  /* Emitted on the creator's main context after a commit added an outbox
   * row, so the sync client can push right away. */
  signals[OUTBOX_CHANGED] =
    g_signal_new ("outbox-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* See dis-store.h. */
  signals[MEMBERS_CHANGED] =
    g_signal_new ("members-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV);
  signals[RULES_CHANGED] =
    g_signal_new ("eligibility-rules-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[POINTS_CHANGED] =
    g_signal_new ("points-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[FUND_PERIODS_CHANGED] =
    g_signal_new ("fund-periods-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[STOCK_CHANGED] =
    g_signal_new ("stock-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[RESTOCK_ORDERS_CHANGED] =
    g_signal_new ("restock-orders-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[ORDERS_CHANGED] =
    g_signal_new ("orders-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

/* A signal to emit on the creator's main context, whatever thread the
 * change was written on. */
typedef struct
{
  DisStore  *store;
  guint      signal_id;
  GStrv      cards;      /* "members-changed" only */
} Emission;

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_object_unref (emission->store);
  g_strfreev (emission->cards);
  g_free (emission);
}

static gboolean
emit_cb (gpointer data)
{
  Emission *emission = data;

  if (emission->signal_id == signals[MEMBERS_CHANGED])
    g_signal_emit (emission->store, emission->signal_id, 0, emission->cards);
  else
    g_signal_emit (emission->store, emission->signal_id, 0);
  return G_SOURCE_REMOVE;
}

static void
emit_on_context (DisStore *self,
                 guint     signal_id,
                 GStrv     cards)
{
  GMainContext *context = g_object_get_qdata (G_OBJECT (self), context_quark);
  Emission *emission = g_new0 (Emission, 1);

  emission->store = g_object_ref (self);
  emission->signal_id = signal_id;
  emission->cards = cards;
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, emit_cb, emission, emission_free);
}

void
_dis_store_notify_outbox_changed (DisStore *self)
{
  emit_on_context (self, signals[OUTBOX_CHANGED], NULL);
}

void
_dis_store_notify_members_changed (DisStore           *self,
                                   const char * const *cards)
{
  g_assert (DIS_IS_STORE (self));

  if (cards != NULL && cards[0] != NULL)
    emit_on_context (self, signals[MEMBERS_CHANGED], g_strdupv ((char **) cards));
}

void
_dis_store_notify_member_changed (DisStore   *self,
                                  const char *card)
{
  const char *cards[] = { card, NULL };

  if (card != NULL)
    _dis_store_notify_members_changed (self, cards);
}

void
_dis_store_notify_rules_changed (DisStore *self)
{
  emit_on_context (self, signals[RULES_CHANGED], NULL);
}

void
_dis_store_notify_points_changed (DisStore *self)
{
  emit_on_context (self, signals[POINTS_CHANGED], NULL);
}

void
_dis_store_notify_fund_periods_changed (DisStore *self)
{
  emit_on_context (self, signals[FUND_PERIODS_CHANGED], NULL);
}

void
_dis_store_notify_stock_changed (DisStore *self)
{
  emit_on_context (self, signals[STOCK_CHANGED], NULL);
}

void
_dis_store_notify_restock_orders_changed (DisStore *self)
{
  emit_on_context (self, signals[RESTOCK_ORDERS_CHANGED], NULL);
}

void
_dis_store_notify_orders_changed (DisStore *self)
{
  emit_on_context (self, signals[ORDERS_CHANGED], NULL);
}

static void
dis_store_init (DisStore *self)
{
  g_rec_mutex_init (&self->writer.mutex);
  g_rec_mutex_init (&self->reader.mutex);
  self->write_pool = g_thread_pool_new (run_job, NULL, 1, FALSE, NULL);
  self->read_pool = g_thread_pool_new (run_job, NULL, 1, FALSE, NULL);
}

DisStore *
dis_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(DisStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (DIS_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  g_object_set_qdata_full (G_OBJECT (self), context_quark,
                           g_main_context_ref_thread_default (),
                           (GDestroyNotify) g_main_context_unref);

  /* synchronous=FULL: a committed sale survives a power cut. */
  if (!db_open (&self->writer, path,
                "PRAGMA journal_mode = WAL;"
                "PRAGMA synchronous = FULL;"
                "PRAGMA foreign_keys = ON;",
                error))
    return NULL;

  {
    DIS_DB_LOCK (&self->writer);
    if (!migrate (&self->writer, &self->schema_version, error))
      return NULL;
  }

  if (!db_open (&self->reader, path,
                "PRAGMA foreign_keys = ON;"
                "PRAGMA query_only = ON;",
                error))
    return NULL;

  return g_steal_pointer (&self);
}

void
dis_store_open_async (const char          *path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (path != NULL);

  dis_sqlite_open_in_thread (path, (DisSqliteOpenFunc) dis_store_open, dis_store_open_async,
                             cancellable, callback, user_data);
}

DisStore *
dis_store_open_finish (GAsyncResult  *result,
                       GError       **error)
{
  return dis_sqlite_open_in_thread_finish (result, dis_store_open_async, error);
}

const char *
dis_store_get_path (DisStore *self)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  return self->path;
}

int
dis_store_get_schema_version (DisStore *self)
{
  g_return_val_if_fail (DIS_IS_STORE (self), 0);

  return self->schema_version;
}

/* ---- The runner of every dis_store_*_async () ------------------------- */

/* The call is copied: a caller may describe it on its stack. */
typedef struct
{
  DisStoreCall  call;
  gpointer      data;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  if (run->call.data_free != NULL && run->data != NULL)
    run->call.data_free (run->data);
  g_free (run);
}

static void
run_task (GTask *task)
{
  DisStore *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  const DisStoreCall *call = &run->call;
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (call->bool_func != NULL)
    {
      if (call->bool_func (self, run->data, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      return;
    }

  if (call->search != NULL)
    {
      DisStoreArgs *args = run->data;

      result = _dis_store_search (self, call->search, args->text, args->number, &error);
    }
  else
    result = call->func (self, run->data, &error);
  if (error != NULL)
    {
      if (result != NULL && call->result_free != NULL)
        call->result_free (result);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, call->result_free);
}

void
_dis_store_run_async (DisStore            *self,
                      const DisStoreCall  *call,
                      gpointer             data,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RunData *run = g_new0 (RunData, 1);

  g_assert (DIS_IS_STORE (self));
  g_assert ((call->func != NULL) + (call->bool_func != NULL) + (call->search != NULL) == 1);

  run->call = *call;
  if (call->search != NULL)
    {
      run->call.data_free = _dis_store_args_free;
      run->call.result_free = (GDestroyNotify) g_ptr_array_unref;
    }
  run->data = data;
  g_task_set_source_tag (task, call->source_tag);
  g_task_set_task_data (task, run, run_data_free);
  g_thread_pool_push (call->write ? self->write_pool : self->read_pool, g_object_ref (task), NULL);
}

/* What every _finish checks: its own task, from this store. */
static gboolean
is_run_of (DisStore     *self,
           GAsyncResult *result,
           gpointer      source_tag)
{
  return DIS_IS_STORE (self) &&
         g_task_is_valid (result, self) &&
         g_task_get_source_tag (G_TASK (result)) == source_tag;
}

gpointer
_dis_store_run_finish (DisStore      *self,
                       GAsyncResult  *result,
                       gpointer       source_tag,
                       GError       **error)
{
  g_return_val_if_fail (is_run_of (self, result, source_tag), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_dis_store_run_boolean_finish (DisStore      *self,
                               GAsyncResult  *result,
                               gpointer       source_tag,
                               GError       **error)
{
  g_return_val_if_fail (is_run_of (self, result, source_tag), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

DisStoreArgs *
_dis_store_args_new (DisOperator *acting,
                     gpointer     object,
                     const char  *text,
                     gint64       number)
{
  DisStoreArgs *args = g_new0 (DisStoreArgs, 1);

  g_assert (acting == NULL || DIS_IS_OPERATOR (acting));
  g_assert (object == NULL || G_IS_OBJECT (object));

  args->acting = acting != NULL ? g_object_ref (acting) : NULL;
  args->object = object != NULL ? g_object_ref (object) : NULL;
  args->text = g_strdup (text);
  args->number = number;
  return args;
}

void
_dis_store_args_free (gpointer data)
{
  DisStoreArgs *args = data;

  g_clear_object (&args->acting);
  g_clear_object (&args->object);
  g_free (args->text);
  g_free (args->text2);
  /* The PIN does not linger in freed memory. */
  if (args->pin != NULL)
    memset (args->pin, 0, strlen (args->pin));
  g_free (args->pin);
  g_free (args);
}

GPtrArray *
_dis_store_search (DisStore            *self,
                   DisStoreSearchFunc   search,
                   const char          *text,
                   guint                limit,
                   GError             **error)
{
  DIS_DB_LOCK (&self->reader);

  return search (&self->reader, text, limit, error);
}
