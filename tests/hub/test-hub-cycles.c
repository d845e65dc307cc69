/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dis-member.h"
#include "dis-test-pg.h"
#include "dis-test-util.h"
#include "hub-test-fixture.h"

/* Order cycles at the hub after they opened (issue 13): `cycle list`,
 * `cycle close` and the closing at the closing time while the hub
 * serves, `cycle supplier-orders` (a CSV and a PDF per supplier), and
 * `cycle delivered` sharing a short delivery among the orders, seen by
 * the points in the feed. Orders reach the hub as real points push them. */

static gint64 next_seq = 1;

/* @seconds from now, in UTC, as ISO 8601. */
static char *
iso_from_now (gint64 seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (gdouble) seconds);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

/* `cycle open` from @opens to @closes (seconds from now) offering
 * @products (the file's JSON); its id. */
static gint64
open_cycle (Fixture    *f,
            gint64      opens,
            gint64      closes,
            const char *products)
{
  g_autofree char *path = fixture_write_file (f, "offer.json", products);
  g_autofree char *from = iso_from_now (opens);
  g_autofree char *to = iso_from_now (closes);
  g_autofree char *out = dis_test_hub_admin (f->hub, "cycle", "open", "--name", "Settimana 49", "--opens", from,
                                             "--closes", to, "--products", path, NULL);
  g_autoptr(JsonNode) root = parse (out);

  return json_object_get_int_member (json_node_get_object (root), "id");
}

/* A validated member with card number @number; eligible for Accessibile
 * (a basis on record) when @accessibile. */
static char *
add_member (Fixture  *f,
            guint32   number,
            gboolean  accessibile)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) before = g_date_time_add_years (now, -2);
  g_autoptr(GDateTime) after = g_date_time_add_years (now, 2);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *ago = g_date_time_format (before, "%Y-%m-%d");
  g_autofree char *ahead = g_date_time_format (after, "%Y-%m-%d");
  char *card = dis_member_card_from_number (number);
  g_autofree char *sql = NULL;

  if (accessibile)
    sql = g_strdup_printf ("INSERT INTO members (card_code, kind, display_name, registered_on, status, basis,"
                           " basis_verified_by, basis_verified_on, basis_expires_on, privacy_consent_on,"
                           " created_at, updated_at) VALUES ('%s', 'person', 'Socia %u', '%s', 'validated',"
                           " 'certificate', 'Test', '%s', '%s', '%s', '%s', '%s')",
                           card, number, ago, ago, ahead, ago, today, today);
  else
    sql = g_strdup_printf ("INSERT INTO members (card_code, kind, display_name, registered_on, status,"
                           " privacy_consent_on, created_at, updated_at) VALUES ('%s', 'person', 'Socio %u',"
                           " '%s', 'validated', '%s', '%s', '%s')",
                           card, number, ago, ago, today, today);
  dis_test_hub_exec (f->hub, sql);
  return card;
}

/* TO-CEN's pickup window SAB, and TO-SSA's. */
static void
set_windows (Fixture *f)
{
  g_autofree char *starts = iso_from_now (3 * 24 * 3600);
  g_autofree char *ends = iso_from_now (3 * 24 * 3600 + 4 * 3600);
  g_autofree char *text = g_strdup_printf ("{\"windows\":[{\"code\":\"SAB\",\"starts\":\"%s\",\"ends\":\"%s\"}],"
                                           "\"slots\":[]}", starts, ends);
  g_autofree char *path = fixture_write_file (f, "schedule.json", text);
  const char *points[] = { "TO-CEN", "TO-SSA" };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    g_free (dis_test_hub_admin (f->hub, "point", "schedule", points[i], "--file", path, NULL));
}

/* An order.placed of @point (device C1), picked up in SAB; @lines is the
 * JSON array of its lines. Its id in *@out_id. */
static char *
placed (const char  *point,
        gint64       number,
        gint64       cycle,
        const char  *card,
        const char  *tier,
        const char  *created_at,
        const char  *lines,
        char       **out_id)
{
  g_autofree char *event_id = g_uuid_string_random ();
  char *id = g_uuid_string_random ();

  *out_id = id;
  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"order.placed\",\"at\":\"%s\","
                          "\"payload\":{\"id\":\"%s\",\"point\":\"%s\",\"device\":\"C1\",\"revision\":1,"
                          "\"number\":%" G_GINT64_FORMAT ",\"cycle\":%" G_GINT64_FORMAT ",\"member_card\":\"%s\","
                          "\"tier\":\"%s\",\"fulfilment\":\"pickup\",\"window\":\"SAB\",\"slot\":null,"
                          "\"address\":null,\"comune\":null,\"note\":null,\"operator_id\":1,"
                          "\"operator_name\":\"Anna Rossi\",\"created_at\":\"%s\",\"lines\":%s}}",
                          event_id, next_seq++, created_at, id, point, number, cycle, card, tier, created_at, lines);
}

/* Pushes @event with @token: the event and the order both accepted. */
static void
push_accepted (Fixture    *f,
               const char *token,
               const char *event,
               const char *id)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *state = NULL;
  guint status = 0;

  reply = push (f, token, event, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (reply, 0), "status"), ==, "accepted");
  state = db_text (f, "SELECT state FROM hub_orders WHERE id = ?1", id);
  g_assert_cmpstr (state, ==, "accepted");
}

static gint64
allotted (Fixture    *f,
          const char *id,
          const char *product)
{
  g_autofree char *sql = g_strdup_printf ("SELECT allotted FROM hub_order_lines WHERE order_id = ?1"
                                          " AND product_code = '%s'", product);

  return dis_test_hub_int (f->hub, sql, id);
}

/* ---- list and close ---------------------------------------------------------- */

static void
test_list_close (Fixture *f, gconstpointer data)
{
  g_autofree char *card = add_member (f, 101, FALSE);
  g_autofree char *out = NULL, *err = NULL, *cycle_data = NULL;
  g_autofree char *id = NULL, *event = NULL, *verdict = NULL, *when = iso_from_now (0);
  g_autofree char *id_text = NULL, *late_id = NULL, *late = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *newest;
  JsonArray *products;
  gint64 first, second, n_changes;

  set_windows (f);
  first = open_cycle (f, -3600, 7 * 24 * 3600, "[{\"product\":\"P-0001\",\"available\":100000}]");
  second = open_cycle (f, -60, 7 * 24 * 3600,
                       "[{\"product\":\"P-0006\",\"available\":null},{\"product\":\"P-0002\",\"available\":5000}]");
  event = placed ("TO-CEN", 1, second, card, "equa", when,
                  "[{\"line_no\":1,\"product_code\":\"P-0002\",\"quantity\":2000}]", &id);
  push_accepted (f, f->token, event, id);

  /* Newest first, with the products, their supplier and what orders reserved. */
  g_assert_cmpint (run_hub (f, &out, &err, "cycle", "list", NULL), ==, 0);
  root = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  newest = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpint (json_object_get_int_member (newest, "id"), ==, second);
  g_assert_cmpstr (json_object_get_string_member (newest, "state"), ==, "open");
  g_assert_true (json_object_get_null_member (newest, "closed_at"));
  products = json_object_get_array_member (newest, "products");
  g_assert_cmpuint (json_array_get_length (products), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (products, 0), "product"), ==, "P-0002");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (products, 0), "supplier"), ==, "F-PAS");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (products, 0), "available"), ==, 5000);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (products, 0), "reserved"), ==, 2000);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (products, 1), "available"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (newest, "orders"), "accepted"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (root), 1), "id"),
                   ==, first);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Closed by hand: published once, as closed. */
  n_changes = db_int (f, "SELECT count (*) FROM changes WHERE kind = 'order_cycle'");
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, second);
  g_assert_cmpint (run_hub (f, &out, &err, "cycle", "close", id_text, NULL), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = parse (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "state"), ==, "closed");
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (root), "closed_at"));
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'order_cycle'"), ==, n_changes + 1);
  cycle_data = dis_test_hub_text (f->hub, "SELECT data FROM changes WHERE kind = 'order_cycle' AND key = ?1"
                                          " ORDER BY seq DESC LIMIT 1", id_text);
  g_clear_pointer (&root, json_node_unref);
  root = parse (cycle_data);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "state"), ==, "closed");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "id"), ==, second);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Twice: refused, nothing published. An unknown cycle; not an id. */
  g_assert_cmpint (run_hub (f, &out, &err, "cycle", "close", id_text, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "closed already"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'order_cycle'"), ==, n_changes + 1);
  g_assert_cmpint (run_hub (f, &out, &err, "cycle", "close", "999", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no order cycle 999"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_hub (f, &out, &err, "cycle", "close", "x", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_hub (f, &out, &err, "cycle", "close", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  /* The closed cycle takes no more orders: the hub refuses the order. */
  late = placed ("TO-CEN", 2, second, card, "equa", when,
                 "[{\"line_no\":1,\"product_code\":\"P-0006\",\"quantity\":1000}]", &late_id);
  {
    g_autoptr(JsonNode) reply = NULL;
    guint status = 0;

    reply = push (f, f->token, late, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (result_at (reply, 0), "status"), ==, "accepted");
  }
  verdict = dis_test_hub_text (f->hub, "SELECT data FROM changes WHERE kind = 'order' AND key = ?1", late_id);
  g_assert_nonnull (strstr (verdict, "\"cycle_closed\""));
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_cycles WHERE state = 'open'"), ==, 1);
}

/* ---- closing at the closing time --------------------------------------------- */

typedef struct
{
  Fixture    *f;
  const char *id;
} Cycle;

static gboolean
is_closed (gpointer data)
{
  Cycle *cycle = data;
  g_autofree char *state = db_text (cycle->f, "SELECT state FROM hub_cycles WHERE id = CAST (?1 AS INTEGER)",
                                    cycle->id);

  return g_strcmp0 (state, "closed") == 0;
}

/* Waits up to 20 s for cycle @id to be closed. */
static gboolean
wait_closed (Fixture *f,
             gint64   id)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  Cycle cycle = { f, text };

  return dis_test_wait_for_full (is_closed, &cycle, 100, 20000);
}

static void
test_close_on_time (Fixture *f, gconstpointer data)
{
  g_autoptr(DisTestHub) second = NULL;
  gint64 past, soon, later;
  g_autofree char *past_text = NULL, *soon_text = NULL;

  /* One came to its end while the hub was down; one ends while it serves. */
  past = open_cycle (f, -7200, -3600, "[{\"product\":\"P-0001\",\"available\":null}]");
  soon = open_cycle (f, -60, 3, "[{\"product\":\"P-0001\",\"available\":null}]");
  later = open_cycle (f, -60, 3600, "[{\"product\":\"P-0001\",\"available\":null}]");
  start_server (f, NULL, NULL, NULL, NULL);
  /* On PostgreSQL a second hub serves the same database: each cycle is
   * still closed and published once. */
  if (dis_test_pg_enabled ())
    {
      second = dis_test_hub_new_shared (f->dir, f->hub);
      dis_test_hub_start (second, 0, NULL);
    }
  g_assert_true (wait_closed (f, past));
  g_assert_true (wait_closed (f, soon));
  /* A second more: nothing else closes, nothing is published twice. */
  g_usleep (G_USEC_PER_SEC);
  past_text = g_strdup_printf ("%" G_GINT64_FORMAT, past);
  soon_text = g_strdup_printf ("%" G_GINT64_FORMAT, soon);
  for (guint i = 0; i < 2; i++)
    {
      const char *key = i == 0 ? past_text : soon_text;
      g_autofree char *data_text = dis_test_hub_text (f->hub, "SELECT data FROM changes WHERE kind = 'order_cycle'"
                                                              " AND key = ?1 ORDER BY seq DESC LIMIT 1", key);

      g_assert_nonnull (strstr (data_text, "\"state\":\"closed\""));
      g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT count (*) FROM changes WHERE kind = 'order_cycle' AND key = ?1",
                                         key), ==, 2);
    }
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_cycles WHERE state = 'open'"), ==, 1);
  {
    g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, later);
    g_autofree char *state = db_text (f, "SELECT state FROM hub_cycles WHERE id = CAST (?1 AS INTEGER)", text);

    g_assert_cmpstr (state, ==, "open");
  }
  if (second != NULL)
    g_assert_true (dis_test_hub_stop (second));
}

/* ---- supplier orders ---------------------------------------------------------- */

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The number of pages of a PDF cairo wrote ("/Type /Page" objects). */
static guint
pdf_pages (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length;
  guint n = 0;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);
  g_assert_true (length > 5 && memcmp (text, "%PDF-", 5) == 0);
  /* The file holds NUL bytes: compare, do not search strings. */
  for (gsize i = 0; i + 12 <= length; i++)
    if (memcmp (text + i, "/Type /Page", 11) == 0 && text[i + 11] != 's')
      n++;
  return n;
}

static void
test_supplier_orders (Fixture *f, gconstpointer data)
{
  g_autofree char *token_ssa = dis_test_hub_add_device (f->hub, "TO-SSA", "C1", FALSE);
  g_autofree char *anna = add_member (f, 201, FALSE);
  g_autofree char *bruno = add_member (f, 202, FALSE);
  g_autofree char *when = iso_from_now (0);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  g_autofree char *ea = NULL, *eb = NULL, *ec = NULL, *ed = NULL, *cancel = NULL;
  g_autofree char *cancel_id = g_uuid_string_random ();
  g_autofree char *dir = g_build_filename (f->dir, "out", "cycle", NULL);
  g_autofree char *id_text = NULL, *out = NULL, *err = NULL;
  g_autofree char *pas_csv = NULL, *ris_csv = NULL, *pas_pdf = NULL, *csv_path = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *files;
  gint64 cycle;
  guint status;

  set_windows (f);
  cycle = open_cycle (f, -60, 7 * 24 * 3600,
                      "[{\"product\":\"P-0001\",\"available\":null},{\"product\":\"P-0002\",\"available\":null},"
                      "{\"product\":\"P-0006\",\"available\":null},{\"product\":\"P-0003\",\"available\":null}]");
  ea = placed ("TO-CEN", 1, cycle, anna, "equa", when,
               "[{\"line_no\":1,\"product_code\":\"P-0001\",\"quantity\":3000},"
               "{\"line_no\":2,\"product_code\":\"P-0006\",\"quantity\":1000}]", &a);
  eb = placed ("TO-CEN", 2, cycle, bruno, "equa", when,
               "[{\"line_no\":1,\"product_code\":\"P-0001\",\"quantity\":2000}]", &b);
  ec = placed ("TO-SSA", 1, cycle, anna, "solidale", when,
               "[{\"line_no\":1,\"product_code\":\"P-0001\",\"quantity\":4000},"
               "{\"line_no\":2,\"product_code\":\"P-0002\",\"quantity\":1000}]", &c);
  ed = placed ("TO-SSA", 2, cycle, bruno, "equa", when,
               "[{\"line_no\":1,\"product_code\":\"P-0002\",\"quantity\":9000}]", &d);
  push_accepted (f, f->token, ea, a);
  push_accepted (f, f->token, eb, b);
  push_accepted (f, token_ssa, ec, c);
  push_accepted (f, token_ssa, ed, d);
  /* A cancelled order orders nothing. */
  cancel = g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"order.cancelled\",\"at\":\"%s\","
                            "\"payload\":{\"id\":\"%s\",\"point\":\"TO-SSA\",\"device\":\"C1\",\"revision\":2,"
                            "\"reason\":null}}", cancel_id, next_seq++, when, d);
  g_clear_pointer (&root, json_node_unref);
  root = push (f, token_ssa, cancel, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (root, 0), "status"), ==, "accepted");
  g_clear_pointer (&root, json_node_unref);

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, cycle);
  g_assert_cmpint (run_hub (f, &out, &err, "cycle", "supplier-orders", id_text, "--out", dir, NULL), ==, 0);
  root = parse (out);
  files = json_object_get_array_member (json_node_get_object (root), "suppliers");
  g_assert_cmpuint (json_array_get_length (files), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 0), "supplier"), ==, "F-PAS");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 1), "supplier"), ==, "F-RIS");

  /* Per product and point, then the product's total; a product nobody
   * ordered is there with nothing. */
  csv_path = g_strdup_printf ("%s/cycle-%s-F-PAS.csv", dir, id_text);
  pas_csv = read_text (csv_path);
  g_assert_cmpstr (pas_csv, ==,
                   "product,product_name,unit,point,point_name,orders,ordered_milli\r\n"
                   "P-0001,\"Spaghetti di grano duro bio 500 g\",piece,TO-CEN,\"Bottega DiSoTTo Centro\",2,5000\r\n"
                   "P-0001,\"Spaghetti di grano duro bio 500 g\",piece,TO-SSA,\"Emporio Solidale San Salvario\",1,4000\r\n"
                   "P-0001,\"Spaghetti di grano duro bio 500 g\",piece,,\"\",3,9000\r\n"
                   "P-0002,\"Penne rigate di grano duro bio 500 g\",piece,TO-SSA,\"Emporio Solidale San Salvario\",1,1000\r\n"
                   "P-0002,\"Penne rigate di grano duro bio 500 g\",piece,,\"\",1,1000\r\n"
                   "P-0003,\"Fusilli integrali bio 500 g\",piece,,\"\",0,0\r\n");
  g_free (csv_path);
  csv_path = g_strdup_printf ("%s/cycle-%s-F-RIS.csv", dir, id_text);
  ris_csv = read_text (csv_path);
  g_assert_nonnull (strstr (ris_csv, "P-0006,"));
  g_assert_nonnull (strstr (ris_csv, ",TO-CEN,\"Bottega DiSoTTo Centro\",1,1000\r\n"));
  pas_pdf = g_strdup_printf ("%s/cycle-%s-F-PAS.pdf", dir, id_text);
  g_assert_cmpuint (pdf_pages (pas_pdf), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_hub (f, &out, &err, "cycle", "supplier-orders", "999", "--out", dir, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no order cycle 999"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (f, &out, &err, "cycle", "supplier-orders", id_text, NULL), ==, 2);
}

/* ---- a short delivery ----------------------------------------------------------- */

/* The "order" changes of the feed after @since, as TO-CEN's device reads
 * it, by order id (the newest of each). */
static GHashTable *
order_changes (Fixture *f,
               gint64   since)
{
  g_autoptr(GHashTable) changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) json_node_unref);
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=1000", since);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *list;
  guint status = 0;

  root = http (f, "GET", path, f->token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "more"));
  list = json_object_get_array_member (json_node_get_object (root), "changes");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *change = json_array_get_object_element (list, i);

      JsonNode *data = json_object_get_member (change, "data");

      if (g_str_equal (json_object_get_string_member (change, "kind"), "order"))
        g_hash_table_insert (changes, g_strdup (json_object_get_string_member (json_node_get_object (data), "id")),
                             json_node_copy (data));
    }
  return g_steal_pointer (&changes);
}

/* What the change of order @id says of its line of @product. */
static gint64
change_allotted (GHashTable *changes,
                 const char *id,
                 const char *product)
{
  JsonNode *data = g_hash_table_lookup (changes, id);
  JsonArray *lines;

  g_assert_nonnull (data);
  lines = json_object_get_array_member (json_node_get_object (data), "lines");
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);

      if (g_str_equal (json_object_get_string_member (line, "product"), product))
        return json_object_get_int_member (line, "allotted");
    }
  g_assert_not_reached ();
}

static const char *
change_reason (GHashTable *changes,
               const char *id)
{
  JsonObject *data = json_node_get_object (g_hash_table_lookup (changes, id));
  JsonObject *reason;

  g_assert_cmpstr (json_object_get_string_member (data, "state"), ==, "accepted");
  if (json_object_get_null_member (data, "reason"))
    return NULL;
  reason = json_object_get_object_member (data, "reason");
  g_assert_nonnull (json_object_get_string_member (reason, "message"));
  return json_object_get_string_member (reason, "code");
}

/* `cycle delivered` with @csv as the file: its exit status. */
static int
delivered (Fixture     *f,
           gint64       cycle,
           const char  *supplier,
           const char  *csv,
           char       **out_err)
{
  g_autofree char *path = fixture_write_file (f, "delivered.csv", csv);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, cycle);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = run_hub (f, &out, &err, "cycle", "delivered", id, "--supplier", supplier, "--file", path, NULL);

  if (out_err != NULL)
    *out_err = g_steal_pointer (&err);
  return status;
}

static void
test_shortage (Fixture *f, gconstpointer data)
{
  g_autofree char *token_ssa = dis_test_hub_add_device (f->hub, "TO-SSA", "C1", FALSE);
  g_autofree char *anna = add_member (f, 301, FALSE);
  g_autofree char *bruno = add_member (f, 302, FALSE);
  g_autofree char *carla = add_member (f, 303, TRUE);
  g_autofree char *t1 = iso_from_now (-50), *t2 = iso_from_now (-40), *t3 = iso_from_now (-30);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *ea = NULL, *eb = NULL, *ec = NULL;
  g_autofree char *id_text = NULL, *err = NULL, *state = NULL;
  g_autoptr(GHashTable) changes = NULL;
  gint64 cycle, since, n_changes;

  set_windows (f);
  cycle = open_cycle (f, -3600, 7 * 24 * 3600,
                      "[{\"product\":\"P-0001\",\"available\":null},{\"product\":\"P-0002\",\"available\":null},"
                      "{\"product\":\"P-0006\",\"available\":null},{\"product\":\"P-0078\",\"available\":null},"
                      "{\"product\":\"P-0011\",\"available\":null}]");
  /* In time order: a (TO-CEN), b (TO-SSA), c (TO-CEN, Accessibile). */
  ea = placed ("TO-CEN", 1, cycle, anna, "equa", t1,
               "[{\"line_no\":1,\"product_code\":\"P-0001\",\"quantity\":3000},"
               "{\"line_no\":2,\"product_code\":\"P-0078\",\"quantity\":1500},"
               "{\"line_no\":3,\"product_code\":\"P-0006\",\"quantity\":3000},"
               "{\"line_no\":4,\"product_code\":\"P-0002\",\"quantity\":1000}]", &a);
  eb = placed ("TO-SSA", 1, cycle, bruno, "equa", t2,
               "[{\"line_no\":1,\"product_code\":\"P-0001\",\"quantity\":2000},"
               "{\"line_no\":2,\"product_code\":\"P-0078\",\"quantity\":500},"
               "{\"line_no\":3,\"product_code\":\"P-0006\",\"quantity\":4000}]", &b);
  ec = placed ("TO-CEN", 2, cycle, carla, "accessibile", t3,
               "[{\"line_no\":1,\"product_code\":\"P-0001\",\"quantity\":5000},"
               "{\"line_no\":2,\"product_code\":\"P-0006\",\"quantity\":3000}]", &c);
  push_accepted (f, f->token, ea, a);
  push_accepted (f, token_ssa, eb, b);
  push_accepted (f, f->token, ec, c);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, cycle);

  /* Not while orders may still change. */
  g_assert_cmpint (delivered (f, cycle, "F-PAS", "product,delivered\r\nP-0001,6\r\n", &err), ==, 1);
  g_assert_nonnull (strstr (err, "still open"));
  g_clear_pointer (&err, g_free);
  g_free (dis_test_hub_admin (f->hub, "cycle", "close", id_text, NULL));
  since = db_int (f, "SELECT max (seq) FROM changes");
  n_changes = db_int (f, "SELECT count (*) FROM changes");

  /* Files that say nothing usable change nothing. */
  {
    const struct { const char *supplier, *csv, *message; } bad[] = {
      { "F-PAS", "product,quantity\r\nP-0001,6\r\n", "columns are product and delivered" },
      { "F-PAS", "product,delivered,delivered_milli\r\nP-0001,6,6000\r\n", "columns are product and delivered" },
      { "F-PAS", "product,delivered\r\nP-0006,6\r\n", "not a product of supplier F-PAS" },
      { "F-PAS", "product,delivered\r\nP-0004,6\r\n", "the cycle offers no product P-0004" },
      { "F-PAS", "product,delivered\r\nP-0001,6\r\nP-0001,5\r\n", "row 3: P-0001 is on an earlier row" },
      { "F-PAS", "product,delivered\r\nP-0001,sei\r\n", "row 2: “sei” is not a quantity" },
      { "F-PAS", "product,delivered\r\nP-0001,-1\r\n", "row 2: “-1” is not a quantity" },
      { "F-PAS", "product,delivered_milli\r\nP-0001,1.5\r\n", "not a quantity in milli-units" },
      { "F-XXX", "product,delivered\r\nP-0001,6\r\n", "no supplier F-XXX" },
      { "F-PAS", "", "empty" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_cmpint (delivered (f, cycle, bad[i].supplier, bad[i].csv, &err), ==, 1);
        if (strstr (err, bad[i].message) == NULL)
          g_error ("case %u: “%s” does not say “%s”", i, err, bad[i].message);
        g_clear_pointer (&err, g_free);
      }
    g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes"), ==, n_changes);
    g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_order_lines WHERE allotted <> ordered"), ==, 0);
  }

  /* Spaghetti: 10 ordered, 6 delivered: 1.8, 1.2 and 3 → 1, 1, 3 and the
   * unit left to the largest remainder, a's: 2, 1, 3. Penne in full;
   * P-0011, which nobody ordered, shared among nobody. */
  g_assert_cmpint (delivered (f, cycle, "F-PAS", "\xef\xbb\xbfproduct;delivered\r\nP-0001;6\r\nP-0002;1\r\n"
                              "P-0011;4\r\n", NULL), ==, 0);
  g_assert_cmpint (allotted (f, a, "P-0001"), ==, 2000);
  g_assert_cmpint (allotted (f, b, "P-0001"), ==, 1000);
  g_assert_cmpint (allotted (f, c, "P-0001"), ==, 3000);
  g_assert_cmpint (allotted (f, a, "P-0002"), ==, 1000);

  /* Every point sees its orders changed, with the reason, in its feed. */
  changes = order_changes (f, since);
  g_assert_cmpuint (g_hash_table_size (changes), ==, 3);
  g_assert_cmpstr (change_reason (changes, a), ==, "shortage");
  g_assert_cmpint (change_allotted (changes, a, "P-0001"), ==, 2000);
  g_assert_cmpint (change_allotted (changes, a, "P-0002"), ==, 1000);
  g_assert_cmpint (change_allotted (changes, b, "P-0001"), ==, 1000);
  g_assert_cmpint (change_allotted (changes, c, "P-0001"), ==, 3000);
  state = db_text (f, "SELECT reason_code FROM hub_orders WHERE id = ?1", b);
  g_assert_cmpstr (state, ==, "shortage");
  /* The message names the supplier and the lines that changed. */
  {
    JsonObject *reason = json_object_get_object_member (json_node_get_object (g_hash_table_lookup (changes, b)),
                                                        "reason");

    g_assert_cmpstr (json_object_get_string_member (reason, "message"), ==,
                     "Pastificio Cooperativo Val Pellice delivered less than was ordered:"
                     " Spaghetti di grano duro bio 500 g: 1 of 2");
  }
  g_clear_pointer (&changes, g_hash_table_unref);

  /* The same file again: the same shares, nothing published. */
  since = db_int (f, "SELECT max (seq) FROM changes");
  g_assert_cmpint (delivered (f, cycle, "F-PAS", "product,delivered\r\nP-0001,6\r\nP-0002,1\r\n", NULL), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT max (seq) FROM changes"), ==, since);

  /* Weighed cheese to the gram: 2 kg ordered, 1.2 kg delivered → 900 g and 300 g. */
  g_assert_cmpint (delivered (f, cycle, "F-CAS", "product,delivered_milli\r\nP-0078,1200\r\n", NULL), ==, 0);
  g_assert_cmpint (allotted (f, a, "P-0078"), ==, 900);
  g_assert_cmpint (allotted (f, b, "P-0078"), ==, 300);

  /* Rice, Accessibile first: c gets its 3 in full, a and b share 2 as
   * 3 : 4 → 0.86 and 1.14 → 0 and 1, the unit left to a's 0.86: 1 and 1. */
  g_free (dis_test_hub_admin (f->hub, "settings", "set", "orders_accessibile_first", "1", NULL));
  since = db_int (f, "SELECT max (seq) FROM changes");
  g_assert_cmpint (delivered (f, cycle, "F-RIS", "product,delivered\r\nP-0006,5\r\n", NULL), ==, 0);
  g_assert_cmpint (allotted (f, c, "P-0006"), ==, 3000);
  g_assert_cmpint (allotted (f, a, "P-0006"), ==, 1000);
  g_assert_cmpint (allotted (f, b, "P-0006"), ==, 1000);
  changes = order_changes (f, since);
  g_assert_cmpuint (g_hash_table_size (changes), ==, 2);
  g_assert_false (g_hash_table_contains (changes, c));
  g_clear_pointer (&changes, g_hash_table_unref);

  /* A corrected delivery: all the spaghetti came. The orders get back
   * what they ordered, and the reason goes where nothing else is short. */
  since = db_int (f, "SELECT max (seq) FROM changes");
  g_assert_cmpint (delivered (f, cycle, "F-PAS", "product,delivered\r\nP-0001,10\r\n", NULL), ==, 0);
  g_assert_cmpint (allotted (f, a, "P-0001"), ==, 3000);
  g_assert_cmpint (allotted (f, b, "P-0001"), ==, 2000);
  changes = order_changes (f, since);
  g_assert_cmpuint (g_hash_table_size (changes), ==, 3);
  g_assert_cmpstr (change_reason (changes, a), ==, "shortage");   /* rice and cheese still short */
  g_assert_null (change_reason (changes, c));
  g_clear_pointer (&state, g_free);
  state = db_text (f, "SELECT coalesce (reason_code, '-') FROM hub_orders WHERE id = ?1", c);
  g_assert_cmpstr (state, ==, "-");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/hub/cycles/list-close", Fixture, NULL, fixture_set_up, test_list_close, fixture_tear_down);
  g_test_add ("/hub/cycles/close-on-time", Fixture, "no-server", fixture_set_up, test_close_on_time,
              fixture_tear_down);
  g_test_add ("/hub/cycles/supplier-orders", Fixture, NULL, fixture_set_up, test_supplier_orders, fixture_tear_down);
  g_test_add ("/hub/cycles/shortage", Fixture, NULL, fixture_set_up, test_shortage, fixture_tear_down);
  return g_test_run ();
}
