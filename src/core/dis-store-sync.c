/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-sync"

#include "config.h"

#include "dis-id.h"
#include "dis-error.h"
#include "dis-store-sync-private.h"
#include "dis-sync.h"

/* The outbox, the hub's acknowledgements, the sync state and the
 * enrolment (dis-store-sync-private.h says where the rest is). */

/* ---- Outbox ------------------------------------------------------------- */

void
dis_outbox_event_free (DisOutboxEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->id);
  g_free (event->device);
  g_free (event->type);
  g_free (event->at);
  g_free (event->payload);
  g_free (event);
}

GPtrArray *
dis_store_sync_read_outbox (DisStore  *self,
                            guint      max_events,
                            gsize      max_bytes,
                            GError   **error)
{
  return dis_store_sync_read_outbox_after (self, 0, max_events, max_bytes, error);
}

GPtrArray *
dis_store_sync_read_outbox_after (DisStore  *self,
                                  gint64     after,
                                  guint      max_events,
                                  gsize      max_bytes,
                                  GError   **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_outbox_event_free);
  gsize bytes = 0;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader,
                          "SELECT id, device, seq, type, at, payload, position FROM outbox"
                          " WHERE position > ?2 ORDER BY position LIMIT ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, max_events);
  sqlite3_bind_int64 (stmt, 2, after);

  while (_dis_db_step_row (&self->reader, stmt, &has_row, error))
    {
      DisOutboxEvent *event;
      gsize size;

      if (!has_row)
        return g_steal_pointer (&events);
      size = (gsize) sqlite3_column_bytes (stmt, 5);
      if (events->len > 0 && bytes + size > max_bytes)
        return g_steal_pointer (&events);
      bytes += size;

      event = g_new0 (DisOutboxEvent, 1);
      event->id = _dis_column_dup (stmt, 0);
      event->device = _dis_column_dup (stmt, 1);
      event->seq = sqlite3_column_int64 (stmt, 2);
      event->type = _dis_column_dup (stmt, 3);
      event->at = _dis_column_dup (stmt, 4);
      event->payload = _dis_column_dup (stmt, 5);
      event->position = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (events, event);
    }
  return NULL;
}

/* Another point used the id first (the hub never acknowledges it for
 * us): the event takes a new one and keeps its place in the outbox. */
static gboolean
give_new_id (DisDb       *db,
             const char  *id,
             GError     **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, "UPDATE outbox SET id = ?2 WHERE id = ?1", error);
  g_autofree char *new_id = dis_id_new ();

  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, id);
  _dis_bind_text (stmt, 2, new_id);
  g_message ("Event %s: its id was another point's; sending it again as %s", id, new_id);
  return _dis_db_step_done (db, stmt, error);
}

static gboolean
apply_result (DisDb               *db,
              const DisCodecAck   *result,
              const char          *now,
              GError             **error)
{
  if (result->status == DIS_CODEC_ACK_REJECTED &&
      g_strcmp0 (result->code, DIS_CODEC_REJECT_EVENT_ID_CONFLICT) == 0)
    return give_new_id (db, result->id, error);

  if (result->status == DIS_CODEC_ACK_REJECTED)
    {
      g_autoptr(DisStmt) move = NULL;

      move = _dis_db_prepare (db,
                              "INSERT INTO dead_letters (id, device, seq, type, at, payload, sale_id, code,"
                              " message, rejected_at)"
                              " SELECT id, device, seq, type, at, payload, sale_id, ?2, ?3, ?4 FROM outbox"
                              " WHERE id = ?1"
                              " ON CONFLICT (id) DO NOTHING",
                              error);
      if (move == NULL)
        return FALSE;
      _dis_bind_text (move, 1, result->id);
      _dis_bind_text (move, 2, result->code ? result->code : "rejected");
      _dis_bind_text (move, 3, result->message ? result->message : "");
      _dis_bind_text (move, 4, now);
      if (!_dis_db_step_done (db, move, error))
        return FALSE;
    }

  {
    g_autoptr(DisStmt) delete = _dis_db_prepare (db, "DELETE FROM outbox WHERE id = ?1", error);

    if (delete == NULL)
      return FALSE;
    _dis_bind_text (delete, 1, result->id);
    return _dis_db_step_done (db, delete, error);
  }
}

gboolean
dis_store_sync_apply_results (DisStore           *self,
                              const DisCodecAck  *acks,
                              guint               n_acks,
                              GError            **error)
{
  g_autofree char *now = _dis_now_iso8601 ();
  g_autoptr(GError) restore_error = NULL;
  gboolean ok;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (acks != NULL || n_acks == 0, FALSE);
  DIS_DB_LOCK (&self->writer);

  /* The hub's answers need not wait for the disk: one lost to a power
   * cut leaves its events in the outbox, sent again and answered
   * "duplicate". The wait was a sixth of a batch's time in a drain.
   * The WAL is appended in order, so the next sale's synced commit
   * makes this one durable too; every other commit of the writer still
   * waits. */
  if (!_dis_db_exec (&self->writer, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  ok = _dis_db_begin (&self->writer, error);
  for (guint i = 0; ok && i < n_acks; i++)
    ok = apply_result (&self->writer, &acks[i], now, error);
  ok = ok && _dis_db_commit (&self->writer, error);
  if (!ok)
    _dis_db_rollback (&self->writer);
  if (!_dis_db_exec (&self->writer, "PRAGMA synchronous = FULL", &restore_error))
    /* Never leave the till's sales without their sync. */
    g_error ("Could not make the database wait for the disk again: %s", restore_error->message);
  return ok;
}

/* ---- State --------------------------------------------------------------- */

gboolean
dis_store_sync_get_cursor (DisStore  *self,
                           gint64    *out_cursor,
                           GError   **error)
{
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader, "SELECT cursor FROM sync_state WHERE id = 1", error);
  if (stmt == NULL || !_dis_db_step_row (&self->reader, stmt, &has_row, error))
    return FALSE;
  *out_cursor = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

gboolean
dis_store_sync_get_pending (DisStore  *self,
                            gint64    *out_count,
                            gint64    *out_oldest,
                            GError   **error)
{
  g_autoptr(GDateTime) oldest = NULL;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  /* The oldest committed: `at` carries its own offset, so compare no text. */
  stmt = _dis_db_prepare (&self->reader,
                          "SELECT count(*), (SELECT at FROM outbox ORDER BY position LIMIT 1) FROM outbox",
                          error);
  if (stmt == NULL || !_dis_db_step_row (&self->reader, stmt, &has_row, error))
    return FALSE;
  *out_count = sqlite3_column_int64 (stmt, 0);
  oldest = _dis_parse_iso8601 ((const char *) sqlite3_column_text (stmt, 1));
  *out_oldest = oldest ? g_date_time_to_unix (oldest) : 0;
  return TRUE;
}

gint64
dis_store_sync_count_dead_letters (DisStore  *self,
                                   GError   **error)
{
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), -1);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader, "SELECT count(*) FROM dead_letters", error);
  if (stmt == NULL || !_dis_db_step_row (&self->reader, stmt, &has_row, error))
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
dis_store_sync_get_last_success (DisStore  *self,
                                 gint64    *out_unix,
                                 GError   **error)
{
  g_autoptr(GDateTime) when = NULL;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader, "SELECT last_success FROM sync_state WHERE id = 1", error);
  if (stmt == NULL || !_dis_db_step_row (&self->reader, stmt, &has_row, error))
    return FALSE;
  when = has_row ? _dis_parse_iso8601 ((const char *) sqlite3_column_text (stmt, 0)) : NULL;
  *out_unix = when ? g_date_time_to_unix (when) : 0;
  return TRUE;
}

gboolean
dis_store_sync_set_last_success (DisStore  *self,
                                 gint64     unix_time,
                                 GError   **error)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *text = g_date_time_format_iso8601 (local);

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  DIS_DB_LOCK (&self->writer);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->writer, "UPDATE sync_state SET last_success = ?1 WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, text);
  return _dis_db_step_done (&self->writer, stmt, error);
}

/* ---- Enrolment ----------------------------------------------------------- */

/* The hub refused these for naming another device than the one that
 * pushed them; enrolled again, the till may send them. */
static gboolean
requeue_wrong_device (DisDb   *db,
                      GError **error)
{
  static const char * const codes[] = { DIS_CODEC_REJECT_WRONG_DEVICE, NULL };

  return _dis_store_requeue_dead_letters (db, "code", codes, error) >= 0;
}

gboolean
dis_store_sync_enrol (DisStore             *self,
                      const char           *point_code,
                      const char           *point_name,
                      const char           *device_id,
                      const DisCodecPoint  *point,
                      gboolean              reset_cursor,
                      GError              **error)
{
  DisDb *db;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);

  db = &self->writer;
  DIS_DB_LOCK (db);

  if (!_dis_db_begin (db, error))
    return FALSE;
  if (!_dis_store_write_identity (db, point_code, point_name, device_id, error) ||
      !requeue_wrong_device (db, error) ||
      (point != NULL && !_dis_store_sync_write_point (db, point, error)) ||
      (reset_cursor && !_dis_store_sync_forget_feed (db, error)) ||
      !_dis_db_commit (db, error))
    {
      _dis_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}
