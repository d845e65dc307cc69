/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-sync"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-store-private.h"
#include "dis-store-sync.h"
#include "dis-sync.h"

/* ---- Outbox ------------------------------------------------------------- */

void
dis_outbox_event_free (DisOutboxEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->id);
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
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_outbox_event_free);
  g_autoptr(DisStmt) stmt = NULL;
  gsize bytes = 0;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);

  stmt = _dis_db_prepare (&self->reader,
                          "SELECT id, seq, type, at, payload FROM outbox ORDER BY seq LIMIT ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, max_events);

  while (_dis_db_step_row (&self->reader, stmt, &has_row, error))
    {
      DisOutboxEvent *event;
      gsize size;

      if (!has_row)
        return g_steal_pointer (&events);
      size = (gsize) sqlite3_column_bytes (stmt, 4);
      if (events->len > 0 && bytes + size > max_bytes)
        return g_steal_pointer (&events);
      bytes += size;

      event = g_new0 (DisOutboxEvent, 1);
      event->id = _dis_column_dup (stmt, 0);
      event->seq = sqlite3_column_int64 (stmt, 1);
      event->type = _dis_column_dup (stmt, 2);
      event->at = _dis_column_dup (stmt, 3);
      event->payload = _dis_column_dup (stmt, 4);
      g_ptr_array_add (events, event);
    }
  return NULL;
}

static gboolean
apply_result (DisDb               *db,
              const DisCodecAck   *result,
              const char          *now,
              GError             **error)
{
  if (result->status == DIS_CODEC_ACK_REJECTED)
    {
      g_autoptr(DisStmt) move = NULL;

      move = _dis_db_prepare (db,
                              "INSERT INTO dead_letters (id, seq, type, at, payload, sale_id, code, message, rejected_at)"
                              " SELECT id, seq, type, at, payload, sale_id, ?2, ?3, ?4 FROM outbox WHERE id = ?1"
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

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (acks != NULL || n_acks == 0, FALSE);
  DIS_DB_LOCK (&self->writer);

  if (!_dis_db_begin (&self->writer, error))
    return FALSE;
  for (guint i = 0; i < n_acks; i++)
    if (!apply_result (&self->writer, &acks[i], now, error))
      {
        _dis_db_rollback (&self->writer);
        return FALSE;
      }
  if (!_dis_db_commit (&self->writer, error))
    {
      _dis_db_rollback (&self->writer);
      return FALSE;
    }
  return TRUE;
}

/* ---- State --------------------------------------------------------------- */

static gboolean
write_cursor (DisDb       *db,
              gint64       cursor,
              GError     **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, "UPDATE sync_state SET cursor = ?1 WHERE id = 1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cursor);
  return _dis_db_step_done (db, stmt, error);
}

gboolean
dis_store_sync_get_cursor (DisStore  *self,
                           gint64    *out_cursor,
                           GError   **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  DIS_DB_LOCK (&self->reader);

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
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GDateTime) oldest = NULL;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  DIS_DB_LOCK (&self->reader);

  /* The oldest by seq: `at` carries its own offset, so compare no text. */
  stmt = _dis_db_prepare (&self->reader,
                          "SELECT count(*), (SELECT at FROM outbox ORDER BY seq LIMIT 1) FROM outbox",
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
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), -1);
  DIS_DB_LOCK (&self->reader);

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
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GDateTime) when = NULL;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  DIS_DB_LOCK (&self->reader);

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
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *text = g_date_time_format_iso8601 (local);

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  DIS_DB_LOCK (&self->writer);

  stmt = _dis_db_prepare (&self->writer, "UPDATE sync_state SET last_success = ?1 WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, text);
  return _dis_db_step_done (&self->writer, stmt, error);
}

/* ---- Dead letters -------------------------------------------------------- */

void
dis_dead_letter_free (DisDeadLetter *letter)
{
  if (letter == NULL)
    return;
  g_free (letter->event_id);
  g_free (letter->type);
  g_free (letter->receipt_no);
  g_clear_pointer (&letter->at, g_date_time_unref);
  g_free (letter->code);
  g_free (letter->message);
  g_free (letter);
}

GPtrArray *
dis_store_list_dead_letters (DisStore  *self,
                             GError   **error)
{
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_dead_letter_free);
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);

  stmt = _dis_db_prepare (&self->reader,
                          "SELECT id, type,"
                          " CASE WHEN type LIKE 'sale.%' THEN json_extract (payload, '$.receipt_no') END,"
                          " at, code, message FROM dead_letters ORDER BY seq",
                          error);
  if (stmt == NULL)
    return NULL;
  while (_dis_db_step_row (&self->reader, stmt, &has_row, error))
    {
      DisDeadLetter *letter;

      if (!has_row)
        return g_steal_pointer (&letters);
      letter = g_new0 (DisDeadLetter, 1);
      letter->event_id = _dis_column_dup (stmt, 0);
      letter->type = _dis_column_dup (stmt, 1);
      if (sqlite3_column_type (stmt, 2) == SQLITE_TEXT)
        letter->receipt_no = _dis_column_dup (stmt, 2);
      letter->at = _dis_parse_iso8601 ((const char *) sqlite3_column_text (stmt, 3));
      letter->code = _dis_column_dup (stmt, 4);
      letter->message = _dis_column_dup (stmt, 5);
      g_ptr_array_add (letters, letter);
    }
  return NULL;
}

/* ---- Changes feed -------------------------------------------------------- */

/* Every change went through the codec: its fields are in bounds. */

static gboolean
apply_settings (DisDb                   *db,
                const DisCodecSettings  *settings,
                GError                 **error)
{
#define HAS(s) ((settings->present & (1u << DIS_CODEC_SETTING_ ## s)) != 0)
#define VALUE(s) (settings->value[DIS_CODEC_SETTING_ ## s])
  if (HAS (ACCESSIBILE_BP) || HAS (IMPEGNO_BP) || HAS (SOLIDALE_BP))
    {
      DisTierPercents percents;

      if (!_dis_store_read_percents (db, &percents, error))
        return FALSE;
      if (HAS (ACCESSIBILE_BP))
        percents.accessibile_bp = (gint32) VALUE (ACCESSIBILE_BP);
      if (HAS (IMPEGNO_BP))
        percents.impegno_bp = (gint32) VALUE (IMPEGNO_BP);
      if (HAS (SOLIDALE_BP))
        percents.solidale_bp = (gint32) VALUE (SOLIDALE_BP);
      if (!_dis_store_write_percents (db, &percents, error))
        return FALSE;
    }

  if (HAS (IMPEGNO_MIN_MONTHS) || HAS (IMPEGNO_VOLUME_CENTS) ||
      HAS (IMPEGNO_NEEDS_ACTIVITY) || HAS (IMPEGNO_ACTIVITY_MIN))
    {
      DisEligibilityRules rules = DIS_ELIGIBILITY_RULES_DEFAULT;

      if (HAS (IMPEGNO_MIN_MONTHS))
        rules.impegno_min_months = (guint) VALUE (IMPEGNO_MIN_MONTHS);
      if (HAS (IMPEGNO_VOLUME_CENTS))
        rules.impegno_volume_cents = VALUE (IMPEGNO_VOLUME_CENTS);
      if (HAS (IMPEGNO_NEEDS_ACTIVITY))
        rules.impegno_needs_activity = VALUE (IMPEGNO_NEEDS_ACTIVITY) != 0;
      if (HAS (IMPEGNO_ACTIVITY_MIN))
        rules.impegno_activity_min = VALUE (IMPEGNO_ACTIVITY_MIN);
      if (!_dis_store_write_eligibility_rules (db, &rules, error))
        return FALSE;
    }
  return TRUE;
#undef HAS
#undef VALUE
}

/* A row of basket.json, as the hub publishes it. */
static gboolean
apply_product (DisDb                  *db,
               const DisCodecProduct  *product,
               GError                **error)
{
  DisProductRecord record = { 0 };

  record.code = (char *) product->code;
  record.name = (char *) product->name;
  record.kind = DIS_PRODUCT_BASKET;
  record.unit = product->unit;
  record.vat_rate = (guint) product->vat;
  record.ean = (char *) product->ean;
  record.plu = (guint) product->plu;
  record.supplier_code = (char *) product->supplier;
  record.category = product->category != NULL && *product->category != '\0' ? (char *) product->category : NULL;
  record.equa_cents = product->equa_cents;
  record.overrides.has_accessibile = (product->overrides & DIS_CODEC_OVERRIDE_ACCESSIBILE) != 0;
  record.overrides.accessibile_bp = (gint32) product->accessibile_bp;
  record.overrides.has_impegno = (product->overrides & DIS_CODEC_OVERRIDE_IMPEGNO) != 0;
  record.overrides.impegno_bp = (gint32) product->impegno_bp;
  record.overrides.has_solidale = (product->overrides & DIS_CODEC_OVERRIDE_SOLIDALE) != 0;
  record.overrides.solidale_bp = (gint32) product->solidale_bp;
  return _dis_store_write_product (db, &record, error) != 0;
}

/* A row of points.json, as the hub publishes it (and GET /me). */
static gboolean
apply_point (DisDb                *db,
             const DisCodecPoint  *point,
             GError              **error)
{
  DisPointRecord record = { 0 };

  record.code = (char *) point->code;
  record.name = (char *) point->name;
  record.kind = (char *) dis_codec_point_kind_to_string (point->kind);
  record.address = (char *) point->address;
  record.comune = (char *) point->comune;
  /* Coordinates, not money: decimal degrees to microdegrees. */
  record.lat_e6 = (gint64) llround (point->lat * 1e6);
  record.lon_e6 = (gint64) llround (point->lon * 1e6);
  record.hours = (char *) point->hours;
  record.phone = (char *) point->phone;
  record.email = (char *) point->email;
  record.home_delivery = point->home_delivery;
  record.collection_point = point->collection_point;
  return _dis_store_write_point (db, &record, error);
}

static gboolean
delete_point (DisDb       *db,
              const char  *code,
              GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db, "DELETE FROM points WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, code);
  return _dis_db_step_done (db, stmt, error);
}

static gboolean
apply_change (DisDb       *db,
              JsonNode    *node,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  DisCodecChange change;
  gboolean upsert;

  if (!dis_codec_change_decode (node, &change, &local_error))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("The hub sent a change this point cannot read (%s)"), local_error->message);
      return FALSE;
    }

  upsert = change.op == DIS_CODEC_OP_UPSERT;
  switch (change.kind)
    {
    case DIS_CODEC_CHANGE_SETTINGS:
      return apply_settings (db, &change.settings, error);
    case DIS_CODEC_CHANGE_SUPPLIER:
      return _dis_store_write_supplier (db, change.supplier.code, change.supplier.name, error);
    case DIS_CODEC_CHANGE_PRODUCT:
      return apply_product (db, &change.product, error);
    case DIS_CODEC_CHANGE_POINT:
      return upsert ? apply_point (db, &change.point, error) : delete_point (db, change.point.code, error);
    case DIS_CODEC_CHANGE_MEMBER:
      return _dis_store_apply_member_change (db, &change.member, upsert, error);
    case DIS_CODEC_CHANGE_UNKNOWN:
    default:
      /* A newer hub may publish kinds this point does not know yet. */
      g_debug ("Ignoring change %s", change.kind_name);
      return TRUE;
    }
}

static gboolean
exec_simple (DisDb       *db,
             const char  *sql,
             GError     **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, sql, error);

  return stmt != NULL && _dis_db_step_done (db, stmt, error);
}

gboolean
dis_store_sync_apply_changes (DisStore   *self,
                              JsonArray  *changes,
                              gint64      next,
                              GError    **error)
{
  DisDb *db;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (next >= 0, FALSE);

  db = &self->writer;
  DIS_DB_LOCK (db);

  if (!_dis_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      g_autoptr(GError) local_error = NULL;

      /* A savepoint per change, so one this store refuses leaves no half. */
      if (!exec_simple (db, "SAVEPOINT change", error))
        goto failed;
      if (apply_change (db, json_array_get_element (changes, i), &local_error))
        {
          if (!exec_simple (db, "RELEASE change", error))
            goto failed;
          continue;
        }
      if (g_error_matches (local_error, DIS_ERROR, DIS_ERROR_DATABASE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto failed;
        }
      g_warning ("Skipping a change from the hub: %s", local_error->message);
      if (!exec_simple (db, "ROLLBACK TO change", error) ||
          !exec_simple (db, "RELEASE change", error))
        goto failed;
    }
  if (!write_cursor (db, next, error) || !_dis_db_commit (db, error))
    goto failed;
  return TRUE;

failed:
  _dis_db_rollback (db);
  return FALSE;
}

/* ---- Enrolment ----------------------------------------------------------- */

/* When the device code changes while events wait, the new code's event
 * counter starts after them: seq stays unique and in commit order. */
static gboolean
carry_event_seq (DisDb       *db,
                 const char  *device_id,
                 GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "INSERT INTO device_seq (device_id, counter, last_seq)"
                          " SELECT ?1, 'event', max (seq) FROM outbox WHERE seq IS NOT NULL HAVING count(*) > 0"
                          " ON CONFLICT (device_id, counter) DO UPDATE"
                          " SET last_seq = max (last_seq, excluded.last_seq)",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, device_id);
  return _dis_db_step_done (db, stmt, error);
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
      !carry_event_seq (db, device_id, error) ||
      (point != NULL && !apply_point (db, point, error)) ||
      (reset_cursor && !write_cursor (db, 0, error)) ||
      !_dis_db_commit (db, error))
    {
      _dis_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}
