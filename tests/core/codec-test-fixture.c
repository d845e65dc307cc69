/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "../codec-golden.h"
#include "codec-test-fixture.h"

/* Helpers the codec tests share: parsing a text that must parse, and a
 * node's text compared with the expected bytes. */

JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = dis_codec_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

void
assert_text (JsonNode   *node,
             const char *expected)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (node);
  text = dis_codec_to_text (node, NULL);
  g_assert_cmpstr (text, ==, expected);
}

static gboolean
decode_edited (const char  *file,
               const char  *from,
               const char  *to,
               GError     **error)
{
  g_autofree char *text = codec_golden (file);
  g_autoptr(GString) edited = g_string_new (text);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (g_string_replace (edited, from, to, 1), ==, 1);
  root = dis_codec_parse (edited->str, -1, NULL);
  g_assert_nonnull (root);
  if (g_str_has_prefix (file, "event-"))
    {
      g_auto(DisCodecEvent) event = { NULL, };

      return dis_codec_event_decode (root, &event, error);
    }
  else
    {
      g_auto(DisCodecChange) change = { 0, };

      return dis_codec_change_decode (root, &change, error);
    }
}

void
run_edits (const Edit *edits,
           guint       n_edits)
{
  for (guint i = 0; i < n_edits; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = decode_edited (edits[i].file, edits[i].from, edits[i].to, &error);

      g_test_message ("%s: %s → %s", edits[i].file, edits[i].from, edits[i].to);
      if (edits[i].field == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          continue;
        }
      g_assert_false (ok);
      g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, edits[i].field) ||
          error->message[strlen (edits[i].field)] != ':')
        g_error ("expected an error on %s, got “%s”", edits[i].field, error->message);
    }
}
