/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-members"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "dis-core.h"
#include "dis-member.h"
#include "dis-store-members.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
#include "dis-sync-private.h"
#include "dis-test-hub.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "../store/store-test-util.h"
#include "members-test-fixture.h"

/* Port 0 the first time; the same port again after a stop, so the
 * enrolled point finds it. */
void
start_hub (Fixture *f)
{
  dis_test_hub_start (f->net.hub, f->net.hub->port, NULL);
  if (f->url == NULL)
    f->url = g_strdup (f->net.hub->url);
}

void
stop_hub (Fixture *f)
{
  dis_test_hub_stop (f->net.hub);
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisProduct) product = NULL;
  sqlite3 *db;

  dis_test_network_init (&f->net, "disotto-members", "C1");

  f->store = dis_test_point_new (f->net.point_db, "TO-CEN");
  f->client = dis_sync_client_new (f->store, f->net.config_dir);
  dis_sync_client_set_timing_for_testing (f->client, 20, 400, 60000, 2, 42);
  f->op = dis_test_point_open_till (f->store, 5000);

  /* A basket product sold by the piece, for sales of a known total. */
  db = test_db_open (f->net.point_db);
  f->product_id = test_db_int (db, "SELECT id FROM products WHERE kind = 'basket' AND unit = 'piece'"
                                   " ORDER BY equa_cents DESC, id LIMIT 1");
  sqlite3_close (db);
  product = dis_store_lookup_product (f->store, f->product_id, &error);
  g_assert_no_error (error);
  f->product_price = dis_product_get_price (product, DIS_TIER_EQUA);
  g_assert_cmpint (f->product_price, >, 0);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->client != NULL)
    {
      dis_sync_client_stop (f->client);
      g_assert_finalize_object (g_steal_pointer (&f->client));
    }
  g_clear_object (&f->store);
  dis_test_network_clear (&f->net);
  g_clear_object (&f->op);
  g_free (f->url);
  g_free (f->card);
}

/* ---- Helpers --------------------------------------------------------------- */

void
enrol (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisSyncEnrolment) enrolment = dis_test_enrol (f->client, f->url, f->net.token, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (enrolment);
  g_assert_true (dis_sync_client_is_enrolled (f->client));
}

gboolean
all_synced (gpointer data)
{
  Fixture *f = data;

  return dis_test_point_synced (f->client, f->store);
}

/* Syncs now and waits until the point has applied everything the hub has. */
gboolean
caught_up (gpointer data)
{
  Fixture *f = data;
  gint64 cursor = -1;

  if (!all_synced (f) || !dis_store_sync_get_cursor (f->store, &cursor, NULL))
    return FALSE;
  return cursor == dis_test_hub_int (f->net.hub, "SELECT coalesce (max (seq), 0) FROM changes", NULL);
}

void
sync_and_wait (Fixture *f)
{
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (caught_up, f, 20000));
}

gint64
point_int (Fixture    *f,
           const char *sql)
{
  sqlite3 *db = test_db_open (f->net.point_db);
  gint64 value = test_db_int (db, sql);

  sqlite3_close (db);
  return value;
}

guint32
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return g_date_get_julian (&date);
}

guint32
months_from_today (int months)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, today ());
  if (months >= 0)
    g_date_add_months (&date, months);
  else
    g_date_subtract_months (&date, -months);
  return g_date_get_julian (&date);
}

DisMember *
register_member (Fixture    *f,
                 DisStore   *store,
                 DisOperator *op,
                 const char *card,
                 const char *name,
                 DisTier     preferred)
{
  DisMemberRegistration reg = {
    .card_code = card,
    .display_name = name,
    .kind = DIS_MEMBER_KIND_PERSON,
    .contact = "011 555 0101",
    .preferred_tier = preferred,
    .privacy_consent = TRUE,
  };
  g_autoptr(GError) error = NULL;
  DisMember *member = dis_store_register_member (store, op, &reg, &error);

  g_assert_no_error (error);
  g_assert_nonnull (member);
  return member;
}

/* A sale at Equa of @pieces of the fixture's product for @card. */
gint64
sell (Fixture    *f,
      const char *card,
      gint64      pieces)
{
  gint64 quantity = pieces * 1000;
  g_autoptr(DisSale) sale = test_make_sale (f->store, DIS_TIER_EQUA, &f->product_id, &quantity, 1);
  g_autoptr(GError) error = NULL;

  sale->member_card = g_strdup (card);
  g_assert_true (dis_store_commit_sale (f->store, sale, f->op, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sale->total, ==, pieces * f->product_price);
  return sale->total;
}

DisMember *
find (Fixture    *f,
      const char *card)
{
  g_autoptr(GError) error = NULL;
  DisMember *member = dis_store_find_member_by_card (f->store, card, &error);

  g_assert_no_error (error);
  return member;
}

gboolean
member_has_status (gpointer data)
{
  Fixture *f = data;
  g_autoptr(DisMember) member = dis_store_find_member_by_card (f->store, f->card, NULL);

  return member != NULL && member->status == f->want_status && member->known_to_hub;
}

char *
http_get (Fixture    *f,
          const char *path,
          guint      *out_status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (f->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* POSTs one event of @type with @payload (JSON text) as device C1 and
 * returns its result object's "status" and "code". */
void
post_event (Fixture     *f,
            gint64       seq,
            const char  *type,
            const char  *payload,
            char       **out_status,
            char       **out_code)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (f->url, "/api/v1/events", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autofree char *auth = g_strconcat ("Bearer ", f->net.token, NULL);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"device\":\"C1\",\"events\":[{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ","
                                           "\"type\":\"%s\",\"at\":\"2024-05-02T10:00:00+02:00\",\"payload\":%s}]}",
                                           id, seq, type, payload);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error));
  result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                        "results"), 0);
  *out_status = g_strdup (json_object_get_string_member (result, "status"));
  *out_code = g_strdup (json_object_get_string_member_with_default (result, "code", ""));
}

/* ---- Card codes --------------------------------------------------------------- */
