/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-sync.h"

G_BEGIN_DECLS

#define DIS_TYPE_DEAD_LETTERS_DIALOG (dis_dead_letters_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisDeadLettersDialog, dis_dead_letters_dialog, DIS, DEAD_LETTERS_DIALOG, AdwWindow)

/* The events the hub rejected (kept, never retried), with the hub's code
 * and reason, and a way to copy them for the network administrator. */
GtkWidget *dis_dead_letters_dialog_new          (GtkWindow            *parent,
                                                 DisStore             *store);
/* The details as copied to the clipboard; NULL until loaded. */
char      *dis_dead_letters_dialog_dup_details  (DisDeadLettersDialog *self);

G_END_DECLS
