/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-events"

#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "dis-hub-checks.h"
#include "dis-hub-events-private.h"
#include "dis-hub-events.h"
#include "dis-hub-json.h"
#include "dis-hub-members.h"
#include "dis-hub-orders.h"
#include "dis-hub-prices.h"
#include "dis-hub-stock.h"

/* Events pushed by points (README-api.md): the codec decodes and checks
 * each (dis-codec.h), this file applies it. The figures of a sale are the
 * point's: the hub prices every line from its own catalog, recomputes
 * the figures and flags the sale when they differ (dis-hub-events-sale.c). */

/* What the events of one batch share, worked out once for the batch:
 * the time the hub received them, what pricing learnt of the catalog,
 * how its sales move the point's stock (made at its first sale), each
 * device's highest seq (written back once, at the end) and the seq gaps
 * found. */
typedef struct
{
  char             *now;
  DisHubPriceCache *prices;
  DisHubStockSales *stock;
  GHashTable       *seqs;     /* device → DeviceSeq */
  GArray           *gaps;     /* DisCodecGap */
} Batch;

typedef struct
{
  gint64   last;
  gboolean moved;
} DeviceSeq;

static void
batch_clear (Batch *batch)
{
  g_clear_pointer (&batch->now, g_free);
  g_clear_pointer (&batch->prices, dis_hub_price_cache_free);
  g_clear_pointer (&batch->stock, dis_hub_stock_sales_free);
  g_clear_pointer (&batch->seqs, g_hash_table_unref);
  g_clear_pointer (&batch->gaps, g_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Batch, batch_clear)

static gboolean
sale_exists (DisHubDb    *db,
             const char  *id,
             gboolean    *out,
             GError     **error)
{
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare_cached (db, "SELECT 1 FROM hub_sales WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  return dis_hub_db_step (db, stmt, out, error);
}


static gboolean
insert_event (DisHubDb    *db,
              Batch       *batch,
              const char  *point,
              const char  *device,
              const char  *id,
              gint64       seq,
              const char  *type,
              const char  *at,
              const char  *payload,
              GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  stmt = dis_hub_db_prepare_cached (db,
                                    "INSERT INTO events (id, point_code, device, seq, type, at, received_at, payload)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  dis_hub_stmt_bind_text (stmt, 2, point);
  dis_hub_stmt_bind_text (stmt, 3, device);
  dis_hub_stmt_bind_int64 (stmt, 4, seq);
  dis_hub_stmt_bind_text (stmt, 5, type);
  dis_hub_stmt_bind_text (stmt, 6, at);
  dis_hub_stmt_bind_text (stmt, 7, batch->now);
  dis_hub_stmt_bind_text (stmt, 8, payload);
  return dis_hub_db_step_done (db, stmt, error);
}

/* The highest seq of @device of @point, as the batch has moved it. */
static DeviceSeq *
device_seq (DisHubDb    *db,
            Batch       *batch,
            const char  *point,
            const char  *device,
            GError     **error)
{
  g_autoptr(DisHubStmt) select = NULL;
  DeviceSeq *found = g_hash_table_lookup (batch->seqs, device);
  gboolean has_row;

  if (found != NULL)
    return found;
  select = dis_hub_db_prepare_cached (db, "SELECT last_seq FROM devices WHERE point_code = ?1 AND device = ?2", error);
  if (select == NULL)
    return NULL;
  dis_hub_stmt_bind_text (select, 1, point);
  dis_hub_stmt_bind_text (select, 2, device);
  if (!dis_hub_db_step (db, select, &has_row, error))
    return NULL;
  found = g_new0 (DeviceSeq, 1);
  found->last = has_row ? dis_hub_stmt_column_int64 (select, 0) : 0;
  g_hash_table_insert (batch->seqs, g_strdup (device), found);
  return found;
}

/* Writes back the seqs the batch moved. */
static gboolean
store_seqs (DisHubDb    *db,
            Batch       *batch,
            const char  *point,
            GError     **error)
{
  GHashTableIter iter;
  gpointer device, value;

  g_hash_table_iter_init (&iter, batch->seqs);
  while (g_hash_table_iter_next (&iter, &device, &value))
    {
      g_autoptr(DisHubStmt) update = NULL;
      DeviceSeq *seq = value;

      if (!seq->moved)
        continue;
      update = dis_hub_db_prepare_cached (db, "UPDATE devices SET last_seq = ?3 WHERE point_code = ?1 AND device = ?2",
                                          error);
      if (update == NULL)
        return FALSE;
      dis_hub_stmt_bind_text (update, 1, point);
      dis_hub_stmt_bind_text (update, 2, device);
      dis_hub_stmt_bind_int64 (update, 3, seq->last);
      if (!dis_hub_db_step_done (db, update, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
record_gap (DisHubDb    *db,
            const char  *point,
            const char  *device,
            gint64       from,
            gint64       to,
            const char  *recorded_at,
            GError     **error)
{
  g_autoptr(DisHubStmt) insert = NULL;

  insert = dis_hub_db_prepare_cached (db,
                                      "INSERT INTO gaps (point_code, device, from_seq, to_seq, recorded_at)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5)",
                                      error);
  if (insert == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (insert, 1, point);
  dis_hub_stmt_bind_text (insert, 2, device);
  dis_hub_stmt_bind_int64 (insert, 3, from);
  dis_hub_stmt_bind_int64 (insert, 4, to);
  dis_hub_stmt_bind_text (insert, 5, recorded_at);
  return dis_hub_db_step_done (db, insert, error);
}

/* An event of @device that comes after later ones (a point sends its
 * next batch while one is still on its way, or sends an event again
 * under a new id) fills its place in the gap those left. */
static gboolean
fill_gap (DisHubDb    *db,
          const char  *point,
          const char  *device,
          gint64       seq,
          GError     **error)
{
  g_autoptr(DisHubStmt) select = NULL;
  g_autoptr(DisHubStmt) change = NULL;
  g_autofree char *recorded_at = NULL;
  gint64 id, from, to;
  gboolean has_row;

  select = dis_hub_db_prepare_cached (db,
                                      "SELECT id, from_seq, to_seq, recorded_at FROM gaps"
                                      " WHERE point_code = ?1 AND device = ?2 AND from_seq <= ?3 AND to_seq >= ?3",
                                      error);
  if (select == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (select, 1, point);
  dis_hub_stmt_bind_text (select, 2, device);
  dis_hub_stmt_bind_int64 (select, 3, seq);
  if (!dis_hub_db_step (db, select, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;
  id = dis_hub_stmt_column_int64 (select, 0);
  from = dis_hub_stmt_column_int64 (select, 1);
  to = dis_hub_stmt_column_int64 (select, 2);
  recorded_at = dis_hub_column_dup (select, 3);
  dis_hub_stmt_reset (select);

  if (from == to)
    {
      change = dis_hub_db_prepare_cached (db, "DELETE FROM gaps WHERE id = ?1", error);
      if (change == NULL)
        return FALSE;
      dis_hub_stmt_bind_int64 (change, 1, id);
      return dis_hub_db_step_done (db, change, error);
    }

  /* At an end the gap shrinks; in its middle, what is left before @seq
   * stays in the row and what is left after it takes a row of its own. */
  change = dis_hub_db_prepare_cached (db, "UPDATE gaps SET from_seq = ?2, to_seq = ?3 WHERE id = ?1", error);
  if (change == NULL)
    return FALSE;
  dis_hub_stmt_bind_int64 (change, 1, id);
  dis_hub_stmt_bind_int64 (change, 2, seq == from ? from + 1 : from);
  dis_hub_stmt_bind_int64 (change, 3, seq == from ? to : seq - 1);
  if (!dis_hub_db_step_done (db, change, error))
    return FALSE;
  return seq == from || seq == to || record_gap (db, point, device, seq + 1, to, recorded_at, error);
}

/* Tracks the device's highest seq and records a gap when it jumps. */
static gboolean
track_seq (DisHubDb    *db,
           Batch       *batch,
           const char  *point,
           const char  *device,
           gint64       seq,
           GError     **error)
{
  DeviceSeq *known = device_seq (db, batch, point, device, error);
  gint64 last;

  if (known == NULL)
    return FALSE;
  last = known->last;
  /* seq is at most DIS_CODEC_SEQ_MAX, so last + 1 cannot overflow here. */
  if (seq < last)
    return fill_gap (db, point, device, seq, error);
  if (seq == last)
    return TRUE;

  if (seq > last + 1)
    {
      if (!record_gap (db, point, device, last + 1, seq - 1, batch->now, error))
        return FALSE;

      {
        DisCodecGap found = { device, last + 1, seq - 1 };

        g_array_append_val (batch->gaps, found);
      }
    }

  /* An event is applied whole or fails the batch: the seq stands. */
  known->last = seq;
  known->moved = TRUE;
  return TRUE;
}

/* The point that first sent event @id, or NULL in *out_point. */
static gboolean
event_owner (DisHubDb    *db,
             const char  *id,
             char       **out_point,
             GError     **error)
{
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare_cached (db, "SELECT point_code FROM events WHERE id = ?1", error);
  gboolean has_row;

  *out_point = NULL;
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *out_point = dis_hub_column_dup (stmt, 0);
  return TRUE;
}

/* Whether @origin is a device of @point enrolled before @device: a till
 * enrolled again under a new device code still sends the events its
 * earlier device committed, under that device's code and seq. */
static gboolean
is_earlier_device (DisHubDb    *db,
                   const char  *point,
                   const char  *device,
                   const char  *origin,
                   gboolean    *out,
                   GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  stmt = dis_hub_db_prepare_cached (db,
                                    "SELECT 1 FROM devices o JOIN devices d ON d.point_code = o.point_code"
                                    " WHERE o.point_code = ?1 AND d.device = ?2 AND o.device = ?3 AND o.id < d.id",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  dis_hub_stmt_bind_text (stmt, 2, device);
  dis_hub_stmt_bind_text (stmt, 3, origin);
  return dis_hub_db_step (db, stmt, out, error);
}

typedef enum { APPLY_ACCEPTED, APPLY_DUPLICATE, APPLY_REJECTED, APPLY_FAILED } Outcome;

/* A codec error as the event's rejection. */
static Outcome
rejected_by (DisHubReject *r,
             const GError *error)
{
  dis_hub_reject (r, dis_codec_error_code (error), "%s", error->message);
  return APPLY_REJECTED;
}

/* ---- Decoding, on any thread ------------------------------------------------ */

/* One event of a push as the codec read it. */
typedef struct
{
  DisCodecEvent  event;
  gboolean       enveloped;    /* its envelope was read: a known id is a
                                * duplicate whatever its payload */
  GError        *error;        /* why the codec refused it */
  char          *text;         /* a sale's payload as stored */
  GError        *text_error;   /* … or why it could not be written */
} Pushed;

struct _DisHubPush
{
  DisJsonDoc *doc;      /* what the events were read from */
  Pushed     *pushed;
  guint       n_pushed;
};

/* The payload, after an envelope that @p->event holds. */
static void
decode_payload (Pushed *p)
{
  p->enveloped = TRUE;
  if (!dis_codec_event_decode_payload (&p->event, &p->error))
    return;
  if (dis_codec_event_type_is_sale (p->event.type))
    p->text = dis_codec_sale_write (&p->event.sale, NULL, &p->text_error);
}

DisHubPush *
dis_hub_push_decode_doc (DisJsonDoc         *doc,
                         const DisJsonValue *events)
{
  DisHubPush *push;

  g_return_val_if_fail (doc != NULL && events != NULL && events->type == DIS_JSON_VALUE_ARRAY, NULL);

  push = g_new0 (DisHubPush, 1);
  push->doc = doc;
  push->n_pushed = events->n;
  push->pushed = g_new0 (Pushed, push->n_pushed);
  for (guint i = 0; i < push->n_pushed; i++)
    {
      Pushed *p = &push->pushed[i];

      if (dis_codec_event_decode_envelope_doc (events->v.elements[i], &p->event, &p->error))
        decode_payload (p);
    }
  return push;
}

guint
dis_hub_push_get_length (DisHubPush *push)
{
  g_return_val_if_fail (push != NULL, 0);

  return push->n_pushed;
}

void
dis_hub_push_free (DisHubPush *push)
{
  if (push == NULL)
    return;
  for (guint i = 0; i < push->n_pushed; i++)
    {
      Pushed *p = &push->pushed[i];

      dis_codec_event_clear (&p->event);
      g_clear_error (&p->error);
      g_free (p->text);
      g_clear_error (&p->text_error);
    }
  g_free (push->pushed);
  g_clear_pointer (&push->doc, dis_json_doc_free);
  g_free (push);
}

/* ---- Applying, on the writer -------------------------------------------------- */

gboolean
dis_hub_events_check (JsonNode  *event,
                      char     **out_code,
                      char     **out_message)
{
  g_auto(DisCodecEvent) decoded = { NULL, };
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (event != NULL, FALSE);

  if (dis_codec_event_decode (event, &decoded, &error))
    return TRUE;
  if (out_code != NULL)
    *out_code = g_strdup (dis_codec_error_code (error));
  if (out_message != NULL)
    *out_message = g_strdup (error->message);
  return FALSE;
}

/* How a member or declaration event is applied: its rule's refusal is
 * the event's rejection (*out_code and *out_message, FALSE with @error
 * unset); then its payload as the codec writes it is stored. */
typedef gboolean (*ApplyFunc)   (DisHubDb       *db,
                                 const char     *point,
                                 const char     *device,
                                 DisCodecEvent  *event,
                                 const char    **out_code,
                                 char          **out_message,
                                 GError        **error);
typedef JsonNode *(*PayloadFunc) (DisCodecEvent  *event,
                                  GError        **error);

static Outcome
apply_recorded (DisHubDb       *db,
                const char     *point,
                const char     *device,
                DisCodecEvent  *event,
                ApplyFunc       apply,
                PayloadFunc     payload_of,
                Batch          *batch,
                DisHubReject   *r,
                GError        **error)
{
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  const char *code = NULL;
  char *message = NULL;

  if (!apply (db, point, device, event, &code, &message, error))
    {
      if (code == NULL)
        return APPLY_FAILED;
      r->code = code;
      g_free (r->message);
      r->message = message;
      return APPLY_REJECTED;
    }
  /* Stored as the codec writes it: what the hub did not read is not kept. */
  payload = payload_of (event, &local_error);
  if (payload == NULL)
    return rejected_by (r, local_error);
  text = dis_codec_to_text (payload, NULL);
  if (!insert_event (db, batch, point, device, event->id, event->seq, event->type_name, event->at, text, error) ||
      !track_seq (db, batch, point, device, event->seq, error))
    return APPLY_FAILED;
  return APPLY_ACCEPTED;
}

/* A member event (dis-hub-members.c): the member's new data reaches the
 * feed with it. */
static gboolean
member_apply (DisHubDb       *db,
              const char     *point,
              const char     *device,
              DisCodecEvent  *event,
              const char    **out_code,
              char          **out_message,
              GError        **error)
{
  return dis_hub_members_apply_event (db, point, device, &event->member, out_code, out_message, error);
}

static JsonNode *
member_payload (DisCodecEvent  *event,
                GError        **error)
{
  return dis_codec_member_event_to_node (&event->member, error);
}

/* product.declared (dis-hub-prices.h): the point's own product prices
 * the point's later sales of it. */
static gboolean
declared_apply (DisHubDb       *db,
                const char     *point,
                const char     *device,
                DisCodecEvent  *event,
                const char    **out_code,
                char          **out_message,
                GError        **error)
{
  if (!g_str_equal (event->declared.point, point))
    {
      *out_code = "wrong_point";
      *out_message = g_strdup_printf ("payload.point: %s is not this device's point", event->declared.point);
      return FALSE;
    }
  return dis_hub_prices_declare (db, point, event->id, event->at, &event->declared.product,
                                 out_code, out_message, error);
}

static JsonNode *
declared_payload (DisCodecEvent  *event,
                  GError        **error)
{
  return dis_codec_product_declared_to_node (&event->declared, error);
}

static Outcome
apply_sale (DisHubDb       *db,
            const char     *point,
            const char     *device,
            Pushed         *pushed,
            Batch          *batch,
            DisHubReject   *r,
            GString        *reasons,
            GError        **error)
{
  DisCodecEvent *event = &pushed->event;
  const DisCodecSale *sale = &event->sale;
  gboolean exists;

  if (!g_str_equal (sale->point, point))
    return dis_hub_reject (r, "wrong_point", "payload.point: %s is not this device's point", sale->point), APPLY_REJECTED;
  if (!g_str_equal (sale->device, device))
    return dis_hub_reject (r, "wrong_device", "payload.device: %s is not this device", sale->device), APPLY_REJECTED;
  if (!sale_exists (db, sale->id, &exists, error))
    return APPLY_FAILED;
  if (exists)
    return dis_hub_reject (r, "duplicate_sale", "payload.id: sale %s was already received in another event", sale->id), APPLY_REJECTED;
  if (sale->member_card != NULL)
    {
      if (!dis_hub_members_exists (db, sale->member_card, &exists, error))
        return APPLY_FAILED;
      if (!exists)
        return dis_hub_reject (r, "unknown_card", "payload.member_card: no member has the card %s",
                               sale->member_card), APPLY_REJECTED;
    }
  if (!dis_hub_checks_sale (db, point, sale, r, reasons, error))
    return r->code != NULL ? APPLY_REJECTED : APPLY_FAILED;

  if (pushed->text == NULL)
    return rejected_by (r, pushed->text_error);
  if (batch->stock == NULL && (batch->stock = dis_hub_stock_sales_new (db, point, batch->now, error)) == NULL)
    return APPLY_FAILED;
  if (!insert_event (db, batch, point, device, event->id, event->seq, event->type_name, event->at, pushed->text,
                     error) ||
      !_dis_hub_events_store_sale (db, batch->prices, event->id, sale, reasons, error) ||
      !dis_hub_stock_sales_apply (batch->stock, event->id, sale, error) ||
      (sale->member_card != NULL && !dis_hub_members_publish_after_sale (db, sale->member_card, error)) ||
      !track_seq (db, batch, point, device, event->seq, error))
    return APPLY_FAILED;
  return APPLY_ACCEPTED;
}

/* One event, inside the batch's transaction; all of it or, when it is
 * rejected, nothing of it. */
static Outcome
apply_one (DisHubDb      *db,
           const char    *point,
           const char    *device,
           Pushed        *pushed,
           Batch         *batch,
           const char   **out_id,
           DisHubReject  *r,
           GString       *reasons,
           GError       **error)
{
  DisCodecEvent *event = &pushed->event;
  g_autofree char *owner = NULL;
  const char *payload_point, *origin;
  Outcome outcome;

  /* The answer names the event when its id at least was readable. */
  *out_id = event->id;
  if (!pushed->enveloped)
    return rejected_by (r, pushed->error);

  /* A known event is answered before its payload is read again. */
  if (!event_owner (db, event->id, &owner, error))
    return APPLY_FAILED;
  /* An id belongs to the point that sent it first: another point's reuse
   * is neither acknowledged nor told anything about that event. */
  if (owner != NULL && !g_str_equal (owner, point))
    return dis_hub_reject (r, DIS_CODEC_REJECT_EVENT_ID_CONFLICT,
                           "id: already used by another point; the event needs a new id"), APPLY_REJECTED;
  if (owner != NULL)
    return APPLY_DUPLICATE;

  if (pushed->error != NULL)
    return rejected_by (r, pushed->error);

  /* The event is recorded, and its seq tracked, under the device that
   * numbered it: the pushing one or an earlier device of the same point. */
  if (dis_codec_event_type_is_sale (event->type))
    payload_point = event->sale.point, origin = event->sale.device;
  else if (event->type == DIS_CODEC_PRODUCT_DECLARED)
    payload_point = event->declared.point, origin = event->declared.device;
  else if (dis_hub_stock_handles (event->type))
    payload_point = point, origin = device;   /* stock payloads name neither */
  else if (dis_hub_orders_handles (event->type))
    dis_hub_orders_event_origin (event, &payload_point, &origin);
  else
    payload_point = event->member.point, origin = event->member.device;
  if (g_str_equal (payload_point, point) && !g_str_equal (origin, device))
    {
      gboolean earlier;

      if (!is_earlier_device (db, point, device, origin, &earlier, error))
        return APPLY_FAILED;
      if (!earlier)
        return dis_hub_reject (r, DIS_CODEC_REJECT_WRONG_DEVICE,
                               "payload.device: %s is neither this device nor an earlier device of point %s",
                               origin, point), APPLY_REJECTED;
      device = origin;
    }
  /* A sale is checked before anything of it is written: a rejected one
   * leaves nothing to undo, and needs no savepoint of its own. */
  if (dis_codec_event_type_is_sale (event->type))
    return apply_sale (db, point, device, pushed, batch, r, reasons, error);
  /* The levels the sales before it moved are written before any other
   * event may read or move one. */
  if (batch->stock != NULL && !dis_hub_stock_sales_flush (batch->stock, error))
    return APPLY_FAILED;
  if (!dis_hub_db_savepoint (db, "event", error))
    return APPLY_FAILED;
  if (event->type == DIS_CODEC_PRODUCT_DECLARED)
    {
      /* The point's own product prices its later sales of this batch. */
      dis_hub_price_cache_forget (batch->prices);
      if (batch->stock != NULL)
        dis_hub_stock_sales_forget (batch->stock);
      outcome = apply_recorded (db, point, device, event, declared_apply, declared_payload, batch, r, error);
    }
  else if (dis_hub_stock_handles (event->type))
    outcome = apply_recorded (db, point, device, event, dis_hub_stock_apply_event, dis_hub_stock_event_payload,
                              batch, r, error);
  else if (dis_hub_orders_handles (event->type))
    outcome = apply_recorded (db, point, device, event, dis_hub_orders_apply_event, dis_hub_orders_event_payload,
                              batch, r, error);
  else
    outcome = apply_recorded (db, point, device, event, member_apply, member_payload, batch, r, error);
  if (outcome == APPLY_REJECTED)
    dis_hub_db_rollback_to (db, "event");
  if (outcome != APPLY_FAILED && !dis_hub_db_release (db, "event", error))
    return APPLY_FAILED;
  return outcome;
}

JsonNode *
dis_hub_events_apply (DisHubDb    *db,
                      const char  *point,
                      const char  *device,
                      DisHubPush  *push,
                      GError     **error)
{
  g_autoptr(GArray) acks = g_array_new (FALSE, TRUE, sizeof (DisCodecAck));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_auto(Batch) batch = {
    .now = dis_hub_now_iso (),
    .prices = dis_hub_price_cache_new (),
    .seqs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
    .gaps = g_array_new (FALSE, TRUE, sizeof (DisCodecGap)),
  };

  g_return_val_if_fail (point != NULL && device != NULL && push != NULL, NULL);

  if (!dis_hub_db_begin (db, error))
    return NULL;

  for (guint i = 0; i < push->n_pushed; i++)
    {
      g_autoptr(GString) reasons = g_string_new (NULL);
      DisHubReject r = { NULL, NULL };
      DisCodecAck ack = { NULL, };
      Outcome outcome;

      outcome = apply_one (db, point, device, &push->pushed[i], &batch, &ack.id, &r, reasons, error);
      /* The messages live until the reply is built. */
      g_ptr_array_add (texts, r.message);
      if (outcome == APPLY_FAILED)
        goto failed;

      ack.status = outcome == APPLY_ACCEPTED ? DIS_CODEC_ACK_ACCEPTED
                   : outcome == APPLY_DUPLICATE ? DIS_CODEC_ACK_DUPLICATE : DIS_CODEC_ACK_REJECTED;
      if (outcome == APPLY_REJECTED)
        {
          ack.code = r.code;
          ack.message = r.message;
        }
      else if (outcome == APPLY_ACCEPTED && reasons->len > 0)
        {
          ack.review = reasons->str;
          g_ptr_array_add (texts, g_string_free (g_steal_pointer (&reasons), FALSE));
        }
      g_array_append_val (acks, ack);
    }

  /* One snapshot of the point for the whole batch, however many of its
   * events moved its stock. */
  if (!store_seqs (db, &batch, point, error) ||
      (batch.stock != NULL && !dis_hub_stock_sales_finish (batch.stock, error)) ||
      !dis_hub_stock_publish (db, point, error) ||
      !dis_hub_db_commit (db, error))
    goto failed;
  return dis_codec_reply_to_node ((const DisCodecAck *) (gconstpointer) acks->data, acks->len,
                                  (const DisCodecGap *) (gconstpointer) batch.gaps->data, batch.gaps->len);

failed:
  dis_hub_db_rollback (db);
  return NULL;
}
