/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-core.h"
#include "dis-sync.h"

G_BEGIN_DECLS

/* A point's side of a test: its store with the demo network, a till ready
 * to sell, and the enrolment of its sync client to a hub. Failures fail
 * the test (or, outside GTest, end the benchmark). */

/* Opens the store at @path and loads $DIS_DEMO_DIR into it as @point_code
 * (the same catalog the hub's `demo load` publishes). */
DisStore         *dis_test_point_new       (const char     *path,
                                            const char     *point_code);

/* Anna, a responsabile with PIN 1234, and a day opened by her with
 * @float_cents in the drawer. Returns Anna. */
DisOperator      *dis_test_point_open_till (DisStore       *store,
                                            gint64          float_cents);

/* dis_sync_client_enrol_async(), waited for at most 20 s on the
 * thread-default main context. */
DisSyncEnrolment *dis_test_enrol           (DisSyncClient  *client,
                                            const char     *url,
                                            const char     *token,
                                            const char     *pinned_fingerprint,
                                            GError        **error);

/* Everything sent: @client says "synced", nothing waits in @store's
 * outbox nor in @client. */
gboolean          dis_test_point_synced    (DisSyncClient  *client,
                                            DisStore       *store);

G_END_DECLS
