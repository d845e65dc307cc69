/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-transparency"

#include "config.h"

#include <string.h>

#include "dis-hub-db.h"
#include "dis-test-hub.h"

#include "transparency-test-fixture.h"

/* The suppression of small cells on a 40-point network written straight
 * into the hub's SQLite file (40 points and thousands of sales would take
 * minutes to push): every published figure is checked against the sums
 * the test computed, and no suppressed cell can be recomputed from what
 * is published. */

#define MIN_CELL  5

/* The demo network's tier percentages, in basis points from Equa. */
static const gint64 tier_bp[N_TIERS] = { -2500, -1000, 0, 1500 };

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

/* Runs @stmt, bound, to its end and makes it ready for the next row. */
static void
run_stmt (DisHubDb   *db,
          DisHubStmt *stmt)
{
  g_autoptr(GError) error = NULL;

  if (!dis_hub_db_step_done (db, stmt, &error))
    g_error ("writing the network: %s", error->message);
  dis_hub_stmt_clear (stmt);
}

static DisHubStmt *
prepare_cached (DisHubDb   *db,
                const char *sql)
{
  g_autoptr(GError) error = NULL;
  DisHubStmt *stmt = dis_hub_db_prepare_cached (db, sql, &error);

  g_assert_no_error (error);
  return stmt;
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
insert_sale (DisHubDb   *db,
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
  gint64 lines[3][5];
  g_autoptr(DisHubStmt) line = prepare_cached (db, "INSERT INTO hub_sale_lines (sale_id, line_no, product_code,"
                                                   " product_name, supplier_code, unit, quantity, unit_price,"
                                                   " unit_price_equa, line_total, line_total_equa, tier_delta,"
                                                   " vat_rate, point_line_total)"
                                                   " VALUES (?1, ?2, 'P-0001', 'Spaghetti', 'F-PAS', 'piece', ?3,"
                                                   " ?4, ?5, ?6, ?7, ?8, 4, ?6)");
  g_autoptr(DisHubStmt) event = prepare_cached (db, "INSERT INTO events (id, point_code, device, seq, type, at,"
                                                    " received_at, payload) VALUES (?1, ?2, 'C1', ?3, ?4, ?5, ?5, '{}')");
  g_autoptr(DisHubStmt) sale = prepare_cached (db, "INSERT INTO hub_sales (id, event_id, kind, point_code, device, seq,"
                                                   " receipt_no, created_at, operator_id, operator_name, member_card,"
                                                   " tier, refund_of, n_lines, total, total_equa, tier_delta,"
                                                   " cash_tendered, change_due, point_total, point_total_equa,"
                                                   " point_tier_delta) VALUES (?1, ?2, ?3, ?4, 'C1', ?5, ?6, ?7, 1,"
                                                   " 'Anna', NULL, ?8, NULL, ?9, ?10, ?11, ?12, 0, 0, ?10, ?11, ?12)");
  g_autofree char *receipt_no = g_strdup_printf ("%s-C1-%06" G_GINT64_FORMAT, point, seq);

  /* The lines' figures first: the sale's row, which they reference,
   * carries their totals. */
  for (guint l = 0; l < n_lines; l++)
    {
      gint64 equa_price = g_rand_int_range (rand, 50, 2000);
      gint64 price = (equa_price * (10000 + tier_bp[tier]) + 5000) / 10000;
      gint64 qty = g_rand_int_range (rand, 1, 4) * 1000 * (refund ? -1 : 1);

      lines[l][0] = qty;
      lines[l][1] = price;
      lines[l][2] = equa_price;
      lines[l][3] = price * qty / 1000;
      lines[l][4] = equa_price * qty / 1000;
      total += lines[l][3];
      total_equa += lines[l][4];
    }
  dis_hub_stmt_bind_text (event, 1, event_id);
  dis_hub_stmt_bind_text (event, 2, point);
  dis_hub_stmt_bind_int64 (event, 3, seq);
  dis_hub_stmt_bind_text (event, 4, refund ? "sale.refunded" : "sale.committed");
  dis_hub_stmt_bind_text (event, 5, created_at);
  run_stmt (db, event);
  dis_hub_stmt_bind_text (sale, 1, id);
  dis_hub_stmt_bind_text (sale, 2, event_id);
  dis_hub_stmt_bind_text (sale, 3, refund ? "refund" : "sale");
  dis_hub_stmt_bind_text (sale, 4, point);
  dis_hub_stmt_bind_int64 (sale, 5, seq);
  dis_hub_stmt_bind_text (sale, 6, receipt_no);
  dis_hub_stmt_bind_text (sale, 7, created_at);
  dis_hub_stmt_bind_text (sale, 8, tiers[tier]);
  dis_hub_stmt_bind_int64 (sale, 9, n_lines);
  dis_hub_stmt_bind_int64 (sale, 10, total);
  dis_hub_stmt_bind_int64 (sale, 11, total_equa);
  dis_hub_stmt_bind_int64 (sale, 12, total - total_equa);
  run_stmt (db, sale);
  for (guint l = 0; l < n_lines; l++)
    {
      dis_hub_stmt_bind_text (line, 1, id);
      dis_hub_stmt_bind_int64 (line, 2, l + 1);
      dis_hub_stmt_bind_int64 (line, 3, lines[l][0]);
      dis_hub_stmt_bind_int64 (line, 4, lines[l][1]);
      dis_hub_stmt_bind_int64 (line, 5, lines[l][2]);
      dis_hub_stmt_bind_int64 (line, 6, lines[l][3]);
      dis_hub_stmt_bind_int64 (line, 7, lines[l][4]);
      dis_hub_stmt_bind_int64 (line, 8, lines[l][3] - lines[l][4]);
      run_stmt (db, line);
    }
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
generate_month (DisHubDb *db,
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
set_fund_period (DisHubDb *db,
                 int       year,
                 int       month)
{
  g_autoptr(DisHubStmt) stmt = prepare_cached (db, "UPDATE hub_sales SET fund_period = ?1 WHERE fund_period IS NULL");
  g_autofree char *period = g_strdup_printf ("%04d-%02d", year, month);

  dis_hub_stmt_bind_text (stmt, 1, period);
  run_stmt (db, stmt);
}

static void
insert_points (DisHubDb *db)
{
  g_autoptr(DisHubStmt) stmt = prepare_cached (db, "INSERT INTO points (code, name, data, created_at)"
                                                   " VALUES (?1, ?2, '{}', '2026-01-01T00:00:00Z')");

  for (guint p = 0; p < N_POINTS; p++)
    {
      /* Some names need quoting in CSV. */
      g_autofree char *name = p % 7 == 3 ? g_strdup_printf ("Bottega \"Il Sole\", %u", p)
                                         : g_strdup_printf ("Punto %u", p);
      g_autofree char *code = g_strdup_printf ("TR-%03u", p);

      dis_hub_stmt_bind_text (stmt, 1, code);
      dis_hub_stmt_bind_text (stmt, 2, name);
      run_stmt (db, stmt);
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
  g_autoptr(GError) error = NULL;
  DisHubDb *db = NULL;
  gint64 seq = 0;

  db = dis_hub_db_open (f->hub->db_path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (dis_hub_db_begin (db, &error));
  insert_points (db);
  for (int m = 0; m < N_MONTHS; m++)
    {
      generate_month (db, rand, 2026, 1 + m, m >= 6, &seq, &models[m]);
      set_fund_period (db, 2026, 1 + m);
    }
  g_assert_true (dis_hub_db_commit (db, &error));
  g_assert_no_error (error);
  dis_hub_db_close (db);
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

void
transparency_add_network_tests (void)
{
  g_test_add ("/hub-transparency/generated-network", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_generated_network, fixture_tear_down);
}
