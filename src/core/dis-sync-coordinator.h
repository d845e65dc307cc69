/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dis-member.h"
#include "dis-sync.h"

G_BEGIN_DECLS

/* A coordinator signed in at this point (issue 10 §5): the session the
 * hub gave them, kept in memory only, and the actions they take on the
 * hub. Every call needs the network: nothing is queued. Requests go to
 * the enrolled hub with the device's token and pinned certificate, in a
 * thread; results come back on the creator's main context. */

#define DIS_COORDINATOR_ERROR (dis_coordinator_error_quark ())

typedef enum
{
  DIS_COORDINATOR_ERROR_NOT_SIGNED_IN,
  DIS_COORDINATOR_ERROR_OFFLINE,          /* not enrolled, or the hub unreachable */
  DIS_COORDINATOR_ERROR_BAD_CREDENTIALS,  /* unknown name or wrong passphrase */
  DIS_COORDINATOR_ERROR_RATE_LIMITED,
  DIS_COORDINATOR_ERROR_SESSION_ENDED,    /* expired, ended or revoked: signed out */
  DIS_COORDINATOR_ERROR_FORBIDDEN,        /* the session belongs to another point */
  DIS_COORDINATOR_ERROR_NOT_FOUND,        /* no such member or sale on the hub */
  DIS_COORDINATOR_ERROR_REFUSED,          /* the hub refused the action as it stands */
  DIS_COORDINATOR_ERROR_FAILED,           /* the hub or this device's token had a problem */
} DisCoordinatorError;

GQuark dis_coordinator_error_quark (void);

typedef enum
{
  DIS_COORDINATOR_VALIDATE,
  DIS_COORDINATOR_SUSPEND,
  DIS_COORDINATOR_SET_BASIS,
} DisCoordinatorAction;

/* A sale the hub flagged, waiting for a coordinator (GET …/reviews). */
typedef struct
{
  char   *sale_id;
  char   *point;
  char   *receipt_no;
  char   *created_at;
  char   *tier;
  gint64  total_cents;
  gint64  point_total_cents;
  char   *reason;
  char   *fund_period;
} DisFlaggedSale;

void dis_flagged_sale_free (DisFlaggedSale *sale);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisFlaggedSale, dis_flagged_sale_free)

#define DIS_TYPE_COORDINATOR (dis_coordinator_get_type ())
G_DECLARE_FINAL_TYPE (DisCoordinator, dis_coordinator, DIS, COORDINATOR, GObject)

DisCoordinator *dis_coordinator_new          (DisSyncClient  *client);
/* The name signed in, NULL when nobody is ("name" notifies). */
const char     *dis_coordinator_get_name     (DisCoordinator *self);

void            dis_coordinator_sign_in_async  (DisCoordinator      *self,
                                                const char          *name,
                                                const char          *passphrase,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        dis_coordinator_sign_in_finish (DisCoordinator      *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Forgets the session at once and tells the hub to end it (in the
 * background; an unreachable hub lets it expire). */
void            dis_coordinator_sign_out       (DisCoordinator      *self);

/* @basis and @expires_on (YYYY-MM-DD or NULL: the network's validity)
 * only for DIS_COORDINATOR_SET_BASIS. On success a sync is started, so
 * the member's new state comes back through the pull. */
void            dis_coordinator_member_async   (DisCoordinator       *self,
                                                const char           *card_code,
                                                DisCoordinatorAction  action,
                                                DisBasisKind          basis,
                                                const char           *expires_on,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean        dis_coordinator_member_finish  (DisCoordinator       *self,
                                                GAsyncResult         *result,
                                                GError              **error);

void            dis_coordinator_list_reviews_async  (DisCoordinator      *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* DisFlaggedSale*, oldest first as the hub sends them. */
GPtrArray      *dis_coordinator_list_reviews_finish (DisCoordinator      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void            dis_coordinator_decide_review_async  (DisCoordinator      *self,
                                                      const char          *sale_id,
                                                      gboolean             accept,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        dis_coordinator_decide_review_finish (DisCoordinator      *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
