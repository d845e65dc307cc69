/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <string.h>

#include "dis-store-members.h"
#include "dis-store-private.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
#include "store-test-util.h"

/* The store's side of sync (issue 9), without a hub: the outbox keeps each
 * event's device across a re-enrolment, an event id conflict renames the
 * event in place, dead letters go back to the outbox, and the changes of
 * a page that cannot be applied are kept, tried again and forgotten with
 * the hub. */

typedef struct
{
  char        *dir;
  char        *path;
  DisStore    *store;
  DisOperator *manager;
  gint64       ids[TEST_N_PRODUCTS];
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DisDayReport) day = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "punto.db", NULL);
  f->store = test_store_new (f->dir);
  test_store_add_catalog (f->store, f->ids);
  f->manager = test_store_add_manager (f->store);
  day = dis_store_open_day (f->store, f->manager, 0, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->manager);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  test_tmpdir_remove (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
commit_one (Fixture *f)
{
  gint64 quantity = 1000;
  g_autoptr(DisSale) sale = test_make_sale (f->store, DIS_TIER_EQUA, &f->ids[TEST_CAFFE], &quantity, 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_store_commit_sale (f->store, sale, f->manager, &error));
  g_assert_no_error (error);
  return g_strdup (sale->receipt_no);
}

static GPtrArray *
read_outbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = dis_store_sync_read_outbox (f->store, 100, 1024 * 1024, &error);

  g_assert_no_error (error);
  return events;
}

static DisOutboxEvent *
event_at (GPtrArray *events,
          guint      i)
{
  return g_ptr_array_index (events, i);
}

static void
enrol_as (Fixture    *f,
          const char *device,
          gboolean    new_hub)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_store_sync_enrol (f->store, "TO-TEST", "Bottega di prova", device, NULL, new_hub, &error));
  g_assert_no_error (error);
}

/* ---- The outbox ---------------------------------------------------------- */

/* Events keep the device that numbered them; the new device counts from
 * 1 and the outbox stays in commit order. */
static void
test_reenrol_keeps_devices (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *r1 = commit_one (f);
  g_autofree char *r2 = commit_one (f);
  g_autofree char *r3 = NULL;

  enrol_as (f, "C2", FALSE);
  r3 = commit_one (f);
  g_assert_cmpstr (r1, ==, "TO-TEST-C1-000001");
  g_assert_cmpstr (r2, ==, "TO-TEST-C1-000002");
  g_assert_cmpstr (r3, ==, "TO-TEST-C2-000001");

  events = read_outbox (f);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (event_at (events, 0)->device, ==, "C1");
  g_assert_cmpint (event_at (events, 0)->seq, ==, 1);
  g_assert_cmpstr (event_at (events, 1)->device, ==, "C1");
  g_assert_cmpint (event_at (events, 1)->seq, ==, 2);
  g_assert_cmpstr (event_at (events, 2)->device, ==, "C2");
  g_assert_cmpint (event_at (events, 2)->seq, ==, 1);
  g_assert_nonnull (strstr (event_at (events, 2)->payload, "\"device\":\"C2\""));
}

/* The batch after one still out: from the next place on, with what was
 * committed meanwhile after it, even once everything before it has left. */
static void
test_read_after (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *r1 = commit_one (f);
  g_autofree char *r2 = commit_one (f);
  g_autofree char *r3 = commit_one (f);
  g_autofree char *r4 = NULL;
  DisCodecAck ack = { NULL, DIS_CODEC_ACK_ACCEPTED, NULL, NULL, NULL };
  gint64 out;

  all = read_outbox (f);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpint (event_at (all, 0)->position, <, event_at (all, 1)->position);
  g_assert_cmpint (event_at (all, 1)->position, <, event_at (all, 2)->position);

  /* The first two are out; the third comes after them, and so does a
   * sale committed now. */
  out = event_at (all, 1)->position;
  r4 = commit_one (f);
  after = dis_store_sync_read_outbox_after (f->store, out, 100, 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_cmpint (event_at (after, 0)->seq, ==, event_at (all, 2)->seq);
  g_assert_cmpint (event_at (after, 1)->seq, ==, event_at (all, 2)->seq + 1);

  /* Every event before the last one out has left, and that one is still
   * in the outbox: the next commit lands after it. */
  for (guint i = 0; i < all->len; i++)
    {
      ack.id = event_at (all, i)->id;
      g_assert_true (dis_store_sync_apply_results (f->store, &ack, 1, &error));
      g_assert_no_error (error);
    }
  g_clear_pointer (&r4, g_free);
  r4 = commit_one (f);
  later = dis_store_sync_read_outbox_after (f->store, event_at (after, 1)->position, 100, 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (later->len, ==, 1);
  g_assert_cmpint (event_at (later, 0)->seq, ==, event_at (after, 1)->seq + 1);
}

/* event_id_conflict: a new id, the same place, no dead letter. */
static void
test_event_id_conflict_renames (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *r1 = commit_one (f);
  g_autofree char *r2 = commit_one (f);
  DisCodecAck ack = { NULL, DIS_CODEC_ACK_REJECTED, "event_id_conflict", "id: already used", NULL };

  before = read_outbox (f);
  ack.id = event_at (before, 0)->id;
  g_assert_true (dis_store_sync_apply_results (f->store, &ack, 1, &error));
  g_assert_no_error (error);

  after = read_outbox (f);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_cmpstr (event_at (after, 0)->id, !=, event_at (before, 0)->id);
  g_assert_true (g_uuid_string_is_valid (event_at (after, 0)->id));
  g_assert_cmpint (event_at (after, 0)->seq, ==, event_at (before, 0)->seq);
  g_assert_cmpstr (event_at (after, 0)->payload, ==, event_at (before, 0)->payload);
  g_assert_cmpstr (event_at (after, 1)->id, ==, event_at (before, 1)->id);
  g_assert_cmpint (dis_store_sync_count_dead_letters (f->store, &error), ==, 0);
}

static gint64
writer_synchronous (Fixture *f)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (f->store->writer.db, "PRAGMA synchronous", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* The hub's answers are kept without waiting for the disk (a lost one
 * only costs a duplicate), and the writer waits again right after, for
 * the sales: FULL (2) after answers kept and after answers refused. */
static void
test_answers_keep_sales_synced (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *r1 = commit_one (f);
  g_autofree char *r2 = commit_one (f);
  DisCodecAck ack = { NULL, DIS_CODEC_ACK_ACCEPTED, NULL, NULL, NULL };

  g_assert_cmpint (writer_synchronous (f), ==, 2);
  events = read_outbox (f);
  ack.id = event_at (events, 0)->id;
  g_assert_true (dis_store_sync_apply_results (f->store, &ack, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 1);
  g_assert_cmpint (writer_synchronous (f), ==, 2);

  /* A failure inside the transaction: nothing kept, FULL again. */
  g_assert_cmpint (sqlite3_exec (f->store->writer.db,
                                 "CREATE TEMP TRIGGER refuse BEFORE DELETE ON outbox"
                                 " BEGIN SELECT RAISE (ABORT, 'refused by the test'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  ack.id = event_at (events, 1)->id;
  g_assert_false (dis_store_sync_apply_results (f->store, &ack, 1, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (writer_synchronous (f), ==, 2);
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 1);
  g_assert_cmpint (sqlite3_exec (f->store->writer.db, "DROP TRIGGER refuse", NULL, NULL, NULL), ==, SQLITE_OK);

  /* The sales that follow are committed as before. */
  g_free (commit_one (f));
  g_assert_cmpint (writer_synchronous (f), ==, 2);
}

/* Dead letters go back to the end of the outbox, as they were: by id,
 * all of them, and the wrong_device ones at an enrolment. */
static void
test_retry_dead_letters (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *r1 = commit_one (f);
  g_autofree char *r2 = commit_one (f);
  g_autofree char *r3 = commit_one (f);
  g_autofree char *first = NULL;
  DisCodecAck acks[2] = {
    { NULL, DIS_CODEC_ACK_REJECTED, "unknown_card", "payload.member_card: no member", NULL },
    { NULL, DIS_CODEC_ACK_REJECTED, "wrong_device", "payload.device: C1 is not this device", NULL },
  };
  const char *ids[2] = { NULL, NULL };

  events = read_outbox (f);
  first = g_strdup (event_at (events, 0)->id);
  acks[0].id = event_at (events, 0)->id;
  acks[1].id = event_at (events, 1)->id;
  g_assert_true (dis_store_sync_apply_results (f->store, acks, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_store_sync_count_dead_letters (f->store, NULL), ==, 2);
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 1);

  /* One, by id: after the event still waiting, with its own seq. */
  ids[0] = first;
  g_assert_cmpint (dis_store_retry_dead_letters (f->store, ids, &error), ==, 1);
  g_assert_no_error (error);
  back = read_outbox (f);
  g_assert_cmpuint (back->len, ==, 2);
  g_assert_cmpstr (event_at (back, 1)->id, ==, first);
  g_assert_cmpstr (event_at (back, 1)->device, ==, "C1");
  g_assert_cmpint (event_at (back, 1)->seq, ==, 1);
  g_assert_cmpint (dis_store_sync_count_dead_letters (f->store, NULL), ==, 1);

  /* An unknown id moves nothing. */
  ids[0] = "00000000-0000-4000-8000-000000000000";
  g_assert_cmpint (dis_store_retry_dead_letters (f->store, ids, &error), ==, 0);

  /* Enrolled again: the wrong_device one goes back by itself. */
  enrol_as (f, "C2", FALSE);
  g_assert_cmpint (dis_store_sync_count_dead_letters (f->store, NULL), ==, 0);
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 3);
  g_assert_cmpint (dis_store_retry_dead_letters (f->store, NULL, &error), ==, 0);
}

/* ---- The changes feed ------------------------------------------------------ */

static JsonArray *
changes_of (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = dis_codec_parse (text, -1, &error);

  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (root));
}

static char *
product_change (gint64      seq,
                const char *code,
                const char *name,
                const char *unit,
                const char *ean,
                guint       plu,
                gint64      equa)
{
  g_autofree char *ean_json = ean != NULL ? g_strdup_printf ("\"%s\"", ean) : g_strdup ("null");

  return g_strdup_printf ("{\"seq\":%" G_GINT64_FORMAT ",\"kind\":\"product\",\"op\":\"upsert\",\"data\":"
                          "{\"code\":\"%s\",\"name\":\"%s\",\"supplier\":\"LT\",\"category\":\"Bevande\","
                          "\"unit\":\"%s\",\"vat\":4,\"ean\":%s,\"plu\":%u,\"equa_cents\":%" G_GINT64_FORMAT "}}",
                          seq, code, name, unit, ean_json, plu, equa);
}

static void
apply (Fixture    *f,
       const char *page,
       gint64      next)
{
  g_autoptr(JsonArray) changes = changes_of (page);
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_store_sync_apply_changes (f->store, changes, next, &error));
  g_assert_no_error (error);
}

static char *
ean_of (Fixture    *f,
        gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisProduct) product = dis_store_lookup_product (f->store, id, &error);

  g_assert_no_error (error);
  return g_strdup (dis_product_get_ean (product));
}

static void
test_changes_kept (Fixture *f, gconstpointer data)
{
  g_autofree char *swap1 = product_change (1, "B-CAFFE", "Caffè arabica 250 g", "piece", test_eans[TEST_PASSATA], 0, 450);
  g_autofree char *swap2 = product_change (2, "B-PASSATA", "Passata di pomodoro", "piece", test_eans[TEST_CAFFE], 0, 230);
  g_autofree char *clash = product_change (3, "B-SEGALE", "Segale in chicchi", "kg", NULL, 456, 390);
  g_autofree char *page = g_strdup_printf ("[%s,%s,%s,{\"seq\":4,\"kind\":\"product\",\"op\":\"upsert\","
                                           "\"data\":{\"code\":\"B-X\"}}]", swap1, swap2, clash);
  g_autofree char *caffe = NULL, *passata = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GError) error = NULL;
  DisUnappliedChange *change;
  gint64 cursor = -1;

  apply (f, page, 4);

  /* The swap applied as a whole; the cursor moved past the page. */
  caffe = ean_of (f, f->ids[TEST_CAFFE]);
  passata = ean_of (f, f->ids[TEST_PASSATA]);
  g_assert_cmpstr (caffe, ==, test_eans[TEST_PASSATA]);
  g_assert_cmpstr (passata, ==, test_eans[TEST_CAFFE]);
  g_assert_true (dis_store_sync_get_cursor (f->store, &cursor, &error));
  g_assert_cmpint (cursor, ==, 4);

  /* The scale code of the own bread, and a change it cannot read: kept. */
  kept = dis_store_sync_list_unapplied (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, 2);
  change = g_ptr_array_index (kept, 0);
  g_assert_cmpstr (change->kind, ==, "product");
  g_assert_cmpstr (change->key, ==, "B-SEGALE");
  g_assert_cmpint (change->seq, ==, 3);
  g_assert_nonnull (strstr (change->label, "B-SEGALE"));
  g_assert_nonnull (strstr (change->reason, "456"));
  g_assert_nonnull (strstr (change->reason, "Pane di segale"));
  change = g_ptr_array_index (kept, 1);
  g_assert_cmpstr (change->kind, ==, "unreadable");
  g_assert_cmpint (change->seq, ==, 4);
  g_assert_nonnull (strstr (change->reason, "cannot read"));
  g_clear_pointer (&kept, g_ptr_array_unref);

  /* An empty page tries them again and keeps them. */
  apply (f, "[]", 4);
  g_assert_cmpint (dis_store_sync_count_unapplied (f->store, NULL), ==, 2);

  /* Another hub: its feed from 0, nothing kept from this one. */
  enrol_as (f, "C1", TRUE);
  g_assert_cmpint (dis_store_sync_count_unapplied (f->store, NULL), ==, 0);
  g_assert_true (dis_store_sync_get_cursor (f->store, &cursor, &error));
  g_assert_cmpint (cursor, ==, 0);
}

/* A product whose change is kept gets its old EAN back, unless the page
 * gave it to another product. */
static void
test_codes_restored (Fixture *f, gconstpointer data)
{
  /* B-CAFFE moves to the bread's scale code (refused) and changes no EAN. */
  g_autofree char *change = product_change (1, "B-CAFFE", "Caffè arabica 250 g", "piece",
                                            test_eans[TEST_CAFFE], 456, 450);
  g_autofree char *page = g_strdup_printf ("[%s]", change);
  g_autofree char *caffe = NULL;
  g_autoptr(DisProduct) found = NULL;
  g_autoptr(GError) error = NULL;

  apply (f, page, 1);
  g_assert_cmpint (dis_store_sync_count_unapplied (f->store, NULL), ==, 1);
  caffe = ean_of (f, f->ids[TEST_CAFFE]);
  g_assert_cmpstr (caffe, ==, test_eans[TEST_CAFFE]);
  found = dis_store_lookup_barcode (f->store, test_eans[TEST_CAFFE], &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_product_get_id (found), ==, f->ids[TEST_CAFFE]);
}

/* ---- Who hears of the changes ---------------------------------------------- */

typedef struct
{
  GPtrArray *cards;     /* every card of every "members-changed", in order */
  guint      n_members;
  guint      n_rules;
  guint      n_points;
} Heard;

static void
members_changed_cb (DisStore           *store,
                    const char * const *cards,
                    Heard              *heard)
{
  heard->n_members++;
  for (guint i = 0; cards[i] != NULL; i++)
    g_ptr_array_add (heard->cards, g_strdup (cards[i]));
}

static void
rules_changed_cb (DisStore *store,
                  Heard    *heard)
{
  heard->n_rules++;
}

static void
points_changed_cb (DisStore *store,
                   Heard    *heard)
{
  heard->n_points++;
}

static char *
member_change (gint64      seq,
               const char *card,
               const char *status)
{
  return g_strdup_printf ("{\"seq\":%" G_GINT64_FORMAT ",\"kind\":\"member\",\"op\":\"upsert\",\"data\":"
                          "{\"card_code\":\"%s\",\"display_name\":\"Giulia Neri\",\"status\":\"%s\","
                          "\"preferred_tier\":\"impegno\","
                          "\"impegno\":{\"eligible_until\":null,\"missing\":[\"volume\"]},"
                          "\"accessibile\":{\"eligible_until\":null,\"missing\":[\"basis\"]}}}",
                          seq, card, status);
}

/* A page of the feed says which members it changed and whether the
 * Impegno rules came with it, after its commit, on the store's context;
 * so do the changes made here (issue 9, item 19). */
static void
test_announces_changes (Fixture *f, gconstpointer data)
{
  Heard heard = { g_ptr_array_new_with_free_func (g_free), 0, 0, 0 };
  g_autofree char *giulia = dis_member_card_from_number (4);
  g_autofree char *marco = dis_member_card_from_number (5);
  g_autofree char *luca = dis_member_card_from_number (6);
  g_autofree char *first = member_change (1, giulia, "pending");
  g_autofree char *second = member_change (2, marco, "validated");
  g_autofree char *page = NULL;
  g_autofree char *settings = NULL;
  g_autoptr(DisMember) registered = NULL;
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  DisMemberRegistration registration = { 0, };
  gint64 quantity = 1000;

  g_signal_connect (f->store, "members-changed", G_CALLBACK (members_changed_cb), &heard);
  g_signal_connect (f->store, "eligibility-rules-changed", G_CALLBACK (rules_changed_cb), &heard);
  g_signal_connect (f->store, "points-changed", G_CALLBACK (points_changed_cb), &heard);

  /* Two members, and a product change of nobody's. */
  page = g_strdup_printf ("[%s,%s]", first, second);
  apply (f, page, 2);
  g_assert_cmpuint (heard.n_members, ==, 1);
  g_assert_cmpuint (heard.cards->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (heard.cards, 0), ==, giulia);
  g_assert_cmpstr (g_ptr_array_index (heard.cards, 1), ==, marco);
  g_assert_cmpuint (heard.n_rules, ==, 0);

  /* Tier percentages are not the rules; the volume threshold is. A page
   * without members tells no member. */
  apply (f, "[{\"seq\":3,\"kind\":\"settings\",\"op\":\"upsert\",\"data\":"
            "{\"tier_percents\":{\"solidale\":2000}}}]", 3);
  g_assert_cmpuint (heard.n_rules, ==, 0);
  apply (f, "[{\"seq\":4,\"kind\":\"settings\",\"op\":\"upsert\",\"data\":"
            "{\"eligibility\":{\"impegno_volume_cents\":10000}}}]", 4);
  g_assert_cmpuint (heard.n_rules, ==, 1);
  g_assert_cmpuint (heard.n_members, ==, 1);
  g_assert_cmpuint (heard.n_points, ==, 0);

  /* A point of the network, published or withdrawn. */
  apply (f, "[{\"seq\":5,\"kind\":\"point\",\"op\":\"upsert\",\"data\":"
            "{\"code\":\"TO-NEW\",\"name\":\"Bottega Nuova\",\"kind\":\"shop\","
            "\"address\":\"Via Po 1\",\"comune\":\"Torino\",\"lat\":45.07,\"lon\":7.69}}]", 5);
  g_assert_cmpuint (heard.n_points, ==, 1);
  apply (f, "[{\"seq\":6,\"kind\":\"point\",\"op\":\"delete\",\"data\":{\"code\":\"TO-NEW\"}}]", 6);
  g_assert_cmpuint (heard.n_points, ==, 2);
  g_assert_cmpuint (heard.n_members, ==, 1);
  g_assert_cmpuint (heard.n_rules, ==, 1);

  /* A registration here, and a sale that counts in the member's volume. */
  registration.card_code = luca;
  registration.display_name = "Luca Bianchi";
  registration.kind = DIS_MEMBER_KIND_PERSON;
  registration.preferred_tier = DIS_TIER_EQUA;
  registration.privacy_consent = TRUE;
  registered = dis_store_register_member (f->store, f->manager, &registration, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (heard.n_members, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (heard.cards, 2), ==, luca);

  sale = test_make_sale (f->store, DIS_TIER_EQUA, &f->ids[TEST_CAFFE], &quantity, 1);
  sale->member_card = g_strdup (giulia);
  g_assert_true (dis_store_commit_sale (f->store, sale, f->manager, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (heard.n_members, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (heard.cards, 3), ==, giulia);

  g_signal_handlers_disconnect_by_data (f->store, &heard);
  g_ptr_array_unref (heard.cards);
}

/* ---- Migration ------------------------------------------------------------ */

static void
exec_file (sqlite3    *db,
           const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("DIS_SOURCE_DIR"), "data", "migrations", name, NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &sql, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A database of version 3 with events waiting and a dead letter: the
 * upgrade keeps their order and gives each its device, from its payload
 * or, failing that, the till's. */
static void
test_migration (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "punto.db", NULL);
  g_autoptr(DisStore) store = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_file (db, "0001-initial.sql");
  exec_file (db, "0002-sync.sql");
  exec_file (db, "0003-members.sql");
  g_assert_cmpint (sqlite3_exec (db,
    "PRAGMA user_version = 3;"
    "INSERT INTO meta (key, value) VALUES ('device_id', 'C7');"
    "INSERT INTO outbox (id, seq, type, at, payload) VALUES"
    " ('11111111-1111-4111-8111-111111111111', 2, 'member.updated', '2024-05-02T10:00:00+02:00',"
    "  '{\"device\":\"C1\"}'),"
    " ('22222222-2222-4222-8222-222222222222', 1, 'member.updated', '2024-05-02T09:00:00+02:00', '{}');"
    "INSERT INTO dead_letters (id, seq, type, at, payload, code, message, rejected_at) VALUES"
    " ('33333333-3333-4333-8333-333333333333', 3, 'member.updated', '2024-05-02T11:00:00+02:00',"
    "  '{\"device\":\"C1\"}', 'wrong_device', 'no', '2024-05-02T11:00:01+02:00');",
    NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = dis_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_store_retry_dead_letters (store, NULL, &error), ==, 1);
  events = dis_store_sync_read_outbox (store, 10, 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (event_at (events, 0)->id, ==, "22222222-2222-4222-8222-222222222222");
  g_assert_cmpstr (event_at (events, 0)->device, ==, "C7");
  g_assert_cmpstr (event_at (events, 1)->id, ==, "11111111-1111-4111-8111-111111111111");
  g_assert_cmpstr (event_at (events, 1)->device, ==, "C1");
  g_assert_cmpstr (event_at (events, 2)->device, ==, "C1");
  g_assert_cmpint (event_at (events, 2)->seq, ==, 3);

  g_assert_finalize_object (g_steal_pointer (&store));
  test_tmpdir_remove (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/store-sync/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("reenrol-keeps-devices", test_reenrol_keeps_devices);
  ADD ("read-after", test_read_after);
  ADD ("event-id-conflict-renames", test_event_id_conflict_renames);
  ADD ("retry-dead-letters", test_retry_dead_letters);
  ADD ("answers-keep-sales-synced", test_answers_keep_sales_synced);
  ADD ("changes-kept", test_changes_kept);
  ADD ("codes-restored", test_codes_restored);
  ADD ("announces-changes", test_announces_changes);
#undef ADD
  g_test_add_func ("/store-sync/migration", test_migration);

  return g_test_run ();
}
