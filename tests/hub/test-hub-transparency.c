/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-transparency"

#include "config.h"

#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "dis-test-hub.h"
#include "dis-test-util.h"

#include "hub-test-fixture.h"

/* Issue 10 §3 against a real disotto-hub: GET /api/v1/transparency, public,
 * JSON and CSV, and the suppression of small cells. The big networks are
 * written straight into the hub's SQLite file (40 points and thousands of
 * sales would take minutes to push); the figures of pushed sales are
 * checked on events sent through /api/v1/events. */

#define N_TIERS   4
#define TOTAL     N_TIERS
#define N_COLUMNS (N_TIERS + 1)
#define MIN_CELL  5

static const char *const tiers[N_TIERS] = { "accessibile", "impegno", "equa", "solidale" };
/* The demo network's tier percentages, in basis points from Equa. */
static const gint64 tier_bp[N_TIERS] = { -2500, -1000, 0, 1500 };

typedef struct
{
  gint64 sales;
  gint64 gross;
  gint64 equa;
  gint64 delta;
} Sum;

/* ---- Requests --------------------------------------------------------------- */

/* GET @path_and_query with no token; the body, its status and its type. */
static char *
get (Fixture     *f,
     const char  *path_and_query,
     guint       *out_status,
     char       **out_type)
{
  g_autofree char *url = g_strconcat (f->hub->url, path_and_query, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  /* A query the test means to be hostile is sent as it is. */
  if (uri == NULL)
    {
      const char *q = strchr (path_and_query, '?');
      g_autoptr(GUri) base = g_uri_parse (f->hub->url, G_URI_FLAGS_ENCODED, NULL);

      g_assert_nonnull (q);
      uri = g_uri_build (G_URI_FLAGS_ENCODED, "http", NULL, g_uri_get_host (base), g_uri_get_port (base),
                         "/api/v1/transparency", q + 1, NULL);
    }
  msg = soup_message_new_from_uri ("GET", uri);
  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  if (out_type != NULL)
    *out_type = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Type"));
  return g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

/* The document of @period, with a 200 and the JSON type. */
static JsonNode *
document (Fixture    *f,
          const char *period)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/transparency?period=%s", period);
  g_autofree char *type = NULL;
  g_autofree char *text = NULL;
  guint status;

  text = get (f, path, &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "application/json");
  return parse_json (text);
}

/* ---- The table of a document ---------------------------------------------------- */

/* The rows of a document (its points in order, then the network), each
 * with its cells as published. */
typedef struct
{
  guint     n_rows;
  char    **codes;      /* NULL for the network */
  gboolean *suppressed; /* [row * N_COLUMNS + column] */
  Sum      *values;
} Table;

static void
table_clear (Table *t)
{
  for (guint r = 0; r < t->n_rows; r++)
    g_free (t->codes[r]);
  g_free (t->codes);
  g_free (t->suppressed);
  g_free (t->values);
}

static void
read_cell (JsonObject *cell,
           const char *tier,
           gboolean   *out_suppressed,
           Sum        *out)
{
  static const char *const names[] = { "sales", "gross_cents", "equa_cents", "delta_cents" };
  gint64 *fields[] = { &out->sales, &out->gross, &out->equa, &out->delta };

  g_assert_cmpstr (json_object_get_string_member_with_default (cell, "tier", NULL), ==, tier);
  *out_suppressed = json_object_get_boolean_member (cell, "suppressed");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *value = json_object_get_member (cell, names[i]);

      g_assert_nonnull (value);
      /* Suppressed means every number of the cell, not some. */
      g_assert_cmpint (JSON_NODE_HOLDS_NULL (value), ==, *out_suppressed);
      *fields[i] = *out_suppressed ? 0 : json_node_get_int (value);
    }
}

static void
read_row (JsonObject *row,
          Table      *t,
          guint       r)
{
  JsonArray *cells = json_object_get_array_member (row, "tiers");

  g_assert_cmpuint (json_array_get_length (cells), ==, N_TIERS);
  for (guint c = 0; c < N_TIERS; c++)
    read_cell (json_array_get_object_element (cells, c), tiers[c],
               &t->suppressed[r * N_COLUMNS + c], &t->values[r * N_COLUMNS + c]);
  read_cell (json_object_get_object_member (row, "total"), NULL,
             &t->suppressed[r * N_COLUMNS + TOTAL], &t->values[r * N_COLUMNS + TOTAL]);
}

static void
table_read (JsonNode *root,
            Table    *t)
{
  JsonObject *doc = json_node_get_object (root);
  JsonArray *points = json_object_get_array_member (doc, "points");
  guint n = json_array_get_length (points);

  t->n_rows = n + 1;
  t->codes = g_new0 (char *, n + 1);
  t->suppressed = g_new0 (gboolean, (n + 1) * N_COLUMNS);
  t->values = g_new0 (Sum, (n + 1) * N_COLUMNS);
  for (guint r = 0; r < n; r++)
    {
      JsonObject *point = json_array_get_object_element (points, r);

      t->codes[r] = g_strdup (json_object_get_string_member (point, "code"));
      g_assert_nonnull (json_object_get_string_member (point, "name"));
      if (r > 0)
        g_assert_cmpstr (t->codes[r - 1], <, t->codes[r]);
      read_row (point, t, r);
    }
  read_row (json_object_get_object_member (doc, "network"), t, n);
}

/* ---- Can a suppressed cell be recomputed? ------------------------------------------ */

/* For every row (the network's included) and every column (the totals'
 * included), the number of suppressed cells is 0 or at least 2: one alone
 * is its total minus the published cells. */
static void
assert_no_lonely_cell (const Table *t)
{
  for (guint r = 0; r < t->n_rows; r++)
    {
      guint n = 0;

      for (guint c = 0; c < N_COLUMNS; c++)
        n += t->suppressed[r * N_COLUMNS + c];
      g_assert_true (n == 0 || n >= 2);
    }
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      guint n = 0;

      for (guint r = 0; r < t->n_rows; r++)
        n += t->suppressed[r * N_COLUMNS + c];
      g_assert_true (n == 0 || n >= 2);
    }
}

/* The published equations of one measure are the sums of each row and of
 * each column. Take the rows and the columns as the nodes of a graph and
 * every suppressed cell as an edge between its row and its column. A set
 * of changes to the suppressed values that keeps every sum is a vector of
 * the kernel of the graph's incidence matrix (a bipartite graph: up to
 * signs, which do not change the kernel's support); that kernel is
 * spanned by the graph's cycles (+a, −a alternating around each). So a
 * suppressed value is determined by linear elimination exactly when its
 * edge lies on no cycle, i.e. it is a bridge: removing it disconnects its
 * row from its column. */
static void
assert_no_bridge (const Table *t)
{
  guint n_nodes = t->n_rows + N_COLUMNS;
  g_autofree gboolean *seen = g_new (gboolean, n_nodes);
  g_autofree guint *stack = g_new (guint, n_nodes);

  for (guint r = 0; r < t->n_rows; r++)
    for (guint c = 0; c < N_COLUMNS; c++)
      {
        guint top = 0;

        if (!t->suppressed[r * N_COLUMNS + c])
          continue;
        /* Search from row r for column c without the edge (r, c). */
        memset (seen, 0, n_nodes * sizeof (gboolean));
        seen[r] = TRUE;
        stack[top++] = r;
        while (top > 0)
          {
            guint node = stack[--top];

            for (guint other = 0; other < n_nodes; other++)
              {
                guint row = node < t->n_rows ? node : other;
                guint col = node < t->n_rows ? other : node;

                if ((node < t->n_rows) == (other < t->n_rows) || seen[other] ||
                    (row == r && col - t->n_rows == c) ||
                    !t->suppressed[row * N_COLUMNS + (col - t->n_rows)])
                  continue;
                seen[other] = TRUE;
                stack[top++] = other;
              }
          }
        if (!seen[t->n_rows + c])
          g_error ("suppressed cell (%s, %s) can be recomputed: no cycle through it",
                   t->codes[r] ? t->codes[r] : "network", c == TOTAL ? "total" : tiers[c]);
      }
}

/* Linear elimination over the integers modulo a prime: a value is
 * determined by a set of equations over the rationals exactly when its
 * unit vector is in their row space; if it is over the rationals, it is
 * modulo p too (unless p divides a denominator, which for p = 2^31 − 1 and
 * coefficients of a few units does not happen), so nothing determined
 * escapes this check. */
#define PRIME G_GINT64_CONSTANT (2147483647)

typedef struct
{
  guint       n_vars;
  GPtrArray  *rows;      /* gint64[n_vars], reduced to echelon form */
  GArray     *pivots;    /* guint per row */
} Elim;

static gint64
mod_inverse (gint64 a)
{
  gint64 result = 1, e = PRIME - 2;

  a %= PRIME;
  for (; e > 0; e >>= 1, a = a * a % PRIME)
    if (e & 1)
      result = result * a % PRIME;
  return result;
}

/* Reduces @v by the rows so far; returns its first non-zero column, or
 * n_vars when it is in their span. */
static guint
elim_reduce (Elim   *m,
             gint64 *v)
{
  for (guint i = 0; i < m->rows->len; i++)
    {
      const gint64 *row = m->rows->pdata[i];
      guint p = g_array_index (m->pivots, guint, i);
      gint64 k = v[p];

      if (k == 0)
        continue;
      for (guint j = 0; j < m->n_vars; j++)
        v[j] = ((v[j] - k * row[j]) % PRIME + PRIME) % PRIME;
    }
  for (guint j = 0; j < m->n_vars; j++)
    if (v[j] != 0)
      return j;
  return m->n_vars;
}

/* Adds an equation (coefficients, any sign). */
static void
elim_add (Elim   *m,
          gint64 *v)
{
  guint p;
  gint64 inv;

  for (guint j = 0; j < m->n_vars; j++)
    v[j] = (v[j] % PRIME + PRIME) % PRIME;
  p = elim_reduce (m, v);
  if (p == m->n_vars)
    {
      g_free (v);
      return;
    }
  inv = mod_inverse (v[p]);
  for (guint j = 0; j < m->n_vars; j++)
    v[j] = v[j] * inv % PRIME;
  /* Keep earlier rows free of the new pivot, so one pass reduces. */
  for (guint i = 0; i < m->rows->len; i++)
    {
      gint64 *row = m->rows->pdata[i];
      gint64 k = row[p];

      if (k != 0)
        for (guint j = 0; j < m->n_vars; j++)
          row[j] = ((row[j] - k * v[j]) % PRIME + PRIME) % PRIME;
    }
  g_ptr_array_add (m->rows, v);
  g_array_append_val (m->pivots, p);
}

/* Is the combination @target of the unknowns fixed by the equations? */
static gboolean
elim_determined (Elim         *m,
                 const gint64 *target)
{
  g_autofree gint64 *v = g_memdup2 (target, m->n_vars * sizeof (gint64));

  for (guint j = 0; j < m->n_vars; j++)
    v[j] = (v[j] % PRIME + PRIME) % PRIME;
  return elim_reduce (m, v) == m->n_vars;
}

/* The stronger attacker: besides the row and column sums of every
 * measure, they know how the measures of one cell relate. Gross = (10000
 * + bp) / 10000 × Equa value exactly at every tier (true at Equa, nearly
 * true elsewhere), and delta = gross − Equa value. Unknowns: the count,
 * the Equa value and the gross of each suppressed cell. Every suppressed
 * cell's count, Equa value and gross must stay undetermined, and so must
 * the delta of every suppressed tier cell but Equa's (always 0). */
static void
assert_not_recoverable (const Table *t)
{
  guint n_cells = t->n_rows * N_COLUMNS, n_vars = 0;
  g_autofree int *var = g_new (int, n_cells);   /* first of the cell's three unknowns, or -1 */
  Elim m = { 0, g_ptr_array_new_with_free_func (g_free), g_array_new (FALSE, FALSE, sizeof (guint)) };

  for (guint i = 0; i < n_cells; i++)
    {
      var[i] = t->suppressed[i] ? (int) n_vars : -1;
      n_vars += t->suppressed[i] ? 3 : 0;
    }
  m.n_vars = n_vars;
  if (n_vars == 0)
    goto done;

  /* Row sums, then column sums, of each measure (0 count, 1 Equa, 2 gross). */
  for (guint k = 0; k < 3; k++)
    {
      for (guint r = 0; r < t->n_rows; r++)
        {
          gint64 *v = g_new0 (gint64, n_vars);

          for (guint c = 0; c < N_COLUMNS; c++)
            if (var[r * N_COLUMNS + c] >= 0)
              v[var[r * N_COLUMNS + c] + k] = c == TOTAL ? -1 : 1;
          elim_add (&m, v);
        }
      for (guint c = 0; c < N_COLUMNS; c++)
        {
          gint64 *v = g_new0 (gint64, n_vars);

          for (guint r = 0; r < t->n_rows; r++)
            if (var[r * N_COLUMNS + c] >= 0)
              v[var[r * N_COLUMNS + c] + k] = r + 1 == t->n_rows ? -1 : 1;
          elim_add (&m, v);
        }
    }
  /* 10000 × gross − (10000 + bp) × Equa = 0 in every tier cell. */
  for (guint r = 0; r < t->n_rows; r++)
    for (guint c = 0; c < N_TIERS; c++)
      if (var[r * N_COLUMNS + c] >= 0)
        {
          gint64 *v = g_new0 (gint64, n_vars);

          v[var[r * N_COLUMNS + c] + 2] = 10000;
          v[var[r * N_COLUMNS + c] + 1] = -(10000 + tier_bp[c]);
          elim_add (&m, v);
        }

  for (guint i = 0; i < n_cells; i++)
    {
      g_autofree gint64 *target = NULL;
      const char *what[] = { "sales", "equa", "gross" };

      if (var[i] < 0)
        continue;
      target = g_new0 (gint64, n_vars);
      for (guint k = 0; k < 3; k++)
        {
          memset (target, 0, n_vars * sizeof (gint64));
          target[var[i] + k] = 1;
          if (elim_determined (&m, target))
            g_error ("suppressed cell (%s, %s): its %s is determined",
                     t->codes[i / N_COLUMNS] ? t->codes[i / N_COLUMNS] : "network",
                     i % N_COLUMNS == TOTAL ? "total" : tiers[i % N_COLUMNS], what[k]);
        }
      if (i % N_COLUMNS != TOTAL && tier_bp[i % N_COLUMNS] != 0)
        {
          memset (target, 0, n_vars * sizeof (gint64));
          target[var[i] + 2] = 1;
          target[var[i] + 1] = -1;
          g_assert_false (elim_determined (&m, target));
        }
    }
done:
  g_ptr_array_unref (m.rows);
  g_array_unref (m.pivots);
}

/* ---- CSV -------------------------------------------------------------------------- */

/* RFC 4180 fields of one line (quoted fields may hold commas and quotes). */
static GPtrArray *
csv_fields (const char **cursor)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  const char *p = *cursor;

  for (;;)
    {
      GString *field = g_string_new (NULL);

      if (*p == '"')
        {
          for (p++; !(*p == '"' && p[1] != '"'); p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
        }
      else
        while (*p != ',' && *p != '\r' && *p != '\0')
          g_string_append_c (field, *p++);
      g_ptr_array_add (fields, g_string_free (field, FALSE));
      if (*p != ',')
        break;
      p++;
    }
  g_assert_true (g_str_has_prefix (p, "\r\n"));
  *cursor = p + 2;
  return fields;
}

static void
assert_csv_cell (GPtrArray  *fields,
                 const char *period,
                 JsonObject *point,
                 JsonObject *cell)
{
  static const char *const names[] = { "sales", "gross_cents", "equa_cents", "delta_cents" };

  g_assert_cmpuint (fields->len, ==, 9);
  g_assert_cmpstr (fields->pdata[0], ==, period);
  g_assert_cmpstr (fields->pdata[1], ==, point ? json_object_get_string_member (point, "code") : "");
  g_assert_cmpstr (fields->pdata[2], ==, point ? json_object_get_string_member (point, "name") : "");
  g_assert_cmpstr (fields->pdata[3], ==, json_object_get_string_member_with_default (cell, "tier", "total"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *value = json_object_get_member (cell, names[i]);
      g_autofree char *text = JSON_NODE_HOLDS_NULL (value) ? g_strdup ("")
                              : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));

      g_assert_cmpstr (fields->pdata[4 + i], ==, text);
    }
  g_assert_cmpstr (fields->pdata[8], ==, json_object_get_boolean_member (cell, "suppressed") ? "true" : "false");
}

static void
assert_csv_row (const char **cursor,
                const char  *period,
                JsonObject  *point,
                JsonObject  *row)
{
  JsonArray *cells = json_object_get_array_member (row, "tiers");

  for (guint c = 0; c <= N_TIERS; c++)
    {
      g_autoptr(GPtrArray) fields = csv_fields (cursor);

      assert_csv_cell (fields, period, point,
                       c < N_TIERS ? json_array_get_object_element (cells, c)
                                   : json_object_get_object_member (row, "total"));
    }
}

/* The CSV of @period says, line by line, what its JSON says. */
static void
assert_csv_matches (Fixture    *f,
                    const char *period,
                    JsonNode   *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/transparency?period=%s&format=csv", period);
  g_autofree char *type = NULL;
  g_autofree char *csv = NULL;
  JsonObject *doc = json_node_get_object (json);
  JsonArray *points = json_object_get_array_member (doc, "points");
  const char *cursor;
  guint status;

  csv = get (f, path, &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "text/csv; charset=utf-8");
  g_assert_true (g_str_has_prefix (csv, "period,point,name,tier,sales,gross_cents,equa_cents,delta_cents,suppressed\r\n"));
  cursor = strchr (csv, '\n') + 1;
  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonObject *point = json_array_get_object_element (points, i);

      assert_csv_row (&cursor, period, point, point);
    }
  assert_csv_row (&cursor, period, NULL, json_object_get_object_member (doc, "network"));
  g_assert_cmpstr (cursor, ==, "");
}

/* ---- A generated network ------------------------------------------------------------ */

#define N_POINTS 40
#define N_MONTHS 8

typedef struct
{
  Sum      cells[N_POINTS][N_COLUMNS];
  gboolean active[N_POINTS];
} Model;

static void
sum_add (Sum    *s,
         gint64  sales,
         gint64  gross,
         gint64  equa)
{
  s->sales += sales;
  s->gross += gross;
  s->equa += equa;
  s->delta += gross - equa;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* A time in Europe/Rome, written the way a till may write it: with its
 * offset, or in UTC. */
static char *
rome_time (GRand *rand,
           int    year,
           int    month,
           int    day,
           int    hour,
           int    minute)
{
  g_autoptr(GTimeZone) rome = g_time_zone_new_identifier ("Europe/Rome");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) in_utc = NULL;

  g_assert_nonnull (rome);
  at = g_date_time_new (rome, year, month, day, hour, minute, 0);
  if (g_rand_boolean (rand))
    return g_date_time_format_iso8601 (at);
  in_utc = g_date_time_to_timezone (at, utc);
  return g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* One sale or refund of @n_lines lines at @tier, written as the hub
 * stores it, and added to @sum. */
static void
insert_sale (sqlite3    *db,
             GRand      *rand,
             const char *point,
             guint       tier,
             gboolean    refund,
             const char *created_at,
             gint64      seq,
             Sum        *sum)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *event_id = g_uuid_string_random ();
  guint n_lines = g_rand_int_range (rand, 1, 4);
  gint64 total = 0, total_equa = 0;
  char *sql;

  for (guint l = 1; l <= n_lines; l++)
    {
      gint64 equa_price = g_rand_int_range (rand, 50, 2000);
      gint64 price = (equa_price * (10000 + tier_bp[tier]) + 5000) / 10000;
      gint64 qty = g_rand_int_range (rand, 1, 4) * 1000 * (refund ? -1 : 1);
      gint64 lt = price * qty / 1000, lte = equa_price * qty / 1000;

      sql = sqlite3_mprintf ("INSERT INTO hub_sale_lines (sale_id, line_no, product_code, product_name,"
                             " supplier_code, unit, quantity, unit_price, unit_price_equa, line_total,"
                             " line_total_equa, tier_delta, vat_rate, point_line_total)"
                             " VALUES (%Q, %u, 'P-0001', 'Spaghetti', 'F-PAS', 'piece', %lld, %lld, %lld,"
                             " %lld, %lld, %lld, 4, %lld)",
                             id, l, (long long) qty, (long long) price, (long long) equa_price,
                             (long long) lt, (long long) lte, (long long) (lt - lte), (long long) lt);
      exec_sql (db, sql);
      sqlite3_free (sql);
      total += lt;
      total_equa += lte;
    }
  sql = sqlite3_mprintf ("INSERT INTO events (id, point_code, device, seq, type, at, received_at, payload)"
                         " VALUES (%Q, %Q, 'C1', %lld, %Q, %Q, %Q, '{}');"
                         "INSERT INTO hub_sales (id, event_id, kind, point_code, device, seq, receipt_no,"
                         " created_at, operator_id, operator_name, member_card, tier, refund_of, n_lines, total,"
                         " total_equa, tier_delta, cash_tendered, change_due, point_total, point_total_equa,"
                         " point_tier_delta) VALUES (%Q, %Q, %Q, %Q, 'C1', %lld, '%q-C1-%06lld', %Q, 1, 'Anna',"
                         " NULL, %Q, NULL, %u, %lld, %lld, %lld, 0, 0, %lld, %lld, %lld)",
                         event_id, point, (long long) seq, refund ? "sale.refunded" : "sale.committed",
                         created_at, created_at,
                         id, event_id, refund ? "refund" : "sale", point, (long long) seq, point,
                         (long long) seq, created_at, tiers[tier], n_lines, (long long) total,
                         (long long) total_equa, (long long) (total - total_equa), (long long) total,
                         (long long) total_equa, (long long) (total - total_equa));
  exec_sql (db, sql);
  sqlite3_free (sql);
  sum_add (sum, refund ? -1 : 1, total, total_equa);
}

/* How many sales a cell gets: many cells under MIN_CELL, a third empty;
 * in a @sparse month, only one cell in fifty is small, so that most
 * columns have a single small cell and need a complement. */
static guint
cell_size (GRand    *rand,
           gboolean  small_point,
           gboolean  sparse)
{
  guint roll = g_rand_int_range (rand, 0, 100);

  if (sparse)
    return roll < 2 ? g_rand_int_range (rand, 1, MIN_CELL) : g_rand_int_range (rand, MIN_CELL, 9);
  if (small_point)
    return roll < 50 ? 0 : 1;
  if (roll < 30)
    return 0;
  if (roll < 65)
    return g_rand_int_range (rand, 1, MIN_CELL);
  return g_rand_int_range (rand, MIN_CELL, 16);
}

/* The sales of one month at 40 points, refunds among them; a fifth in
 * the first or last hour of the month in Rome, so that consecutive months
 * have sales whose UTC date is in the month before or after. */
static void
generate_month (sqlite3  *db,
                GRand    *rand,
                int       year,
                int       month,
                gboolean  sparse,
                gint64   *seq,
                Model    *model)
{
  int days = g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);

  memset (model, 0, sizeof *model);
  for (guint p = 0; p < N_POINTS; p++)
    {
      g_autofree char *code = g_strdup_printf ("TR-%03u", p);
      gboolean small_point = !sparse && g_rand_int_range (rand, 0, 100) < 15;

      for (guint t = 0; t < N_TIERS; t++)
        {
          guint n = cell_size (rand, small_point, sparse);
          guint n_refunds = n > 0 && !sparse && g_rand_int_range (rand, 0, 100) < 25 ? g_rand_int_range (rand, 1, 3) : 0;

          for (guint i = 0; i < n + n_refunds; i++)
            {
              /* The first and last hour of the month in Rome, or any time. */
              gboolean edge = g_rand_int_range (rand, 0, 100) < 20;
              int day = edge ? (g_rand_boolean (rand) ? 1 : days) : g_rand_int_range (rand, 1, days + 1);
              int hour = edge ? (day == 1 ? 0 : 23) : g_rand_int_range (rand, 8, 20);
              g_autofree char *at = rome_time (rand, year, month, day, hour, g_rand_int_range (rand, 0, 60));

              insert_sale (db, rand, code, t, i >= n, at, ++*seq, &model->cells[p][t]);
              model->active[p] = TRUE;
            }
        }
      for (guint t = 0; t < N_TIERS; t++)
        {
          const Sum *s = &model->cells[p][t];

          model->cells[p][TOTAL].sales += s->sales;
          model->cells[p][TOTAL].gross += s->gross;
          model->cells[p][TOTAL].equa += s->equa;
          model->cells[p][TOTAL].delta += s->delta;
        }
    }
}

/* Whatever the fund's column (issue 10) holds in this build, the sales
 * just written count in @period. */
static void
set_fund_period (sqlite3 *db,
                 int      year,
                 int      month)
{
  sqlite3_stmt *stmt = NULL;
  gboolean has_column;
  char *sql;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM pragma_table_info ('hub_sales')"
                                           " WHERE name = 'fund_period'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  has_column = sqlite3_column_int (stmt, 0) > 0;
  sqlite3_finalize (stmt);
  if (!has_column)
    return;
  sql = sqlite3_mprintf ("UPDATE hub_sales SET fund_period = '%04d-%02d' WHERE fund_period IS NULL", year, month);
  exec_sql (db, sql);
  sqlite3_free (sql);
}

static void
insert_points (sqlite3 *db)
{
  for (guint p = 0; p < N_POINTS; p++)
    {
      /* Some names need quoting in CSV. */
      g_autofree char *name = p % 7 == 3 ? g_strdup_printf ("Bottega \"Il Sole\", %u", p)
                                         : g_strdup_printf ("Punto %u", p);
      char *sql = sqlite3_mprintf ("INSERT INTO points (code, name, data, created_at)"
                                   " VALUES ('TR-%03u', %Q, '{}', '2026-01-01T00:00:00Z')", p, name);

      exec_sql (db, sql);
      sqlite3_free (sql);
    }
}

/* Published cells of @t against @model; counts what was suppressed. */
static void
assert_matches_model (const Table *t,
                      const Model *model,
                      guint       *n_primary,
                      guint       *n_complement,
                      guint       *n_published)
{
  Sum network[N_COLUMNS] = { { 0 } };
  guint r = 0;

  for (guint p = 0; p < N_POINTS; p++)
    {
      g_autofree char *code = g_strdup_printf ("TR-%03u", p);

      if (!model->active[p])
        continue;
      g_assert_cmpuint (r, <, t->n_rows - 1);
      g_assert_cmpstr (t->codes[r], ==, code);
      for (guint c = 0; c < N_COLUMNS; c++)
        {
          const Sum *want = &model->cells[p][c];

          network[c].sales += want->sales;
          network[c].gross += want->gross;
          network[c].equa += want->equa;
          network[c].delta += want->delta;
        }
      r++;
    }
  /* Only the points that sold in the month are listed. */
  g_assert_cmpuint (r, ==, t->n_rows - 1);

  for (r = 0; r < t->n_rows; r++)
    for (guint c = 0; c < N_COLUMNS; c++)
      {
        const Sum *want = NULL;
        const Sum *got = &t->values[r * N_COLUMNS + c];

        if (r + 1 == t->n_rows)
          want = &network[c];
        else
          for (guint p = 0, seen = 0; p < N_POINTS && want == NULL; p++)
            if (model->active[p] && seen++ == r)
              want = &model->cells[p][c];
        g_assert_nonnull (want);
        if (want->sales < MIN_CELL)
          {
            g_assert_true (t->suppressed[r * N_COLUMNS + c]);
            (*n_primary)++;
            continue;
          }
        if (t->suppressed[r * N_COLUMNS + c])
          {
            (*n_complement)++;
            continue;
          }
        (*n_published)++;
        g_assert_cmpint (got->sales, ==, want->sales);
        g_assert_cmpint (got->gross, ==, want->gross);
        g_assert_cmpint (got->equa, ==, want->equa);
        g_assert_cmpint (got->delta, ==, want->delta);
      }
}

/* Six months of a 40-point network with many small cells, and two with
 * few, written straight into the hub's database: every published figure
 * is the sum the test computed itself, every small cell is suppressed,
 * and no suppressed cell can be recomputed from what is published. */
static void
test_generated_network (Fixture *f, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261105);
  g_autofree Model *models = g_new0 (Model, N_MONTHS);
  guint n_primary = 0, n_complement = 0, n_published = 0;
  sqlite3 *db = NULL;
  gint64 seq = 0;

  g_assert_cmpint (sqlite3_open (f->hub->db_path, &db), ==, SQLITE_OK);
  exec_sql (db, "BEGIN");
  insert_points (db);
  for (int m = 0; m < N_MONTHS; m++)
    {
      generate_month (db, rand, 2026, 1 + m, m >= 6, &seq, &models[m]);
      set_fund_period (db, 2026, 1 + m);
    }
  exec_sql (db, "COMMIT");
  sqlite3_close (db);
  start_server (f, NULL, NULL, NULL, NULL);

  for (int m = 0; m < N_MONTHS; m++)
    {
      g_autofree char *period = g_strdup_printf ("2026-%02d", 1 + m);
      g_autoptr(JsonNode) root = document (f, period);
      JsonObject *doc = json_node_get_object (root);
      Table t = { 0 };

      g_assert_cmpstr (json_object_get_string_member (doc, "period"), ==, period);
      g_assert_false (json_object_get_boolean_member (doc, "closed"));
      g_assert_cmpint (json_object_get_int_member (doc, "min_cell"), ==, MIN_CELL);
      g_assert_true (json_object_has_member (doc, "fund"));
      /* An open month publishes the fund's preview. */
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (doc, "fund")));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (doc, "fund"), "period"), ==, period);
      g_assert_false (json_object_has_member (json_object_get_object_member (doc, "fund"), "closed_at"));
      table_read (root, &t);
      assert_matches_model (&t, &models[m], &n_primary, &n_complement, &n_published);
      assert_no_lonely_cell (&t);
      assert_no_bridge (&t);
      assert_not_recoverable (&t);
      assert_csv_matches (f, period, root);
      table_clear (&t);
    }
  g_test_message ("cells: %u small, %u suppressed with them, %u published",
                  n_primary, n_complement, n_published);
  /* The network really had many small cells, and published figures too. */
  g_assert_cmpuint (n_primary, >=, 200);
  g_assert_cmpuint (n_complement, >=, 20);
  g_assert_cmpuint (n_published, >=, 200);
}

/* ---- Pushed sales ----------------------------------------------------------------------- */

/* A refund at Equa of @qty milli-units of the spaghetti of @refund_of. */
static char *
refund_event (gint64      seq,
              const char *refund_of,
              gint64      qty)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *sale_id = g_uuid_string_random ();
  gint64 lt = -(185 * qty + 500) / 1000;

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"sale.refunded\","
                          "\"at\":\"2024-05-03T10:00:00+02:00\",\"payload\":{"
                          "\"id\":\"%s\",\"receipt_no\":\"TO-CEN-C1-%06" G_GINT64_FORMAT "\",\"point\":\"TO-CEN\","
                          "\"device\":\"C1\",\"seq\":%" G_GINT64_FORMAT ",\"created_at\":\"2024-05-03T10:00:00+02:00\","
                          "\"operator\":{\"id\":1,\"name\":\"Anna\"},\"member_card\":null,\"tier\":\"equa\","
                          "\"refund_of\":\"%s\",\"refund_of_receipt_no\":\"TO-CEN-C1-000001\",\"lines\":[{\"line_no\":1,"
                          "\"product_code\":\"P-0001\",\"product_name\":\"Spaghetti\",\"supplier_code\":\"F-PAS\","
                          "\"unit\":\"piece\",\"quantity\":%" G_GINT64_FORMAT ",\"unit_price\":185,"
                          "\"unit_price_equa\":185,\"line_total\":%" G_GINT64_FORMAT ",\"line_total_equa\":%" G_GINT64_FORMAT ","
                          "\"tier_delta\":0,\"vat_rate\":4}],"
                          "\"payments\":[{\"method\":\"card\",\"amount\":%" G_GINT64_FORMAT "}],\"n_lines\":1,"
                          "\"total\":%" G_GINT64_FORMAT ",\"total_equa\":%" G_GINT64_FORMAT ",\"tier_delta\":0,"
                          "\"cash_tendered\":0,\"change_due\":0}}",
                          id, seq, sale_id, seq, seq, refund_of, -qty, lt, lt, lt, lt, lt);
}

static JsonObject *
cell_of (JsonObject *row,
         guint       tier)
{
  return tier == TOTAL ? json_object_get_object_member (row, "total")
                       : json_array_get_object_element (json_object_get_array_member (row, "tiers"), tier);
}

/* The hub's own figures of @tier at TO-CEN, summed by SQL. */
static gint64
stored_sum (Fixture    *f,
            const char *column,
            const char *tier)
{
  g_autofree char *sql = g_strdup_printf ("SELECT total (l.%s) FROM hub_sale_lines l JOIN hub_sales s"
                                          " ON s.id = l.sale_id WHERE s.tier = ?1", column);

  return dis_test_hub_int (f->hub, sql, tier);
}

/* Sales and a refund pushed by a till: the refund is a negative sale of
 * its tier, the figures are the hub's, the small tiers are suppressed, the
 * setting stats.min_cell moves the threshold, and no token is needed. */
static void
test_pushed_sales (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) events = g_string_new (NULL);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sale_id = NULL;
  g_autofree char *refund = NULL;
  g_autofree char *name = NULL;
  JsonObject *doc, *point, *cell;
  guint status;

  for (gint64 seq = 1; seq <= 8; seq++)
    {
      g_autofree char *event = seq <= 6 ? sale_event ("TO-CEN", seq, "equa", 2000, 185, 0)
                                        : sale_event ("TO-CEN", seq, "solidale", 1000, 213, 0);

      g_string_append_printf (events, "%s%s", seq > 1 ? "," : "", event);
    }
  reply = push (f, f->token, events->str, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&reply, json_node_unref);
  sale_id = db_text (f, "SELECT id FROM hub_sales WHERE seq = 1", NULL);
  refund = refund_event (9, sale_id, 1000);
  reply = push (f, f->token, refund, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (reply, 0), "status"), ==, "accepted");
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales WHERE kind = 'refund'"), ==, 1);

  root = document (f, "2024-05");
  doc = json_node_get_object (root);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "points")), ==, 1);
  point = json_array_get_object_element (json_object_get_array_member (doc, "points"), 0);
  g_assert_cmpstr (json_object_get_string_member (point, "code"), ==, "TO-CEN");
  name = db_text (f, "SELECT name FROM points WHERE code = 'TO-CEN'", NULL);
  g_assert_cmpstr (json_object_get_string_member (point, "name"), ==, name);

  /* Six sales less one refund: five, with 12 × € 1,85 less one € 1,85. */
  cell = cell_of (point, 2);
  g_assert_cmpstr (json_object_get_string_member (cell, "tier"), ==, "equa");
  g_assert_false (json_object_get_boolean_member (cell, "suppressed"));
  g_assert_cmpint (json_object_get_int_member (cell, "sales"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (cell, "gross_cents"), ==, 11 * 185);
  g_assert_cmpint (json_object_get_int_member (cell, "gross_cents"), ==, stored_sum (f, "line_total", "equa"));
  g_assert_cmpint (json_object_get_int_member (cell, "equa_cents"), ==, stored_sum (f, "line_total_equa", "equa"));
  g_assert_cmpint (json_object_get_int_member (cell, "delta_cents"), ==, 0);
  /* One point: the network's row is the point's. */
  g_assert_true (json_node_equal (json_object_get_member (json_object_get_object_member (doc, "network"), "tiers"),
                                  json_object_get_member (point, "tiers")));
  /* Two Solidale sales, and no sales at all, are too few; the total goes
   * with them, or it would give the Solidale cell away. */
  for (guint t = 0; t < N_COLUMNS; t++)
    if (t != 2)
      {
        g_assert_true (json_object_get_boolean_member (cell_of (point, t), "suppressed"));
        g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (cell_of (point, t), "gross_cents")));
      }
  assert_csv_matches (f, "2024-05", root);

  /* The refund was made in May: nothing in April or June. */
  {
    g_autoptr(JsonNode) april = document (f, "2024-04");

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (april), "points")),
                      ==, 0);
  }

  /* With stats.min_cell = 2 the two Solidale sales are published. */
  g_assert_cmpint (run_hub (f, NULL, NULL, "settings", "set", "stats.min_cell", "0", NULL), ==, 1);
  g_assert_cmpint (run_hub (f, NULL, NULL, "settings", "set", "stats.min_cell", "1001", NULL), ==, 1);
  g_assert_cmpint (run_hub (f, NULL, NULL, "settings", "set", "stats.min_cell", "2", NULL), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = document (f, "2024-05");
  doc = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (doc, "min_cell"), ==, 2);
  point = json_array_get_object_element (json_object_get_array_member (doc, "points"), 0);
  cell = cell_of (point, 3);
  g_assert_false (json_object_get_boolean_member (cell, "suppressed"));
  g_assert_cmpint (json_object_get_int_member (cell, "sales"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (cell, "gross_cents"), ==, 2 * 213);
  g_assert_cmpint (json_object_get_int_member (cell, "delta_cents"), ==,
                   stored_sum (f, "line_total", "solidale") - stored_sum (f, "line_total_equa", "solidale"));
  /* The empty tiers are still under 2, so the total stays hidden. */
  g_assert_true (json_object_get_boolean_member (cell_of (point, 0), "suppressed"));
  g_assert_true (json_object_get_boolean_member (cell_of (point, TOTAL), "suppressed"));
}

/* A month with no sales: nothing to list, and the network's empty cells
 * are under the threshold like any other. */
static void
test_empty_period (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) root = document (f, "2031-02");
  JsonObject *doc = json_node_get_object (root);
  JsonObject *network = json_object_get_object_member (doc, "network");
  Table t = { 0 };

  g_assert_cmpstr (json_object_get_string_member (doc, "period"), ==, "2031-02");
  g_assert_false (json_object_get_boolean_member (doc, "closed"));
  /* Nothing came in, nothing is claimed. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (doc, "fund"), "inflow_cents"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "points")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (network, "tiers")), ==, N_TIERS);
  table_read (root, &t);
  for (guint c = 0; c < N_COLUMNS; c++)
    g_assert_true (t.suppressed[c]);
  table_clear (&t);
  assert_csv_matches (f, "2031-02", root);
}

/* ---- The query ---------------------------------------------------------------------------- */

/* libsoup refuses a request line with a broken percent-escape itself,
 * with a bare 400, before the hub sees it (README-api.md, Conventions). */
static gboolean
escapes_are_whole (const char *text)
{
  for (const char *p = strchr (text, '%'); p != NULL; p = strchr (p + 1, '%'))
    if (!g_ascii_isxdigit (p[1]) || !g_ascii_isxdigit (p[2]))
      return FALSE;
  return TRUE;
}

/* A 400; in the hub's error shape whenever the hub saw the request. */
static void
assert_refused (const char *path_and_query,
                guint       status,
                const char *type,
                const char *text)
{
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (status, ==, 400);
  if (!escapes_are_whole (path_and_query))
    return;
  g_assert_cmpstr (type, ==, "application/json");
  root = parse_json (text);
  assert_error (root, "invalid_request");
}

static void
assert_bad_query (Fixture    *f,
                  const char *path_and_query)
{
  g_autofree char *type = NULL;
  g_autofree char *text = NULL;
  guint status;

  g_test_message ("query: %s", path_and_query);
  text = get (f, path_and_query, &status, &type);
  assert_refused (path_and_query, status, type, text);
}

/* A bad query is a 400 in the shape of every error, never a 5xx. */
static void
test_bad_period (Fixture *f, gconstpointer data)
{
  static const char *const bad[] = {
    "", "?", "?period", "?period=", "?period=2026-13", "?period=2026-00", "?period=1999-12",
    "?period=2026-1", "?period=26-11", "?period=2026-011", "?period=2026/11", "?period=2026-11-01",
    "?period=%20026-11", "?period=2026-11%00", "?period=%zz", "?period=%", "?period=2026-11%",
    "?period=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-11", "?period=+2026-11", "?period=2026-11;format=csv",
    "?period=2026-11&period=2026-12", "?period=2026-11&period=2026-11", "?period=2026-11&format=xml",
    "?period=2026-11&format=", "?period=2026-11&format=CSV", "?period=2026-11&x=1", "?period=2026-11&",
    "?&period=2026-11", "?PERIOD=2026-11", "?period=-2026-11", "?period=2026--11", "?period=0x7E-11",
    "?period=2026-11&format=csv&format=csv", "?period%00=2026-11", "?period=2026-%31%33",
  };
  g_autofree char *long_query = g_strnfill (4000, '9');
  g_autofree char *long_path = g_strconcat ("?period=", long_query, NULL);
  g_autoptr(JsonNode) root = NULL;
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/transparency", bad[i], NULL);

      assert_bad_query (f, path);
    }
  {
    g_autofree char *path = g_strconcat ("/api/v1/transparency", long_path, NULL);

    assert_bad_query (f, path);
  }
  /* Percent-encoding is honoured: these are November 2026. */
  {
    g_autoptr(JsonNode) a = document (f, "%32%30%32%36-11");
    g_autoptr(JsonNode) b = document (f, "2026-1%31&format=json");

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (a), "period"), ==, "2026-11");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (b), "period"), ==, "2026-11");
  }
  root = http (f, "POST", "/api/v1/transparency?period=2026-11", NULL, "{}", 0, &status);
  g_assert_cmpuint (status, ==, 405);
  assert_error (root, "method_not_allowed");
}

/* Whether a query should be answered: the rule as README-api.md states it. */
static gboolean
query_is_valid (const char *query)
{
  g_auto(GStrv) pairs = g_strsplit (query, "&", 0);
  g_autofree char *period = NULL;
  g_autofree char *format = NULL;

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      g_autofree char *name = eq ? g_uri_unescape_segment (pairs[i], eq, NULL) : NULL;
      g_autofree char *value = eq ? g_uri_unescape_segment (eq + 1, NULL, NULL) : NULL;

      if (name == NULL || value == NULL)
        return FALSE;
      if (g_str_equal (name, "period") && period == NULL)
        period = g_steal_pointer (&value);
      else if (g_str_equal (name, "format") && format == NULL)
        format = g_steal_pointer (&value);
      else
        return FALSE;
    }
  return period != NULL && strlen (period) == 7 && g_ascii_isdigit (period[0]) && period[0] >= '2' &&
         g_ascii_isdigit (period[1]) && g_ascii_isdigit (period[2]) && g_ascii_isdigit (period[3]) &&
         period[4] == '-' && ((period[5] == '0' && period[6] >= '1' && period[6] <= '9') ||
                              (period[5] == '1' && period[6] >= '0' && period[6] <= '2')) &&
         (format == NULL || g_str_equal (format, "json") || g_str_equal (format, "csv"));
}

/* Random queries from pieces of good and hostile ones: every answer is
 * the document or a 400 in the error shape, as the rule says, and the hub
 * lives on. */
static void
test_query_fuzz (Fixture *f, gconstpointer data)
{
  static const char *const pieces[] = {
    "period", "format", "=", "=", "&", "&", "2026", "-", "11", "1", "0", "13", "%", "%2", "%2D", "%32",
    "%00", "%FF", "%C3%A8", "csv", "json", "+", ";", ".", "9999", "2000", "1999", "%25", "%26", "%3D",
    "PERIOD", "12", "00", "x",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  guint n_ok = 0;

  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(GString) query = g_string_new (NULL);
      g_autofree char *path = NULL;
      g_autofree char *type = NULL;
      g_autofree char *text = NULL;
      guint n = g_rand_int_range (rand, 1, 9), status;

      /* Half the time, start from a good query and spoil it a little. */
      if (g_rand_boolean (rand))
        g_string_append (query, g_rand_boolean (rand) ? "period=2026-11" : "period=2026-11&format=csv");
      for (guint k = 0; k < n && (query->len == 0 || g_rand_int_range (rand, 0, 3) > 0); k++)
        g_string_append (query, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      path = g_strconcat ("/api/v1/transparency?", query->str, NULL);
      text = get (f, path, &status, &type);
      g_test_message ("%s → %u", query->str, status);
      if (query_is_valid (query->str))
        {
          g_assert_cmpuint (status, ==, 200);
          n_ok++;
        }
      else
        assert_refused (path, status, type, text);
    }
  /* Both kinds were tried. */
  g_assert_cmpuint (n_ok, >=, 20);
  g_assert_cmpuint (n_ok, <=, 380);
  {
    g_autoptr(JsonNode) root = document (f, "2026-11");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/hub-transparency/generated-network", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_generated_network, fixture_tear_down);
  g_test_add ("/hub-transparency/pushed-sales", Fixture, NULL, fixture_set_up, test_pushed_sales, fixture_tear_down);
  g_test_add ("/hub-transparency/empty-period", Fixture, NULL, fixture_set_up, test_empty_period, fixture_tear_down);
  g_test_add ("/hub-transparency/bad-period", Fixture, NULL, fixture_set_up, test_bad_period, fixture_tear_down);
  g_test_add ("/hub-transparency/query-fuzz", Fixture, NULL, fixture_set_up, test_query_fuzz, fixture_tear_down);
  return g_test_run ();
}
