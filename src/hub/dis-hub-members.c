/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-members"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dis-codec.h"
#include "dis-date.h"
#include "dis-hub-checks.h"
#include "dis-hub-json.h"
#include "dis-hub-members.h"
#include "dis-member.h"

/* The member registry (README-api.md): member events from points, and
 * the "member" changes of the feed. The admin commands, the export and
 * the public declarations are in dis-hub-members-admin.c. */

gboolean
dis_hub_members_exists (DisHubDb    *db,
                        const char  *card_code,
                        gboolean    *out,
                        GError     **error)
{
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (db, "SELECT 1 FROM members WHERE card_code = ?1", error);

  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, card_code);
  return dis_hub_db_step (db, stmt, out, error);
}

/* ---- The network's day ------------------------------------------------------------ */

/* The network's calendar is Turin's, whatever the server's time zone. */
#define NETWORK_TIME_ZONE "Europe/Rome"

GTimeZone *
dis_hub_network_time_zone (void)
{
  GTimeZone *tz = g_time_zone_new_identifier (NETWORK_TIME_ZONE);

  /* No tz database on this machine: the local zone is the best guess. */
  return tz != NULL ? tz : g_time_zone_new_local ();
}

guint32
dis_hub_members_today (void)
{
  g_autoptr(GTimeZone) tz = dis_hub_network_time_zone ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  return g_date_get_julian (&date);
}

/* ---- The feed ------------------------------------------------------------------ */

/* A member's sales may add up past gint64, where sum() fails: it adds
 * their millions and their remainders apart (each sale is within
 * ± DIS_SALE_TOTAL_MAX, so both sums fit for any table there can be), and
 * the figure is clamped to ± DIS_SALE_TOTAL_MAX, as points read it. */
#define VOLUME_UNIT 1000000

gboolean
dis_hub_members_volume_12m (DisHubDb    *db,
                            const char  *card_code,
                            gint64      *out,
                            GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *from = dis_date_format (dis_date_add_months (dis_hub_members_today (), -12));
  gboolean has_row;
  gint64 high, low, sum;

  stmt = dis_hub_db_prepare (db,
                             "SELECT CAST (sum (total / " G_STRINGIFY (VOLUME_UNIT) ") AS BIGINT),"
                             " CAST (sum (total % " G_STRINGIFY (VOLUME_UNIT) ") AS BIGINT) FROM hub_sales"
                             " WHERE member_card = ?1 AND substr (created_at, 1, 10) >= ?2",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, card_code);
  dis_hub_stmt_bind_text (stmt, 2, from);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  high = dis_hub_stmt_column_int64 (stmt, 0);
  low = dis_hub_stmt_column_int64 (stmt, 1);
  /* Past gint64 the sign decides: the clamp below takes it anyway. */
  if (__builtin_mul_overflow (high, (gint64) VOLUME_UNIT, &sum) || __builtin_add_overflow (sum, low, &sum))
    sum = high > 0 ? G_MAXINT64 : G_MININT64;
  *out = CLAMP (sum, -DIS_SALE_TOTAL_MAX, DIS_SALE_TOTAL_MAX);
  return TRUE;
}

/* The last day the member's 12-month volume stays at @threshold with no
 * new purchase: their sales drop out of the window oldest day first, and
 * a day's sales count until the same day a year later. 0 when it never
 * reaches it (then the verdict does not say eligible anyway). */
static gboolean
volume_until (DisHubDb    *db,
              const char  *card_code,
              guint32      today,
              gint64       volume,
              gint64       threshold,
              guint32     *out,
              GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *from = dis_date_format (dis_date_add_months (today, -12));
  gboolean has_row;

  *out = 0;
  stmt = dis_hub_db_prepare (db,
                             "SELECT substr (created_at, 1, 10) AS day, sum (total) FROM hub_sales"
                             " WHERE member_card = ?1 AND substr (created_at, 1, 10) >= ?2"
                             " GROUP BY day ORDER BY day",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, card_code);
  dis_hub_stmt_bind_text (stmt, 2, from);
  while (dis_hub_db_step (db, stmt, &has_row, error) && has_row)
    {
      volume -= dis_hub_stmt_column_int64 (stmt, 1);
      if (volume < threshold)
        {
          *out = dis_date_add_months (dis_date_parse (dis_hub_stmt_column_text (stmt, 0)), 12);
          return TRUE;
        }
    }
  return error == NULL || *error == NULL;
}

static void
verdict_to_codec (const DisVerdict *verdict,
                  DisCodecVerdict  *out,
                  char            **out_until)
{
  out->missing = verdict->missing;
  *out_until = verdict->missing == 0 && verdict->until_julian != 0 ? dis_date_format (verdict->until_julian) : NULL;
  out->eligible_until = *out_until;
}

/* Only what the counter needs (issue 10, DESIGN.md §7): the name, the
 * status, the preference and the verdicts of dis_eligibility_evaluate()'s
 * criteria on the tiers below Equa; never the basis's kind, the spending
 * or the hours behind them. NULL without error when the card is unknown. */
static JsonNode *
feed_data (DisHubDb        *db,
           const char      *card_code,
           GError         **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *impegno_until = NULL;
  g_autofree char *accessibile_until = NULL;
  DisCodecMember member = { .card_code = card_code };
  guint32 today = dis_hub_members_today ();
  DisVerdict verdicts[DIS_TIER_EQUA];
  DisEligibilityRules rules;
  DisBuyer buyer;
  guint32 lapse;
  gboolean has_row;
  JsonNode *data;

  stmt = dis_hub_db_prepare (db, "SELECT display_name FROM members WHERE card_code = ?1", error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, card_code);
  if (!dis_hub_db_step (db, stmt, &has_row, error) || !has_row)
    return NULL;
  /* Every stored sale, today's included. */
  if (!dis_hub_checks_read_rules (db, &rules, error) ||
      !dis_hub_checks_read_buyer (db, card_code, today, "~", &buyer, error) ||
      !volume_until (db, card_code, today, buyer.volume_12m_cents, rules.impegno_volume_cents, &lapse, error))
    return NULL;

  dis_eligibility_verdicts (&buyer, &rules, today, lapse, verdicts);
  member.display_name = dis_hub_stmt_column_text (stmt, 0);
  member.status = buyer.status;
  member.preferred_tier = buyer.preferred_tier;
  verdict_to_codec (&verdicts[DIS_TIER_IMPEGNO], &member.impegno, &impegno_until);
  verdict_to_codec (&verdicts[DIS_TIER_ACCESSIBILE], &member.accessibile, &accessibile_until);

  /* A row points could not read is not published, and never fails the
   * event that touched it. */
  data = dis_codec_member_to_node (&member, &local_error);
  if (data == NULL)
    g_warning ("member %s is not published: %s", card_code, local_error->message);
  return data;
}

/* Whether @text, the member's last published data, decides every tier
 * as @data does: the same name, status, preference and missing criteria,
 * whatever the dates. */
static gboolean
same_decision (const char *text,
               JsonNode   *data)
{
  g_autoptr(JsonNode) node = dis_hub_json_parse_stored (text, -1, "changes (member)", NULL);
  DisCodecMember last, now;
  const DisCodecMember *member = &now;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !dis_codec_member_decode (json_node_get_object (node), &last, NULL) ||
      !dis_codec_member_decode (json_node_get_object (data), &now, NULL))
    return FALSE;
  return g_strcmp0 (last.display_name, member->display_name) == 0 &&
         last.status == member->status && last.preferred_tier == member->preferred_tier &&
         last.impegno.missing == member->impegno.missing &&
         last.accessibile.missing == member->accessibile.missing &&
         (last.impegno.eligible_until == NULL) == (member->impegno.eligible_until == NULL) &&
         (last.accessibile.eligible_until == NULL) == (member->accessibile.eligible_until == NULL);
}

/* Appends the member's data to the feed when it differs from what was
 * last published; with @only_decisions, only when a tier's decision
 * differs (a sale moves the date its volume holds until, which the daily
 * refresh publishes, so the feed does not follow each purchase). */
static gboolean
publish (DisHubDb    *db,
         const char  *card_code,
         gboolean     only_decisions,
         gboolean    *out_published,
         GError     **error)
{
  g_autoptr(DisHubStmt) last = NULL;
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
  dis_hub_stmt_bind_text (last, 1, card_code);
  if (!dis_hub_db_step (db, last, &has_row, error))
    return FALSE;
  if (has_row && g_strcmp0 (dis_hub_stmt_column_text (last, 0), text) == 0)
    return TRUE;
  if (has_row && only_decisions && same_decision (dis_hub_stmt_column_text (last, 0), data))
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
  return publish (db, card_code, FALSE, &published, error);
}

gboolean
dis_hub_members_publish_after_sale (DisHubDb    *db,
                                    const char  *card_code,
                                    GError     **error)
{
  gboolean published;

  g_return_val_if_fail (db != NULL && card_code != NULL, FALSE);
  return publish (db, card_code, TRUE, &published, error);
}

gboolean
dis_hub_members_refresh (DisHubDb  *db,
                         guint     *out_n_published,
                         GError   **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
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

      if (!publish (db, g_ptr_array_index (cards, i), FALSE, &published, error))
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

/* ---- Keeping volumes right -------------------------------------------------- */

struct _DisHubVolumeWatch
{
  DisHubDb *db;
  guint     timeout_id;
};

/* Seconds from now to a little after the next midnight in the network's
 * time zone (23, 24 or 25 hours a day as the clocks change). A timer that
 * fires early, the monotonic clock drifting from the wall clock, only
 * refreshes once more and aims again. */
static guint
seconds_to_next_day (void)
{
  g_autoptr(GTimeZone) tz = dis_hub_network_time_zone ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, g_date_time_get_year (now),
                                                   g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);
  GTimeSpan span = g_date_time_difference (next, now);

  return (guint) CLAMP (span / G_TIME_SPAN_SECOND + 5, 1, 26 * 60 * 60);
}

static void
refresh_volumes (DisHubVolumeWatch *watch)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (dis_hub_members_refresh (watch->db, &n, &error))
    g_printerr ("hub: 12-month volumes recomputed, %u member(s) published\n", n);
  else
    g_warning ("12-month volumes not recomputed, tried again tomorrow: %s", error->message);
}

static gboolean
next_day_cb (gpointer data)
{
  DisHubVolumeWatch *watch = data;

  refresh_volumes (watch);
  watch->timeout_id = g_timeout_add_seconds (seconds_to_next_day (), next_day_cb, watch);
  return G_SOURCE_REMOVE;
}

DisHubVolumeWatch *
dis_hub_members_watch_volumes (DisHubDb *db)
{
  DisHubVolumeWatch *watch;

  g_return_val_if_fail (db != NULL, NULL);

  watch = g_new0 (DisHubVolumeWatch, 1);
  watch->db = db;
  /* Days may have passed while the hub was down. */
  refresh_volumes (watch);
  watch->timeout_id = g_timeout_add_seconds (seconds_to_next_day (), next_day_cb, watch);
  return watch;
}

void
dis_hub_members_watch_free (DisHubVolumeWatch *watch)
{
  if (watch == NULL)
    return;
  g_clear_handle_id (&watch->timeout_id, g_source_remove);
  g_free (watch);
}

/* ---- Events ---------------------------------------------------------------- */

/* The codec checked every field of the payloads below (dis-codec.h). */

/* A member is registered on the day the hub first sees them, in the
 * network's calendar: a point's date could meet the months Impegno asks
 * for at once. */
static gboolean
insert_member (DisHubDb                   *db,
               const char                 *point,
               const DisCodecMemberEvent  *p,
               GError                    **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *now = dis_hub_now_iso ();
  g_autofree char *name = g_strstrip (g_strdup (p->display_name));
  g_autofree char *registered_on = dis_date_format (dis_hub_members_today ());

  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO members (card_code, kind, display_name, contact, registered_on,"
                             " status, preferred_tier, privacy_consent_on, origin_point, created_at, updated_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7, ?8, ?9, ?9)",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, p->card_code);
  dis_hub_stmt_bind_text (stmt, 2, dis_member_kind_to_code (p->kind));
  dis_hub_stmt_bind_text (stmt, 3, name);
  dis_hub_stmt_bind_text (stmt, 4, p->contact);
  dis_hub_stmt_bind_text (stmt, 5, registered_on);
  dis_hub_stmt_bind_text (stmt, 6, dis_tier_to_code (p->preferred_tier));
  dis_hub_stmt_bind_text (stmt, 7, p->privacy_consent_on);
  dis_hub_stmt_bind_text (stmt, 8, point);
  dis_hub_stmt_bind_text (stmt, 9, now);
  return dis_hub_db_step_done (db, stmt, error);
}

static gboolean
update_member (DisHubDb                   *db,
               const DisCodecMemberEvent  *p,
               GError                    **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
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
  dis_hub_stmt_bind_text (stmt, 1, p->card_code);
  dis_hub_stmt_bind_text (stmt, 2, p->documentation_acknowledged_on);
  dis_hub_stmt_bind_text (stmt, 3, p->declaration_text);
  dis_hub_stmt_bind_text (stmt, 4, p->declaration_published_name);
  dis_hub_stmt_bind_text (stmt, 5, p->declaration_on);
  dis_hub_stmt_bind_text (stmt, 6, p->has_preferred_tier ? dis_tier_to_code (p->preferred_tier) : NULL);
  dis_hub_stmt_bind_text (stmt, 7, now);
  return dis_hub_db_step_done (db, stmt, error);
}

/* A point may grant a provisional basis only to a pending member, never
 * over a verified basis, for at most DIS_PROVISIONAL_BASIS_MONTHS from the
 * day it was granted, which is not after the hub's tomorrow (a point's
 * clock may run a little ahead). FALSE with @r set when it asks for more. */
static gboolean
check_provisional (DisHubDb                   *db,
                   const DisCodecMemberEvent  *p,
                   DisHubReject               *r,
                   GError                    **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  guint32 verified = dis_date_parse (p->verified_on);
  guint32 expires = dis_date_parse (p->expires_on);
  const char *status, *basis;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db, "SELECT status, basis FROM members WHERE card_code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, p->card_code);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  g_assert (has_row);
  status = dis_hub_stmt_column_text (stmt, 0);
  basis = dis_hub_stmt_column_text (stmt, 1);

  if (!g_str_equal (status, dis_member_status_to_code (DIS_MEMBER_PENDING)))
    return dis_hub_reject (r, "provisional_not_pending",
                           "payload.card_code: member %s is %s; a point grants a provisional basis"
                           " only to a pending member", p->card_code, status);
  if (g_str_equal (basis, dis_basis_kind_to_code (DIS_BASIS_SELF_DECLARATION)) ||
      g_str_equal (basis, dis_basis_kind_to_code (DIS_BASIS_CERTIFICATE)))
    return dis_hub_reject (r, "provisional_over_verified",
                           "payload.card_code: member %s has a verified basis, which a provisional"
                           " one never replaces", p->card_code);
  if (verified == 0 || verified > dis_hub_members_today () + 1)
    return dis_hub_reject (r, "provisional_too_long",
                           "payload.verified_on: %s is later than today", p->verified_on);
  if (expires == 0 || expires < verified || expires > dis_date_add_months (verified, DIS_PROVISIONAL_BASIS_MONTHS))
    return dis_hub_reject (r, "provisional_too_long",
                           "payload.expires_on: %s is not within %d months of %s", p->expires_on,
                           DIS_PROVISIONAL_BASIS_MONTHS, p->verified_on);
  return TRUE;
}

static gboolean
store_provisional (DisHubDb                   *db,
                   const char                 *point,
                   const DisCodecMemberEvent  *p,
                   GError                    **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
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
  dis_hub_stmt_bind_text (stmt, 1, p->card_code);
  dis_hub_stmt_bind_text (stmt, 2, verified_by);
  dis_hub_stmt_bind_text (stmt, 3, p->verified_on);
  dis_hub_stmt_bind_text (stmt, 4, p->expires_on);
  dis_hub_stmt_bind_text (stmt, 5, now);
  return dis_hub_db_step_done (db, stmt, error);
}

gboolean
dis_hub_members_apply_event (DisHubDb                   *db,
                             const char                 *point,
                             const char                 *device,
                             const DisCodecMemberEvent  *event,
                             const char                **out_code,
                             char                      **out_message,
                             GError                    **error)
{
  DisHubReject r = { NULL, NULL };
  gboolean exists, ok;

  *out_code = NULL;
  *out_message = NULL;
  if (!g_str_equal (event->point, point))
    {
      dis_hub_reject (&r, "wrong_point", "payload.point: %s is not this device's point", event->point);
      goto rejected;
    }
  if (!g_str_equal (event->device, device))
    {
      dis_hub_reject (&r, "wrong_device", "payload.device: %s is not this device", event->device);
      goto rejected;
    }
  if (!dis_hub_members_exists (db, event->card_code, &exists, error))
    return FALSE;

  if (event->type == DIS_CODEC_MEMBER_REGISTERED)
    {
      if (exists)
        {
          dis_hub_reject (&r, "duplicate_card", "payload.card_code: the card %s belongs to another member",
                          event->card_code);
          goto rejected;
        }
      ok = insert_member (db, point, event, error);
    }
  else if (!exists)
    {
      dis_hub_reject (&r, "unknown_card", "payload.card_code: no member has the card %s", event->card_code);
      goto rejected;
    }
  else if (event->type == DIS_CODEC_MEMBER_UPDATED)
    ok = update_member (db, event, error);
  else if (!check_provisional (db, event, &r, error))
    {
      if (r.code == NULL)
        return FALSE;
      goto rejected;
    }
  else
    ok = store_provisional (db, point, event, error);

  return ok && dis_hub_members_publish (db, event->card_code, error);

rejected:
  *out_code = r.code;
  *out_message = g_steal_pointer (&r.message);
  return FALSE;
}
