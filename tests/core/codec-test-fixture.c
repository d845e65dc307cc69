/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dis-codec.h"
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
