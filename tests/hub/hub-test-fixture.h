/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dis-test-hub.h"

G_BEGIN_DECLS

/* Integration tests: a real disotto-hub process on 127.0.0.1 with an
 * ephemeral port, a temporary database, libsoup as the client. */

typedef struct
{
  char            *dir;
  DisTestHub      *hub;
  char            *token;
  SoupSession     *session;
  GTlsCertificate *accept;     /* self-signed certificate the client trusts */
} Fixture;

/* Runs a hub admin command to completion; returns its exit status. */
#define run_hub(f, out_stdout, out_stderr, ...) \
  dis_test_hub_run ((f)->hub, out_stdout, out_stderr, __VA_ARGS__)

void start_server (Fixture *f, const char *extra1, const char *extra2, const char *extra3, const char *extra4);
void stop_server (Fixture *f);
void fixture_set_up (Fixture *f, gconstpointer data);
void fixture_tear_down (Fixture *f, gconstpointer data);
JsonNode *http (Fixture *f, const char *method, const char *path, const char *token, const char *body, gsize body_length, guint *out_status);
/* The same with one more header, @header: @header_value (none when NULL). */
JsonNode *http_header (Fixture *f, const char *method, const char *path, const char *token,
                       const char *header, const char *header_value, const char *body, gsize body_length,
                       guint *out_status);
void assert_error (JsonNode *root, const char *code);
gint64 db_int (Fixture *f, const char *sql);
char *db_state (Fixture *f);
char *sale_event (const char *point, gint64 seq, const char *tier, gint64 qty, gint64 unit_price, gint64 skew);
JsonNode *push (Fixture *f, const char *token, const char *events_csv, guint *out_status);
JsonObject *result_at (JsonNode *root, guint index);
char *db_text (Fixture *f, const char *sql, const char *parameter);
char *http_text (Fixture *f, const char *path, const char *token);
/* Writes @text to @name in the test's directory; returns its path. */
char *fixture_write_file (Fixture *f, const char *name, const char *text);

void hub_add_codec_tests (void);
void hub_add_rules_tests (void);
void hub_add_prices_tests (void);
void hub_add_checks_tests (void);

G_END_DECLS
