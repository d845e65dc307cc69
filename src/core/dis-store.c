/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "dis-core-resources.h"
#include "dis-error.h"
#include "dis-store-private.h"

#define MIGRATIONS_PATH "/it/disotto/core/migrations/"
#define BUSY_TIMEOUT_MS 10000

G_DEFINE_FINAL_TYPE (DisStore, dis_store, G_TYPE_OBJECT)

enum { OUTBOX_CHANGED, N_SIGNALS };
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

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} Job;

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;

  job->func (job->task,
             g_task_get_source_object (job->task),
             g_task_get_task_data (job->task),
             g_task_get_cancellable (job->task));
  g_object_unref (job->task);
  g_free (job);
}

void
_dis_store_queue (DisStore        *self,
                  gboolean         write,
                  GTask           *task,
                  GTaskThreadFunc  func)
{
  Job *job = g_new0 (Job, 1);

  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (write ? self->write_pool : self->read_pool, job, NULL);
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
}

static gboolean
emit_outbox_changed (gpointer data)
{
  g_signal_emit (data, signals[OUTBOX_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

void
_dis_store_notify_outbox_changed (DisStore *self)
{
  GMainContext *context = g_object_get_qdata (G_OBJECT (self), context_quark);

  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, emit_outbox_changed,
                              g_object_ref (self), g_object_unref);
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

/* ---- Generic async ----------------------------------------------------- */

typedef struct
{
  DisStoreFunc   func;
  gpointer       data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  if (run->data_free != NULL && run->data != NULL)
    run->data_free (run->data);
  g_free (run);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *run = task_data;
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  result = run->func (source_object, run->data, &error);
  if (error != NULL)
    {
      if (result != NULL && run->result_free != NULL)
        run->result_free (result);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, run->result_free);
}

void
dis_store_run_async (DisStore            *self,
                     gboolean             write,
                     DisStoreFunc         func,
                     gpointer             data,
                     GDestroyNotify       data_free,
                     GDestroyNotify       result_free,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (func != NULL);

  run = g_new0 (RunData, 1);
  run->func = func;
  run->data = data;
  run->data_free = data_free;
  run->result_free = result_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dis_store_run_async);
  g_task_set_task_data (task, run, run_data_free);
  _dis_store_queue (self, write, task, run_thread);
}

gpointer
dis_store_run_finish (DisStore      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dis_store_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Settings ---------------------------------------------------------- */

static gboolean
meta_set_text (DisDb       *db,
               const char  *key,
               const char  *value,
               GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, key);
  _dis_bind_text (stmt, 2, value);
  return _dis_db_step_done (db, stmt, error);
}

static gboolean
meta_set_int (DisDb       *db,
              const char  *key,
              gint64       value,
              GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, value);
  return _dis_db_step_done (db, stmt, error);
}

/* Reads @key; *found FALSE when missing. The statement stays borrowed by
 * the caller through @out_stmt so the column can be read in its type. */
static gboolean
meta_get (DisDb       *db,
          const char  *key,
          DisStmt    **out_stmt,
          gboolean    *found,
          GError     **error)
{
  DisStmt *stmt;

  stmt = _dis_db_prepare (db, "SELECT value FROM meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, key);
  if (!_dis_db_step_row (db, stmt, found, error))
    {
      _dis_stmt_release (stmt);
      return FALSE;
    }
  *out_stmt = stmt;
  return TRUE;
}

static gboolean
meta_get_int (DisDb       *db,
              const char  *key,
              gint64       fallback,
              gint64      *out,
              GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean found;

  if (!meta_get (db, key, &stmt, &found, error))
    return FALSE;
  *out = found ? sqlite3_column_int64 (stmt, 0) : fallback;
  return TRUE;
}

static gboolean
meta_get_text (DisDb       *db,
               const char  *key,
               char       **out,
               GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean found;

  if (!meta_get (db, key, &stmt, &found, error))
    return FALSE;
  *out = found ? _dis_column_dup (stmt, 0) : NULL;
  return TRUE;
}

void
dis_identity_free (DisIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->point_code);
  g_free (identity->point_name);
  g_free (identity->device_id);
  g_free (identity);
}

DisIdentity *
_dis_store_read_identity (DisDb   *db,
                          GError **error)
{
  g_autoptr(DisIdentity) identity = g_new0 (DisIdentity, 1);

  if (!meta_get_text (db, "point_code", &identity->point_code, error) ||
      !meta_get_text (db, "point_name", &identity->point_name, error) ||
      !meta_get_text (db, "device_id", &identity->device_id, error))
    return NULL;
  if (identity->point_code == NULL || identity->device_id == NULL)
    return NULL;
  if (identity->point_name == NULL)
    identity->point_name = g_strdup (identity->point_code);
  return g_steal_pointer (&identity);
}

static gboolean
is_code_like (const char *text)
{
  if (text == NULL || *text == '\0' || strlen (text) > 32)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
_dis_store_write_identity (DisDb       *db,
                           const char  *point_code,
                           const char  *point_name,
                           const char  *device_id,
                           GError     **error)
{
  /* Both codes end up in receipt numbers "<point>-<device>-<seq>". */
  if (!is_code_like (point_code) || !is_code_like (device_id) || strchr (device_id, '-') != NULL)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("“%s” and “%s” are not valid point and till codes"),
                   point_code ? point_code : "", device_id ? device_id : "");
      return FALSE;
    }

  return meta_set_text (db, "point_code", point_code, error) &&
         meta_set_text (db, "point_name", point_name ? point_name : point_code, error) &&
         meta_set_text (db, "device_id", device_id, error);
}

DisIdentity *
dis_store_get_identity (DisStore  *self,
                        GError   **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);

  return _dis_store_read_identity (&self->reader, error);
}

gboolean
dis_store_set_identity (DisStore    *self,
                        const char  *point_code,
                        const char  *point_name,
                        const char  *device_id,
                        GError     **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  DIS_DB_LOCK (&self->writer);

  if (!_dis_db_begin (&self->writer, error))
    return FALSE;
  if (!_dis_store_write_identity (&self->writer, point_code, point_name, device_id, error) ||
      !_dis_db_commit (&self->writer, error))
    {
      _dis_db_rollback (&self->writer);
      return FALSE;
    }
  return TRUE;
}

gboolean
_dis_store_read_percents (DisDb            *db,
                          DisTierPercents  *out,
                          GError          **error)
{
  DisTierPercents defaults = DIS_TIER_PERCENTS_DEFAULT;
  gint64 a, i, s;

  if (!meta_get_int (db, "tier.accessibile_bp", defaults.accessibile_bp, &a, error) ||
      !meta_get_int (db, "tier.impegno_bp", defaults.impegno_bp, &i, error) ||
      !meta_get_int (db, "tier.solidale_bp", defaults.solidale_bp, &s, error))
    return FALSE;

  out->accessibile_bp = (gint32) a;
  out->impegno_bp = (gint32) i;
  out->solidale_bp = (gint32) s;
  return TRUE;
}

gboolean
_dis_store_write_percents (DisDb                 *db,
                           const DisTierPercents *percents,
                           GError               **error)
{
  /* Percentages of Equa must keep the tier order and positive prices. */
  if (percents->accessibile_bp <= -10000 ||
      percents->accessibile_bp > percents->impegno_bp ||
      percents->impegno_bp > 0 ||
      percents->solidale_bp < 0 ||
      percents->solidale_bp > 100000)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_PRICE_ORDER,
                   _("The tier percentages must keep Accessibile ≤ Impegno ≤ Equa ≤ Solidale"));
      return FALSE;
    }

  return meta_set_int (db, "tier.accessibile_bp", percents->accessibile_bp, error) &&
         meta_set_int (db, "tier.impegno_bp", percents->impegno_bp, error) &&
         meta_set_int (db, "tier.solidale_bp", percents->solidale_bp, error);
}

gboolean
dis_store_get_tier_percents (DisStore         *self,
                             DisTierPercents  *out,
                             GError          **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  DIS_DB_LOCK (&self->reader);

  return _dis_store_read_percents (&self->reader, out, error);
}

gboolean
dis_store_set_tier_percents (DisStore               *self,
                             const DisTierPercents  *percents,
                             GError                **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (percents != NULL, FALSE);
  DIS_DB_LOCK (&self->writer);

  if (!_dis_db_begin (&self->writer, error))
    return FALSE;
  if (!_dis_store_write_percents (&self->writer, percents, error) ||
      !_dis_db_commit (&self->writer, error))
    {
      _dis_db_rollback (&self->writer);
      return FALSE;
    }
  return TRUE;
}

gboolean
_dis_store_write_eligibility_rules (DisDb                      *db,
                                    const DisEligibilityRules  *rules,
                                    GError                    **error)
{
  if (rules->impegno_volume_cents < 0 || rules->impegno_activity_min < 0 ||
      rules->impegno_min_months > 240)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("The eligibility rules are not valid"));
      return FALSE;
    }

  return meta_set_int (db, "eligibility.impegno_min_months", rules->impegno_min_months, error) &&
         meta_set_int (db, "eligibility.impegno_volume_cents", rules->impegno_volume_cents, error) &&
         meta_set_int (db, "eligibility.impegno_needs_activity", rules->impegno_needs_activity ? 1 : 0, error) &&
         meta_set_int (db, "eligibility.impegno_activity_min", rules->impegno_activity_min, error);
}

gboolean
dis_store_get_eligibility_rules (DisStore             *self,
                                 DisEligibilityRules  *out,
                                 GError              **error)
{
  DisEligibilityRules defaults = DIS_ELIGIBILITY_RULES_DEFAULT;
  gint64 months, volume, needs, activity;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  DIS_DB_LOCK (&self->reader);

  if (!meta_get_int (&self->reader, "eligibility.impegno_min_months", defaults.impegno_min_months, &months, error) ||
      !meta_get_int (&self->reader, "eligibility.impegno_volume_cents", defaults.impegno_volume_cents, &volume, error) ||
      !meta_get_int (&self->reader, "eligibility.impegno_needs_activity", defaults.impegno_needs_activity, &needs, error) ||
      !meta_get_int (&self->reader, "eligibility.impegno_activity_min", defaults.impegno_activity_min, &activity, error))
    return FALSE;

  out->impegno_min_months = (guint) months;
  out->impegno_volume_cents = volume;
  out->impegno_needs_activity = needs != 0;
  out->impegno_activity_min = activity;
  return TRUE;
}

static gpointer
get_eligibility_rules_func (DisStore  *store,
                            gpointer   data,
                            GError   **error)
{
  g_autofree DisEligibilityRules *rules = g_new0 (DisEligibilityRules, 1);

  if (!dis_store_get_eligibility_rules (store, rules, error))
    return NULL;

  return g_steal_pointer (&rules);
}

void
dis_store_get_eligibility_rules_async (DisStore            *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (DIS_IS_STORE (self));

  dis_store_run_async (self, FALSE, get_eligibility_rules_func, NULL, NULL, g_free,
                       cancellable, callback, user_data);
}

gboolean
dis_store_get_eligibility_rules_finish (DisStore             *self,
                                        GAsyncResult         *result,
                                        DisEligibilityRules  *out,
                                        GError              **error)
{
  g_autofree DisEligibilityRules *rules = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  rules = dis_store_run_finish (self, result, error);
  if (rules == NULL)
    return FALSE;

  *out = *rules;
  return TRUE;
}

/* ---- Points ------------------------------------------------------------ */

gboolean
_dis_store_write_point (DisDb                 *db,
                        const DisPointRecord  *point,
                        GError               **error)
{
  static const char * const kinds[] = { "shop", "gas", "producer", "collection", NULL };
  g_autoptr(DisStmt) stmt = NULL;

  if (point->code == NULL || *point->code == '\0' ||
      point->name == NULL || *point->name == '\0' ||
      point->kind == NULL || !g_strv_contains (kinds, point->kind))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("The point “%s” is not valid"), point->code ? point->code : "");
      return FALSE;
    }

  stmt = _dis_db_prepare (db,
                          "INSERT INTO points (code, name, kind, address, comune, lat_e6, lon_e6,"
                          " hours, phone, email, home_delivery, collection_point)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                          " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
                          " kind = excluded.kind, address = excluded.address, comune = excluded.comune,"
                          " lat_e6 = excluded.lat_e6, lon_e6 = excluded.lon_e6, hours = excluded.hours,"
                          " phone = excluded.phone, email = excluded.email,"
                          " home_delivery = excluded.home_delivery,"
                          " collection_point = excluded.collection_point",
                          error);
  if (stmt == NULL)
    return FALSE;

  _dis_bind_text (stmt, 1, point->code);
  _dis_bind_text (stmt, 2, point->name);
  _dis_bind_text (stmt, 3, point->kind);
  _dis_bind_text (stmt, 4, point->address);
  _dis_bind_text (stmt, 5, point->comune);
  sqlite3_bind_int64 (stmt, 6, point->lat_e6);
  sqlite3_bind_int64 (stmt, 7, point->lon_e6);
  _dis_bind_text (stmt, 8, point->hours);
  _dis_bind_text (stmt, 9, point->phone);
  _dis_bind_text (stmt, 10, point->email);
  sqlite3_bind_int (stmt, 11, point->home_delivery ? 1 : 0);
  sqlite3_bind_int (stmt, 12, point->collection_point ? 1 : 0);
  return _dis_db_step_done (db, stmt, error);
}

gboolean
dis_store_upsert_point (DisStore              *self,
                        const DisPointRecord  *point,
                        GError               **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (point != NULL, FALSE);
  DIS_DB_LOCK (&self->writer);

  return _dis_store_write_point (&self->writer, point, error);
}
