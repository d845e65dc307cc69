/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "hub-test-fixture.h"

G_BEGIN_DECLS

/* The transparency tests' shared part: GET /api/v1/transparency with no
 * token, its document read into a table, and its CSV checked against its
 * JSON. */

#define N_TIERS   4
#define TOTAL     N_TIERS
#define N_COLUMNS (N_TIERS + 1)

extern const char *const tiers[N_TIERS];

typedef struct
{
  gint64 sales;
  gint64 gross;
  gint64 equa;
  gint64 delta;
} Sum;

/* The rows of a document (its points in order, then the network), each
 * with its cells as published. */
typedef struct
{
  guint     n_rows;
  char    **codes;      /* NULL for the network */
  gboolean *suppressed; /* [row * N_COLUMNS + column] */
  Sum      *values;
} Table;

char *get (Fixture *f, const char *path_and_query, guint *out_status, char **out_type);
JsonNode *parse_json (const char *text);
JsonNode *document (Fixture *f, const char *period);
void table_clear (Table *t);
void table_read (JsonNode *root, Table *t);
void assert_csv_matches (Fixture *f, const char *period, JsonNode *json);

void transparency_add_network_tests (void);
void transparency_add_query_tests (void);

G_END_DECLS
