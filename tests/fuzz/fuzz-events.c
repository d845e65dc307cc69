/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-events"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "dis-codec.h"
#include "dis-hub-events.h"
#include "dis-json-doc.h"
#include "dis-hub-json.h"

/* libFuzzer target for the hub's JSON reader and event decoder. The body
 * of POST /api/v1/events goes through the strict reader with the server's
 * limits, then every event through dis_hub_events_check(). On the way the
 * reader and writer are held to their promises:
 *  - what the reader accepts, the writer writes as valid JSON that reads
 *    back to the same text (out-of-range numbers included), with nothing
 *    to repair;
 *  - under DIS_JSON_PARSE_REPAIR_TEXT (stored rows) whatever is read
 *    writes out as JSON the strict reader accepts;
 *  - a refusal names its place in ASCII.
 * The same text is also read as the point reads the hub's changes feed
 * (one change, or a page of them): a change that decodes encodes and
 * decodes again to the same kind, and a fund period's published document
 * (WAVE3 item 6) decodes or is refused without leaking what it half read.
 * Every text is also read as the hub reads pushes, into a DisJsonDoc,
 * and must give the same verdict, event by event (check_doc()).
 * Tests run with G_DEBUG=fatal-criticals, so a critical on hostile input
 * is a crash. The seeds in corpus/ hold comments, surrogates, NUL, deep
 * nesting and numbers past gint64 and double. */

#define BODY_LIMIT  (1024 * 1024)
#define DEPTH_LIMIT 32
#define BATCH_LIMIT 500

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Rereading written text: it may be longer than the input (1e2 is written
 * 100.0), never deeper. */
static const DisJsonLimits reread_limits = { G_MAXSIZE, DEPTH_LIMIT, G_MAXSIZE, G_MAXUINT };

static void
check_one (JsonNode *event)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;

  if (dis_hub_events_check (event, &code, &message))
    return;
  /* A rejection always carries a stable code and a message. */
  g_assert_nonnull (code);
  g_assert_nonnull (message);
  g_assert_true (g_utf8_validate (message, -1, NULL));
}

/* Written text is valid, reads back, and writes the same again. */
static void
check_round_trip (JsonNode *root,
                  gboolean  expect_no_repair)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  guint n_repaired;

  text = dis_json_to_string (root, &n_repaired);
  if (expect_no_repair)
    g_assert_cmpuint (n_repaired, ==, 0);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  again = dis_json_parse (text, -1, &reread_limits, &error);
  g_assert_no_error (error);
  text_again = dis_json_to_string (again, &n_repaired);
  g_assert_cmpuint (n_repaired, ==, 0);
  g_assert_cmpstr (text, ==, text_again);
}

/* A change of the feed, as the point reads it. */
static void
check_change (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text = NULL;
  g_auto(DisCodecChange) change = { 0, };
  g_auto(DisCodecChange) second = { 0, };

  if (!dis_codec_change_decode (node, &change, &error))
    {
      g_assert_true (g_str_is_ascii (error->message) || g_utf8_validate (error->message, -1, NULL));
      return;
    }
  if (change.kind == DIS_CODEC_CHANGE_UNKNOWN)
    return;
  if (change.kind == DIS_CODEC_CHANGE_FUND_PERIOD)
    {
      g_auto(DisCodecFundDocument) document = { NULL, };

      if (dis_codec_fund_document_decode (change.fund_period.document, &document, NULL))
        g_assert_cmpstr (document.period, ==, change.fund_period.period);
      else
        g_assert_null (document.network_tiers);
    }
  encoded = dis_codec_change_to_node (&change, &error);
  g_assert_no_error (error);
  text = dis_codec_to_text (encoded, NULL);
  again = dis_codec_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (dis_codec_change_decode (again, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (second.kind, ==, change.kind);
  g_assert_cmpint (second.seq, ==, change.seq);
}

/* One event as the hub reads it from a tree and from a DisJsonDoc: the
 * same verdict, and a sale stored as the same text. */
static char *
event_verdict (gboolean       enveloped,
               DisCodecEvent *event,
               GError        *error)
{
  g_autofree char *text = NULL;

  if (enveloped && error == NULL && dis_codec_event_type_is_sale (event->type))
    text = dis_codec_sale_write (&event->sale, NULL, NULL);
  return g_strdup_printf ("%s %d %s %s", event->id ? event->id : "-", enveloped,
                          error ? error->message : "accepted", text ? text : "");
}

static void
compare_events (JsonNode           *node,
                const DisJsonValue *value)
{
  g_auto(DisCodecEvent) from_tree = { NULL, };
  g_auto(DisCodecEvent) from_doc = { NULL, };
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(GError) doc_error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gboolean tree_enveloped, doc_enveloped;

  tree_enveloped = dis_codec_event_decode_envelope (node, &from_tree, &tree_error);
  if (tree_enveloped)
    dis_codec_event_decode_payload (&from_tree, &tree_error);
  doc_enveloped = dis_codec_event_decode_envelope_doc (value, &from_doc, &doc_error);
  if (doc_enveloped)
    dis_codec_event_decode_payload (&from_doc, &doc_error);
  a = event_verdict (tree_enveloped, &from_tree, tree_error);
  b = event_verdict (doc_enveloped, &from_doc, doc_error);
  g_assert_cmpstr (a, ==, b);
}

/* The hub reads pushes as a DisJsonDoc (issue 12): the same text must
 * read the same way, or fail the same way, as through the tree. */
static void
check_doc (const char          *text,
           size_t               size,
           const DisJsonLimits *limits,
           JsonNode            *root,
           const GError        *tree_error)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisJsonDoc) doc = dis_json_doc_parse (text, size, limits, &error);
  const DisJsonValue *doc_events;
  const char *device, *doc_device;
  JsonArray *events;
  gboolean is_batch;

  if (root == NULL)
    {
      g_assert_null (doc);
      g_assert_cmpstr (error->message, ==, tree_error->message);
      return;
    }
  g_assert_nonnull (doc);
  compare_events (root, dis_json_doc_get_root (doc));
  is_batch = dis_codec_batch_decode (root, &device, &events, NULL);
  g_assert_true (is_batch == dis_codec_batch_decode_doc (dis_json_doc_get_root (doc), &doc_device,
                                                         &doc_events, NULL));
  if (!is_batch)
    return;
  g_assert_cmpstr (device, ==, doc_device);
  g_assert_cmpuint (json_array_get_length (events), ==, doc_events->n);
  for (guint i = 0; i < doc_events->n && i < BATCH_LIMIT; i++)
    compare_events (json_array_get_element (events, i), doc_events->v.elements[i]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  DisJsonLimits limits = dis_hub_json_request_limits (BODY_LIMIT, DEPTH_LIMIT, BATCH_LIMIT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) repair_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) repaired = NULL;
  const char *device;
  JsonArray *events;
  JsonArray *changes;
  gint64 next;
  gboolean more;
  guint n_repaired;

  if (size > BODY_LIMIT)
    return 0;

  /* As a stored row: repaired text always writes out strictly valid. */
  repaired = dis_json_parse_full (text, size, &limits, DIS_JSON_PARSE_REPAIR_TEXT, &n_repaired, &repair_error);
  if (repaired != NULL)
    check_round_trip (repaired, FALSE);

  root = dis_json_parse (text, size, &limits, &error);
  check_doc (text, size, &limits, root, error);
  if (root == NULL)
    {
      g_assert_true (error->domain == DIS_JSON_ERROR);
      g_assert_true (g_str_is_ascii (error->message));
      g_assert_nonnull (strstr (error->message, "line "));
      return 0;
    }
  /* Strict text needs no repair, and reads the same both ways. */
  g_assert_no_error (repair_error);
  g_assert_cmpuint (n_repaired, ==, 0);
  check_round_trip (root, TRUE);

  /* A change, or a page of the feed {"changes": […], "next", "more"}. */
  check_change (root);
  if (dis_codec_changes_page_decode (root, &changes, &next, &more, NULL))
    for (guint i = 0; i < json_array_get_length (changes) && i < BATCH_LIMIT; i++)
      check_change (json_array_get_element (changes, i));

  /* A bare event, or a whole batch {"device", "events": […]}. */
  check_one (root);
  if (!dis_codec_batch_decode (root, &device, &events, NULL))
    return 0;
  for (guint i = 0; i < json_array_get_length (events) && i < BATCH_LIMIT; i++)
    check_one (json_array_get_element (events, i));
  return 0;
}
