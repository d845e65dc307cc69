/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-fund"

#include "config.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "dis-hub-fund.h"
#include "dis-hub-members.h"

/* The fund's arithmetic, with no database: what a closed period's
 * frozen inputs are recomputed with, and what the vectors test. */

static void
claim_clear (gpointer data)
{
  DisHubFundClaim *claim = data;

  g_free (claim->supplier);
}

DisHubFund *
dis_hub_fund_new (const char *period)
{
  DisHubFund *fund = g_new0 (DisHubFund, 1);

  g_return_val_if_fail (period != NULL, NULL);

  fund->period = g_strdup (period);
  fund->claims = g_array_new (FALSE, TRUE, sizeof (DisHubFundClaim));
  g_array_set_clear_func (fund->claims, claim_clear);
  return fund;
}

void
dis_hub_fund_free (DisHubFund *fund)
{
  if (fund == NULL)
    return;
  g_free (fund->period);
  g_array_unref (fund->claims);
  g_free (fund);
}

void
dis_hub_fund_add_claim (DisHubFund *fund,
                        const char *supplier,
                        gint64      claim_cents,
                        gint64      owed_cents)
{
  DisHubFundClaim added = { 0, };
  guint i;

  g_return_if_fail (fund != NULL && supplier != NULL);

  /* Kept in supplier order: the canonical text and the ties need it. */
  for (i = 0; i < fund->claims->len; i++)
    {
      DisHubFundClaim *claim = &g_array_index (fund->claims, DisHubFundClaim, i);
      int cmp = strcmp (claim->supplier, supplier);

      if (cmp == 0)
        {
          claim->claim_cents += claim_cents;
          claim->owed_cents += owed_cents;
          return;
        }
      if (cmp > 0)
        break;
    }
  added.supplier = g_strdup (supplier);
  added.claim_cents = claim_cents;
  added.owed_cents = owed_cents;
  g_array_insert_val (fund->claims, i, added);
}

/* a × b / t and its remainder, exactly, for 0 ≤ a ≤ t, 0 ≤ b ≤ t and
 * t > 0: the product may need 126 bits, so it is divided bit by bit. */
static void
mul_div (guint64  a,
         guint64  b,
         guint64  t,
         guint64 *out_quotient,
         guint64 *out_remainder)
{
  guint64 a_lo = a & 0xffffffffu, a_hi = a >> 32, b_lo = b & 0xffffffffu, b_hi = b >> 32;
  guint64 lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo, lo_hi = a_lo * b_hi, hi_hi = a_hi * b_hi;
  guint64 cross = (lo_lo >> 32) + (hi_lo & 0xffffffffu) + lo_hi;
  guint64 high = hi_hi + (hi_lo >> 32) + (cross >> 32);
  guint64 low = (cross << 32) | (lo_lo & 0xffffffffu);
  guint64 quotient = 0, remainder = 0;

  g_assert (t > 0 && t <= G_MAXINT64);
  for (int bit = 127; bit >= 0; bit--)
    {
      guint64 word = bit >= 64 ? high : low;

      /* t < 2^63, so remainder << 1 fits. */
      remainder = (remainder << 1) | ((word >> (bit & 63)) & 1);
      if (remainder >= t)
        {
          remainder -= t;
          if (bit < 64)
            quotient |= G_GUINT64_CONSTANT (1) << bit;
        }
    }
  *out_quotient = quotient;
  *out_remainder = remainder;
}

void
dis_hub_fund_share (const DisHubFund      *fund,
                    const DisHubFundClaim *claim,
                    gint64                *out_floor,
                    gint64                *out_remainder)
{
  guint64 q = 0, r = 0;

  g_return_if_fail (fund != NULL && claim != NULL);

  if (fund->pro_rata && claim->net_cents > 0 && fund->available_cents > 0)
    mul_div ((guint64) claim->net_cents, (guint64) fund->available_cents,
             (guint64) fund->total_claims_cents, &q, &r);
  *out_floor = (gint64) q;
  *out_remainder = (gint64) r;
}

typedef struct
{
  guint   index;
  gint64  remainder;
  const char *supplier;
} Share;

static int
share_compare (gconstpointer a,
               gconstpointer b)
{
  const Share *x = a, *y = b;

  /* Largest remainder first; ties by supplier code. */
  if (x->remainder != y->remainder)
    return x->remainder > y->remainder ? -1 : 1;
  return strcmp (x->supplier, y->supplier);
}

void
dis_hub_fund_compute (DisHubFund *fund)
{
  g_autofree Share *shares = NULL;
  gint64 paid = 0;
  guint n_shares = 0;

  g_return_if_fail (fund != NULL);

  fund->available_cents = fund->carried_in_cents + fund->inflow_cents;
  fund->total_claims_cents = 0;
  for (guint i = 0; i < fund->claims->len; i++)
    {
      DisHubFundClaim *claim = &g_array_index (fund->claims, DisHubFundClaim, i);

      claim->net_cents = claim->claim_cents + claim->owed_cents;
      claim->allocated_cents = 0;
      if (claim->net_cents > 0)
        fund->total_claims_cents += claim->net_cents;
    }

  /* A fund in debt pays nothing and carries its debt. */
  fund->pro_rata = fund->available_cents > 0 && fund->available_cents < fund->total_claims_cents;
  if (fund->available_cents <= 0 || fund->total_claims_cents == 0)
    {
      fund->carried_out_cents = fund->available_cents;
      return;
    }
  if (!fund->pro_rata)
    {
      for (guint i = 0; i < fund->claims->len; i++)
        {
          DisHubFundClaim *claim = &g_array_index (fund->claims, DisHubFundClaim, i);

          claim->allocated_cents = MAX (claim->net_cents, 0);
        }
      fund->carried_out_cents = fund->available_cents - fund->total_claims_cents;
      return;
    }

  shares = g_new0 (Share, fund->claims->len);
  for (guint i = 0; i < fund->claims->len; i++)
    {
      DisHubFundClaim *claim = &g_array_index (fund->claims, DisHubFundClaim, i);
      gint64 floor, remainder;

      if (claim->net_cents <= 0)
        continue;
      dis_hub_fund_share (fund, claim, &floor, &remainder);
      claim->allocated_cents = floor;
      paid += floor;
      shares[n_shares++] = (Share) { i, remainder, claim->supplier };
    }
  qsort (shares, n_shares, sizeof (Share), share_compare);
  /* Fewer leftover cents than claims: each floor lost less than one. */
  g_assert (fund->available_cents - paid < (gint64) n_shares + 1);
  for (guint k = 0; paid < fund->available_cents; k++, paid++)
    g_array_index (fund->claims, DisHubFundClaim, shares[k].index).allocated_cents++;
  fund->carried_out_cents = 0;
}

/* ---- Canonical text ----------------------------------------------------------- */

#define INPUTS_HEADER "disotto-fund-inputs 1"

char *
dis_hub_fund_inputs_to_text (DisHubFund *fund)
{
  GString *text = g_string_new (INPUTS_HEADER "\n");

  g_return_val_if_fail (fund != NULL, NULL);

  g_string_append_printf (text, "period %s\n", fund->period);
  g_string_append_printf (text, "carried_in_cents %" G_GINT64_FORMAT "\n", fund->carried_in_cents);
  g_string_append_printf (text, "inflow_cents %" G_GINT64_FORMAT "\n", fund->inflow_cents);
  g_string_append_printf (text, "impegno_delta_cents %" G_GINT64_FORMAT "\n", fund->impegno_delta_cents);
  g_string_append_printf (text, "late_sales %" G_GINT64_FORMAT "\n", fund->late_sales);
  for (guint i = 0; i < fund->claims->len; i++)
    {
      const DisHubFundClaim *claim = &g_array_index (fund->claims, DisHubFundClaim, i);

      g_string_append_printf (text, "claim %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                              claim->supplier, claim->claim_cents, claim->owed_cents);
    }
  return g_string_free (text, FALSE);
}

static gboolean
parse_int (const char  *text,
           gint64      *out,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, &local_error))
    return TRUE;
  g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "fund inputs: %s", local_error->message);
  return FALSE;
}

DisHubFund *
dis_hub_fund_inputs_from_text (const char  *text,
                               GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(DisHubFund) fund = NULL;
  gint64 *scalars[4];
  const char *names[] = { "carried_in_cents", "inflow_cents", "impegno_delta_cents", "late_sales" };
  int index;

  g_return_val_if_fail (text != NULL, NULL);

  lines = g_strsplit (text, "\n", -1);
  if (g_strv_length (lines) < 7 || !g_str_equal (lines[0], INPUTS_HEADER) ||
      !g_str_has_prefix (lines[1], "period ") || !dis_hub_fund_period_parse (lines[1] + 7, &index))
    goto bad;
  fund = dis_hub_fund_new (lines[1] + 7);
  scalars[0] = &fund->carried_in_cents;
  scalars[1] = &fund->inflow_cents;
  scalars[2] = &fund->impegno_delta_cents;
  scalars[3] = &fund->late_sales;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[2 + i], " ", -1);

      if (g_strv_length (words) != 2 || !g_str_equal (words[0], names[i]))
        goto bad;
      if (!parse_int (words[1], scalars[i], error))
        return NULL;
    }
  for (guint i = 6; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);
      gint64 claim, owed;

      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      if (g_strv_length (words) != 4 || !g_str_equal (words[0], "claim") || words[1][0] == '\0')
        goto bad;
      if (!parse_int (words[2], &claim, error) || !parse_int (words[3], &owed, error))
        return NULL;
      dis_hub_fund_add_claim (fund, words[1], claim, owed);
    }
  /* Only the canonical form is accepted, so its hash is the one hash. */
  {
    g_autofree char *again = dis_hub_fund_inputs_to_text (fund);

    if (!g_str_equal (again, text))
      goto bad;
  }
  return g_steal_pointer (&fund);

bad:
  g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "fund inputs are not in the canonical form");
  return NULL;
}

char *
dis_hub_fund_sha256 (const char *text)
{
  return dis_hub_hash_token (text);
}

JsonNode *
dis_hub_fund_to_json (DisHubFund *fund)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) claims = json_array_new ();
  g_autofree char *text = dis_hub_fund_inputs_to_text (fund);
  g_autofree char *sha = dis_hub_fund_sha256 (text);

  for (guint i = 0; i < fund->claims->len; i++)
    {
      const DisHubFundClaim *claim = &g_array_index (fund->claims, DisHubFundClaim, i);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "supplier", claim->supplier);
      json_object_set_int_member (entry, "claim_cents", claim->net_cents);
      json_object_set_int_member (entry, "allocated_cents", claim->allocated_cents);
      json_array_add_object_element (claims, entry);
    }
  json_object_set_string_member (object, "period", fund->period);
  json_object_set_int_member (object, "inflow_cents", fund->inflow_cents);
  json_object_set_int_member (object, "carried_in_cents", fund->carried_in_cents);
  json_object_set_int_member (object, "available_cents", fund->available_cents);
  json_object_set_array_member (object, "claims", g_steal_pointer (&claims));
  json_object_set_int_member (object, "carried_out_cents", fund->carried_out_cents);
  json_object_set_int_member (object, "impegno_delta_cents", fund->impegno_delta_cents);
  json_object_set_int_member (object, "late_sales", fund->late_sales);
  json_object_set_int_member (object, "flagged_excluded_cents", fund->flagged_excluded_cents);
  json_object_set_string_member (object, "inputs_sha256", sha);
  return json_node_init_object (json_node_alloc (), object);
}

/* ---- Periods ----------------------------------------------------------------- */

gboolean
dis_hub_fund_period_parse (const char *text,
                           gint       *out_index)
{
  guint64 year, month;

  if (text == NULL || strlen (text) != 7 || text[4] != '-' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[5]) || !g_ascii_isdigit (text[6]))
    return FALSE;
  {
    char y[5] = { text[0], text[1], text[2], text[3], '\0' };
    char m[3] = { text[5], text[6], '\0' };

    if (!g_ascii_string_to_unsigned (y, 10, 1, 9999, &year, NULL) ||
        !g_ascii_string_to_unsigned (m, 10, 1, 12, &month, NULL))
      return FALSE;
  }
  *out_index = (gint) (year * 12 + month - 1);
  return TRUE;
}

char *
dis_hub_fund_period_format (gint index)
{
  return g_strdup_printf ("%04d-%02d", index / 12, index % 12 + 1);
}

char *
dis_hub_fund_period_of (const char  *created_at,
                        gint64       months,
                        GError     **error)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  gint index;

  g_return_val_if_fail (created_at != NULL && months >= 1, NULL);

  utc = g_date_time_new_from_iso8601 (created_at, NULL);
  if (utc == NULL)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "“%s” is not a date and time", created_at);
      return NULL;
    }
  tz = dis_hub_network_time_zone ();
  local = g_date_time_to_timezone (utc, tz);
  index = g_date_time_get_year (local) * 12 + g_date_time_get_month (local) - 1;
  return dis_hub_fund_period_format (index - index % (gint) months);
}
