/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-codec"

#include "config.h"

#include <string.h>

#include "dis-codec-private.h"

/* The push batch and its reply (dis-codec.h): the envelope of events the
 * point writes from its outbox, and the hub's answer per event. */

/* ---- The batch ----------------------------------------------------------------------- */

#define BATCH_DEVICE "device"
#define BATCH_EVENTS "events"

/* The batch's members but the events, which are read one by one. */
typedef struct { const char *device; } Head;
static const DisField head_fields[] = { F_STRING (CODE, Head, BATCH_DEVICE, device, 0) };
static const DisSchema head_schema = DIS_SCHEMA (head_fields, Head, NULL);

void
dis_codec_batch_begin (GString    *out,
                       const char *device)
{
  g_return_if_fail (out != NULL && device != NULL);

  g_string_append_c (out, '{');
  _dis_codec_append_member (out, BATCH_DEVICE);
  _dis_codec_append_string (out, device);
  g_string_append_c (out, ',');
  _dis_codec_append_member (out, BATCH_EVENTS);
  g_string_append_c (out, '[');
}

/* The envelope's members in envelope_fields' order, the payload as it
 * was stored: what dis_codec_event_to_node() would give, without
 * parsing and printing every payload again. */
void
dis_codec_batch_end (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "]}");
}

gboolean
dis_codec_batch_decode (JsonNode     *root,
                        const char  **out_device,
                        JsonArray   **out_events,
                        GError      **error)
{
  Head head = { NULL };
  JsonObject *object;
  JsonNode *events;

  g_return_val_if_fail (root != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _dis_codec_fail (error, NULL, "body", "must be an object");
  object = json_node_get_object (root);
  if (!_dis_codec_decode (&head_schema, object, &head, NULL, error))
    return FALSE;
  events = json_object_get_member (object, BATCH_EVENTS);
  if (events == NULL || !JSON_NODE_HOLDS_ARRAY (events))
    return _dis_codec_fail (error, NULL, BATCH_EVENTS, "must be an array");
  *out_device = head.device;
  *out_events = json_node_get_array (events);
  return TRUE;
}

gboolean
dis_codec_batch_decode_doc (const DisJsonValue   *root,
                            const char          **out_device,
                            const DisJsonValue  **out_events,
                            GError              **error)
{
  Head head = { NULL };
  const DisJsonValue *events;

  g_return_val_if_fail (root != NULL, FALSE);

  if (root->type != DIS_JSON_VALUE_OBJECT)
    return _dis_codec_fail (error, NULL, "body", "must be an object");
  if (!_dis_codec_decode_doc (&head_schema, root, &head, NULL, error))
    return FALSE;
  events = dis_json_value_get_member (root, BATCH_EVENTS);
  if (events == NULL || events->type != DIS_JSON_VALUE_ARRAY)
    return _dis_codec_fail (error, NULL, BATCH_EVENTS, "must be an array");
  *out_device = head.device;
  *out_events = events;
  return TRUE;
}

/* ---- The reply ------------------------------------------------------------------------ */

static const char *
ack_status_code (int value)
{
  static const char * const codes[] = { "accepted", "duplicate", "rejected" };

  return codes[value];
}

static const DisEnumType ack_status = { ack_status_code, DIS_CODEC_ACK_REJECTED + 1 };

static gboolean
check_ack (gconstpointer   base,
           const DisPath  *path,
           GError        **error)
{
  const DisCodecAck *ack = base;

  if (ack->status == DIS_CODEC_ACK_REJECTED && (ack->code == NULL || ack->message == NULL))
    return _dis_codec_fail (error, path, NULL, "a rejection needs a code and a message");
  return TRUE;
}

static const DisField ack_fields[] = {
  F_STRING (UUID, DisCodecAck, "id", id, DIS_FIELD_NULLABLE),
  F_ENUM (DisCodecAck, "status", status, 0, ack_status),
  F_STRING (CODE, DisCodecAck, "code", code, DIS_FIELD_PRESENCE),
  F_TEXT (DisCodecAck, "message", message, DIS_FIELD_PRESENCE, DIS_CODEC_MESSAGE_MAX),
  F_TEXT (DisCodecAck, "review", review, DIS_FIELD_PRESENCE, DIS_CODEC_REVIEW_MAX),
};
static const DisSchema ack_schema = DIS_SCHEMA (ack_fields, DisCodecAck, check_ack);

static gboolean
check_gap (gconstpointer   base,
           const DisPath  *path,
           GError        **error)
{
  const DisCodecGap *gap = base;

  if (gap->to < gap->from)
    return _dis_codec_fail (error, path, "to", "before from");
  return TRUE;
}

static const DisField gap_fields[] = {
  F_STRING (CODE, DisCodecGap, "device", device, 0),
  F_INT (DisCodecGap, "from", from, 0, 1, DIS_CODEC_SEQ_MAX),
  F_INT (DisCodecGap, "to", to, 0, 1, DIS_CODEC_SEQ_MAX),
};
static const DisSchema gap_schema = DIS_SCHEMA (gap_fields, DisCodecGap, check_gap);

typedef struct
{
  GArray *results;
  GArray *gaps;
} Reply;

static const DisField reply_fields[] = {
  F_ARRAY (Reply, "results", results, ack_schema, 0, G_MAXINT32),
  F_ARRAY (Reply, "gaps", gaps, gap_schema, 0, G_MAXINT32),
};
static const DisSchema reply_schema = DIS_SCHEMA (reply_fields, Reply, NULL);

/* @text as a field may hold it: valid UTF-8 without U+001F, at most @max
 * characters. */
static char *
bounded_text (const char *text,
              gint64      max)
{
  g_autofree char *valid = NULL;
  g_autofree char *cut = NULL;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  for (char *p = valid; *p != '\0'; p++)
    if (*p == 0x1f)
      *p = ' ';
  if (g_utf8_strlen (valid, -1) <= max)
    return g_steal_pointer (&valid);
  cut = g_utf8_substring (valid, 0, max - 1);
  return g_strconcat (cut, "…", NULL);
}

JsonNode *
dis_codec_reply_to_node (const DisCodecAck  *acks,
                         guint               n_acks,
                         const DisCodecGap  *gaps,
                         guint               n_gaps)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  Reply reply = {
    g_array_sized_new (FALSE, FALSE, sizeof (DisCodecAck), n_acks),
    g_array_sized_new (FALSE, FALSE, sizeof (DisCodecGap), n_gaps),
  };
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_return_val_if_fail (acks != NULL || n_acks == 0, NULL);
  g_return_val_if_fail (gaps != NULL || n_gaps == 0, NULL);

  for (guint i = 0; i < n_acks; i++)
    {
      DisCodecAck ack = acks[i];

      ack.message = bounded_text (ack.message, DIS_CODEC_MESSAGE_MAX);
      ack.review = bounded_text (ack.review, DIS_CODEC_REVIEW_MAX);
      g_ptr_array_add (texts, (char *) ack.message);
      g_ptr_array_add (texts, (char *) ack.review);
      g_array_append_val (reply.results, ack);
    }
  g_array_append_vals (reply.gaps, gaps, n_gaps);

  root = _dis_codec_encode (&reply_schema, &reply, NULL, &error);
  /* The hub fills every ack from its own checks: a failure is a bug here. */
  if (root == NULL)
    g_critical ("Could not encode a reply: %s", error->message);
  g_array_unref (reply.results);
  g_array_unref (reply.gaps);
  return root;
}

GArray *
dis_codec_reply_decode (JsonNode  *root,
                        GError   **error)
{
  g_autoptr(GArray) acks = g_array_new (FALSE, TRUE, sizeof (DisCodecAck));
  JsonNode *results;

  g_return_val_if_fail (root != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (results = json_object_get_member (json_node_get_object (root), reply_fields[0].name)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (results))
    return _dis_codec_fail (error, NULL, reply_fields[0].name, "must be an array"), NULL;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (results)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (results), i);
      DisPath path = { NULL, reply_fields[0].name, (int) i };
      g_autoptr(GError) local_error = NULL;
      DisCodecAck ack = { NULL, };

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          !_dis_codec_decode (&ack_schema, json_node_get_object (element), &ack, &path, &local_error))
        {
          g_debug ("Skipping a result: %s", local_error ? local_error->message : "not an object");
          continue;
        }
      g_array_append_val (acks, ack);
    }
  return g_steal_pointer (&acks);
}
