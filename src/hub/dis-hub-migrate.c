/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-hub"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "dis-hub-cli.h"
#include "dis-hub-db.h"
#include "dis-hub-migrate.h"

/* Parents before the tables whose foreign keys name them; the rest
 * follow in the source's order. */
static const char *parents_first[] = {
  "points", "devices", "suppliers", "products", "events", "hub_sales", "coordinators",
  "hub_transfers", "hub_restock_orders", "hub_cycles", "hub_orders",
};

/* The source's tables (SQLite: the one engine a network moves from),
 * each with its columns in order. */
static GPtrArray *
source_tables (DisHubDb  *src,
               GError   **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ordered = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  if (dis_hub_db_get_engine (src) != DIS_HUB_ENGINE_SQLITE)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "--from must be a SQLite hub database");
      return NULL;
    }
  stmt = dis_hub_db_prepare (src, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                  " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid", error);
  if (stmt == NULL)
    return NULL;
  while (dis_hub_db_step (src, stmt, &has_row, error) && has_row)
    g_ptr_array_add (names, dis_hub_column_dup (stmt, 0));
  if (!has_row && error != NULL && *error != NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (parents_first); i++)
    {
      guint index;

      if (g_ptr_array_find_with_equal_func (names, parents_first[i], g_str_equal, &index))
        g_ptr_array_add (ordered, g_ptr_array_steal_index (names, index));
    }
  g_ptr_array_extend_and_steal (ordered, g_steal_pointer (&names));
  return g_steal_pointer (&ordered);
}

static char *
column_list (DisHubDb    *src,
             const char  *table,
             guint       *out_n_columns,
             GError     **error)
{
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (src, "SELECT name FROM pragma_table_info (?1) ORDER BY cid", error);
  g_autoptr(GString) list = g_string_new (NULL);
  gboolean has_row = FALSE;
  guint n = 0;

  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, table);
  while (dis_hub_db_step (src, stmt, &has_row, error) && has_row)
    {
      g_string_append_printf (list, "%s%s", n++ > 0 ? ", " : "", dis_hub_stmt_column_text (stmt, 0));
    }
  if (error != NULL && *error != NULL)
    return NULL;
  *out_n_columns = n;
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
count_rows (DisHubDb    *db,
            const char  *table,
            gint64      *out_rows,
            GError     **error)
{
  /* @table comes from the source's catalog, never from a person. */
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (db, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL || !dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  *out_rows = has_row ? dis_hub_stmt_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* INSERT INTO @table (@columns) VALUES (…), … for @n_rows rows. */
static DisHubStmt *
prepare_insert (DisHubDb    *dst,
                const char  *table,
                const char  *columns,
                guint        n_columns,
                guint        n_rows,
                GError     **error)
{
  g_autoptr(GString) insert = g_string_new (NULL);
  guint n = 0;

  g_string_printf (insert, "INSERT INTO %s (%s) VALUES ", table, columns);
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (insert, r > 0 ? ", (" : "(");
      for (guint i = 0; i < n_columns; i++)
        g_string_append_printf (insert, "%s?%u", i > 0 ? ", " : "", ++n);
      g_string_append_c (insert, ')');
    }
  return dis_hub_db_prepare (dst, insert->str, error);
}

/* Rows go over in statements of COPY_ROWS rows: one round trip to
 * PostgreSQL each, not one a row (100,000 sales took minutes so). Both
 * engines bind far more than COPY_ROWS × the widest table's columns. */
#define COPY_ROWS 64

typedef struct
{
  gboolean  is_int;
  gint64    value;
  char     *text;      /* NULL: a NULL */
} CopyValue;

static void
copy_value_clear (gpointer data)
{
  g_free (((CopyValue *) data)->text);
}

/* Inserts the rows held in @values with @stmt, which has room for them
 * all, and empties @values. */
static gboolean
flush_rows (DisHubDb    *dst,
            DisHubStmt  *stmt,
            GArray      *values,
            const char  *table,
            GError     **error)
{
  for (guint i = 0; i < values->len; i++)
    {
      const CopyValue *value = &g_array_index (values, CopyValue, i);

      if (value->is_int)
        dis_hub_stmt_bind_int64 (stmt, i + 1, value->value);
      else
        dis_hub_stmt_bind_text (stmt, i + 1, value->text);
    }
  g_array_set_size (values, 0);
  if (!dis_hub_db_step_done (dst, stmt, error))
    {
      g_prefix_error (error, "%s: ", table);
      return FALSE;
    }
  dis_hub_stmt_clear (stmt);
  return TRUE;
}

static gboolean
copy_table (DisHubDb    *src,
            DisHubDb    *dst,
            const char  *table,
            const char  *columns,
            guint        n_columns,
            GError     **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s", columns, table);
  g_autoptr(DisHubStmt) from = dis_hub_db_prepare (src, select, error);
  g_autoptr(DisHubStmt) full = NULL;
  g_autoptr(DisHubStmt) rest = NULL;
  g_autoptr(GArray) values = g_array_sized_new (FALSE, TRUE, sizeof (CopyValue), COPY_ROWS * n_columns);
  gboolean has_row = FALSE;

  g_array_set_clear_func (values, copy_value_clear);
  if (from == NULL || (full = prepare_insert (dst, table, columns, n_columns, COPY_ROWS, error)) == NULL)
    return FALSE;
  for (;;)
    {
      if (!dis_hub_db_step (src, from, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      for (guint i = 0; i < n_columns; i++)
        {
          CopyValue value = { dis_hub_stmt_column_type (from, i) == DIS_HUB_COLUMN_INTEGER, 0, NULL };

          if (value.is_int)
            value.value = dis_hub_stmt_column_int64 (from, i);
          else
            value.text = g_strdup (dis_hub_stmt_column_text (from, i));
          g_array_append_val (values, value);
        }
      if (values->len == COPY_ROWS * n_columns && !flush_rows (dst, full, values, table, error))
        return FALSE;
    }
  if (values->len == 0)
    return TRUE;
  /* The last few rows, in a statement of their number. */
  rest = prepare_insert (dst, table, columns, n_columns, values->len / n_columns, error);
  return rest != NULL && flush_rows (dst, rest, values, table, error);
}

static int
compare_digests (gconstpointer a,
                 gconstpointer b)
{
  return memcmp (a, b, crypto_hash_sha256_BYTES);
}

/* SHA-256 over the sorted SHA-256 of each row (every column as text,
 * NULL told apart from any text), and the number of rows. */
static char *
table_hash (DisHubDb    *db,
            const char  *table,
            const char  *columns,
            guint        n_columns,
            gint64      *out_rows,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s", columns, table);
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (db, sql, error);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, crypto_hash_sha256_BYTES);
  guchar digest[crypto_hash_sha256_BYTES];
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  crypto_hash_sha256_state state;
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return NULL;
  while (dis_hub_db_step (db, stmt, &has_row, error) && has_row)
    {
      crypto_hash_sha256_init (&state);
      for (guint i = 0; i < n_columns; i++)
        {
          const char *text = dis_hub_stmt_column_text (stmt, i);

          if (text == NULL)
            crypto_hash_sha256_update (&state, (const guchar *) "N", 1);
          else
            crypto_hash_sha256_update (&state, (const guchar *) text, strlen (text) + 1);
          crypto_hash_sha256_update (&state, (const guchar *) "\x1f", 1);
        }
      crypto_hash_sha256_final (&state, digest);
      g_array_append_vals (rows, digest, 1);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  g_array_sort (rows, compare_digests);
  crypto_hash_sha256 (digest, (const guchar *) rows->data, (gsize) rows->len * crypto_hash_sha256_BYTES);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  *out_rows = rows->len;
  return g_strdup (hex);
}

static gboolean
copy_all (DisHubDb    *src,
          DisHubDb    *dst,
          GPtrArray   *tables,
          GPtrArray   *columns,
          GArray      *n_columns,
          GError     **error)
{
  if (!dis_hub_db_begin (dst, error))
    return FALSE;
  for (guint i = 0; i < tables->len; i++)
    if (!copy_table (src, dst, tables->pdata[i], columns->pdata[i], g_array_index (n_columns, guint, i), error))
      {
        dis_hub_db_rollback (dst);
        return FALSE;
      }
  /* Identity columns go on after the highest value copied. */
  if (!dis_hub_db_sync_identities (dst, error) || !dis_hub_db_commit (dst, error))
    {
      dis_hub_db_rollback (dst);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
dis_hub_migrate (const char  *from,
                 const char  *to,
                 GError     **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) n_columns = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  DisHubDb *src = NULL, *dst = NULL;
  JsonNode *report = NULL;

  if ((src = dis_hub_db_open (from, FALSE, error)) == NULL ||
      (dst = dis_hub_db_open (to, TRUE, error)) == NULL)
    goto out;
  if (dis_hub_db_get_engine (dst) != DIS_HUB_ENGINE_POSTGRESQL)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "--to must be a postgresql:// URI");
      goto out;
    }
  if (
      (tables = source_tables (src, error)) == NULL)
    goto out;

  for (guint i = 0; i < tables->len; i++)
    {
      guint n = 0;
      char *list = column_list (src, tables->pdata[i], &n, error);
      gint64 rows = 0;

      if (list == NULL)
        goto out;
      g_ptr_array_add (columns, list);
      g_array_append_val (n_columns, n);
      if (!count_rows (dst, tables->pdata[i], &rows, error))
        goto out;
      if (rows > 0)
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_EXISTS,
                       "the target database is not empty (%s has %" G_GINT64_FORMAT " rows): refusing to migrate into it",
                       (const char *) tables->pdata[i], rows);
          goto out;
        }
    }
  if (!copy_all (src, dst, tables, columns, n_columns, error))
    goto out;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tables->len; i++)
    {
      guint n = g_array_index (n_columns, guint, i);
      gint64 src_rows = 0, dst_rows = 0;
      g_autofree char *src_hash = table_hash (src, tables->pdata[i], columns->pdata[i], n, &src_rows, error);
      g_autofree char *dst_hash = src_hash != NULL ? table_hash (dst, tables->pdata[i], columns->pdata[i], n, &dst_rows, error) : NULL;

      if (dst_hash == NULL)
        goto out;
      if (src_rows != dst_rows || !g_str_equal (src_hash, dst_hash))
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB,
                       "%s differs after the copy: %" G_GINT64_FORMAT " rows (%s) in the source, %"
                       G_GINT64_FORMAT " (%s) in the target", (const char *) tables->pdata[i],
                       src_rows, src_hash, dst_rows, dst_hash);
          goto out;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "table");
      json_builder_add_string_value (builder, tables->pdata[i]);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, src_rows);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, src_hash);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "verified");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  report = json_builder_get_root (builder);

out:
  g_clear_pointer (&src, dis_hub_db_close);
  g_clear_pointer (&dst, dis_hub_db_close);
  return report;
}

int
dis_hub_migrate_main (int    argc,
                      char **argv)
{
  g_autofree char *from = NULL, *to = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, "The SQLite hub database to move", "FILE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "The empty database to move it to", "postgresql://…" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return dis_hub_cli_fail ("migrate", error);
  if (from == NULL || to == NULL || argc != 1)
    {
      g_printerr ("Usage: disotto-hub migrate --from FILE --to postgresql://…\n");
      return 2;
    }
  report = dis_hub_migrate (from, to, &error);
  if (report == NULL)
    return dis_hub_cli_fail ("migrate", error);
  dis_hub_cli_print (report);
  return 0;
}
