/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-application.h"
#include "dis-window.h"

G_BEGIN_DECLS

/* The whole application in a GTK test. */

/* A new DisApplication with an application id of its own (the previous
 * one may still be exported on the bus), non-unique and the default one,
 * with the properties given (NULL-terminated name/value pairs, set before
 * it registers), registered and activated. Returns it; its window is in
 * *@out_window. */
G_GNUC_NULL_TERMINATED
DisApplication *dis_test_app_start      (DisWindow  **out_window,
                                         const char  *first_property,
                                         ...);

/* Waits until @window shows @state (its "state" property); fails after
 * @timeout_ms. */
void            dis_test_app_wait_state (DisWindow   *window,
                                         const char  *state,
                                         guint        timeout_ms);

/* Signs @name in with @pin on the sign-in page of @window, as a person
 * would (the operator chosen in the list, the PIN typed, Enter), and
 * waits for the till; fails after @timeout_ms. */
void            dis_test_app_sign_in    (DisWindow   *window,
                                         const char  *name,
                                         const char  *pin,
                                         guint        timeout_ms);

G_END_DECLS
