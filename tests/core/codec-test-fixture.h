/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The sync protocol's codec tests: shared helpers. */

JsonNode *parse (const char *text);
void assert_text (JsonNode *node, const char *expected);

/* A golden file edited once: decoded, it must be accepted (@field NULL)
 * or refused naming @field. */
typedef struct
{
  const char *file;
  const char *from;      /* replaced once in the golden text */
  const char *to;
  const char *field;     /* NULL: accepted; else refused, naming it */
} Edit;

void run_edits (const Edit *edits, guint n_edits);

void codec_add_bounds_tests (void);
void codec_add_orders_tests (void);

G_END_DECLS
