/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-members"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dis-date.h"
#include "dis-hub-json.h"
#include "dis-hub-members.h"
#include "dis-hub-settings.h"
#include "dis-member.h"

/* The member registry read out: the public declarations, a member's
 * export, and the `disotto-hub member` commands. Events from points and
 * the changes feed are in dis-hub-members.c. */

static void
add_text_or_null (JsonBuilder *builder,
                  const char  *name,
                  const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* ---- Public declarations ------------------------------------------------------- */

JsonNode *
dis_hub_members_declarations (DisHubDb  *db,
                              GError   **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean has_row;

  /* Only members the network validated; only what they chose to publish. */
  stmt = dis_hub_db_prepare (db,
                             "SELECT declaration_published_name, declaration_text, declaration_on FROM members"
                             " WHERE declaration_text IS NOT NULL AND status = 'validated'"
                             " ORDER BY declaration_on DESC, declaration_published_name",
                             error);
  if (stmt == NULL)
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "declarations");
  json_builder_begin_array (builder);
  while (dis_hub_db_step (db, stmt, &has_row, error) && has_row)
    {
      json_builder_begin_object (builder);
      add_text_or_null (builder, "name", dis_hub_stmt_column_text (stmt, 0));
      add_text_or_null (builder, "text", dis_hub_stmt_column_text (stmt, 1));
      add_text_or_null (builder, "date", dis_hub_stmt_column_text (stmt, 2));
      json_builder_end_object (builder);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- Export ---------------------------------------------------------------------- */

static void
add_column (JsonBuilder  *builder,
            DisHubStmt *stmt,
            int           i)
{
  json_builder_set_member_name (builder, dis_hub_stmt_column_name (stmt, i));
  switch (dis_hub_stmt_column_type (stmt, i))
    {
    case DIS_HUB_COLUMN_INTEGER:
      json_builder_add_int_value (builder, dis_hub_stmt_column_int64 (stmt, i));
      break;
    case DIS_HUB_COLUMN_NULL:
      json_builder_add_null_value (builder);
      break;
    case DIS_HUB_COLUMN_TEXT:
    default:
      json_builder_add_string_value (builder, dis_hub_stmt_column_text (stmt, i));
      break;
    }
}

/* The current row as an object, its columns as its members. */
static void
add_row (JsonBuilder  *builder,
         DisHubStmt *stmt)
{
  json_builder_begin_object (builder);
  for (int i = 0; i < dis_hub_stmt_column_count (stmt); i++)
    add_column (builder, stmt, i);
  json_builder_end_object (builder);
}

/* The whole row of @card_code, stepped onto it; NULL and NOT_FOUND when
 * no member has the card. */
static DisHubStmt *
select_member (DisHubDb    *db,
               const char  *card_code,
               GError     **error)
{
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (db, "SELECT * FROM members WHERE card_code = ?1", error);
  gboolean has_row;

  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, card_code);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no member has the card %s", card_code);
      return NULL;
    }
  return g_steal_pointer (&stmt);
}

/* Every column of the member's row, whatever the schema grows to. */
static gboolean
export_row (DisHubDb     *db,
            const char   *card_code,
            JsonBuilder  *builder,
            GError      **error)
{
  g_autoptr(DisHubStmt) stmt = select_member (db, card_code, error);

  if (stmt == NULL)
    return FALSE;
  json_builder_set_member_name (builder, "member");
  add_row (builder, stmt);
  return TRUE;
}

/* Their sales at every point: receipts and totals, never the operators. */
static gboolean
export_sales (DisHubDb     *db,
              const char   *card_code,
              JsonBuilder  *builder,
              GError      **error)
{
  g_autoptr(DisHubStmt) list = NULL;
  g_autoptr(DisHubStmt) summary = NULL;
  gboolean has_row;
  gint64 volume;

  summary = dis_hub_db_prepare (db,
                                "SELECT count(*) FILTER (WHERE kind = 'sale'), count(*) FILTER (WHERE kind = 'refund'),"
                                " coalesce (sum (total), 0), coalesce (sum (tier_delta), 0),"
                                " min (created_at), max (created_at)"
                                " FROM hub_sales WHERE member_card = ?1",
                                error);
  if (summary == NULL || !dis_hub_members_volume_12m (db, card_code, &volume, error))
    return FALSE;
  dis_hub_stmt_bind_text (summary, 1, card_code);
  if (!dis_hub_db_step (db, summary, &has_row, error))
    return FALSE;
  json_builder_set_member_name (builder, "sales_summary");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sales");
  json_builder_add_int_value (builder, dis_hub_stmt_column_int64 (summary, 0));
  json_builder_set_member_name (builder, "refunds");
  json_builder_add_int_value (builder, dis_hub_stmt_column_int64 (summary, 1));
  json_builder_set_member_name (builder, "total_cents");
  json_builder_add_int_value (builder, dis_hub_stmt_column_int64 (summary, 2));
  json_builder_set_member_name (builder, "tier_delta_cents");
  json_builder_add_int_value (builder, dis_hub_stmt_column_int64 (summary, 3));
  json_builder_set_member_name (builder, "volume_12m_cents");
  json_builder_add_int_value (builder, volume);
  add_text_or_null (builder, "first_at", dis_hub_stmt_column_text (summary, 4));
  add_text_or_null (builder, "last_at", dis_hub_stmt_column_text (summary, 5));
  json_builder_end_object (builder);

  list = dis_hub_db_prepare (db,
                             "SELECT receipt_no, kind, point_code, created_at, tier, total, tier_delta"
                             " FROM hub_sales WHERE member_card = ?1 ORDER BY created_at, receipt_no",
                             error);
  if (list == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (list, 1, card_code);
  json_builder_set_member_name (builder, "sales");
  json_builder_begin_array (builder);
  while (dis_hub_db_step (db, list, &has_row, error) && has_row)
    add_row (builder, list);
  if (error != NULL && *error != NULL)
    return FALSE;
  json_builder_end_array (builder);
  return TRUE;
}

/* The events points sent about them, without the operator who typed them. */
static gboolean
export_events (DisHubDb     *db,
               const char   *card_code,
               JsonBuilder  *builder,
               GError      **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db,
                             "SELECT type, at, point_code, payload FROM events"
                             " WHERE type LIKE 'member.%' AND json_extract (payload, '$.card_code') = ?1"
                             " ORDER BY received_at, seq",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, card_code);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  while (dis_hub_db_step (db, stmt, &has_row, error) && has_row)
    {
      g_autoptr(JsonNode) payload = dis_hub_json_parse (dis_hub_stmt_column_text (stmt, 3), -1, error);

      if (payload == NULL)
        return FALSE;
      if (JSON_NODE_HOLDS_OBJECT (payload))
        json_object_remove_member (json_node_get_object (payload), "operator");
      json_builder_begin_object (builder);
      add_text_or_null (builder, "type", dis_hub_stmt_column_text (stmt, 0));
      add_text_or_null (builder, "at", dis_hub_stmt_column_text (stmt, 1));
      add_text_or_null (builder, "point", dis_hub_stmt_column_text (stmt, 2));
      json_builder_set_member_name (builder, "payload");
      json_builder_add_value (builder, g_steal_pointer (&payload));
      json_builder_end_object (builder);
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  json_builder_end_array (builder);
  return TRUE;
}

JsonNode *
dis_hub_members_export (DisHubDb    *db,
                        const char  *card_code,
                        GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *now = dis_hub_now_iso ();

  g_return_val_if_fail (db != NULL && card_code != NULL, NULL);

  json_builder_begin_object (builder);
  add_text_or_null (builder, "exported_at", now);
  if (!export_row (db, card_code, builder, error) ||
      !export_sales (db, card_code, builder, error) ||
      !export_events (db, card_code, builder, error))
    return NULL;
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- Admin ---------------------------------------------------------------------- */

static gboolean
card_argument (const char  *text,
               char       **out,
               GError     **error)
{
  *out = dis_member_card_normalize (text);
  if (*out == NULL)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "“%s” is not a member card code (DS, 7 digits and a check digit)", text);
      return FALSE;
    }
  return TRUE;
}

/* Runs one UPDATE of a member with its feed change, in its own
 * transaction or, when one is open (a coordinator's action and its audit
 * row), in the caller's: ?1 the card, ?2 now, ?3… @texts
 * (NULL-terminated), ?9 *@number (NULL: the statement has no ?9). */
static gboolean
change_member (DisHubDb           *db,
               const char         *card_code,
               const char         *sql,
               const char * const *texts,
               const gint64       *number,
               GError            **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *now = dis_hub_now_iso ();
  gboolean exists;
  gboolean own = !dis_hub_db_in_transaction (db);

  if (own && !dis_hub_db_begin (db, error))
    return FALSE;
  if (!dis_hub_members_exists (db, card_code, &exists, error))
    goto failed;
  if (!exists)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no member has the card %s", card_code);
      goto failed;
    }
  stmt = dis_hub_db_prepare (db, sql, error);
  if (stmt == NULL)
    goto failed;
  dis_hub_stmt_bind_text (stmt, 1, card_code);
  dis_hub_stmt_bind_text (stmt, 2, now);
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    dis_hub_stmt_bind_text (stmt, 3 + (int) i, texts[i]);
  if (number != NULL)
    dis_hub_stmt_bind_int64 (stmt, 9, *number);
  if (!dis_hub_db_step_done (db, stmt, error) ||
      !dis_hub_members_publish (db, card_code, error) ||
      (own && !dis_hub_db_commit (db, error)))
    goto failed;
  return TRUE;

failed:
  if (own)
    dis_hub_db_rollback (db);
  return FALSE;
}

gboolean
dis_hub_members_set_status (DisHubDb         *db,
                            const char       *card_code,
                            DisMemberStatus   status,
                            GError          **error)
{
  const char *texts[] = { dis_member_status_to_code (status), NULL };

  g_return_val_if_fail (db != NULL && card_code != NULL, FALSE);

  return change_member (db, card_code, "UPDATE members SET status = ?3, updated_at = ?2 WHERE card_code = ?1",
                        texts, NULL, error);
}

static gboolean
list_members (DisHubDb    *db,
              const char  *status,
              gboolean     review,
              GString     *out,
              GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  if (status != NULL && !dis_member_status_from_code (status, NULL))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "--status: “%s” is not pending, validated or suspended", status);
      return FALSE;
    }
  stmt = dis_hub_db_prepare (db,
                             "SELECT card_code, status, basis, basis_review, origin_point, display_name FROM members"
                             " WHERE (CAST (?1 AS TEXT) IS NULL OR status = ?1) AND (?2 = 0 OR basis_review = 1)"
                             " ORDER BY lower (display_name), card_code",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, status);
  dis_hub_stmt_bind_int64 (stmt, 2, review);
  while (dis_hub_db_step (db, stmt, &has_row, error) && has_row)
    g_string_append_printf (out, "%s\t%s\t%s%s\t%s\t%s\n",
                            dis_hub_stmt_column_text (stmt, 0), dis_hub_stmt_column_text (stmt, 1),
                            dis_hub_stmt_column_text (stmt, 2), dis_hub_stmt_column_int64 (stmt, 3) ? " (review)" : "",
                            dis_hub_stmt_column_text (stmt, 4) ? dis_hub_stmt_column_text (stmt, 4) : "-",
                            dis_hub_stmt_column_text (stmt, 5));
  return error == NULL || *error == NULL;
}

static gboolean
show_member (DisHubDb    *db,
             const char  *card_code,
             GString     *out,
             GError     **error)
{
  g_autoptr(DisHubStmt) stmt = select_member (db, card_code, error);
  gint64 volume;

  if (stmt == NULL)
    return FALSE;
  for (int i = 0; i < dis_hub_stmt_column_count (stmt); i++)
    g_string_append_printf (out, "%s: %s\n", dis_hub_stmt_column_name (stmt, i),
                            dis_hub_stmt_column_is_null (stmt, i) ? "-"
                            : dis_hub_stmt_column_text (stmt, i));
  if (!dis_hub_members_volume_12m (db, card_code, &volume, error))
    return FALSE;
  g_string_append_printf (out, "volume_12m_cents: %" G_GINT64_FORMAT "\n", volume);
  return TRUE;
}

gboolean
dis_hub_members_set_basis (DisHubDb    *db,
                           const char  *card_code,
                           const char  *kind,
                           const char  *verified_by,
                           const char  *expires,
                           GError     **error)
{
  g_autofree char *verified_on = dis_date_format (dis_date_today ());
  g_autofree char *expires_on = NULL;
  g_autofree char *trimmed = NULL;
  DisBasisKind basis;
  gint64 months;

  if (kind == NULL || !dis_basis_kind_from_code (kind, &basis))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "--kind must be self_declaration, certificate, provisional or none");
      return FALSE;
    }
  if (basis == DIS_BASIS_NONE)
    return change_member (db, card_code,
                          "UPDATE members SET basis = 'none', basis_verified_by = NULL, basis_verified_on = NULL,"
                          " basis_expires_on = NULL, basis_review = 0, updated_at = ?2 WHERE card_code = ?1",
                          NULL, NULL, error);

  trimmed = verified_by ? g_strstrip (g_strdup (verified_by)) : NULL;
  if (trimmed == NULL || *trimmed == '\0')
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "--verified-by NAME is required");
      return FALSE;
    }
  if (expires != NULL)
    {
      guint32 julian = dis_date_parse (expires);

      if (julian == 0 || julian < dis_date_today ())
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                       "--expires: “%s” is not a date YYYY-MM-DD from today on", expires);
          return FALSE;
        }
      expires_on = g_strdup (expires);
    }
  else
    {
      if (!dis_hub_settings_get (db, "eligibility.basis_validity_months", &months, error))
        return FALSE;
      expires_on = dis_date_format (dis_date_add_months (dis_date_today (), (gint) months));
    }

  {
    const char *texts[] = { kind, trimmed, verified_on, expires_on, NULL };

    return change_member (db, card_code,
                          "UPDATE members SET basis = ?3, basis_verified_by = ?4, basis_verified_on = ?5,"
                          " basis_expires_on = ?6, basis_review = 0, updated_at = ?2 WHERE card_code = ?1",
                          texts, NULL, error);
  }
}

static const char *member_usage =
  "Usage:\n"
  "  disotto-hub member list --db PATH [--status pending|validated|suspended] [--review]\n"
  "  disotto-hub member show --db PATH CARD\n"
  "  disotto-hub member validate --db PATH CARD\n"
  "  disotto-hub member suspend --db PATH CARD\n"
  "  disotto-hub member set-basis --db PATH CARD --kind self_declaration|certificate|provisional|none\n"
  "                    --verified-by NAME [--expires YYYY-MM-DD]\n"
  "  disotto-hub member set-activity --db PATH CARD HOURS\n"
  "  disotto-hub member set-registered --db PATH CARD YYYY-MM-DD\n"
  "  disotto-hub member export --db PATH CARD\n"
  "  disotto-hub member refresh --db PATH\n";

static int
run_subcommand (DisHubDb    *db,
                const char  *sub,
                int          argc,
                char       **argv,
                const char  *status,
                gboolean     review,
                const char  *kind,
                const char  *verified_by,
                const char  *expires,
                GString     *out,
                GError     **error)
{
  g_autofree char *card = NULL;

  if (g_str_equal (sub, "list"))
    return argc == 1 && list_members (db, status, review, out, error) ? 0 : 1;
  if (g_str_equal (sub, "refresh"))
    {
      guint n = 0;

      if (!dis_hub_members_refresh (db, &n, error))
        return 1;
      g_string_append_printf (out, "%u member(s) published\n", n);
      return 0;
    }
  if (argc < 2 || !card_argument (argv[1], &card, error))
    return 1;

  if (g_str_equal (sub, "show") && argc == 2)
    return show_member (db, card, out, error) ? 0 : 1;
  if (g_str_equal (sub, "export") && argc == 2)
    {
      g_autoptr(JsonNode) root = dis_hub_members_export (db, card, error);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      if (root == NULL)
        return 1;
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_string_append_printf (out, "%s\n", text);
      return 0;
    }
  if ((g_str_equal (sub, "validate") || g_str_equal (sub, "suspend")) && argc == 2)
    {
      if (!dis_hub_members_set_status (db, card,
                                       g_str_equal (sub, "validate") ? DIS_MEMBER_VALIDATED : DIS_MEMBER_SUSPENDED,
                                       error))
        return 1;
      g_string_append_printf (out, "member %s %s\n", card,
                              g_str_equal (sub, "validate") ? "validated" : "suspended");
      return 0;
    }
  if (g_str_equal (sub, "set-basis") && argc == 2)
    {
      if (!dis_hub_members_set_basis (db, card, kind, verified_by, expires, error))
        return 1;
      g_string_append_printf (out, "member %s basis %s\n", card, kind);
      return 0;
    }
  if (g_str_equal (sub, "set-activity") && argc == 3)
    {
      guint64 hours;
      gint64 number;

      if (!g_ascii_string_to_unsigned (argv[2], 10, 0, 100000, &hours, NULL))
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                       "HOURS: “%s” is not a whole number of hours (0 … 100000)", argv[2]);
          return 1;
        }
      number = (gint64) hours;
      if (!change_member (db, card, "UPDATE members SET activity_hours = ?9, updated_at = ?2 WHERE card_code = ?1",
                          NULL, &number, error))
        return 1;
      g_string_append_printf (out, "member %s activity %" G_GUINT64_FORMAT " hour(s)\n", card, hours);
      return 0;
    }
  if (g_str_equal (sub, "set-registered") && argc == 3)
    {
      guint32 julian = dis_date_parse (argv[2]);

      if (julian == 0 || julian > dis_date_today ())
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                       "DATE: “%s” is not a date YYYY-MM-DD up to today", argv[2]);
          return 1;
        }
      const char *texts[] = { argv[2], NULL };

      if (!change_member (db, card, "UPDATE members SET registered_on = ?3, updated_at = ?2 WHERE card_code = ?1",
                          texts, NULL, error))
        return 1;
      g_string_append_printf (out, "member %s registered on %s\n", card, argv[2]);
      return 0;
    }
  return 2;
}

int
dis_hub_members_command (int    argc,
                         char **argv)
{
  g_autofree char *db_path = NULL, *status = NULL, *kind = NULL, *verified_by = NULL, *expires = NULL;
  gboolean review = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Hub database", "PATH" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, "list: only members with this status", "S" },
    { "review", 0, 0, G_OPTION_ARG_NONE, &review, "list: only provisional bases to review", NULL },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, "set-basis: the kind of basis", "KIND" },
    { "verified-by", 0, 0, G_OPTION_ARG_STRING, &verified_by, "set-basis: who verified it", "NAME" },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires, "set-basis: last valid day", "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *sub;
  DisHubDb *db;
  int status_code;

  if (argc < 2)
    {
      g_printerr ("%s", member_usage);
      return 2;
    }
  sub = argv[1];
  name = g_strconcat ("member ", sub, NULL);
  argc--, argv++;
  context = g_option_context_new (name);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("disotto-hub %s: %s\n", name, error->message);
      return 2;
    }
  if (db_path == NULL)
    {
      g_printerr ("disotto-hub %s: --db PATH is required\n", name);
      return 2;
    }
  db = dis_hub_db_open (db_path, FALSE, &error);
  if (db == NULL)
    {
      g_printerr ("disotto-hub %s: %s\n", name, error->message);
      return 1;
    }
  status_code = run_subcommand (db, sub, argc, argv, status, review, kind, verified_by, expires, out, &error);
  dis_hub_db_close (db);
  if (status_code == 2)
    {
      g_printerr ("%s", member_usage);
      return 2;
    }
  if (status_code != 0)
    {
      g_printerr ("disotto-hub %s: %s\n", name, error ? error->message : "failed");
      return 1;
    }
  fputs (out->str, stdout);
  return 0;
}
