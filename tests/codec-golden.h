/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The text of a golden file of the sync protocol (tests/data/codec), without
 * its final newline; for the point's tests (tests/core) and the hub's
 * (tests/hub), which must read the same bytes. */
static inline char *
codec_golden (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("DIS_SOURCE_DIR"), "tests", "data", "codec", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  gsize length = 0;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1);
  g_assert_cmpint (text[length - 1], ==, '\n');
  text[length - 1] = '\0';
  return text;
}

G_END_DECLS
