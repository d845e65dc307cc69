/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-members"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dis-date.h"
#include "dis-hub-json.h"
#include "dis-hub-members.h"
#include "dis-member.h"

/* ---- Dates ------------------------------------------------------------------ */

static gboolean
member_exists (DisHubDb    *db,
               const char  *card_code,
               gboolean    *out,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = dis_hub_db_prepare (db, "SELECT 1 FROM members WHERE card_code = ?1", error);

  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, card_code);
  return dis_hub_db_step (db, stmt, out, error);
}

/* ---- The feed ------------------------------------------------------------------ */

/* Sales and refunds of the member at every point, from the date twelve
 * months before today (the sale's local date, as the point wrote it). */
static gboolean
volume_12m (DisHubDb    *db,
            const char  *card_code,
            gint64      *out,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *from = dis_date_format (dis_date_add_months (dis_date_today (), -12));
  gboolean has_row;

  stmt = dis_hub_db_prepare (db,
                             "SELECT coalesce (sum (total), 0) FROM hub_sales"
                             " WHERE member_card = ?1 AND substr (created_at, 1, 10) >= ?2",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, card_code);
  dis_hub_bind_text (stmt, 2, from);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

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

/* Only what the counter needs (DESIGN.md §7); NULL without error when
 * the card is unknown. */
static JsonNode *
feed_data (DisHubDb    *db,
           const char  *card_code,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean has_row;
  gint64 volume;

  stmt = dis_hub_db_prepare (db,
                             "SELECT display_name, status, preferred_tier, registered_on,"
                             " documentation_acknowledged_on IS NOT NULL, declaration_text IS NOT NULL,"
                             " basis, basis_expires_on, activity_hours FROM members WHERE card_code = ?1",
                             error);
  if (stmt == NULL)
    return NULL;
  dis_hub_bind_text (stmt, 1, card_code);
  if (!dis_hub_db_step (db, stmt, &has_row, error) || !has_row)
    return NULL;
  if (!volume_12m (db, card_code, &volume, error))
    return NULL;

  json_builder_begin_object (builder);
  add_text_or_null (builder, "card_code", card_code);
  add_text_or_null (builder, "display_name", (const char *) sqlite3_column_text (stmt, 0));
  add_text_or_null (builder, "status", (const char *) sqlite3_column_text (stmt, 1));
  add_text_or_null (builder, "preferred_tier", (const char *) sqlite3_column_text (stmt, 2));
  add_text_or_null (builder, "registered_on", (const char *) sqlite3_column_text (stmt, 3));
  json_builder_set_member_name (builder, "volume_12m_cents");
  json_builder_add_int_value (builder, volume);
  json_builder_set_member_name (builder, "documentation_acknowledged");
  json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 4) != 0);
  json_builder_set_member_name (builder, "has_declaration");
  json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 5) != 0);
  add_text_or_null (builder, "basis", (const char *) sqlite3_column_text (stmt, 6));
  add_text_or_null (builder, "basis_expires_on", (const char *) sqlite3_column_text (stmt, 7));
  json_builder_set_member_name (builder, "activity_hours");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 8));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
publish (DisHubDb    *db,
         const char  *card_code,
         gboolean    *out_published,
         GError     **error)
{
  g_autoptr(sqlite3_stmt) last = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gboolean has_row;

  *out_published = FALSE;
  data = feed_data (db, card_code, &local_error);
  if (data == NULL)
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  text = dis_hub_json_to_string (data);

  last = dis_hub_db_prepare (db,
                             "SELECT data FROM changes WHERE kind = 'member' AND key = ?1"
                             " ORDER BY seq DESC LIMIT 1",
                             error);
  if (last == NULL)
    return FALSE;
  dis_hub_bind_text (last, 1, card_code);
  if (!dis_hub_db_step (db, last, &has_row, error))
    return FALSE;
  if (has_row && g_strcmp0 ((const char *) sqlite3_column_text (last, 0), text) == 0)
    return TRUE;
  *out_published = TRUE;
  return dis_hub_db_append_change (db, "member", "upsert", card_code, data, error);
}

gboolean
dis_hub_members_publish (DisHubDb    *db,
                         const char  *card_code,
                         GError     **error)
{
  gboolean published;

  g_return_val_if_fail (db != NULL && card_code != NULL, FALSE);
  return publish (db, card_code, &published, error);
}

gboolean
dis_hub_members_refresh (DisHubDb  *db,
                         guint     *out_n_published,
                         GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func (g_free);
  gboolean has_row;
  guint n = 0;

  if (!dis_hub_db_begin (db, error))
    return FALSE;
  stmt = dis_hub_db_prepare (db, "SELECT card_code FROM members ORDER BY card_code", error);
  if (stmt == NULL)
    goto failed;
  while (dis_hub_db_step (db, stmt, &has_row, error) && has_row)
    g_ptr_array_add (cards, dis_hub_column_dup (stmt, 0));
  if (error != NULL && *error != NULL)
    goto failed;
  for (guint i = 0; i < cards->len; i++)
    {
      gboolean published;

      if (!publish (db, g_ptr_array_index (cards, i), &published, error))
        goto failed;
      n += published;
    }
  if (!dis_hub_db_commit (db, error))
    goto failed;
  if (out_n_published != NULL)
    *out_n_published = n;
  return TRUE;

failed:
  dis_hub_db_rollback (db);
  return FALSE;
}

/* ---- Events ---------------------------------------------------------------- */

/* A string member: required unless @nullable; 1 … @max characters after
 * trimming. */
static gboolean
get_text (JsonObject  *object,
          const char  *prefix,
          const char  *field,
          gboolean     nullable,
          guint        max,
          const char **out,
          DisHubReject *r)
{
  g_autofree char *trimmed = NULL;

  *out = dis_hub_json_string (object, field);
  if (*out == NULL)
    {
      if (nullable && (!json_object_has_member (object, field) || dis_hub_json_is_null (object, field)))
        return TRUE;
      return dis_hub_reject (r, "invalid_payload", "%s%s: %s", prefix, field,
                     json_object_has_member (object, field) ? "must be a string" : "missing");
    }
  trimmed = g_strstrip (g_strdup (*out));
  if (*trimmed == '\0')
    return dis_hub_reject (r, "invalid_payload", "%s%s: must not be empty", prefix, field);
  if ((guint) g_utf8_strlen (*out, -1) > max)
    return dis_hub_reject (r, "invalid_payload", "%s%s: longer than %u characters", prefix, field, max);
  return TRUE;
}

static gboolean
get_date (JsonObject  *object,
          const char  *prefix,
          const char  *field,
          gboolean     nullable,
          const char **out,
          DisHubReject *r)
{
  if (!get_text (object, prefix, field, nullable, 10, out, r))
    return FALSE;
  if (*out != NULL && dis_date_parse (*out) == 0)
    return dis_hub_reject (r, "invalid_payload", "%s%s: must be a date YYYY-MM-DD", prefix, field);
  return TRUE;
}

typedef struct
{
  const char *card_code;
  const char *point;
  const char *device;
  gint64      operator_id;
  const char *operator_name;
  /* registered */
  const char *display_name;
  const char *kind;
  const char *contact;
  const char *preferred_tier;
  const char *privacy_consent_on;
  const char *registered_on;
  /* updated */
  const char *documentation_acknowledged_on;
  const char *declaration_text;
  const char *declaration_published_name;
  const char *declaration_on;
  /* provisional_basis */
  const char *verified_on;
  const char *expires_on;
} Payload;

gboolean
dis_hub_members_is_event_type (const char *type)
{
  return g_strcmp0 (type, "member.registered") == 0 ||
         g_strcmp0 (type, "member.updated") == 0 ||
         g_strcmp0 (type, "member.provisional_basis") == 0;
}

static gboolean
parse_payload (const char *type,
               JsonObject *payload,
               Payload    *p,
               DisHubReject *r)
{
  JsonObject *op, *declaration;

  if (!get_text (payload, "payload.", "card_code", FALSE, DIS_MEMBER_CARD_LENGTH + 10, &p->card_code, r))
    return FALSE;
  if (!dis_member_card_is_well_formed (p->card_code))
    return dis_hub_reject (r, "invalid_payload", "payload.card_code: “%s” is not a card code (DS, 7 digits and a check digit)",
                   p->card_code);
  if (!get_text (payload, "payload.", "point", FALSE, 64, &p->point, r) ||
      !get_text (payload, "payload.", "device", FALSE, 64, &p->device, r))
    return FALSE;
  op = dis_hub_json_object (payload, "operator");
  if (op == NULL)
    return dis_hub_reject (r, "invalid_payload", "payload.operator: %s",
                   json_object_has_member (payload, "operator") ? "must be an object" : "missing");
  if (!dis_hub_json_int (op, "id", &p->operator_id))
    return dis_hub_reject (r, "invalid_payload", "payload.operator.id: must be an integer");
  if (!get_text (op, "payload.operator.", "name", FALSE, DIS_MEMBER_NAME_MAX, &p->operator_name, r))
    return FALSE;

  if (g_str_equal (type, "member.registered"))
    {
      if (!get_text (payload, "payload.", "display_name", FALSE, DIS_MEMBER_NAME_MAX, &p->display_name, r) ||
          !get_text (payload, "payload.", "kind", FALSE, 32, &p->kind, r) ||
          !get_text (payload, "payload.", "contact", TRUE, DIS_MEMBER_NAME_MAX, &p->contact, r) ||
          !get_text (payload, "payload.", "preferred_tier", FALSE, 32, &p->preferred_tier, r) ||
          !get_date (payload, "payload.", "privacy_consent_on", FALSE, &p->privacy_consent_on, r) ||
          !get_date (payload, "payload.", "registered_on", FALSE, &p->registered_on, r))
        return FALSE;
      if (!dis_member_kind_from_code (p->kind, NULL))
        return dis_hub_reject (r, "invalid_payload", "payload.kind: unknown kind “%s”", p->kind);
      if (!dis_tier_from_code (p->preferred_tier, NULL))
        return dis_hub_reject (r, "invalid_payload", "payload.preferred_tier: unknown tier “%s”", p->preferred_tier);
      return TRUE;
    }

  if (g_str_equal (type, "member.updated"))
    {
      if (!get_date (payload, "payload.", "documentation_acknowledged_on", TRUE,
                     &p->documentation_acknowledged_on, r) ||
          !get_text (payload, "payload.", "preferred_tier", TRUE, 32, &p->preferred_tier, r))
        return FALSE;
      if (p->preferred_tier != NULL && !dis_tier_from_code (p->preferred_tier, NULL))
        return dis_hub_reject (r, "invalid_payload", "payload.preferred_tier: unknown tier “%s”", p->preferred_tier);
      declaration = dis_hub_json_object (payload, "declaration");
      if (declaration == NULL && json_object_has_member (payload, "declaration") &&
          !dis_hub_json_is_null (payload, "declaration"))
        return dis_hub_reject (r, "invalid_payload", "payload.declaration: must be an object");
      if (declaration != NULL &&
          (!get_text (declaration, "payload.declaration.", "text", FALSE, DIS_MEMBER_DECLARATION_MAX,
                      &p->declaration_text, r) ||
           !get_text (declaration, "payload.declaration.", "published_name", FALSE, DIS_MEMBER_NAME_MAX,
                      &p->declaration_published_name, r) ||
           !get_date (declaration, "payload.declaration.", "on", FALSE, &p->declaration_on, r)))
        return FALSE;
      if (p->documentation_acknowledged_on == NULL && p->preferred_tier == NULL && declaration == NULL)
        return dis_hub_reject (r, "invalid_payload",
                       "payload: nothing to update (documentation_acknowledged_on, declaration or preferred_tier)");
      return TRUE;
    }

  if (g_str_equal (type, "member.provisional_basis"))
    {
      if (!get_date (payload, "payload.", "verified_on", FALSE, &p->verified_on, r) ||
          !get_date (payload, "payload.", "expires_on", FALSE, &p->expires_on, r))
        return FALSE;
      if (dis_date_parse (p->expires_on) < dis_date_parse (p->verified_on))
        return dis_hub_reject (r, "invalid_payload", "payload.expires_on: before verified_on");
      return TRUE;
    }

  return dis_hub_reject (r, "unknown_type", "type: unknown event type “%s”", type);
}

gboolean
dis_hub_members_check_event (const char   *type,
                             JsonObject   *payload,
                             const char  **out_code,
                             char        **out_message)
{
  Payload p = { 0 };
  DisHubReject r = { NULL, NULL };

  g_return_val_if_fail (type != NULL && payload != NULL, FALSE);

  if (parse_payload (type, payload, &p, &r))
    return TRUE;
  if (out_code != NULL)
    *out_code = r.code;
  if (out_message != NULL)
    *out_message = g_steal_pointer (&r.message);
  g_free (r.message);
  return FALSE;
}

static gboolean
insert_member (DisHubDb     *db,
               const char   *point,
               Payload      *p,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = dis_hub_now_iso ();
  g_autofree char *name = g_strstrip (g_strdup (p->display_name));

  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO members (card_code, kind, display_name, contact, registered_on,"
                             " status, preferred_tier, privacy_consent_on, origin_point, created_at, updated_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7, ?8, ?9, ?9)",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, p->card_code);
  dis_hub_bind_text (stmt, 2, p->kind);
  dis_hub_bind_text (stmt, 3, name);
  dis_hub_bind_text (stmt, 4, p->contact);
  dis_hub_bind_text (stmt, 5, p->registered_on);
  dis_hub_bind_text (stmt, 6, p->preferred_tier);
  dis_hub_bind_text (stmt, 7, p->privacy_consent_on);
  dis_hub_bind_text (stmt, 8, point);
  dis_hub_bind_text (stmt, 9, now);
  return dis_hub_db_step_done (db, stmt, error);
}

static gboolean
update_member (DisHubDb     *db,
               Payload      *p,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = dis_hub_now_iso ();

  /* Absent fields keep their value; an acknowledgement keeps its first date. */
  stmt = dis_hub_db_prepare (db,
                             "UPDATE members SET"
                             " documentation_acknowledged_on = coalesce (documentation_acknowledged_on, ?2),"
                             " declaration_text = coalesce (?3, declaration_text),"
                             " declaration_published_name = CASE WHEN ?3 IS NULL THEN declaration_published_name ELSE ?4 END,"
                             " declaration_on = CASE WHEN ?3 IS NULL THEN declaration_on ELSE ?5 END,"
                             " preferred_tier = coalesce (?6, preferred_tier),"
                             " updated_at = ?7"
                             " WHERE card_code = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, p->card_code);
  dis_hub_bind_text (stmt, 2, p->documentation_acknowledged_on);
  dis_hub_bind_text (stmt, 3, p->declaration_text);
  dis_hub_bind_text (stmt, 4, p->declaration_published_name);
  dis_hub_bind_text (stmt, 5, p->declaration_on);
  dis_hub_bind_text (stmt, 6, p->preferred_tier);
  dis_hub_bind_text (stmt, 7, now);
  return dis_hub_db_step_done (db, stmt, error);
}

static gboolean
store_provisional (DisHubDb     *db,
                   const char   *point,
                   Payload      *p,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = dis_hub_now_iso ();
  g_autofree char *verified_by = g_strdup_printf ("%s (%s)", p->operator_name, point);

  /* Granted at a counter: flagged until a coordinator reviews it. */
  stmt = dis_hub_db_prepare (db,
                             "UPDATE members SET basis = 'provisional', basis_verified_by = ?2,"
                             " basis_verified_on = ?3, basis_expires_on = ?4, basis_review = 1, updated_at = ?5"
                             " WHERE card_code = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, p->card_code);
  dis_hub_bind_text (stmt, 2, verified_by);
  dis_hub_bind_text (stmt, 3, p->verified_on);
  dis_hub_bind_text (stmt, 4, p->expires_on);
  dis_hub_bind_text (stmt, 5, now);
  return dis_hub_db_step_done (db, stmt, error);
}

gboolean
dis_hub_members_apply_event (DisHubDb     *db,
                             const char   *point,
                             const char   *device,
                             const char   *type,
                             JsonObject   *payload,
                             const char  **out_code,
                             char        **out_message,
                             GError      **error)
{
  Payload p = { 0 };
  DisHubReject r = { NULL, NULL };
  gboolean exists, ok;

  *out_code = NULL;
  *out_message = NULL;
  if (!parse_payload (type, payload, &p, &r))
    goto rejected;
  if (!g_str_equal (p.point, point))
    {
      dis_hub_reject (&r, "wrong_point", "payload.point: %s is not this device's point", p.point);
      goto rejected;
    }
  if (!g_str_equal (p.device, device))
    {
      dis_hub_reject (&r, "wrong_device", "payload.device: %s is not this device", p.device);
      goto rejected;
    }
  if (!member_exists (db, p.card_code, &exists, error))
    return FALSE;

  if (g_str_equal (type, "member.registered"))
    {
      if (exists)
        {
          dis_hub_reject (&r, "duplicate_card", "payload.card_code: the card %s belongs to another member", p.card_code);
          goto rejected;
        }
      ok = insert_member (db, point, &p, error);
    }
  else if (!exists)
    {
      dis_hub_reject (&r, "unknown_card", "payload.card_code: no member has the card %s", p.card_code);
      goto rejected;
    }
  else if (g_str_equal (type, "member.updated"))
    ok = update_member (db, &p, error);
  else
    ok = store_provisional (db, point, &p, error);

  return ok && dis_hub_members_publish (db, p.card_code, error);

rejected:
  *out_code = r.code;
  *out_message = g_steal_pointer (&r.message);
  return FALSE;
}

/* ---- Public declarations ------------------------------------------------------- */

JsonNode *
dis_hub_members_declarations (DisHubDb  *db,
                              GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
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
      add_text_or_null (builder, "name", (const char *) sqlite3_column_text (stmt, 0));
      add_text_or_null (builder, "text", (const char *) sqlite3_column_text (stmt, 1));
      add_text_or_null (builder, "date", (const char *) sqlite3_column_text (stmt, 2));
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
            sqlite3_stmt *stmt,
            int           i)
{
  json_builder_set_member_name (builder, sqlite3_column_name (stmt, i));
  switch (sqlite3_column_type (stmt, i))
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, i));
      break;
    case SQLITE_NULL:
      json_builder_add_null_value (builder);
      break;
    default:
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, i));
      break;
    }
}

/* Every column of the member's row, whatever the schema grows to. */
static gboolean
export_row (DisHubDb     *db,
            const char   *card_code,
            JsonBuilder  *builder,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = dis_hub_db_prepare (db, "SELECT * FROM members WHERE card_code = ?1", error);
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, card_code);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no member has the card %s", card_code);
      return FALSE;
    }
  json_builder_set_member_name (builder, "member");
  json_builder_begin_object (builder);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    add_column (builder, stmt, i);
  json_builder_end_object (builder);
  return TRUE;
}

/* Their sales at every point: receipts and totals, never the operators. */
static gboolean
export_sales (DisHubDb     *db,
              const char   *card_code,
              JsonBuilder  *builder,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(sqlite3_stmt) summary = NULL;
  gboolean has_row;
  gint64 volume;

  summary = dis_hub_db_prepare (db,
                                "SELECT count(*) FILTER (WHERE kind = 'sale'), count(*) FILTER (WHERE kind = 'refund'),"
                                " coalesce (sum (total), 0), coalesce (sum (tier_delta), 0),"
                                " min (created_at), max (created_at)"
                                " FROM hub_sales WHERE member_card = ?1",
                                error);
  if (summary == NULL || !volume_12m (db, card_code, &volume, error))
    return FALSE;
  dis_hub_bind_text (summary, 1, card_code);
  if (!dis_hub_db_step (db, summary, &has_row, error))
    return FALSE;
  json_builder_set_member_name (builder, "sales_summary");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sales");
  json_builder_add_int_value (builder, sqlite3_column_int64 (summary, 0));
  json_builder_set_member_name (builder, "refunds");
  json_builder_add_int_value (builder, sqlite3_column_int64 (summary, 1));
  json_builder_set_member_name (builder, "total_cents");
  json_builder_add_int_value (builder, sqlite3_column_int64 (summary, 2));
  json_builder_set_member_name (builder, "tier_delta_cents");
  json_builder_add_int_value (builder, sqlite3_column_int64 (summary, 3));
  json_builder_set_member_name (builder, "volume_12m_cents");
  json_builder_add_int_value (builder, volume);
  add_text_or_null (builder, "first_at", (const char *) sqlite3_column_text (summary, 4));
  add_text_or_null (builder, "last_at", (const char *) sqlite3_column_text (summary, 5));
  json_builder_end_object (builder);

  list = dis_hub_db_prepare (db,
                             "SELECT receipt_no, kind, point_code, created_at, tier, total, tier_delta"
                             " FROM hub_sales WHERE member_card = ?1 ORDER BY created_at, receipt_no",
                             error);
  if (list == NULL)
    return FALSE;
  dis_hub_bind_text (list, 1, card_code);
  json_builder_set_member_name (builder, "sales");
  json_builder_begin_array (builder);
  while (dis_hub_db_step (db, list, &has_row, error) && has_row)
    {
      json_builder_begin_object (builder);
      for (int i = 0; i < sqlite3_column_count (list); i++)
        add_column (builder, list, i);
      json_builder_end_object (builder);
    }
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db,
                             "SELECT type, at, point_code, json_remove (payload, '$.operator') FROM events"
                             " WHERE type LIKE 'member.%' AND json_extract (payload, '$.card_code') = ?1"
                             " ORDER BY received_at, seq",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, card_code);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  while (dis_hub_db_step (db, stmt, &has_row, error) && has_row)
    {
      g_autoptr(JsonNode) payload = dis_hub_json_parse ((const char *) sqlite3_column_text (stmt, 3), -1, error);

      if (payload == NULL)
        return FALSE;
      json_builder_begin_object (builder);
      add_text_or_null (builder, "type", (const char *) sqlite3_column_text (stmt, 0));
      add_text_or_null (builder, "at", (const char *) sqlite3_column_text (stmt, 1));
      add_text_or_null (builder, "point", (const char *) sqlite3_column_text (stmt, 2));
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

/* Runs one UPDATE of a member in a transaction with its feed change:
 * ?1 the card, ?2 now, ?3… @texts (NULL-terminated), ?9 @number. */
static gboolean
change_member (DisHubDb           *db,
               const char         *card_code,
               const char         *sql,
               const char * const *texts,
               gint64              number,
               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = dis_hub_now_iso ();
  gboolean exists;

  if (!dis_hub_db_begin (db, error))
    return FALSE;
  if (!member_exists (db, card_code, &exists, error))
    goto failed;
  if (!exists)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no member has the card %s", card_code);
      goto failed;
    }
  stmt = dis_hub_db_prepare (db, sql, error);
  if (stmt == NULL)
    goto failed;
  dis_hub_bind_text (stmt, 1, card_code);
  dis_hub_bind_text (stmt, 2, now);
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    dis_hub_bind_text (stmt, 3 + (int) i, texts[i]);
  if (sqlite3_bind_parameter_count (stmt) >= 9)
    sqlite3_bind_int64 (stmt, 9, number);
  if (!dis_hub_db_step_done (db, stmt, error) ||
      !dis_hub_members_publish (db, card_code, error) ||
      !dis_hub_db_commit (db, error))
    goto failed;
  return TRUE;

failed:
  dis_hub_db_rollback (db);
  return FALSE;
}

static gboolean
list_members (DisHubDb    *db,
              const char  *status,
              gboolean     review,
              GString     *out,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  if (status != NULL && !dis_member_status_from_code (status, NULL))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "--status: “%s” is not pending, validated or suspended", status);
      return FALSE;
    }
  stmt = dis_hub_db_prepare (db,
                             "SELECT card_code, status, basis, basis_review, origin_point, display_name FROM members"
                             " WHERE (?1 IS NULL OR status = ?1) AND (?2 = 0 OR basis_review = 1)"
                             " ORDER BY display_name COLLATE NOCASE, card_code",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, status);
  sqlite3_bind_int (stmt, 2, review);
  while (dis_hub_db_step (db, stmt, &has_row, error) && has_row)
    g_string_append_printf (out, "%s\t%s\t%s%s\t%s\t%s\n",
                            sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                            sqlite3_column_text (stmt, 2), sqlite3_column_int (stmt, 3) ? " (review)" : "",
                            sqlite3_column_text (stmt, 4) ? (const char *) sqlite3_column_text (stmt, 4) : "-",
                            sqlite3_column_text (stmt, 5));
  return error == NULL || *error == NULL;
}

static gboolean
show_member (DisHubDb    *db,
             const char  *card_code,
             GString     *out,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = dis_hub_db_prepare (db, "SELECT * FROM members WHERE card_code = ?1", error);
  gboolean has_row;
  gint64 volume;

  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, card_code);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no member has the card %s", card_code);
      return FALSE;
    }
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    g_string_append_printf (out, "%s: %s\n", sqlite3_column_name (stmt, i),
                            sqlite3_column_type (stmt, i) == SQLITE_NULL ? "-"
                            : (const char *) sqlite3_column_text (stmt, i));
  if (!volume_12m (db, card_code, &volume, error))
    return FALSE;
  g_string_append_printf (out, "volume_12m_cents: %" G_GINT64_FORMAT "\n", volume);
  return TRUE;
}

static gboolean
set_basis (DisHubDb    *db,
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
                          NULL, 0, error);

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
      if (!dis_hub_db_get_setting (db, "eligibility.basis_validity_months", &months, error))
        return FALSE;
      expires_on = dis_date_format (dis_date_add_months (dis_date_today (), (gint) months));
    }

  {
    const char *texts[] = { kind, trimmed, verified_on, expires_on, NULL };

    return change_member (db, card_code,
                          "UPDATE members SET basis = ?3, basis_verified_by = ?4, basis_verified_on = ?5,"
                          " basis_expires_on = ?6, basis_review = 0, updated_at = ?2 WHERE card_code = ?1",
                          texts, 0, error);
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
      const char *texts[] = { g_str_equal (sub, "validate") ? "validated" : "suspended", NULL };

      if (!change_member (db, card, "UPDATE members SET status = ?3, updated_at = ?2 WHERE card_code = ?1",
                          texts, 0, error))
        return 1;
      g_string_append_printf (out, "member %s %s\n", card,
                              g_str_equal (sub, "validate") ? "validated" : "suspended");
      return 0;
    }
  if (g_str_equal (sub, "set-basis") && argc == 2)
    {
      if (!set_basis (db, card, kind, verified_by, expires, error))
        return 1;
      g_string_append_printf (out, "member %s basis %s\n", card, kind);
      return 0;
    }
  if (g_str_equal (sub, "set-activity") && argc == 3)
    {
      guint64 hours;

      if (!g_ascii_string_to_unsigned (argv[2], 10, 0, 100000, &hours, NULL))
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                       "HOURS: “%s” is not a whole number of hours (0 … 100000)", argv[2]);
          return 1;
        }
      if (!change_member (db, card, "UPDATE members SET activity_hours = ?9, updated_at = ?2 WHERE card_code = ?1",
                          NULL, (gint64) hours, error))
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
                          texts, 0, error))
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
