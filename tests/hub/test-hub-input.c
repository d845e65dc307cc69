/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-input"

#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "dis-test-hub.h"
#include "dis-test-pg.h"
#include "dis-test-util.h"
#include "dis-json.h"
#include "dis-member.h"

/* Issue 9: the hub tried as a hostile client would. A real disotto-hub on
 * 127.0.0.1 (ephemeral port, private database), libsoup or a raw socket as
 * the client. Every wait is bounded; the hub dies with the test. */

typedef struct
{
  char        *dir;
  DisTestHub  *hub;
  char        *token;    /* TO-CEN, device C1 */
  char        *token2;   /* TO-BAR, device B1 */
  SoupSession *session;
} Fixture;

/* Replies must be strict JSON themselves. */
static const DisJsonLimits reply_limits = { 16 * 1024 * 1024, 64, 1024 * 1024, 100000 };

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = dis_test_tmpdir_new ("disotto-hub-input");
  f->hub = dis_test_hub_new_demo (f->dir);
  f->token = dis_test_hub_add_device (f->hub, "TO-CEN", "C1", FALSE);
  f->token2 = dis_test_hub_add_device (f->hub, "TO-BAR", "B1", FALSE);
  f->session = soup_session_new_with_options ("timeout", 20, NULL);
  /* Tests that prepare the database first start the hub themselves. */
  if (data == NULL)
    dis_test_hub_start (f->hub, 0, NULL);
}

/* SIGTERM, and a clean exit (dis_test_hub_stop() waits at most 40 s): the
 * hub survived the test. */
static void
stop_hub (Fixture *f)
{
  g_autoptr(GSubprocess) process = NULL;

  if (f->hub->process == NULL)
    return;
  process = g_object_ref (f->hub->process);
  /* Still running. */
  g_assert_nonnull (g_subprocess_get_identifier (process));
  dis_test_hub_stop (f->hub);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  stop_hub (f);
  g_clear_pointer (&f->hub, dis_test_hub_free);
  g_clear_object (&f->session);
  dis_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->token);
  g_free (f->token2);
}

/* ---- Helpers ---------------------------------------------------------------- */

/* One request through libsoup; the reply parsed by the strict reader. */
static JsonNode *
http (Fixture    *f,
      const char *method,
      const char *path,
      const char *token,
      const char *body,
      guint      *out_status)
{
  g_autofree char *url = g_strconcat (f->hub->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  gsize length;
  const char *data;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/json");
  data = g_bytes_get_data (reply, &length);
  root = dis_json_parse (data != NULL ? data : "", length, &reply_limits, &error);
  g_assert_no_error (error);
  return root;
}

static void
assert_error (JsonNode   *root,
              const char *code)
{
  JsonObject *error = json_object_get_object_member (json_node_get_object (root), "error");

  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, "");
}

static void
assert_alive (Fixture *f)
{
  g_autoptr(JsonNode) root = NULL;
  guint status;

  root = http (f, "GET", "/api/v1/health", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

static JsonObject *
result_at (JsonNode *root,
           guint     index)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (root), "results");

  g_assert_cmpuint (index, <, json_array_get_length (results));
  return json_array_get_object_element (results, index);
}

/* A member.registered event; @name is JSON text (a string literal as it
 * goes on the wire) and @extra more payload members (",\"x\":1"). */
static char *
member_event (const char *id,
              gint64      seq,
              const char *point,
              const char *device,
              guint       card_number,
              const char *name,
              const char *extra)
{
  g_autofree char *card = dis_member_card_from_number (card_number);
  g_autofree char *fresh_id = id == NULL ? g_uuid_string_random () : NULL;

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"member.registered\","
                          "\"at\":\"2024-05-02T10:00:00+02:00\",\"payload\":{\"card_code\":\"%s\","
                          "\"point\":\"%s\",\"device\":\"%s\",\"operator\":{\"id\":1,\"name\":\"Anna\"},"
                          "\"display_name\":%s,\"kind\":\"person\",\"contact\":null,"
                          "\"preferred_tier\":\"equa\",\"privacy_consent_on\":\"2024-05-02\","
                          "\"registered_on\":\"2024-05-02\"%s}}",
                          id != NULL ? id : fresh_id, seq, card, point, device, name,
                          extra != NULL ? extra : "");
}

static JsonNode *
push (Fixture    *f,
      const char *token,
      const char *device,
      const char *events,
      guint      *out_status)
{
  g_autofree char *body = g_strdup_printf ("{\"device\":\"%s\",\"events\":[%s]}", device, events);

  return http (f, "POST", "/api/v1/events", token, body, out_status);
}

/* A fingerprint of what events can change. */
static char *
db_state (Fixture *f)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                          dis_test_hub_int (f->hub, "SELECT count(*) FROM events", NULL),
                          dis_test_hub_int (f->hub, "SELECT count(*) FROM members", NULL),
                          dis_test_hub_int (f->hub, "SELECT count(*) FROM changes", NULL),
                          dis_test_hub_int (f->hub, "SELECT coalesce (sum (last_seq), 0) FROM devices", NULL));
}

/* Runs SQL on the hub database as an older hub (or a careless admin)
 * might have left it. */
static void
db_exec (Fixture    *f,
         const char *sql)
{
  dis_test_hub_exec (f->hub, sql);
}

static char *
read_log (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *log = NULL;

  g_file_get_contents (f->hub->log_path, &log, NULL, &error);
  g_assert_no_error (error);
  return log;
}

typedef struct
{
  Fixture    *f;
  const char *needle;
} LogWait;

static gboolean
log_has (gpointer data)
{
  LogWait *wait = data;
  g_autofree char *log = read_log (wait->f);

  return strstr (log, wait->needle) != NULL;
}

/* The hub logs a request when its connection is done with it. */
static void
assert_log_soon (Fixture    *f,
                 const char *needle)
{
  LogWait wait = { f, needle };

  if (!dis_test_wait_for_full (log_has, &wait, 20, 10000))
    {
      g_autofree char *log = read_log (f);

      g_error ("the hub's log has no “%s” within 10 s:\n%s", needle, log);
    }
}

/* ---- Raw HTTP ------------------------------------------------------------------ */

typedef struct
{
  guint   status;      /* 0: the hub closed without a reply */
  char   *head;
  char   *body;
  double  seconds;     /* from the first byte sent to the hub closing */
} RawReply;

static void
raw_reply_free (RawReply *reply)
{
  g_free (reply->head);
  g_free (reply->body);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawReply, raw_reply_free)

static gboolean
send_all (GSocket    *socket,
          const char *data,
          gsize       length)
{
  while (length > 0)
    {
      gssize n = g_socket_send (socket, data, length, NULL, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Sends @head, then @chunk @repeat times, on a fresh connection (stopping
 * when the hub stops reading), and reads until the hub closes: at most
 * 10 s without progress, 1 MiB of reply. */
static RawReply *
raw_request (Fixture    *f,
             const char *head,
             gsize       head_length,
             const char *chunk,
             gsize       chunk_length,
             guint       repeat)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) in = g_string_new (NULL);
  RawReply *reply = g_new0 (RawReply, 1);
  GSocket *socket;
  gint64 start;
  char buffer[65536];
  const char *end;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->hub->port, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (connection);
  g_socket_set_timeout (socket, 10);

  start = g_get_monotonic_time ();
  if (send_all (socket, head, head_length))
    for (guint i = 0; i < repeat && send_all (socket, chunk, chunk_length); i++)
      ;
  while (in->len < 1024 * 1024)
    {
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        break;
      g_string_append_len (in, buffer, n);
    }
  reply->seconds = (g_get_monotonic_time () - start) / 1e6;

  end = strstr (in->str, "\r\n\r\n");
  if (g_str_has_prefix (in->str, "HTTP/1.1 ") && end != NULL)
    {
      reply->status = (guint) g_ascii_strtoull (in->str + 9, NULL, 10);
      reply->head = g_strndup (in->str, end - in->str);
      reply->body = g_strdup (end + 4);
    }
  return reply;
}

/* The hub's answer: @status, a JSON error @code, then the connection
 * closed, all within a few seconds. */
static void
assert_raw_error (RawReply   *reply,
                  guint       status,
                  const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_nonnull (strstr (reply->head, "\r\nContent-Type: application/json"));
  g_assert_nonnull (strstr (reply->head, "\r\nConnection: close"));
  root = dis_json_parse (reply->body, -1, &reply_limits, &error);
  g_assert_no_error (error);
  assert_error (root, code);
  g_assert_cmpfloat (reply->seconds, <, 8.0);
}

static char *
request_head (const char *request_line,
              const char *token,
              const char *more)
{
  return g_strdup_printf ("%s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s%s\r\n", request_line,
                          token != NULL ? "Authorization: Bearer " : "", token != NULL ? token : "",
                          token != NULL ? "\r\n" : "", more != NULL ? more : "");
}

/* ---- Item 1: strict JSON, limits in the parser ---------------------------------- */

static char *
nested (const char *prefix,
        guint       depth,
        const char *suffix)
{
  GString *s = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth && suffix != NULL; i++)
    g_string_append_c (s, ']');
  g_string_append (s, suffix != NULL ? suffix : "");
  return g_string_free (s, FALSE);
}

static void
test_strict_json (Fixture *f, gconstpointer data)
{
  g_autofree char *state = db_state (f);
  g_autofree char *state_after = NULL;
  g_autofree char *killer = nested ("/* \" */ {\"device\":\"C1\",\"events\":[],\"x\":", 200000, NULL);
  g_autofree char *behind_comment = nested ("/* \" */ {\"device\":\"C1\",\"events\":[],\"x\":", 1000, "}");
  g_autofree char *too_deep = nested ("{\"device\":\"C1\",\"events\":[],\"x\":", 32, "}");
  g_autofree char *deep_enough = nested ("{\"device\":\"C1\",\"events\":[],\"x\":", 31, "}");
  g_autofree char *event = member_event (NULL, 1, "TO-CEN", "C1", 11, "\"Ada\"", NULL);
  g_autofree char *two = g_strdup_printf ("{\"device\":\"C1\",\"events\":[]}{\"device\":\"C1\",\"events\":[%s]}", event);
  struct { const char *body; guint status; const char *code; } cases[] = {
    { killer, 400, "malformed_json" },
    { behind_comment, 400, "malformed_json" },
    { two, 400, "malformed_json" },
    { "{\"device\":\"C1\",\"events\":[]} x", 400, "malformed_json" },
    { "{'device':'C1','events':[]}", 400, "malformed_json" },
    { "{\"device\":\"C1\",\"events\":[],}", 400, "malformed_json" },
    { "{\"device\":\"C1\",\"events\":[NaN]}", 400, "malformed_json" },
    { "{\"device\":\"C1\",\"events\":[01]}", 400, "malformed_json" },
    { "// c\n{\"device\":\"C1\",\"events\":[]}", 400, "malformed_json" },
    /* Two parsers could read two different devices. */
    { "{\"device\":\"C2\",\"device\":\"C1\",\"events\":[]}", 400, "malformed_json" },
    { too_deep, 400, "too_deep" },
  };
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = http (f, "POST", "/api/v1/events", f->token, cases[i].body, &status);

      g_test_message ("case %u", i);
      g_assert_cmpuint (status, ==, cases[i].status);
      assert_error (root, cases[i].code);
      assert_alive (f);
    }

  /* 32 levels are still fine. */
  {
    g_autoptr(JsonNode) root = http (f, "POST", "/api/v1/events", f->token, deep_enough, &status);

    g_assert_cmpuint (status, ==, 200);
  }
  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);
}

/* ---- Item 2: nothing stored may poison a read ------------------------------------- */

static void
assert_reads_work (Fixture *f)
{
  g_autoptr(JsonNode) changes = NULL;
  g_autoptr(JsonNode) declarations = NULL;
  g_autoptr(JsonNode) me = NULL;
  guint status;

  changes = http (f, "GET", "/api/v1/changes?since=0&limit=1000", f->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  declarations = http (f, "GET", "/api/v1/declarations", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  me = http (f, "GET", "/api/v1/me", f->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_text_refused_at_the_door (Fixture *f, gconstpointer data)
{
  g_autofree char *state = db_state (f);
  g_autofree char *state_after = NULL;
  const char *names[] = { "\"A\\ud800B\"", "\"\\ud800\"", "\"\\udc00A\"", "\"A\\u0000B\"" };
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *good = member_event (NULL, 2 * i + 1, "TO-CEN", "C1", 20 + 2 * i, "\"Ada\"", NULL);
      g_autofree char *bad = member_event (NULL, 2 * i + 2, "TO-CEN", "C1", 21 + 2 * i, names[i], NULL);
      g_autofree char *batch = g_strconcat (good, ",", bad, NULL);
      g_autoptr(JsonNode) root = push (f, f->token, "C1", batch, &status);

      g_test_message ("display_name %s", names[i]);
      g_assert_cmpuint (status, ==, 400);
      assert_error (root, "malformed_json");
    }
  /* A device name with a NUL in it. */
  {
    g_autoptr(JsonNode) root = http (f, "POST", "/api/v1/events", f->token,
                                     "{\"device\":\"C1\\u0000evil\",\"events\":[]}", &status);

    g_assert_cmpuint (status, ==, 400);
    assert_error (root, "malformed_json");
  }
  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);
  assert_reads_work (f);
}

static gboolean
has_change_with_name (JsonNode   *changes,
                      const char *name)
{
  JsonArray *list = json_object_get_array_member (json_node_get_object (changes), "changes");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *data = json_object_get_object_member (json_array_get_object_element (list, i), "data");

      if (g_strcmp0 (json_object_get_string_member_with_default (data, "display_name", NULL), name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_bad_rows_do_not_break_reads (Fixture *f, gconstpointer data)
{
  g_autofree char *card = dis_member_card_from_number (31);
  g_autofree char *event = member_event (NULL, 1, "TO-CEN", "C1", 31, "\"Giulia\"", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *log = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) changes = NULL;
  g_autoptr(JsonNode) declarations = NULL;
  g_autoptr(JsonNode) me = NULL;
  JsonArray *list;
  gint64 last_seq;
  guint status;

  /* What an older hub let in: a lone surrogate escaped and raw invalid
   * UTF-8 (json_valid() accepts both), and a row that is not JSON at all;
   * a validated member's declaration with invalid UTF-8; the point's own
   * data with a lone surrogate. */
  db_exec (f, "INSERT INTO changes (kind, op, key, data, at) VALUES"
              " ('member', 'upsert', 'DS00000000', '{\"display_name\":\"Escaped\\ud800\"}', '2024-05-02'),"
              " ('member', 'upsert', 'DS00000000', CAST (x'7b22646973706c61795f6e616d65223a22526177ff227d' AS TEXT), '2024-05-02');"
              "PRAGMA ignore_check_constraints = ON;"
              "INSERT INTO changes (kind, op, key, data, at) VALUES ('member', 'upsert', 'DS00000000', '{bad', '2024-05-02');"
              "PRAGMA ignore_check_constraints = OFF;"
              "INSERT INTO changes (kind, op, key, data, at) VALUES"
              " ('member', 'upsert', 'DS00000000', '{\"display_name\":\"After\"}', '2024-05-02');"
              "UPDATE points SET data = json_set (data, '$.name', json ('\"Centro\\ud800\"')) WHERE code = 'TO-CEN';");
  last_seq = dis_test_hub_int (f->hub, "SELECT max(seq) FROM changes", NULL);
  dis_test_hub_start (f->hub, 0, NULL);

  root = push (f, f->token, "C1", event, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (root, 0), "status"), ==, "accepted");
  g_free (dis_test_hub_admin (f->hub, "member", "validate", card, NULL));
  sql = g_strdup_printf ("UPDATE members SET declaration_text = CAST (x'4d6920696d70656789eda080' AS TEXT),"
                         " declaration_published_name = 'Giulia B.', declaration_on = '2024-05-02'"
                         " WHERE card_code = '%s'", card);
  db_exec (f, sql);

  /* Every read answers 200 with valid JSON; the bad rows are repaired
   * or skipped and logged, the others all there. */
  changes = http (f, "GET", "/api/v1/changes?since=0&limit=1000", f->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (has_change_with_name (changes, "Escaped\xef\xbf\xbd"));
  g_assert_true (has_change_with_name (changes, "Raw\xef\xbf\xbd"));
  g_assert_true (has_change_with_name (changes, "After"));
  g_assert_true (has_change_with_name (changes, "Giulia"));
  list = json_object_get_array_member (json_node_get_object (changes), "changes");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (changes), "next"), >, last_seq);
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, i), "seq"), !=, last_seq - 1);

  declarations = http (f, "GET", "/api/v1/declarations", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  list = json_object_get_array_member (json_node_get_object (declarations), "declarations");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (list, 0), "text"),
                                   "Mi impeg\xef\xbf\xbd"));

  me = http (f, "GET", "/api/v1/me", f->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (me), "point"),
                                                  "name"), ==, "Centro\xef\xbf\xbd");

  /* Each one is logged. */
  log = read_log (f);
  g_assert_nonnull (strstr (log, "skipped"));
  g_assert_nonnull (strstr (log, "U+FFFD"));
}

/* ---- Item 3's number rule: one unknown field does not sink the batch ---------------- */

static void
test_unusable_number (Fixture *f, gconstpointer data)
{
  g_autofree char *first = member_event (NULL, 1, "TO-CEN", "C1", 41, "\"Ada\"", ",\"x\":1e400");
  g_autofree char *second = member_event (NULL, 2, "TO-CEN", "C1", 42, "\"Bea\"", ",\"y\":[-36893488147419104232]");
  g_autofree char *third = member_event (NULL, 3, "TO-CEN", "C1", 43, "\"Cleo\"", NULL);
  g_autofree char *batch = g_strjoin (",", first, second, third, NULL);
  g_autoptr(JsonNode) root = NULL;
  guint status;

  root = push (f, f->token, "C1", batch, &status);
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < 2; i++)
    {
      const char *outcome = json_object_get_string_member (result_at (root, i), "status");

      /* Ignored or refused as that event's fault, never the batch's. */
      if (g_str_equal (outcome, "rejected"))
        g_assert_cmpstr (json_object_get_string_member (result_at (root, i), "code"), ==, "invalid_payload");
      else
        g_assert_cmpstr (outcome, ==, "accepted");
    }
  g_assert_cmpstr (json_object_get_string_member (result_at (root, 2), "status"), ==, "accepted");
  assert_reads_work (f);
}

/* ---- Item 6: an event id belongs to the point that sent it first ------------------- */

static void
test_event_id_conflict (Fixture *f, gconstpointer data)
{
  const char *id = "5f0c2d1e-8a3b-4c5d-9e6f-7a8b9c0d1e2f";
  g_autofree char *mine = member_event (id, 1, "TO-CEN", "C1", 51, "\"Ada\"", NULL);
  g_autofree char *theirs = member_event (id, 1, "TO-BAR", "B1", 52, "\"Bea\"", NULL);
  g_autofree char *state = NULL;
  g_autofree char *state_after = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) conflict = NULL;
  g_autoptr(JsonNode) again = NULL;
  const char *message;
  guint status;

  first = push (f, f->token, "C1", mine, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (first, 0), "status"), ==, "accepted");

  /* Another point with the same id: refused with its own code, never
   * "duplicate" (the point would drop its event), and nothing of the
   * first point's event in the answer. */
  state = db_state (f);
  conflict = push (f, f->token2, "B1", theirs, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (conflict, 0), "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (result_at (conflict, 0), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result_at (conflict, 0), "code"), ==, "event_id_conflict");
  message = json_object_get_string_member (result_at (conflict, 0), "message");
  g_assert_null (strstr (message, "TO-CEN"));
  g_assert_null (strstr (message, "C1"));
  g_assert_null (strstr (message, "member"));
  g_assert_null (strstr (message, "DS"));
  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT count(*) FROM members", NULL), ==, 1);

  /* The same point again: a duplicate, as before. */
  again = push (f, f->token, "C1", mine, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (again, 0), "status"), ==, "duplicate");
}

/* ---- Item 7: requests the server cannot take get an answer ---------------------------- */

static void
test_http_limits (Fixture *f, gconstpointer data)
{
  g_autofree char *state = db_state (f);
  g_autofree char *state_after = NULL;
  g_autofree char *chunk = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *head = NULL;
  g_autoptr(GString) fields = g_string_new (NULL);
  g_autoptr(GString) ranges = g_string_new ("Range: bytes=0-0");
  gsize chunk_length = 65536;

  /* Two different lengths: where the body ends is unknown. */
  head = request_head ("POST /api/v1/events", f->token, "Content-Length: 2\r\nContent-Length: 27\r\n");
  {
    g_autoptr(RawReply) reply = raw_request (f, head, strlen (head), "{\"device\":\"C1\",\"events\":[]}", 27, 1);

    assert_raw_error (reply, 400, "invalid_request");
  }
  assert_alive (f);
  g_free (head);
  head = request_head ("POST /api/v1/events", f->token, "Content-Length: 27\r\nTransfer-Encoding: chunked\r\n");
  {
    g_autoptr(RawReply) reply = raw_request (f, head, strlen (head), "0\r\n\r\n", 5, 1);

    assert_raw_error (reply, 400, "invalid_request");
  }
  assert_alive (f);

  /* 64 MiB announced, nothing sent: answered at once. */
  g_free (head);
  head = request_head ("POST /api/v1/events", f->token, "Content-Length: 67108864\r\n");
  {
    g_autoptr(RawReply) reply = raw_request (f, head, strlen (head), NULL, 0, 0);

    assert_raw_error (reply, 413, "body_too_large");
  }
  assert_alive (f);

  /* 64 MiB chunked: refused past the body limit. */
  g_free (head);
  head = request_head ("POST /api/v1/events", f->token, "Transfer-Encoding: chunked\r\n");
  filler = g_malloc (chunk_length);
  memset (filler, ' ', chunk_length);
  chunk = g_strdup_printf ("%" G_GSIZE_MODIFIER "x\r\n%.*s\r\n", chunk_length, (int) chunk_length, filler);
  {
    g_autoptr(RawReply) reply = raw_request (f, head, strlen (head), chunk, strlen (chunk), 1024);

    assert_raw_error (reply, 413, "body_too_large");
  }
  assert_alive (f);

  /* 10,000 short header fields (50 KB). */
  for (guint i = 0; i < 10000; i++)
    g_string_append (fields, "a:b\r\n");
  g_free (head);
  head = request_head ("GET /api/v1/health", NULL, fields->str);
  {
    g_autoptr(RawReply) reply = raw_request (f, head, strlen (head), NULL, 0, 0);

    assert_raw_error (reply, 431, "headers_too_large");
    g_assert_nonnull (strstr (reply->head, "HTTP/1.1 431 Request Header Fields Too Large"));
  }
  assert_alive (f);

  /* A 40 KB bearer token. */
  g_free (filler);
  filler = g_strnfill (40000, 'a');
  g_free (head);
  head = request_head ("GET /api/v1/me", filler, NULL);
  {
    g_autoptr(RawReply) reply = raw_request (f, head, strlen (head), NULL, 0, 0);

    assert_raw_error (reply, 431, "headers_too_large");
  }
  assert_alive (f);

  /* A 40 KB path, a 40 KB query. */
  {
    g_autofree char *line = g_strdup_printf ("GET /api/v1/%s", filler);
    g_autofree char *query_line = g_strdup_printf ("GET /api/v1/changes?since=0&x=%s", filler);

    g_free (head);
    head = request_head (line, f->token, NULL);
    {
      g_autoptr(RawReply) reply = raw_request (f, head, strlen (head), NULL, 0, 0);

      assert_raw_error (reply, 414, "uri_too_long");
    }
    g_free (head);
    head = request_head (query_line, f->token, NULL);
    {
      g_autoptr(RawReply) reply = raw_request (f, head, strlen (head), NULL, 0, 0);

      assert_raw_error (reply, 414, "uri_too_long");
    }
  }
  assert_alive (f);

  /* Hundreds of ranges (an amplification attack), on any path. */
  for (guint i = 1; i < 300; i++)
    g_string_append_printf (ranges, ",%u-%u", 2 * i, 2 * i);
  g_string_append (ranges, "\r\n");
  g_free (head);
  head = request_head ("GET /api/v1/health", NULL, ranges->str);
  {
    g_autoptr(RawReply) reply = raw_request (f, head, strlen (head), NULL, 0, 0);

    assert_raw_error (reply, 416, "range_not_satisfiable");
  }
  g_free (head);
  head = request_head ("GET /api/v1/map/pack", f->token, ranges->str);
  {
    g_autoptr(RawReply) reply = raw_request (f, head, strlen (head), NULL, 0, 0);

    assert_raw_error (reply, 416, "range_not_satisfiable");
  }
  /* A JSON reply is never cut to ranges. */
  g_free (head);
  head = request_head ("GET /api/v1/health", NULL, "Range: bytes=0-1,3-4\r\n");
  {
    g_autoptr(RawReply) reply = raw_request (f, head, strlen (head), NULL, 0, 0);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = NULL;

    g_assert_cmpuint (reply->status, ==, 200);
    root = dis_json_parse (reply->body, -1, &reply_limits, &error);
    g_assert_no_error (error);
  }
  assert_alive (f);

  /* Past libsoup's own 64 KiB for the request head (a 1 MB token, a 100 KB
   * URL, a 1 MB query, 10,000 long fields): libsoup closes the connection
   * before any of the hub's code sees the request (see
   * dis-hub-server-requests.c). The hub must stay up and serve others. */
  g_free (filler);
  filler = g_strnfill (1024 * 1024, 'a');
  {
    g_autofree char *token_head = request_head ("GET /api/v1/me", filler, NULL);
    g_autofree char *url_line = g_strdup_printf ("GET /api/v1/%.*s", 100 * 1000, filler);
    g_autofree char *url_head = request_head (url_line, NULL, NULL);
    g_autofree char *query_line = g_strdup_printf ("GET /api/v1/changes?x=%s", filler);
    g_autofree char *query_head = request_head (query_line, f->token, NULL);
    g_autoptr(GString) long_fields = g_string_new (NULL);
    g_autofree char *fields_head = NULL;
    const char *heads[4];

    for (guint i = 0; i < 10000; i++)
      g_string_append_printf (long_fields, "X-Field-%u: value\r\n", i);
    fields_head = request_head ("GET /api/v1/health", NULL, long_fields->str);
    heads[0] = token_head;
    heads[1] = url_head;
    heads[2] = query_head;
    heads[3] = fields_head;
    for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
      {
        g_autoptr(RawReply) reply = raw_request (f, heads[i], strlen (heads[i]), NULL, 0, 0);

        g_assert_cmpfloat (reply->seconds, <, 8.0);
        assert_alive (f);
      }
  }

  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);
}

/* ---- Item 8: the log --------------------------------------------------------------- */

static void
test_log (Fixture *f, gconstpointer data)
{
  g_autofree char *head = request_head ("POST /api/v1/events", f->token, "Content-Length: 100\r\n");
  g_autofree char *long_path = NULL;
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  guint status;
  gboolean found_long = FALSE, found_500 = FALSE;

  /* A request the client gave up on is "aborted", not a 500. */
  {
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) connection = NULL;
    g_autoptr(GError) error = NULL;

    connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->hub->port, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (send_all (g_socket_connection_get_socket (connection), head, strlen (head)));
    g_assert_true (send_all (g_socket_connection_get_socket (connection), "{\"device\":", 10));
    g_io_stream_close (G_IO_STREAM (connection), NULL, &error);
    g_assert_no_error (error);
  }
  assert_log_soon (f, "method=POST path=/api/v1/events status=aborted ");

  /* A real 500 carries its status and nothing else. */
  db_exec (f, "ALTER TABLE changes RENAME TO changes_away");
  {
    g_autoptr(JsonNode) root = http (f, "GET", "/api/v1/changes", f->token, NULL, &status);

    g_assert_cmpuint (status, ==, 500);
    assert_error (root, "internal_error");
  }
  db_exec (f, "ALTER TABLE changes_away RENAME TO changes");

  /* Paths: at most 256 bytes, escaped, on one line. */
  long_path = g_strnfill (5008, 'a');
  memcpy (long_path, "/api/v1/", strlen ("/api/v1/"));
  {
    g_autoptr(JsonNode) root = http (f, "GET", long_path, NULL, NULL, &status);
    g_autoptr(JsonNode) evil = http (f, "GET", "/api/v1/x%0Aevil%20status=200%22", NULL, NULL, &status);

    g_assert_cmpuint (status, ==, 404);
  }
  assert_log_soon (f, "path=/api/v1/x\\x0aevil\\x20status=200\\x22 status=404 ");

  log = read_log (f);
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_false (g_str_has_prefix (lines[i], "evil"));
      if (strstr (lines[i], "path=/api/v1/aaaa") != NULL)
        {
          found_long = TRUE;
          g_assert_cmpuint (strlen (lines[i]), <, 400);
          g_assert_nonnull (strstr (lines[i], "...(5008 bytes) status=404 "));
        }
      if (strstr (lines[i], "path=/api/v1/changes ") != NULL && strstr (lines[i], "status=500") != NULL)
        {
          found_500 = TRUE;
          g_assert_null (strstr (lines[i], "aborted"));
        }
    }
  g_assert_true (found_long);
  g_assert_true (found_500);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/hub-input/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
#define ADD_NOSERVER(path, fn) \
  g_test_add ("/hub-input/" path, Fixture, GINT_TO_POINTER (1), fixture_set_up, fn, fixture_tear_down)

  ADD ("strict-json", test_strict_json);
  ADD ("text-refused-at-the-door", test_text_refused_at_the_door);
  /* The rows it plants (invalid UTF-8, a CHECK switched off) are what an
   * older SQLite hub let in; PostgreSQL refuses to store either, and a
   * PostgreSQL hub only ever had this schema. */
  if (!dis_test_pg_enabled ())
    ADD_NOSERVER ("bad-rows-do-not-break-reads", test_bad_rows_do_not_break_reads);
  ADD ("unusable-number", test_unusable_number);
  ADD ("event-id-conflict", test_event_id_conflict);
  ADD ("http-limits", test_http_limits);
  ADD ("log", test_log);
  return g_test_run ();
}
