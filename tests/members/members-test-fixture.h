/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dis-core.h"
#include "dis-member.h"
#include "dis-sync.h"
#include "dis-test-hub.h"

G_BEGIN_DECLS

/* Members from the counter to the hub and back, against a real
 * disotto-hub on 127.0.0.1: registration offline, validation on the hub,
 * eligibility from the cached data, the buyer's unsynced volume, the
 * export of one member's data, and bad input at both ends. */

typedef struct
{
  DisTestNetwork net;
  char          *url;
  DisStore      *store;
  DisSyncClient *client;
  DisOperator   *op;
  gint64         product_id;
  gint64         product_price;   /* Equa, per piece */
  char          *card;            /* what the waits look at */
  DisMemberStatus want_status;
  guint32        want_registered;
  gint64         want_volume;
} Fixture;

void start_hub (Fixture *f);
void stop_hub (Fixture *f);
void fixture_set_up (Fixture *f, gconstpointer data);
void fixture_tear_down (Fixture *f, gconstpointer data);
void enrol (Fixture *f);
gboolean all_synced (gpointer data);
gboolean caught_up (gpointer data);
void sync_and_wait (Fixture *f);
gint64 point_int (Fixture *f, const char *sql);
guint32 today (void);
guint32 months_from_today (int months);
DisMember *register_member (Fixture *f, DisStore *store, DisOperator *op, const char *card, const char *name, DisTier preferred);
gint64 sell (Fixture *f, const char *card, gint64 pieces);
DisMember *find (Fixture *f, const char *card);
gboolean member_has_status (gpointer data);
char *http_get (Fixture *f, const char *path, guint *out_status);
void post_event (Fixture *f, gint64 seq, const char *type, const char *payload, char **out_status, char **out_code);

void members_add_input_tests (void);

G_END_DECLS
