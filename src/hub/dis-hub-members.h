/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-codec.h"
#include "dis-hub-db.h"
#include "dis-member.h"

G_BEGIN_DECLS

/* The member registry of the network (DESIGN.md §3, §7; README-api.md).
 * Every change appends a "member" change to the feed in the caller's
 * transaction, and only when what points see actually changed. */

gboolean  dis_hub_members_exists          (DisHubDb     *db,
                                           const char   *card_code,
                                           gboolean     *out_exists,
                                           GError      **error);
/* The total of the member's sales and refunds at every point from the
 * date twelve months before dis_hub_members_today() (the sale's own local
 * date counts), within ± DIS_SALE_TOTAL_MAX. */
gboolean  dis_hub_members_volume_12m      (DisHubDb     *db,
                                           const char   *card_code,
                                           gint64       *out_cents,
                                           GError      **error);

/* Publishes @card_code's counter data (name, card, status, preferred
 * tier, and the verdicts on Impegno and Accessibile) when it differs from
 * the last published; a card the hub does not know is no error. */
gboolean  dis_hub_members_publish         (DisHubDb     *db,
                                           const char   *card_code,
                                           GError      **error);
/* After a sale or refund of the member: publishes only when a tier's
 * decision changed, not the date the volume holds until. */
gboolean  dis_hub_members_publish_after_sale (DisHubDb  *db,
                                           const char   *card_code,
                                           GError      **error);
/* Publishes every member whose data changed, e.g. a verdict whose
 * volume's old sales left the 12-month window. Own transaction. */
gboolean  dis_hub_members_refresh         (DisHubDb     *db,
                                           guint        *out_n_published,
                                           GError      **error);

/* The network's time zone, Europe/Rome (the local one when the machine
 * has no tz database). */
GTimeZone *dis_hub_network_time_zone      (void);
/* Today in the network's time zone (Europe/Rome), a Julian day: the
 * 12-month window ends there. */
guint32   dis_hub_members_today           (void);

/* Keeps the 12-month volumes right while `serve` runs, with no admin and
 * no new sale needed: dis_hub_members_refresh() now (days may have passed
 * while the hub was down) and a few seconds after every midnight in
 * Europe/Rome, on the thread-default main context; only members whose
 * data changed are published. @db must outlive the watch. */
typedef struct _DisHubVolumeWatch DisHubVolumeWatch;

DisHubVolumeWatch *dis_hub_members_watch_volumes (DisHubDb          *db);
void               dis_hub_members_watch_free    (DisHubVolumeWatch *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisHubVolumeWatch, dis_hub_members_watch_free)

/* ---- Events from points ------------------------------------------------ */

/* Applies one member event of @point/@device, decoded and checked by the
 * codec, inside the batch's savepoint. TRUE: accepted. FALSE with
 * *out_code set: rejected (duplicate_card, unknown_card, wrong_point,
 * wrong_device; for a provisional basis provisional_not_pending,
 * provisional_over_verified, provisional_too_long). FALSE with @error:
 * database failure. A registration takes the hub's today as
 * registered_on, whatever the point says. */
gboolean  dis_hub_members_apply_event     (DisHubDb                   *db,
                                           const char                 *point,
                                           const char                 *device,
                                           const DisCodecMemberEvent  *event,
                                           const char                **out_code,
                                           char                      **out_message,
                                           GError                    **error);

/* ---- dis-hub-members-admin.c ---------------------------------------------- */

/* {"declarations": [{"name", "text", "date"}]} of validated members. */
JsonNode *dis_hub_members_declarations    (DisHubDb     *db,
                                           GError      **error);

/* ---- Admin ----------------------------------------------------------------- */

/* `disotto-hub member …`: argv[0] is "member". Returns the exit status. */
int       dis_hub_members_command         (int           argc,
                                           char        **argv);

/* What `member validate|suspend|set-basis` do, for coordinators too: in
 * their own transaction, or in the caller's when one is open. The basis
 * follows the rules of `member set-basis` (@verified_by required but for
 * "none", @expires NULL for the network's validity). */
gboolean  dis_hub_members_set_status      (DisHubDb        *db,
                                           const char      *card_code,
                                           DisMemberStatus  status,
                                           GError         **error);
gboolean  dis_hub_members_set_basis       (DisHubDb        *db,
                                           const char      *card_code,
                                           const char      *kind,
                                           const char      *verified_by,
                                           const char      *expires,
                                           GError         **error);

/* Everything the hub holds about one member, and nothing about others. */
JsonNode *dis_hub_members_export          (DisHubDb     *db,
                                           const char   *card_code,
                                           GError      **error);

G_END_DECLS
