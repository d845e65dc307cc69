/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-db.h"

G_BEGIN_DECLS

/* Coordinators (issue 10 §5): people the hub admin names, who sign in at
 * any point's app and act for the network. The passphrase is kept as an
 * Argon2id string (libsodium's crypto_pwhash_str), a session token as its
 * SHA-256; everything they do goes to the audit log. */

#define DIS_HUB_COORDINATOR_NAME_MAX        64
#define DIS_HUB_COORDINATOR_PASSPHRASE_MIN  12     /* characters */
#define DIS_HUB_COORDINATOR_PASSPHRASE_MAX  1024   /* bytes */

/* ---- dis-hub-coordinator-db.c --------------------------------------------- */

/* A name as stored: trimmed, 1…64 characters, no control characters;
 * NULL (and INVALID) otherwise. */
char     *dis_hub_coordinator_name_check     (const char  *name,
                                              GError     **error);
/* Argon2id of @passphrase with the limits of the hub settings
 * coordinator.pwhash_opslimit and coordinator.pwhash_memlimit_kib. */
char     *dis_hub_coordinator_hash           (DisHubDb    *db,
                                              const char  *passphrase,
                                              GError     **error);

gboolean  dis_hub_coordinator_add            (DisHubDb    *db,
                                              const char  *name,
                                              const char  *passphrase,
                                              GError     **error);
/* [{"id", "name", "created_at", "revoked_at", "sessions"}], never a hash. */
JsonNode *dis_hub_coordinator_list           (DisHubDb    *db,
                                              GError     **error);
/* Revokes @name and ends their sessions; NOT_FOUND when unknown. */
gboolean  dis_hub_coordinator_revoke         (DisHubDb    *db,
                                              const char  *name,
                                              GError     **error);

/* The stored hash and id of an active (not revoked) coordinator; FALSE
 * without @error when there is none by that name. */
gboolean  dis_hub_coordinator_lookup         (DisHubDb    *db,
                                              const char  *name,
                                              gint64      *out_id,
                                              char       **out_hash,
                                              GError     **error);

/* Opens a session of @coordinator at @point; returns the token (shown
 * once, only its hash stored) and when it expires (ISO 8601, UTC). */
char     *dis_hub_coordinator_session_new    (DisHubDb    *db,
                                              gint64       coordinator,
                                              const char  *point,
                                              char       **out_expires_at,
                                              GError     **error);

typedef enum
{
  DIS_HUB_SESSION_OK,
  DIS_HUB_SESSION_UNKNOWN,      /* no such token, or ended */
  DIS_HUB_SESSION_EXPIRED,
  DIS_HUB_SESSION_REVOKED,      /* the coordinator was revoked */
  DIS_HUB_SESSION_WRONG_POINT,  /* opened at another point */
} DisHubSession;

/* Checks @token for a request of @point; on OK the coordinator's id and
 * name. An expired session is removed. */
DisHubSession dis_hub_coordinator_session_check (DisHubDb    *db,
                                                 const char  *token,
                                                 const char  *point,
                                                 gint64      *out_id,
                                                 char       **out_name,
                                                 GError     **error);
gboolean  dis_hub_coordinator_session_end    (DisHubDb    *db,
                                              const char  *token,
                                              GError     **error);

/* One row of the audit log, in the caller's transaction if any.
 * @coordinator ≤ 0 and @point NULL for the hub's shell; @detail an object
 * or NULL for {}. */
gboolean  dis_hub_audit                      (DisHubDb    *db,
                                              gint64       coordinator,
                                              const char  *point,
                                              const char  *action,
                                              const char  *target,
                                              JsonNode    *detail,
                                              GError     **error);

/* ---- dis-hub-coordinator-cli.c -------------------------------------------- */

/* `disotto-hub coordinator add|list|revoke`: argv[0] is "coordinator". */
int       dis_hub_coordinator_main           (int          argc,
                                              char       **argv);

G_END_DECLS
