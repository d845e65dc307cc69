/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-sync.h"

G_BEGIN_DECLS

#define DIS_TYPE_PREFERENCES_WINDOW (dis_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (DisPreferencesWindow, dis_preferences_window, DIS, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The till's preferences, bound to DisSettings (dis-settings.h), the
 * map pack, and the hub connection. */
GtkWidget *dis_preferences_window_new      (GtkWindow            *parent);
/* Fills the "Network" group: hub, point, last sync; @can_change offers
 * "Connect to a Hub…" / "Change Hub…" (the enrolment page in a window). */
void       dis_preferences_window_set_sync (DisPreferencesWindow *self,
                                            DisStore             *store,
                                            DisSyncClient        *client,
                                            gboolean              can_change);

G_END_DECLS
