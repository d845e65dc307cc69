/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dis-hub-db.h"

G_BEGIN_DECLS

/* The fund tests' fixture: a fresh hub database in a temporary
 * directory, sales stored into it as the hub stores them, and the
 * periods read back. */

typedef struct
{
  char     *dir;
  DisHubDb *db;
  gint64    seq;
} Fixture;

void fixture_set_up (Fixture *f, gconstpointer data);
void fixture_tear_down (Fixture *f, gconstpointer data);
void exec (Fixture *f, const char *sql);
gint64 db_int (Fixture *f, const char *sql, const char *text);
const char *db_text (Fixture *f, const char *sql, const char *text);
char *seed (Fixture *f, const char *created_at, const char *tier, const char *refund_of, gboolean flagged,
            const char *lines);
JsonObject *preview (Fixture *f, const char *period);
JsonObject *close_period (Fixture *f, const char *period);
void assert_close_fails (Fixture *f, const char *period, gint code, const char *message);
gint64 member (JsonObject *fund, const char *name);
const char *claims (JsonObject *fund);
void assert_conserved (JsonObject *fund);
void assert_verified (Fixture *f, const char *period);

/* fund_test_keep() and fund_test_free_strings() of fund-test-claims.h
 * for every file of the program: that header's list is static to each
 * file that includes it, so only the fixture's is used. */
const char *keep_string (char *text);
void free_kept_strings (void);

void fund_add_compute_tests (void);

G_END_DECLS
