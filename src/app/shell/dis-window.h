/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-sync.h"

G_BEGIN_DECLS

#define DIS_TYPE_WINDOW (dis_window_get_type ())
G_DECLARE_FINAL_TYPE (DisWindow, dis_window, DIS, WINDOW, AdwApplicationWindow)

/* The till's window: a page per start-up state ("state": "loading",
 * "error", "enrol", "first-run", "sign-in", "main") and, once somebody
 * signed in, the Till, Map and Members views. It knows nothing of the
 * application: what it needs arrives through the calls below, and who is
 * signed in is its "operator" property. */
DisWindow   *dis_window_new                (GtkApplication *application);

/* The store is open: the window reads the point's identity and shows the
 * page the till needs, the enrolment page on a first start (no operator
 * yet) when @offer_enrolment, the first-run page, or sign-in. @client is
 * the sync engine (NULL for none). */
void         dis_window_set_store          (DisWindow      *self,
                                            DisStore       *store,
                                            DisSyncClient  *client,
                                            gboolean        offer_enrolment);
/* A connection tried before the window (--enrol-url) failed: the
 * enrolment page shows @error with the form filled with @hub_url and
 * @token (copied), to be fixed there. Call after dis_window_set_store(). */
void         dis_window_show_enrol_failure (DisWindow      *self,
                                            const char     *hub_url,
                                            const char     *token,
                                            const GError   *error);
/* The store could not be opened: the error page, with a way out. */
void         dis_window_show_load_error    (DisWindow      *self,
                                            const GError   *error);

/* The signed-in operator, NULL when locked ("operator" notifies). Setting
 * one signs them in: whoever sets it checked the PIN. */
DisOperator *dis_window_get_operator       (DisWindow      *self);
void         dis_window_set_operator       (DisWindow      *self,
                                            DisOperator    *operator);
/* Locks the till: shows the sign-in page; the till's cart is kept. */
void         dis_window_lock               (DisWindow      *self);

G_END_DECLS
