/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-events"

#include "config.h"

#include <stdint.h>

#include "dis-codec.h"
#include "dis-hub-events.h"
#include "dis-hub-json.h"

/* libFuzzer target for the hub's event decoder and validator: the body of
 * POST /api/v1/events goes through the same steps as in the server
 * (size and depth limits, UTF-8, the codec's parse and batch envelope) and
 * then every event through dis_hub_events_check(), the codec's decoder.
 * Tests run with G_DEBUG=fatal-criticals, so a critical on hostile input
 * is a crash. */

#define BODY_LIMIT  (1024 * 1024)
#define DEPTH_LIMIT 32

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

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

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(JsonNode) root = NULL;
  const char *device;
  JsonArray *events;

  if (size == 0 || size > BODY_LIMIT)
    return 0;
  if (dis_hub_json_depth (text, size, DEPTH_LIMIT) > DEPTH_LIMIT)
    return 0;
  if (!g_utf8_validate (text, size, NULL))
    return 0;
  root = dis_codec_parse (text, (gssize) size, NULL);
  if (root == NULL)
    return 0;

  /* A bare event, or a whole batch {"device", "events": […]}. */
  check_one (root);
  if (!dis_codec_batch_decode (root, &device, &events, NULL))
    return 0;
  for (guint i = 0; i < json_array_get_length (events) && i < 500; i++)
    check_one (json_array_get_element (events, i));
  return 0;
}
