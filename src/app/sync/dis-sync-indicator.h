/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-sync.h"

G_BEGIN_DECLS

#define DIS_TYPE_SYNC_INDICATOR (dis_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (DisSyncIndicator, dis_sync_indicator, DIS, SYNC_INDICATOR, GtkWidget)

/* The sync state in the header bar: an icon per state, and a popover with
 * what is pending, the last success and error, "Sync Now" and, for those
 * who may see them, the events the hub rejected.
 *
 * It also says when the state deserves an inline bar (STYLE.md rule 10):
 * "bar-message" is the bar's text, NULL when no bar should show, and
 * "bar-is-error" tells a refusal from a temporary outage. */
GtkWidget     *dis_sync_indicator_new            (void);
DisSyncClient *dis_sync_indicator_get_client     (DisSyncIndicator *self);
void           dis_sync_indicator_set_client     (DisSyncIndicator *self,
                                                  DisSyncClient    *client);
/* Where the rejected events are read from. */
DisStore      *dis_sync_indicator_get_store      (DisSyncIndicator *self);
void           dis_sync_indicator_set_store      (DisSyncIndicator *self,
                                                  DisStore         *store);
/* Shows the rejected events to whoever may act on them. */
void           dis_sync_indicator_set_can_manage (DisSyncIndicator *self,
                                                  gboolean          can_manage);
/* How long OFFLINE with pending events lasts before the bar shows. */
void           dis_sync_indicator_set_offline_grace (DisSyncIndicator *self,
                                                     guint             seconds);
const char    *dis_sync_indicator_get_bar_message (DisSyncIndicator *self);
gboolean       dis_sync_indicator_get_bar_is_error (DisSyncIndicator *self);
/* The state in words, as the popover and the accessible label say it. */
const char    *dis_sync_indicator_get_summary    (DisSyncIndicator *self);

G_END_DECLS
