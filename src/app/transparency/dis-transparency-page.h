/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-store.h"
#include "dis-sync-coordinator.h"

G_BEGIN_DECLS

/* The Trasparenza page (issue 10 §4), for everyone at the point: this
 * month so far from the point's own sales and every month the hub
 * closed (from the changes feed, so it works offline), as a tier mix per
 * month, the fund over time, what each supplier was paid, and every
 * figure in a table a screen reader can read, exported as CSV with
 * Ctrl+E or the page's menu. It reads again when a sync brings closed
 * months or a sale is committed. */

#define DIS_TYPE_TRANSPARENCY_PAGE (dis_transparency_page_get_type ())
G_DECLARE_FINAL_TYPE (DisTransparencyPage, dis_transparency_page, DIS, TRANSPARENCY_PAGE, GtkWidget)

GtkWidget *dis_transparency_page_new         (void);
void       dis_transparency_page_set_store   (DisTransparencyPage *self,
                                              DisStore            *store);
/* The coordinator of this till when it is enrolled with a hub, NULL
 * otherwise: with one, the page shows the sales the hub flagged, for a
 * coordinator signed in to accept or reject. */
void       dis_transparency_page_set_coordinator (DisTransparencyPage *self,
                                                  DisCoordinator      *coordinator);
/* Reads the periods and this month again. */
void       dis_transparency_page_reload      (DisTransparencyPage *self);
/* Moves the keyboard focus to the table. */
void       dis_transparency_page_focus_table (DisTransparencyPage *self);

G_END_DECLS
