/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DIS_TYPE_DECLARATION_DIALOG (dis_declaration_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisDeclarationDialog, dis_declaration_dialog, DIS, DECLARATION_DIALOG, AdwMessageDialog)

/* Asks for a member's public commitment declaration, in the member's own
 * words, and the name to publish it under. It counts the characters and
 * says what is wrong; the "save" response is enabled only for a text of 1
 * to DIS_MEMBER_DECLARATION_MAX characters with a name. Responses
 * "cancel" and "save". Property "published-name" (the name, trimmed; set
 * it to the member's name to propose it). */
GtkWidget *dis_declaration_dialog_new                (GtkWindow            *parent,
                                                      const char           *published_name);
/* The declaration as typed, trimmed. */
char      *dis_declaration_dialog_dup_text           (DisDeclarationDialog *self);
char      *dis_declaration_dialog_dup_published_name (DisDeclarationDialog *self);
void       dis_declaration_dialog_set_published_name (DisDeclarationDialog *self,
                                                      const char           *name);

G_END_DECLS
