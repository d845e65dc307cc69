/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-server-private.h"

G_BEGIN_DECLS

/* The coordinators' endpoints (README-api.md): every path under
 * DIS_HUB_COORDINATOR_PREFIX goes to dis_hub_coordinator_route(). */

#define DIS_HUB_COORDINATOR_PREFIX "/api/v1/coordinator/"

void dis_hub_coordinator_route   (Hub               *hub,
                                  SoupServerMessage *msg,
                                  const char        *path);

/* Who acts: a coordinator signed in at a point, both checked. */
typedef struct
{
  gint64  id;
  char   *name;
  char   *point;
} DisHubActor;

void _dis_hub_actor_clear (DisHubActor *actor);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisHubActor, _dis_hub_actor_clear)

/* dis-hub-coordinator-reviews.c: GET …/reviews (@sale_id NULL) and POST
 * …/reviews/SALE_ID, for @actor, audited. */
void _dis_hub_coordinator_reviews (Hub               *hub,
                                   SoupServerMessage *msg,
                                   const DisHubActor *actor,
                                   const char        *sale_id);

/* dis-hub-coordinator.c, for the reviews: the body of a POST as a JSON
 * object whose members are all in @allowed (NULL-terminated), or NULL
 * once the request is answered. */
JsonObject *_dis_hub_coordinator_read_object (Hub                *hub,
                                              SoupServerMessage  *msg,
                                              const char * const *allowed,
                                              JsonNode          **out_root);
/* Answers a failed action: NOT_FOUND 404, INVALID 400 and EXISTS 409
 * with the reason, the rest 500 (logged). */
void        _dis_hub_coordinator_reply_failure (SoupServerMessage *msg,
                                                const char        *what,
                                                const GError      *error);

G_END_DECLS
