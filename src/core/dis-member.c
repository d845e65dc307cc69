/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-member"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dis-code.h"
#include "dis-error.h"
#include "dis-member.h"

#define CARD_PREFIX      "DS"
#define CARD_NUMBER_MAX  9999999u

/* ---- Card codes ----------------------------------------------------------- */

/* Luhn check digit of @digits (ASCII digits only). */
static int
luhn_check_digit (const char *digits,
                  gsize       len)
{
  int sum = 0;

  /* The check digit will sit to the right, so the rightmost digit here
   * is the first one doubled. */
  for (gsize i = 0; i < len; i++)
    {
      int d = digits[len - 1 - i] - '0';

      if (i % 2 == 0)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return (10 - sum % 10) % 10;
}

gboolean
dis_member_card_is_well_formed (const char *code)
{
  if (code == NULL || strlen (code) != DIS_MEMBER_CARD_LENGTH || !g_str_has_prefix (code, CARD_PREFIX))
    return FALSE;
  for (guint i = 2; i < DIS_MEMBER_CARD_LENGTH; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return luhn_check_digit (code + 2, 7) == code[9] - '0';
}

char *
dis_member_card_normalize (const char *text)
{
  g_autoptr(GString) out = NULL;

  if (text == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-' || *p == '\t')
        continue;
      g_string_append_c (out, g_ascii_toupper (*p));
    }
  if (!dis_member_card_is_well_formed (out->str))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
dis_member_card_from_number (guint32 number)
{
  char digits[8];

  g_return_val_if_fail (number >= 1 && number <= CARD_NUMBER_MAX, NULL);

  g_snprintf (digits, sizeof digits, "%07u", number);
  return g_strdup_printf (CARD_PREFIX "%s%d", digits, luhn_check_digit (digits, 7));
}

char *
dis_member_card_new_random (void)
{
  return dis_member_card_from_number ((guint32) g_random_int_range (1, CARD_NUMBER_MAX + 1));
}

/* ---- Codes ------------------------------------------------------------------ */

static const struct {
  const char *code;
  const char *name;
} kinds[] = {
  [DIS_MEMBER_KIND_PERSON]         = { "person",         N_("Person") },
  [DIS_MEMBER_KIND_INFORMAL_GROUP] = { "informal_group", N_("Informal group") },
  [DIS_MEMBER_KIND_ASSOCIATION]    = { "association",    N_("Association") },
  [DIS_MEMBER_KIND_COOPERATIVE]    = { "cooperative",    N_("Cooperative") },
  [DIS_MEMBER_KIND_PRODUCER]       = { "producer",       N_("Producer") },
};

static const struct {
  const char *code;
  const char *name;
} statuses[] = {
  [DIS_MEMBER_PENDING]   = { "pending",   N_("Waiting for validation") },
  [DIS_MEMBER_VALIDATED] = { "validated", N_("Validated") },
  [DIS_MEMBER_SUSPENDED] = { "suspended", N_("Suspended") },
};

static const char *bases[] = {
  [DIS_BASIS_NONE]             = "none",
  [DIS_BASIS_SELF_DECLARATION] = "self_declaration",
  [DIS_BASIS_CERTIFICATE]      = "certificate",
  [DIS_BASIS_PROVISIONAL]      = "provisional",
};

const char *
dis_member_kind_to_code (DisMemberKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kinds), NULL);
  return kinds[kind].code;
}

const char *
dis_member_kind_get_name (DisMemberKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kinds), NULL);
  return _(kinds[kind].name);
}

const char *
dis_member_status_to_code (DisMemberStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (statuses), NULL);
  return statuses[status].code;
}

gboolean
dis_member_status_from_code (const char      *code,
                             DisMemberStatus *out_status)
{
  int i = DIS_CODE_INDEX (statuses, code);

  if (i >= 0 && out_status != NULL)
    *out_status = (DisMemberStatus) i;
  return i >= 0;
}

const char *
dis_member_status_get_name (DisMemberStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (statuses), NULL);
  return _(statuses[status].name);
}

const char *
dis_basis_kind_to_code (DisBasisKind basis)
{
  g_return_val_if_fail ((guint) basis < G_N_ELEMENTS (bases), NULL);
  return bases[basis];
}

gboolean
dis_basis_kind_from_code (const char   *code,
                          DisBasisKind *out_basis)
{
  int i = DIS_CODE_INDEX (bases, code);

  if (i >= 0 && out_basis != NULL)
    *out_basis = (DisBasisKind) i;
  return i >= 0;
}

gboolean
dis_member_check_declaration (const char  *text,
                              GError     **error)
{
  g_autofree char *trimmed = NULL;
  glong length;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("The declaration is empty"));
      return FALSE;
    }
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("The declaration is empty"));
      return FALSE;
    }
  length = g_utf8_strlen (text, -1);
  if (length > DIS_MEMBER_DECLARATION_MAX)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("The declaration is %ld characters long; at most %d are allowed"),
                   length, DIS_MEMBER_DECLARATION_MAX);
      return FALSE;
    }
  return TRUE;
}

/* ---- DisMember ---------------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (DisMember, dis_member, G_TYPE_OBJECT)

static void
dis_member_finalize (GObject *object)
{
  DisMember *self = DIS_MEMBER (object);

  g_clear_pointer (&self->card_code, g_free);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (dis_member_parent_class)->finalize (object);
}

static void
dis_member_class_init (DisMemberClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dis_member_finalize;
}

static void
dis_member_init (DisMember *self)
{
  self->status = DIS_MEMBER_PENDING;
  self->preferred_tier = DIS_TIER_EQUA;
  self->basis = DIS_BASIS_NONE;
}

DisMember *
dis_member_new (void)
{
  return g_object_new (DIS_TYPE_MEMBER, NULL);
}

void
dis_member_to_buyer (const DisMember *member,
                     DisBuyer        *out_buyer)
{
  g_return_if_fail (DIS_IS_MEMBER ((DisMember *) member));
  g_return_if_fail (out_buyer != NULL);

  memset (out_buyer, 0, sizeof *out_buyer);
  out_buyer->is_member = TRUE;
  out_buyer->status = member->status;
  out_buyer->registered_julian = member->registered_julian;
  /* With verdicts the volume is the hub's business, not this point's. */
  if (!member->has_verdicts)
    out_buyer->volume_12m_cents = member->volume_12m_cents + member->volume_unsynced_cents;
  out_buyer->documentation_acknowledged = member->documentation_acknowledged;
  out_buyer->has_declaration = member->has_declaration;
  out_buyer->basis = member->basis;
  out_buyer->basis_expires_julian = member->basis_expires_julian;
  out_buyer->activity_score = member->activity_score;
  out_buyer->preferred_tier = member->preferred_tier;

  out_buyer->has_verdicts = member->has_verdicts;
  if (member->has_verdicts)
    {
      DisVerdict *impegno = &out_buyer->verdict[DIS_TIER_IMPEGNO];
      DisVerdict *accessibile = &out_buyer->verdict[DIS_TIER_ACCESSIBILE];

      memcpy (out_buyer->verdict, member->verdict, sizeof out_buyer->verdict);
      if (member->documentation_acknowledged)
        impegno->missing &= ~(1u << DIS_CRITERION_DOCUMENTATION);
      if (member->has_declaration)
        impegno->missing &= ~(1u << DIS_CRITERION_DECLARATION);
      /* Kept only while its event waits to reach the hub. */
      if (member->basis == DIS_BASIS_PROVISIONAL && accessibile->missing != 0 &&
          member->status == DIS_MEMBER_PENDING)
        *accessibile = (DisVerdict) { 0, member->basis_expires_julian };
    }
}
