/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-members"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dis-codec.h"
#include "dis-date.h"
#include "dis-error.h"
#include "dis-store-members.h"
#include "dis-store-private.h"

/* ---- Reading ------------------------------------------------------------- */

DisMember *
_dis_store_member_from_row (DisStmt *stmt)
{
  DisMember *member = dis_member_new ();

  member->card_code = _dis_column_dup (stmt, 0);
  member->display_name = _dis_column_dup (stmt, 1);
  dis_member_status_from_code ((const char *) sqlite3_column_text (stmt, 2), &member->status);
  dis_tier_from_code ((const char *) sqlite3_column_text (stmt, 3), &member->preferred_tier);
  member->registered_julian = dis_date_parse ((const char *) sqlite3_column_text (stmt, 4));
  member->volume_12m_cents = sqlite3_column_int64 (stmt, 5);
  member->documentation_acknowledged = sqlite3_column_int (stmt, 6) != 0;
  member->has_declaration = sqlite3_column_int (stmt, 7) != 0;
  dis_basis_kind_from_code ((const char *) sqlite3_column_text (stmt, 8), &member->basis);
  member->basis_expires_julian = dis_date_parse ((const char *) sqlite3_column_text (stmt, 9));
  member->basis_flagged = sqlite3_column_int (stmt, 10) != 0;
  member->activity_score = sqlite3_column_int64 (stmt, 11);
  member->known_to_hub = sqlite3_column_int (stmt, 12) != 0;
  member->volume_unsynced_cents = sqlite3_column_int64 (stmt, 13);
  member->has_verdicts = sqlite3_column_type (stmt, 14) != SQLITE_NULL &&
                         sqlite3_column_type (stmt, 16) != SQLITE_NULL;
  if (member->has_verdicts)
    {
      member->verdict[DIS_TIER_IMPEGNO].missing = (guint32) sqlite3_column_int64 (stmt, 14);
      member->verdict[DIS_TIER_IMPEGNO].until_julian = dis_date_parse ((const char *) sqlite3_column_text (stmt, 15));
      member->verdict[DIS_TIER_ACCESSIBILE].missing = (guint32) sqlite3_column_int64 (stmt, 16);
      member->verdict[DIS_TIER_ACCESSIBILE].until_julian =
        dis_date_parse ((const char *) sqlite3_column_text (stmt, 17));
    }
  return member;
}

/* A normalized card code, or DIS_ERROR_INVALID for people. */
static char *
normalize_card (const char  *text,
                GError     **error)
{
  char *code = dis_member_card_normalize (text);

  if (code == NULL)
    g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                 _("“%s” is not a member card code (DS and 8 digits)"), text ? text : "");
  return code;
}

static DisMember *
read_member (DisDb       *db,
             const char  *card_code,
             GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db, "SELECT " MEMBER_COLUMNS " FROM members m WHERE m.card_code = ?1", error);
  if (stmt == NULL)
    return NULL;
  _dis_bind_text (stmt, 1, card_code);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND,
                   _("No member has the card %s"), card_code);
      return NULL;
    }
  return _dis_store_member_from_row (stmt);
}

DisMember *
dis_store_find_member_by_card (DisStore    *self,
                               const char  *card_code,
                               GError     **error)
{
  g_autofree char *code = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  code = normalize_card (card_code, error);
  if (code == NULL)
    return NULL;
  DIS_DB_LOCK (&self->reader);
  return read_member (&self->reader, code, error);
}

gboolean
dis_store_get_buyer (DisStore    *self,
                     const char  *card_code,
                     DisBuyer    *out_buyer,
                     GError     **error)
{
  g_autoptr(DisMember) member = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_buyer != NULL, FALSE);

  member = dis_store_find_member_by_card (self, card_code, error);
  if (member == NULL)
    return FALSE;
  dis_member_to_buyer (member, out_buyer);
  return TRUE;
}

gboolean
_dis_store_check_member_tier (DisDb       *db,
                              const char  *member_card,
                              DisTier      tier,
                              GError     **error)
{
  DisEligibility eligibility;
  DisEligibilityRules rules;
  gboolean allowed;
  DisBuyer buyer = { .is_member = FALSE };

  /* Equa and Solidale are for anyone: nothing to read. */
  if (tier >= DIS_TIER_EQUA)
    return TRUE;
  if (member_card != NULL)
    {
      g_autoptr(DisMember) member = read_member (db, member_card, error);

      if (member == NULL)
        return FALSE;
      dis_member_to_buyer (member, &buyer);
    }
  if (!_dis_store_read_eligibility_rules (db, &rules, error))
    return FALSE;
  dis_eligibility_evaluate (&buyer, &rules, dis_date_today (), &eligibility);
  allowed = eligibility.allowed[tier];
  if (!allowed)
    /* Translators: "Not eligible for the Accessibile tier: No basis on record" */
    g_set_error (error, DIS_ERROR, DIS_ERROR_TIER_NOT_ALLOWED, _("Not eligible for the %s tier: %s"),
                 dis_tier_get_name (tier), eligibility.reason[tier]);
  dis_eligibility_clear (&eligibility);
  return allowed;
}

gboolean
_dis_store_check_tier (DisDb    *db,
                       DisSale  *sale,
                       GError  **error)
{
  return _dis_store_check_member_tier (db, sale->member_card, sale->tier, error);
}

/* ---- Changes --------------------------------------------------------------- */

/* What every change needs: a permitted operator and the point identity. */
static DisIdentity *
begin_change (DisDb        *db,
              DisOperator  *acting,
              GError      **error)
{
  DisIdentity *identity;

  if (!_dis_store_check_acting (db, acting, DIS_PERMISSION_MEMBERS, error))
    return NULL;
  identity = _dis_store_read_identity (db, error);
  if (identity == NULL && (error == NULL || *error == NULL))
    g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                         _("This till has no point identity yet"));
  return identity;
}

/* The common head of a member event's payload; the caller adds its
 * fields. */
static DisCodecMemberEvent
payload_begin (DisCodecEventType  type,
               const char        *card_code,
               DisIdentity       *identity,
               DisOperator       *acting)
{
  return (DisCodecMemberEvent) {
    .type = type,
    .card_code = card_code,
    .point = identity->point_code,
    .device = identity->device_id,
    .operator_id = dis_operator_get_id (acting),
    .operator_name = dis_operator_get_name (acting),
  };
}

static gboolean
payload_commit (DisDb                      *db,
                const DisCodecMemberEvent  *event,
                DisIdentity                *identity,
                GError                    **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = _dis_now_iso8601 ();

  root = dis_codec_member_event_to_node (event, &local_error);
  if (root == NULL)
    {
      /* Translators: %s is the technical reason, e.g. "payload.display_name: longer than 200 characters" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("This change cannot be sent to the hub, so it was not saved (%s)"), local_error->message);
      return FALSE;
    }
  text = dis_codec_to_text (root, NULL);
  return _dis_store_insert_outbox (db, identity->device_id, dis_codec_event_type_to_string (event->type),
                                   now, text, error);
}

static gboolean
check_text (const char  *text,
            guint        max_chars,
            gboolean     required,
            const char  *what,
            GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      /* Translators: %s is a field, like "The name" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("%s is not valid text"), what);
      return FALSE;
    }
  trimmed = text ? g_strstrip (g_strdup (text)) : NULL;
  if (trimmed == NULL || *trimmed == '\0')
    {
      if (!required)
        return TRUE;
      /* Translators: %s is a field, like "The name" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("%s is empty"), what);
      return FALSE;
    }
  if ((guint) g_utf8_strlen (trimmed, -1) > max_chars)
    {
      /* Translators: "The name is too long (at most 200 characters)" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("%s is too long (at most %u characters)"),
                   what, max_chars);
      return FALSE;
    }
  return TRUE;
}

static gboolean
card_in_use (DisDb       *db,
             const char  *card_code,
             gboolean    *out,
             GError     **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, "SELECT 1 FROM members WHERE card_code = ?1", error);

  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, card_code);
  return _dis_db_step_row (db, stmt, out, error);
}

static DisMember *
register_in_transaction (DisDb                       *db,
                         DisOperator                 *acting,
                         const DisMemberRegistration *reg,
                         GError                     **error)
{
  g_autoptr(DisIdentity) identity = NULL;
  DisCodecMemberEvent event;
  g_autoptr(DisStmt) insert = NULL;
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *today = dis_date_format (dis_date_today ());
  g_autofree char *now = _dis_now_iso8601 ();
  gboolean used;

  identity = begin_change (db, acting, error);
  if (identity == NULL)
    return NULL;
  if (!reg->privacy_consent)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("The member must read the privacy notice before registering"));
      return NULL;
    }
  code = normalize_card (reg->card_code, error);
  if (code == NULL)
    return NULL;
  if (!check_text (reg->display_name, DIS_MEMBER_NAME_MAX, TRUE, _("The name"), error) ||
      !check_text (reg->contact, DIS_MEMBER_NAME_MAX, FALSE, _("The contact"), error))
    return NULL;
  if ((guint) reg->kind > DIS_MEMBER_KIND_PRODUCER || (guint) reg->preferred_tier >= DIS_N_TIERS)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("Unknown kind of member or tier"));
      return NULL;
    }
  if (!card_in_use (db, code, &used, error))
    return NULL;
  if (used)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("The card %s belongs to another member already"), code);
      return NULL;
    }
  name = g_strstrip (g_strdup (reg->display_name));
  contact = reg->contact ? g_strstrip (g_strdup (reg->contact)) : NULL;
  if (contact != NULL && *contact == '\0')
    g_clear_pointer (&contact, g_free);

  insert = _dis_db_prepare (db,
                            "INSERT INTO members (card_code, display_name, status, preferred_tier,"
                            " registered_on, known_to_hub, updated_at)"
                            " VALUES (?1, ?2, 'pending', ?3, ?4, 0, ?5)",
                            error);
  if (insert == NULL)
    return NULL;
  _dis_bind_text (insert, 1, code);
  _dis_bind_text (insert, 2, name);
  _dis_bind_text (insert, 3, dis_tier_to_code (reg->preferred_tier));
  _dis_bind_text (insert, 4, today);
  _dis_bind_text (insert, 5, now);
  if (!_dis_db_step_done (db, insert, error))
    return NULL;

  event = payload_begin (DIS_CODEC_MEMBER_REGISTERED, code, identity, acting);
  event.display_name = name;
  event.kind = reg->kind;
  event.contact = contact;
  event.has_preferred_tier = TRUE;
  event.preferred_tier = reg->preferred_tier;
  event.privacy_consent_on = today;
  event.registered_on = today;
  if (!payload_commit (db, &event, identity, error))
    return NULL;
  return read_member (db, code, error);
}

/* A change of one member: @apply updates the row, fills in its @event
 * (of @type, the head filled in) and queues it, inside the transaction,
 * once the operator, the identity and then @check (if any: what the
 * change brings) passed and the member was read. */
typedef struct _Change Change;

typedef gboolean (*ChangeCheck) (const Change  *change,
                                 GError       **error);
typedef gboolean (*ChangeFunc)  (DisDb                *db,
                                 DisIdentity          *identity,
                                 DisMember            *member,
                                 const Change         *change,
                                 DisCodecMemberEvent  *event,
                                 GError              **error);

struct _Change
{
  DisCodecEventType  type;
  ChangeCheck        check;
  ChangeFunc         apply;
  const char        *text;
  const char        *published_name;
  DisTier            tier;
  guint32            expires_julian;
};

/* Runs @change in one write transaction and announces the outbox row and
 * the member's change. */
static gboolean
run_change (DisStore      *self,
            DisOperator   *acting,
            const char    *card_code,
            const Change  *change,
            GError       **error)
{
  g_autofree char *code = normalize_card (card_code, error);

  if (code == NULL)
    return FALSE;

  {
    DIS_DB_LOCK (&self->writer);
    g_autoptr(DisIdentity) identity = NULL;
    g_autoptr(DisMember) member = NULL;
    DisCodecMemberEvent event;

    if (!_dis_db_begin (&self->writer, error))
      return FALSE;
    identity = begin_change (&self->writer, acting, error);
    if (identity != NULL && (change->check == NULL || change->check (change, error)))
      member = read_member (&self->writer, code, error);
    if (member != NULL)
      event = payload_begin (change->type, code, identity, acting);
    if (member == NULL ||
        !change->apply (&self->writer, identity, member, change, &event, error) ||
        !_dis_db_commit (&self->writer, error))
      {
        _dis_db_rollback (&self->writer);
        return FALSE;
      }
  }
  _dis_store_notify_outbox_changed (self);
  _dis_store_notify_member_changed (self, code);
  return TRUE;
}

DisMember *
dis_store_register_member (DisStore                    *self,
                           DisOperator                 *acting,
                           const DisMemberRegistration *registration,
                           GError                     **error)
{
  DisMember *member;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (registration != NULL, NULL);

  {
    DIS_DB_LOCK (&self->writer);

    if (!_dis_db_begin (&self->writer, error))
      return NULL;
    member = register_in_transaction (&self->writer, acting, registration, error);
    if (member == NULL || !_dis_db_commit (&self->writer, error))
      {
        g_clear_object (&member);
        _dis_db_rollback (&self->writer);
        return NULL;
      }
  }
  _dis_store_notify_outbox_changed (self);
  _dis_store_notify_member_changed (self, member->card_code);
  return member;
}

/* Runs @sql, an UPDATE of the member ?1 that sets updated_at to ?2 and,
 * when @value is given, a field to ?3. */
static gboolean
update_member (DisDb       *db,
               const char  *code,
               const char  *sql,
               const char  *value,
               GError     **error)
{
  g_autoptr(DisStmt) update = _dis_db_prepare (db, sql, error);
  g_autofree char *now = _dis_now_iso8601 ();

  if (update == NULL)
    return FALSE;
  _dis_bind_text (update, 1, code);
  _dis_bind_text (update, 2, now);
  if (value != NULL)
    _dis_bind_text (update, 3, value);
  return _dis_db_step_done (db, update, error);
}

static gboolean
acknowledge_func (DisDb                *db,
                  DisIdentity          *identity,
                  DisMember            *member,
                  const Change         *change,
                  DisCodecMemberEvent  *event,
                  GError              **error)
{
  g_autofree char *today = NULL;

  if (member->documentation_acknowledged)
    return TRUE;  /* nothing new to tell the hub */

  if (!update_member (db, member->card_code,
                      "UPDATE members SET documentation_acknowledged = 1, updated_at = ?2"
                      " WHERE card_code = ?1",
                      NULL, error))
    return FALSE;
  today = dis_date_format (dis_date_today ());
  event->documentation_acknowledged_on = today;
  return payload_commit (db, event, identity, error);
}

gboolean
dis_store_record_acknowledgement (DisStore     *self,
                                  DisOperator  *acting,
                                  const char   *card_code,
                                  GError      **error)
{
  Change change = { DIS_CODEC_MEMBER_UPDATED, .apply = acknowledge_func };

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);

  return run_change (self, acting, card_code, &change, error);
}

static gboolean
check_declaration (const Change  *change,
                   GError       **error)
{
  return dis_member_check_declaration (change->text, error) &&
         check_text (change->published_name, DIS_MEMBER_NAME_MAX, TRUE, _("The name to publish"), error);
}

static gboolean
declaration_func (DisDb                *db,
                  DisIdentity          *identity,
                  DisMember            *member,
                  const Change         *change,
                  DisCodecMemberEvent  *event,
                  GError              **error)
{
  g_autofree char *today = dis_date_format (dis_date_today ());
  g_autofree char *published = g_strstrip (g_strdup (change->published_name));

  if (!update_member (db, member->card_code,
                      "UPDATE members SET has_declaration = 1, updated_at = ?2 WHERE card_code = ?1",
                      NULL, error))
    return FALSE;
  event->has_declaration = TRUE;
  event->declaration_text = change->text;
  event->declaration_published_name = published;
  event->declaration_on = today;
  return payload_commit (db, event, identity, error);
}

gboolean
dis_store_set_declaration (DisStore     *self,
                           DisOperator  *acting,
                           const char   *card_code,
                           const char   *text,
                           const char   *published_name,
                           GError      **error)
{
  Change change = {
    DIS_CODEC_MEMBER_UPDATED, .check = check_declaration, .apply = declaration_func,
    .text = text, .published_name = published_name,
  };

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);

  return run_change (self, acting, card_code, &change, error);
}

static gboolean
tier_func (DisDb                *db,
           DisIdentity          *identity,
           DisMember            *member,
           const Change         *change,
           DisCodecMemberEvent  *event,
           GError              **error)
{
  if ((guint) change->tier >= DIS_N_TIERS)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("Unknown kind of member or tier"));
      return FALSE;
    }
  if (member->preferred_tier == change->tier)
    return TRUE;
  if (!update_member (db, member->card_code,
                      "UPDATE members SET preferred_tier = ?3, updated_at = ?2 WHERE card_code = ?1",
                      dis_tier_to_code (change->tier), error))
    return FALSE;
  event->has_preferred_tier = TRUE;
  event->preferred_tier = change->tier;
  return payload_commit (db, event, identity, error);
}

gboolean
dis_store_set_member_preferred_tier (DisStore     *self,
                                     DisOperator  *acting,
                                     const char   *card_code,
                                     DisTier       tier,
                                     GError      **error)
{
  Change change = { DIS_CODEC_MEMBER_UPDATED, .apply = tier_func, .tier = tier };

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);

  return run_change (self, acting, card_code, &change, error);
}

static gboolean
provisional_func (DisDb                *db,
                  DisIdentity          *identity,
                  DisMember            *member,
                  const Change         *change,
                  DisCodecMemberEvent  *event,
                  GError              **error)
{
  guint32 today = dis_date_today ();
  guint32 latest = dis_date_add_months (today, DIS_PROVISIONAL_BASIS_MONTHS);
  guint32 expires = change->expires_julian ? change->expires_julian : latest;
  g_autofree char *today_text = dis_date_format (today);
  g_autofree char *expires_text = NULL;

  if (member->status != DIS_MEMBER_PENDING)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("A provisional basis is only for members waiting for validation"));
      return FALSE;
    }
  /* The hub refuses it too (provisional_over_verified). */
  if (member->basis == DIS_BASIS_SELF_DECLARATION || member->basis == DIS_BASIS_CERTIFICATE)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("The member has a verified basis, which a provisional one never replaces"));
      return FALSE;
    }
  if (expires < today || expires > latest || !g_date_valid_julian (expires))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A provisional basis lasts from today up to %d month",
                                "A provisional basis lasts from today up to %d months",
                                DIS_PROVISIONAL_BASIS_MONTHS),
                   DIS_PROVISIONAL_BASIS_MONTHS);
      return FALSE;
    }
  expires_text = dis_date_format (expires);

  if (!update_member (db, member->card_code,
                      "UPDATE members SET basis = 'provisional', basis_expires_on = ?3,"
                      " basis_flagged = 1, updated_at = ?2 WHERE card_code = ?1",
                      expires_text, error))
    return FALSE;
  event->verified_on = today_text;
  event->expires_on = expires_text;
  return payload_commit (db, event, identity, error);
}

DisMember *
dis_store_grant_provisional_basis (DisStore     *self,
                                   DisOperator  *acting,
                                   const char   *card_code,
                                   guint32       expires_julian,
                                   GError      **error)
{
  Change change = {
    DIS_CODEC_MEMBER_PROVISIONAL_BASIS, .apply = provisional_func, .expires_julian = expires_julian,
  };

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  if (!run_change (self, acting, card_code, &change, error))
    return NULL;
  return dis_store_find_member_by_card (self, card_code, error);
}

/* ---- From the hub ------------------------------------------------------------ */

/* Local changes still in the outbox win over an older picture from the
 * hub; the hub's next change will include them. */
static gboolean
has_pending_events (DisDb       *db,
                    const char  *card_code,
                    gboolean    *out,
                    GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "SELECT 1 FROM outbox WHERE type LIKE 'member.%'"
                          " AND json_extract (payload, '$.card_code') = ?1 LIMIT 1",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, card_code);
  return _dis_db_step_row (db, stmt, out, error);
}

gboolean
_dis_store_apply_member_change (DisDb                 *db,
                                const DisCodecMember  *member,
                                gboolean               upsert,
                                GError               **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *now = _dis_now_iso8601 ();
  const char *code = member->card_code;
  gboolean pending;

  /* The codec checked every field. */
  if (!upsert)
    {
      stmt = _dis_db_prepare (db, "DELETE FROM members WHERE card_code = ?1", error);
      if (stmt == NULL)
        return FALSE;
      _dis_bind_text (stmt, 1, code);
      return _dis_db_step_done (db, stmt, error);
    }

  if (!has_pending_events (db, code, &pending, error))
    return FALSE;

  /* The hub sends verdicts, not figures (issue 10). What this point did
   * and has not sent yet (an acknowledgement, a declaration, a
   * provisional basis) stays beside them until the hub has it; the
   * acknowledgement and declaration otherwise follow the verdict. So does
   * a provisional basis: only it grants a pending member Accessibile
   * (dis-eligibility.c), so the verdict says it and nothing more. */
  stmt = _dis_db_prepare (db,
    "INSERT INTO members (card_code, display_name, status, preferred_tier, registered_on,"
    " documentation_acknowledged, has_declaration, impegno_missing, impegno_until,"
    " accessibile_missing, accessibile_until, basis, basis_expires_on, basis_flagged,"
    " known_to_hub, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, '', ?5, ?6, ?7, ?8, ?9, ?10,"
    "  CASE WHEN ?13 THEN 'provisional' ELSE 'none' END, CASE WHEN ?13 THEN ?10 END, ?13, 1, ?11)"
    " ON CONFLICT (card_code) DO UPDATE SET"
    "  display_name = excluded.display_name,"
    "  status = excluded.status,"
    "  preferred_tier = CASE WHEN ?12 THEN members.preferred_tier ELSE excluded.preferred_tier END,"
    "  volume_12m_cents = 0,"
    "  activity_hours = 0,"
    "  documentation_acknowledged = CASE WHEN ?12 THEN max (members.documentation_acknowledged,"
    "    excluded.documentation_acknowledged) ELSE excluded.documentation_acknowledged END,"
    "  has_declaration = CASE WHEN ?12 THEN max (members.has_declaration, excluded.has_declaration)"
    "    ELSE excluded.has_declaration END,"
    "  basis_expires_on = CASE WHEN ?12 AND members.basis = 'provisional'"
    "    THEN members.basis_expires_on ELSE excluded.basis_expires_on END,"
    "  basis_flagged = CASE WHEN ?12 AND members.basis = 'provisional'"
    "    THEN members.basis_flagged ELSE excluded.basis_flagged END,"
    "  basis = CASE WHEN ?12 AND members.basis = 'provisional'"
    "    THEN members.basis ELSE excluded.basis END,"
    "  impegno_missing = excluded.impegno_missing,"
    "  impegno_until = excluded.impegno_until,"
    "  accessibile_missing = excluded.accessibile_missing,"
    "  accessibile_until = excluded.accessibile_until,"
    "  known_to_hub = 1,"
    "  updated_at = excluded.updated_at",
    error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, code);
  _dis_bind_text (stmt, 2, member->display_name);
  _dis_bind_text (stmt, 3, dis_member_status_to_code (member->status));
  _dis_bind_text (stmt, 4, dis_tier_to_code (member->preferred_tier));
  sqlite3_bind_int (stmt, 5, (member->impegno.missing & (1u << DIS_CRITERION_DOCUMENTATION)) == 0);
  sqlite3_bind_int (stmt, 6, (member->impegno.missing & (1u << DIS_CRITERION_DECLARATION)) == 0);
  sqlite3_bind_int64 (stmt, 7, member->impegno.missing);
  _dis_bind_text (stmt, 8, member->impegno.eligible_until);
  sqlite3_bind_int64 (stmt, 9, member->accessibile.missing);
  _dis_bind_text (stmt, 10, member->accessibile.eligible_until);
  _dis_bind_text (stmt, 11, now);
  sqlite3_bind_int (stmt, 12, pending);
  sqlite3_bind_int (stmt, 13, member->status == DIS_MEMBER_PENDING && member->accessibile.missing == 0);
  return _dis_db_step_done (db, stmt, error);
}
