/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-core.h"
#include "dis-sync.h"
#include "dis-test-hub.h"
#include "dis-test-proxy.h"

G_BEGIN_DECLS

/* The fixture of the sync tests: a real disotto-hub with the demo network
 * (not serving until sync_start_hub()), a loopback proxy in front of it,
 * the point TO-CEN with the same catalog, a responsabile and an open day,
 * and its sync client, not enrolled yet. Every client connection goes
 * through the proxy, which can forward, answer 500, swallow requests, or
 * lose one reply after the hub sent it; restarting the hub on a new port
 * just re-points the proxy. Every wait is bounded. */

typedef struct
{
  DisTestNetwork    net;
  DisTestProxy     *proxy;
  char             *url;       /* the proxy's */
  DisStore         *store;
  DisSyncClient    *client;
  DisOperator      *op;
  GPtrArray        *products;
  GRand            *rand;
  guint             n_sales;

  DisSyncEnrolment *enrolment;
  GError           *enrol_error;
  gboolean          saw_offline;
} SyncFixture;

void     sync_fixture_set_up           (SyncFixture   *f,
                                        gconstpointer  data);
void     sync_fixture_tear_down        (SyncFixture   *f,
                                        gconstpointer  data);

/* `serve` (over TLS with @cert and @key when not NULL), the proxy
 * pointing at it. */
void     sync_start_hub                (SyncFixture   *f,
                                        const char    *cert,
                                        const char    *key);
/* SIGTERM, or SIGKILL when @kill. */
void     sync_stop_hub                 (SyncFixture   *f,
                                        gboolean       kill);
/* The client on the point's store (opened when closed), with short
 * backoff, a fixed jitter seed and a 1 s HTTP timeout. */
void     sync_open_point               (SyncFixture   *f);
void     sync_close_point              (SyncFixture   *f);
/* Enrols with the fixture's token; the result or the error lands in
 * f->enrolment / f->enrol_error. */
void     sync_enrol                    (SyncFixture   *f,
                                        const char    *url,
                                        const char    *pin);
/* @n random sales of the fixture's products, committed. */
void     sync_commit_sales             (SyncFixture   *f,
                                        guint          n);
/* The first 30 basket products of @store (whose file is @db_path). */
GPtrArray *sync_basket_products        (DisStore      *store,
                                        const char    *db_path);
/* One value from the point's database (SQLite). */
gint64   sync_point_int                (SyncFixture   *f,
                                        const char    *sql);
/* One value from the hub's database, on either engine (DIS_TEST_DB). */
gint64   sync_hub_int                  (SyncFixture   *f,
                                        const char    *sql);
/* DisTestCheck: everything sent and the client says so. */
gboolean sync_all_synced               (gpointer       data);
/* DisTestCheck: the client is in DIS_SYNC_STATE_ERROR. */
gboolean sync_in_error                 (gpointer       data);
/* Whether the client stayed in @state for @quiet_ms within @timeout_ms. */
gboolean sync_wait_settled             (SyncFixture   *f,
                                        DisSyncState   state,
                                        guint          quiet_ms,
                                        guint          timeout_ms);
/* The hub has exactly the point's sales: each once, same lines and
 * figures. */
void     sync_assert_hub_matches_point (SyncFixture   *f,
                                        guint          n_expected);

G_END_DECLS
