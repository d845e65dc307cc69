/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dis-codec.h"

G_BEGIN_DECLS

/* What the hub's ingest is measured against: the rows the hub writes for
 * each sale event (the event, the sale, its lines, its payments, a stock
 * movement per line, and once per batch the point's levels it moved)
 * inserted through the hub's own database layer (its engine, its
 * pragmas, its SQLite set-up), with statements prepared once, one
 * transaction per batch, and nothing else: no check, no lookup, no
 * pricing. A batch's rows are of one point. */

/* One sale event, decoded before the clock starts: the timed part binds
 * plain values, as a bare insert would. */
typedef struct
{
  char         *id;
  gint64        seq;
  char         *type;
  char         *at;
  char         *text;      /* the payload as the hub stores it */
  char         *period;    /* its fund period (periods of one month) */
  JsonNode     *payload;   /* the parsed payload: @sale borrows its strings */
  DisCodecSale  sale;
} BenchHubRow;

/* Parses and decodes @text; fails the benchmark when it is not a sale. */
BenchHubRow *bench_hub_row_new  (const char  *id,
                                 gint64       seq,
                                 const char  *type,
                                 const char  *at,
                                 const char  *text);
void         bench_hub_row_free (BenchHubRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchHubRow, bench_hub_row_free)

/* The sale events of a push body ({"events": [{id, seq, type, at,
 * payload}, …]}), as rows; fails the benchmark on a malformed body. */
GPtrArray   *bench_hub_rows_from_body (GBytes *body);

typedef struct _BenchHubReference BenchHubReference;

/* Opens the hub database at @location (`disotto-hub init` made it).
 * Without @durable, commits do not wait for the disk (SQLite's
 * synchronous=OFF, PostgreSQL's synchronous_commit=off): what is left
 * when the sync is taken away. */
BenchHubReference *bench_hub_reference_new   (const char        *location,
                                              gboolean           durable);
/* Inserts @rows (BenchHubRow) in one transaction; returns the µs it took,
 * and the µs of CPU in *@out_cpu when not NULL. Fails the benchmark on
 * error. */
gint64             bench_hub_reference_batch (BenchHubReference *ref,
                                              GPtrArray         *rows,
                                              const char        *received_at,
                                              gint64            *out_cpu);
void               bench_hub_reference_free  (BenchHubReference *ref);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchHubReference, bench_hub_reference_free)

G_END_DECLS
