/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-store-private.h"

/* Searching the catalog as the volunteer types, with FTS5. */

#define DEFAULT_SEARCH_LIMIT 50

/* ---- Search ------------------------------------------------------------ */

char *
_dis_store_fts_prefix_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Only letters, digits and combining marks make up a word, so a
       * quote can never reach FTS5 inside a term. */
      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_printf (query, "\"%s\"*", word->str);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }

  return query->len > 0 ? g_string_free (g_steal_pointer (&query), FALSE) : NULL;
}

/* ---- Ranking ---------------------------------------------------------- */

/* Search-as-you-type ranks with this rather than bm25 (), measured on a
 * 20,000-product catalog. bm25 () needs every matching row's column sizes,
 * one lookup in products_fts_docsize per row: ranking the ~4,500 matches
 * of "pas" took ~6 ms, this takes under 1 ms, because it only reads the
 * positions FTS5 has already loaded to match the row.
 *
 * It is also the order a till wants: each typed word scores where its best
 * match is — in the name before the supplier before the category, and
 * earlier in the column before later — and the scores add up; lower is
 * better. Ties are sorted by name by the caller. */
#define RANK_COLUMN_WEIGHT 64

static void
rank_function (const Fts5ExtensionApi  *api,
               Fts5Context             *fts,
               sqlite3_context         *context,
               int                      n_values,
               sqlite3_value          **values)
{
  int n_phrases = api->xPhraseCount (fts);
  int stack_best[16];
  g_autofree int *heap_best = NULL;
  int *best = stack_best;
  gint64 score = 0;
  int n_instances = 0;
  int rc;

  if (n_phrases <= 0)
    {
      sqlite3_result_int64 (context, 0);
      return;
    }

  /* Called once per matching row: no allocation for a typical query. */
  if (n_phrases > (int) G_N_ELEMENTS (stack_best))
    best = heap_best = g_new (int, n_phrases);
  for (int i = 0; i < n_phrases; i++)
    best[i] = -1;

  if ((rc = api->xInstCount (fts, &n_instances)) != SQLITE_OK)
    {
      sqlite3_result_error_code (context, rc);
      return;
    }

  for (int i = 0; i < n_instances; i++)
    {
      int phrase, column, offset, here;

      if ((rc = api->xInst (fts, i, &phrase, &column, &offset)) != SQLITE_OK)
        {
          sqlite3_result_error_code (context, rc);
          return;
        }
      if (phrase < 0 || phrase >= n_phrases)
        continue;
      here = column * RANK_COLUMN_WEIGHT + MIN (offset, RANK_COLUMN_WEIGHT - 1);
      if (best[phrase] < 0 || here < best[phrase])
        best[phrase] = here;
    }

  /* A phrase without an instance here (the negated side of the short
   * query's NOT) counts the same for every row. */
  for (int i = 0; i < n_phrases; i++)
    score += best[i] >= 0 ? best[i] : 3 * RANK_COLUMN_WEIGHT;

  sqlite3_result_int64 (context, score);
}

/* FTS5 hands out its API through this query (sqlite.org/fts5.html §7.1). */
#define FTS5_API_SQL "SELECT fts5 (?1)"

/* Registers dis_rank () on @db's connection the first time it searches.
 * The cached FTS5_API_SQL statement marks a connection that has it: the
 * statement cache lives and dies with the connection, as the function
 * does. */
static gboolean
ensure_rank_function (DisDb   *db,
                      GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  fts5_api *api = NULL;

  if (g_hash_table_contains (db->stmts, FTS5_API_SQL))
    return TRUE;

  if (sqlite3_prepare_v2 (db->db, FTS5_API_SQL, -1, &stmt, NULL) != SQLITE_OK)
    return _dis_db_error (db, error);
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  if (sqlite3_step (stmt) != SQLITE_ROW || api == NULL || api->iVersion < 2)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_DATABASE,
                           _("Database error: full-text search is not available"));
      return FALSE;
    }
  if (api->xCreateFunction (api, "dis_rank", NULL, rank_function, NULL) != SQLITE_OK)
    return _dis_db_error (db, error);

  return _dis_db_prepare (db, FTS5_API_SQL, error) != NULL;
}

/* ---- Searching --------------------------------------------------------- */

/* Up to this many letters and digits typed, a query matches a good part of
 * the catalog ("pa": thousands of products): ranking them all would cost
 * more than the rest of the search, so such queries take the first
 * matches in rowid order, where FTS5 can stop after @limit rows, and only
 * those are ranked. Names come first: the first stage matches all words
 * in the name, the second the rows the first one left out. The prefix
 * index ('1 2 3' in products_fts) makes both stages read one doclist. */
#define SHORT_QUERY_CHARS 2

#define SHORT_STAGE(n, match) \
  "SELECT id, r, " #n " AS stage FROM (SELECT rowid AS id, dis_rank (products_fts) AS r" \
  " FROM products_fts WHERE products_fts MATCH " match " ORDER BY rowid LIMIT ?1)"

static const char search_short_sql[] =
  "SELECT " PRODUCT_COLUMNS " FROM ("
  SHORT_STAGE (0, "?3") " UNION ALL " SHORT_STAGE (1, "?4")
  " ORDER BY stage, r, id LIMIT ?1) m"
  " JOIN products p ON p.id = m.id" PRODUCT_JOINS
  " ORDER BY m.stage, m.r, p.name COLLATE NOCASE, p.id";

/* From three characters on, every match is ranked; the LIMIT applies
 * before the join, so only @limit products are read. Ties at the limit go
 * to the older product, then the page is sorted by name within a score. */
static const char search_ranked_sql[] =
  "SELECT " PRODUCT_COLUMNS " FROM ("
  "SELECT rowid AS id, dis_rank (products_fts) AS r FROM products_fts"
  " WHERE products_fts MATCH ?2 ORDER BY r, rowid LIMIT ?1) m"
  " JOIN products p ON p.id = m.id" PRODUCT_JOINS
  " ORDER BY m.r, p.name COLLATE NOCASE, p.id";

static const char search_all_sql[] =
  "SELECT " PRODUCT_COLUMNS " FROM products p" PRODUCT_JOINS
  " ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?1";

static guint
count_word_chars (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      n++;
  return n;
}

static GPtrArray *
search_products (DisDb       *db,
                 const char  *text,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *match = NULL;
  g_autofree char *in_name = NULL;
  g_autofree char *elsewhere = NULL;
  DisTierPercents percents;
  int rc;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("The search text is not valid UTF-8"));
      return NULL;
    }

  match = _dis_store_fts_prefix_query (text);
  if (match == NULL)
    {
      stmt = _dis_db_prepare (db, search_all_sql, error);
    }
  else if (!ensure_rank_function (db, error))
    {
      return NULL;
    }
  else if (count_word_chars (text) <= SHORT_QUERY_CHARS)
    {
      /* Column filters and NOT over the quoted prefix terms: still nothing
       * the user typed is FTS5 syntax. */
      in_name = g_strdup_printf ("name : (%s)", match);
      elsewhere = g_strdup_printf ("(%s) NOT name : (%s)", match, match);
      stmt = _dis_db_prepare (db, search_short_sql, error);
    }
  else
    {
      stmt = _dis_db_prepare (db, search_ranked_sql, error);
    }
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit > 0 ? limit : DEFAULT_SEARCH_LIMIT);
  if (in_name != NULL)
    {
      _dis_bind_text (stmt, 3, in_name);
      _dis_bind_text (stmt, 4, elsewhere);
    }
  else if (match != NULL)
    {
      _dis_bind_text (stmt, 2, match);
    }

  if (!_dis_store_read_percents (db, &percents, error))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) row_error = NULL;
      DisProduct *product = _dis_store_product_from_row (stmt, &percents, &row_error);

      /* One product that cannot be priced never takes the search down
       * with it: it is left out, and scanning it says why. */
      if (product == NULL)
        {
          g_warning ("Product %" G_GINT64_FORMAT " left out of the search: %s",
                     (gint64) sqlite3_column_int64 (stmt, 0), row_error->message);
          continue;
        }
      g_ptr_array_add (results, product);
    }
  if (rc != SQLITE_DONE)
    {
      _dis_db_error (db, error);
      return NULL;
    }

  return g_steal_pointer (&results);
}

GPtrArray *
dis_store_search_products (DisStore    *self,
                           const char  *text,
                           guint        limit,
                           GError     **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return _dis_store_search (self, search_products, text, limit, error);
}

void
dis_store_search_products_async (DisStore            *self,
                                 const char          *text,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_search_products_async, .search = search_products };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (text != NULL);

  _dis_store_run_async (self, &call, _dis_store_args_new (NULL, NULL, text, limit),
                        cancellable, callback, user_data);
}

GPtrArray *
dis_store_search_products_finish (DisStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_search_products_async, error);
}
