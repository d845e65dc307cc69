/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The sync protocol's codec tests: shared helpers. */

JsonNode *parse (const char *text);
void assert_text (JsonNode *node, const char *expected);

void codec_add_bounds_tests (void);

G_END_DECLS
