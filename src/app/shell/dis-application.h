/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-sync.h"

G_BEGIN_DECLS

#define DIS_TYPE_APPLICATION (dis_application_get_type ())
G_DECLARE_FINAL_TYPE (DisApplication, dis_application, DIS, APPLICATION, AdwApplication)

/* Command line: disotto-punto [--db PATH] [--demo DIR --point CODE]
 * The database defaults to $XDG_DATA_HOME/disotto/punto.db. With --demo
 * the demo network is loaded (idempotently) before the window shows. */
DisApplication *dis_application_new           (void);
/* NULL until the store finished opening ("store" property notifies). */
DisStore       *dis_application_get_store     (DisApplication *self);
/* The signed-in operator, NULL when locked ("operator" property notifies). */
DisOperator    *dis_application_get_operator  (DisApplication *self);
void            dis_application_set_operator  (DisApplication *self,
                                               DisOperator    *operator);
GSettings      *dis_application_get_settings  (DisApplication *self);

#define DIS_APPLICATION_DEFAULT (DIS_APPLICATION (g_application_get_default ()))

G_END_DECLS

G_BEGIN_DECLS
/* Why the store could not be opened (or the demo loaded); NULL otherwise.
 * The "load-error" property notifies when it is set. */
const GError   *dis_application_get_load_error (DisApplication *self);
G_END_DECLS

G_BEGIN_DECLS
/* The sync engine (dis-sync.h), created once the store is open; NULL
 * before. The "sync-client" property notifies when it is set. Command
 * line: --config-dir DIR (default $XDG_CONFIG_HOME/disotto),
 * --enrol-url URL --enrol-token TOKEN (enrol before the window goes on),
 * --offline-only (do not offer the enrolment). */
DisSyncClient *dis_application_get_sync_client  (DisApplication *self);
/* Whether the first start should offer to connect to a hub: not enrolled,
 * not offline-only (option or setting), not a --demo run. */
gboolean       dis_application_wants_enrolment  (DisApplication *self);
/* Why the --enrol-url enrolment failed (NULL when it did not), with the
 * address and token it used, to show them on the enrolment page. */
const GError  *dis_application_get_enrol_error  (DisApplication *self,
                                                 const char    **hub_url,
                                                 const char    **token);
/* Forgets the failed attempt (and its token) once it has been shown. */
void           dis_application_clear_enrol_error (DisApplication *self);
G_END_DECLS
