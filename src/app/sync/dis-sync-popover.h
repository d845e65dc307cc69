/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-sync.h"

G_BEGIN_DECLS

#define DIS_TYPE_SYNC_POPOVER (dis_sync_popover_get_type ())
G_DECLARE_FINAL_TYPE (DisSyncPopover, dis_sync_popover, DIS, SYNC_POPOVER, GtkPopover)

/* What the sync indicator tells when opened: the state in words, what
 * waits to be sent, the last sync, the last problem, the hub, and the
 * buttons "Sync Now" ("sync.now") and, for @can_manage, the rejected
 * events ("sync.dead-letters"); the actions are the indicator's. */
GtkWidget *dis_sync_popover_new    (void);
/* Shows @client (NULL: not connected); @icon_name and @summary are the
 * state as the indicator shows it. */
void       dis_sync_popover_update (DisSyncPopover *self,
                                    DisSyncClient  *client,
                                    const char     *icon_name,
                                    const char     *summary,
                                    gboolean        can_manage);

/* "just now", "12 minutes ago", "3 hours ago", "2 days ago"; @unix_time
 * and @now in seconds. */
char      *dis_sync_format_ago     (gint64          unix_time,
                                    gint64          now);

G_END_DECLS
