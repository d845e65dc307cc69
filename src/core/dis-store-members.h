/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-member.h"
#include "dis-store.h"

G_BEGIN_DECLS

/* Members at the point (DESIGN.md §3, §7). Blocking and thread-safe like
 * every dis_store_*() function; the UI calls the _async/_finish pairs.
 *
 * Every change here writes the member row and its outbox event
 * ("member.registered", "member.updated", "member.provisional_basis") in
 * ONE transaction. Changes are for a responsabile: the acting operator
 * needs DIS_PERMISSION_MEMBERS (else DIS_ERROR_PERMISSION). Bad input
 * fails with DIS_ERROR_INVALID and a message for people, and stores
 * nothing. */

/* Members are a responsabile's work, like operators. */
#define DIS_PERMISSION_MEMBERS DIS_PERMISSION_MANAGE_OPERATORS

typedef struct
{
  const char    *card_code;        /* well-formed, unused (dis_store_new_member_card) */
  const char    *display_name;     /* not empty, at most DIS_MEMBER_NAME_MAX characters */
  DisMemberKind  kind;
  const char    *contact;          /* phone or e-mail, may be NULL; sent to the hub only */
  DisTier        preferred_tier;
  gboolean       privacy_consent;  /* the privacy notice was accepted: required */
} DisMemberRegistration;

/* A card code no member of this point's cache uses (the hub refuses the
 * rare clash with another point's new card as "duplicate_card"). */
char      *dis_store_new_member_card          (DisStore                    *self,
                                               GError                     **error);

/* A new pending member, registered today, with the privacy consent dated
 * today. DIS_ERROR_INVALID: malformed or used card code, empty name, no
 * consent. */
DisMember *dis_store_register_member          (DisStore                    *self,
                                               DisOperator                 *acting,
                                               const DisMemberRegistration *registration,
                                               GError                     **error);
/* The member acknowledged the documentation on the solidarity economy (today). */
gboolean   dis_store_record_acknowledgement   (DisStore                    *self,
                                               DisOperator                 *acting,
                                               const char                  *card_code,
                                               GError                     **error);
/* The public commitment declaration (at most DIS_MEMBER_DECLARATION_MAX
 * characters) and the name to publish it under (not empty). The text goes
 * to the hub; the point only remembers that there is one. */
gboolean   dis_store_set_declaration          (DisStore                    *self,
                                               DisOperator                 *acting,
                                               const char                  *card_code,
                                               const char                  *text,
                                               const char                  *published_name,
                                               GError                     **error);
gboolean   dis_store_set_member_preferred_tier(DisStore                    *self,
                                               DisOperator                 *acting,
                                               const char                  *card_code,
                                               DisTier                      tier,
                                               GError                     **error);
/* A provisional Accessibile basis for a pending member, flagged to the hub
 * for review. @expires_julian: last valid day, 0 for today +
 * DIS_PROVISIONAL_BASIS_MONTHS; it must not be in the past nor later than
 * that. Returns the updated member. */
DisMember *dis_store_grant_provisional_basis  (DisStore                    *self,
                                               DisOperator                 *acting,
                                               const char                  *card_code,
                                               guint32                      expires_julian,
                                               GError                     **error);

/* By card (normalized first: spaces, dashes and case do not matter).
 * DIS_ERROR_INVALID for a malformed code, DIS_ERROR_NOT_FOUND for an
 * unknown one. volume_unsynced_cents is filled. */
DisMember *dis_store_find_member_by_card      (DisStore                    *self,
                                               const char                  *card_code,
                                               GError                     **error);
/* By name (every word a prefix, accent- and case-insensitive) or card
 * code (or its beginning); best first. GPtrArray of DisMember*. */
GPtrArray *dis_store_search_members           (DisStore                    *self,
                                               const char                  *text,
                                               guint                        limit,
                                               GError                     **error);
/* Fills @out_buyer for dis_eligibility_evaluate(): the cached member,
 * with volume = hub figure + this point's sales of the member not yet
 * acknowledged by the hub. Errors as dis_store_find_member_by_card(). */
gboolean   dis_store_get_buyer                (DisStore                    *self,
                                               const char                  *card_code,
                                               DisBuyer                    *out_buyer,
                                               GError                     **error);

/* For the UI thread: lookups on the read worker. */
void       dis_store_find_member_by_card_async  (DisStore            *self,
                                                 const char          *card_code,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
DisMember *dis_store_find_member_by_card_finish (DisStore            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void       dis_store_search_members_async       (DisStore            *self,
                                                 const char          *text,
                                                 guint                limit,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray *dis_store_search_members_finish      (DisStore            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void       dis_store_new_member_card_async      (DisStore            *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
char      *dis_store_new_member_card_finish     (DisStore            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* For the UI thread: changes on the write worker. The registration is
 * copied. Every _finish answers with the member as it is after the
 * change (NULL with @error when it failed and nothing was stored). */
void       dis_store_register_member_async      (DisStore                    *self,
                                                 DisOperator                 *acting,
                                                 const DisMemberRegistration *registration,
                                                 GCancellable                *cancellable,
                                                 GAsyncReadyCallback          callback,
                                                 gpointer                     user_data);
DisMember *dis_store_register_member_finish     (DisStore                    *self,
                                                 GAsyncResult                *result,
                                                 GError                     **error);
void       dis_store_record_acknowledgement_async      (DisStore            *self,
                                                        DisOperator         *acting,
                                                        const char          *card_code,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
DisMember *dis_store_record_acknowledgement_finish     (DisStore            *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void       dis_store_set_declaration_async             (DisStore            *self,
                                                        DisOperator         *acting,
                                                        const char          *card_code,
                                                        const char          *text,
                                                        const char          *published_name,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
DisMember *dis_store_set_declaration_finish            (DisStore            *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void       dis_store_set_member_preferred_tier_async   (DisStore            *self,
                                                        DisOperator         *acting,
                                                        const char          *card_code,
                                                        DisTier              tier,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
DisMember *dis_store_set_member_preferred_tier_finish  (DisStore            *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void       dis_store_grant_provisional_basis_async     (DisStore            *self,
                                                        DisOperator         *acting,
                                                        const char          *card_code,
                                                        guint32              expires_julian,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
DisMember *dis_store_grant_provisional_basis_finish    (DisStore            *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
