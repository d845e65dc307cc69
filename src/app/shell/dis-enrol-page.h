/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-sync.h"

G_BEGIN_DECLS

#define DIS_TYPE_ENROL_PAGE (dis_enrol_page_get_type ())
G_DECLARE_FINAL_TYPE (DisEnrolPage, dis_enrol_page, DIS, ENROL_PAGE, GtkWidget)

/* "Connect to the network": enrols this till with a hub (address and
 * enrolment token), confirming an unknown certificate's fingerprint when
 * needed, then says which point the till has become.
 *
 * Emits "finished" (gboolean enrolled) when the user continues after a
 * successful enrolment (TRUE) or chose to work offline (FALSE; the choice
 * is recorded in the "offline-only" setting). */
GtkWidget     *dis_enrol_page_new               (void);
void           dis_enrol_page_set_client        (DisEnrolPage  *self,
                                                 DisSyncClient *client);
/* Whether "Work Offline" is offered (TRUE by default). */
void           dis_enrol_page_set_allow_offline (DisEnrolPage  *self,
                                                 gboolean       allow_offline);
/* Back to the empty form. */
void           dis_enrol_page_reset             (DisEnrolPage  *self);
/* Shows the outcome of an enrolment tried elsewhere (--enrol-url): the
 * form filled with @hub_url and @token and @error explained, or the
 * certificate to confirm. */
void           dis_enrol_page_show_failure      (DisEnrolPage  *self,
                                                 const char    *hub_url,
                                                 const char    *token,
                                                 const GError  *error);
/* The plain-words explanation of an enrolment or sync error. */
char          *dis_enrol_page_describe_error    (const GError  *error);

G_END_DECLS
