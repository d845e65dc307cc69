/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-sync.h"

G_BEGIN_DECLS

#define DIS_TYPE_APPLICATION (dis_application_get_type ())
G_DECLARE_FINAL_TYPE (DisApplication, dis_application, DIS, APPLICATION, AdwApplication)

/* Command line: disotto-punto [--db PATH] [--demo DIR [--point CODE]]
 * [--config-dir DIR] [--enrol-url URL --enrol-token TOKEN | --offline-only].
 * The database defaults to $XDG_DATA_HOME/disotto/punto.db, the hub
 * connection settings to $XDG_CONFIG_HOME/disotto. With --demo the demo
 * network is loaded (idempotently) before the window shows; with
 * --enrol-url the till connects to a hub before it does. The options are
 * also properties ("database-path", "demo-dir", "point-code",
 * "config-dir", "enrol-url", "enrol-token", "offline-only"). */
/* What main() does first: the locale, the core library and the
 * translations (from $DISOTTO_LOCALEDIR in an uninstalled build). */
void            dis_application_init_process     (void);
DisApplication *dis_application_new              (void);
/* NULL until the store finished opening ("store" property notifies). */
DisStore       *dis_application_get_store        (DisApplication *self);
/* The operator signed in at the window, NULL when locked ("operator"
 * property notifies). */
DisOperator    *dis_application_get_operator     (DisApplication *self);
/* The sync engine (dis-sync.h), created once the store is open; NULL
 * before. The "sync-client" property notifies when it is set. */
DisSyncClient  *dis_application_get_sync_client  (DisApplication *self);
/* Whether the first start should offer to connect to a hub: not enrolled,
 * not offline-only (option or setting), not a --demo run. */
gboolean        dis_application_wants_enrolment  (DisApplication *self);

G_END_DECLS
