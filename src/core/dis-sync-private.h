/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-sync.h"

G_BEGIN_DECLS

/* Test-only: shorter backoff (full jitter from @base_ms up to @cap_ms),
 * periodic pull interval, HTTP timeout, and a fixed seed for the jitter so
 * a test run is reproducible. Call before dis_sync_client_start() or
 * enrolment; the application never calls it. */
void dis_sync_client_set_timing_for_testing (DisSyncClient *self,
                                             guint          base_ms,
                                             guint          cap_ms,
                                             guint          periodic_ms,
                                             guint          timeout_s,
                                             guint32        seed);

G_END_DECLS
