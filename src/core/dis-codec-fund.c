/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-codec"

#include "config.h"

#include <string.h>

#include "dis-codec-private.h"
#include "dis-date.h"

/* The published figures of a fund period (WAVE3 item 6): what the hub
 * puts in a "fund_period" change and what GET /api/v1/transparency
 * answers. The point only reads them. */

/* ---- Cells ------------------------------------------------------------------ */

#define CELL_NUMBER(name, m, bit, max) \
  F_INT_BIT (DisCodecFundCell, name, m, 0, -(max), max, present, bit)

static gboolean
check_cell (gconstpointer   base,
            const DisPath  *path,
            GError        **error)
{
  const DisCodecFundCell *cell = base;
  const guint32 all = DIS_CODEC_CELL_SALES | DIS_CODEC_CELL_GROSS | DIS_CODEC_CELL_EQUA | DIS_CODEC_CELL_DELTA;

  /* A suppressed number is never published, not even as 0. */
  if (cell->suppressed && cell->present != 0)
    return _dis_codec_fail (error, path, NULL, "a suppressed cell has null numbers");
  if (!cell->suppressed && cell->present != all)
    return _dis_codec_fail (error, path, NULL, "a cell that is not suppressed has all four numbers");
  return TRUE;
}

static const DisField cell_fields[] = {
  F_ENUM_IF (DisCodecFundCell, "tier", tier, _dis_codec_tier, has_tier),
  F_INT_BIT (DisCodecFundCell, "sales", sales, 0, -DIS_CODEC_FUND_SALES_MAX, DIS_CODEC_FUND_SALES_MAX,
             present, DIS_CODEC_CELL_SALES),
  CELL_NUMBER ("gross_cents", gross_cents, DIS_CODEC_CELL_GROSS, DIS_CODEC_FUND_CENTS_MAX),
  CELL_NUMBER ("equa_cents", equa_cents, DIS_CODEC_CELL_EQUA, DIS_CODEC_FUND_CENTS_MAX),
  CELL_NUMBER ("delta_cents", delta_cents, DIS_CODEC_CELL_DELTA, 2 * DIS_CODEC_FUND_CENTS_MAX),
  F_BOOL (DisCodecFundCell, "suppressed", suppressed, DIS_FIELD_OPTIONAL),
};
static const DisSchema cell_schema = DIS_SCHEMA (cell_fields, DisCodecFundCell, check_cell);

/* Four cells, one per tier, in tier order. */
static gboolean
check_tiers (const GArray   *tiers,
             const DisPath  *path,
             GError        **error)
{
  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    {
      const DisCodecFundCell *cell = &g_array_index (tiers, DisCodecFundCell, i);

      if (!cell->has_tier || cell->tier != (DisTier) i)
        return _dis_codec_fail (error, path, "tiers", "must be the four tiers in order");
    }
  return TRUE;
}

/* ---- Network and points ------------------------------------------------------ */

static const DisField network_fields[] = {
  F_ARRAY (DisCodecFundDocument, "tiers", network_tiers, cell_schema, DIS_N_TIERS, DIS_N_TIERS),
  F_STRUCT (DisCodecFundDocument, "total", network_total, cell_schema),
};

static gboolean
check_network (gconstpointer   base,
               const DisPath  *path,
               GError        **error)
{
  return check_tiers (((const DisCodecFundDocument *) base)->network_tiers, path, error);
}

static const DisSchema network_schema = DIS_SCHEMA (network_fields, DisCodecFundDocument, check_network);

static gboolean
check_point (gconstpointer   base,
             const DisPath  *path,
             GError        **error)
{
  return check_tiers (((const DisCodecFundPoint *) base)->tiers, path, error);
}

static const DisField point_fields[] = {
  F_STRING (CODE, DisCodecFundPoint, "code", code, 0),
  F_TEXT (DisCodecFundPoint, "name", name, 0, DIS_CODEC_NAME_MAX),
  F_ARRAY (DisCodecFundPoint, "tiers", tiers, cell_schema, DIS_N_TIERS, DIS_N_TIERS),
  F_STRUCT (DisCodecFundPoint, "total", total, cell_schema),
};
static const DisSchema point_schema = DIS_SCHEMA (point_fields, DisCodecFundPoint, check_point);

/* ---- The fund ---------------------------------------------------------------- */

#define FUND_CENTS(name, m, flags) \
  F_INT (DisCodecFund, name, m, flags, -DIS_CODEC_FUND_CENTS_MAX, DIS_CODEC_FUND_CENTS_MAX)

static const DisField claim_fields[] = {
  F_STRING (CODE, DisCodecFundClaim, "supplier", supplier, 0),
  F_INT (DisCodecFundClaim, "claim_cents", claim_cents, 0, -DIS_CODEC_FUND_CENTS_MAX, DIS_CODEC_FUND_CENTS_MAX),
  F_INT (DisCodecFundClaim, "allocated_cents", allocated_cents, 0,
         -DIS_CODEC_FUND_CENTS_MAX, DIS_CODEC_FUND_CENTS_MAX),
};
static const DisSchema claim_schema = DIS_SCHEMA (claim_fields, DisCodecFundClaim, NULL);

static const DisField fund_fields[] = {
  FUND_CENTS ("inflow_cents", inflow_cents, 0),
  FUND_CENTS ("carried_in_cents", carried_in_cents, 0),
  FUND_CENTS ("available_cents", available_cents, 0),
  F_ARRAY (DisCodecFund, "claims", claims, claim_schema, 0, DIS_CODEC_FUND_ROWS_MAX),
  FUND_CENTS ("carried_out_cents", carried_out_cents, 0),
  FUND_CENTS ("impegno_delta_cents", impegno_delta_cents, 0),
  F_INT (DisCodecFund, "late_sales", late_sales, DIS_FIELD_OPTIONAL, 0, DIS_CODEC_FUND_SALES_MAX),
  FUND_CENTS ("flagged_excluded_cents", flagged_excluded_cents, DIS_FIELD_OPTIONAL),
  F_TEXT (DisCodecFund, "inputs_sha256", inputs_sha256, DIS_FIELD_OPTIONAL, 64),
  F_STRING (TIME, DisCodecFund, "closed_at", closed_at, DIS_FIELD_OPTIONAL),
};
static const DisSchema fund_schema = DIS_SCHEMA (fund_fields, DisCodecFund, NULL);

/* ---- The document ------------------------------------------------------------ */

static gboolean
check_document (gconstpointer   base,
                const DisPath  *path,
                GError        **error)
{
  const DisCodecFundDocument *document = base;

  if (!dis_date_is_period (document->period))
    return _dis_codec_fail (error, path, "period", "must be a month, YYYY-MM");
  return TRUE;
}

static const DisField document_fields[] = {
  F_TEXT (DisCodecFundDocument, "period", period, 0, 7),
  F_BOOL (DisCodecFundDocument, "closed", closed, 0),
  F_INT (DisCodecFundDocument, "min_cell", min_cell, DIS_FIELD_OPTIONAL, 0, DIS_CODEC_FUND_SALES_MAX),
  F_OBJECT_IF (DisCodecFundDocument, "network", network_schema, has_network),
  { "points", DIS_FIELD_ARRAY, DIS_FIELD_OPTIONAL, offsetof (DisCodecFundDocument, points), 0,
    DIS_CODEC_FUND_ROWS_MAX, NULL, &point_schema, -1, 0 },
  F_STRUCT_IF (DisCodecFundDocument, "fund", fund, fund_schema, has_fund),
};
static const DisSchema document_schema = DIS_SCHEMA (document_fields, DisCodecFundDocument, check_document);

/* The key of a "fund_period" change: the same two fields. */
static const DisField period_fields[] = {
  F_TEXT (DisCodecFundPeriod, "period", period, 0, 7),
  F_BOOL (DisCodecFundPeriod, "closed", closed, 0),
};

static gboolean
check_period (gconstpointer   base,
              const DisPath  *path,
              GError        **error)
{
  if (!dis_date_is_period (((const DisCodecFundPeriod *) base)->period))
    return _dis_codec_fail (error, path, "period", "must be a month, YYYY-MM");
  return TRUE;
}

static const DisSchema period_schema = DIS_SCHEMA (period_fields, DisCodecFundPeriod, check_period);

void
dis_codec_fund_document_clear (DisCodecFundDocument *document)
{
  if (document == NULL)
    return;
  for (guint i = 0; document->points != NULL && i < document->points->len; i++)
    g_clear_pointer (&g_array_index (document->points, DisCodecFundPoint, i).tiers, g_array_unref);
  g_clear_pointer (&document->points, g_array_unref);
  g_clear_pointer (&document->network_tiers, g_array_unref);
  g_clear_pointer (&document->fund.claims, g_array_unref);
}

gboolean
dis_codec_fund_document_decode (JsonObject            *data,
                                DisCodecFundDocument  *out,
                                GError               **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!_dis_codec_decode (&document_schema, data, out, NULL, error))
    {
      /* Half-read arrays go: the caller's clear sees none. */
      dis_codec_fund_document_clear (out);
      memset (out, 0, sizeof *out);
      return FALSE;
    }
  return TRUE;
}

/* ---- The change's data -------------------------------------------------------- */

static gboolean
check_size (JsonObject  *data,
            const char  *where,
            GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), data);
  gsize length = 0;

  g_free (dis_codec_to_text (node, &length));
  if (length > DIS_CODEC_FUND_PERIOD_MAX_BYTES)
    return _dis_codec_fail (error, NULL, where, "must be at most %d bytes", DIS_CODEC_FUND_PERIOD_MAX_BYTES);
  return TRUE;
}

gboolean
_dis_codec_fund_period_decode_at (JsonObject          *data,
                                  DisCodecFundPeriod  *out,
                                  const char          *where,
                                  GError             **error)
{
  DisPath path = { NULL, where, -1 };

  memset (out, 0, sizeof *out);
  if (!_dis_codec_decode (&period_schema, data, out, where != NULL ? &path : NULL, error) ||
      !check_size (data, where, error))
    return FALSE;
  out->document = data;
  return TRUE;
}

gboolean
dis_codec_fund_period_decode (JsonObject          *data,
                              DisCodecFundPeriod  *out,
                              GError             **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return _dis_codec_fund_period_decode_at (data, out, NULL, error);
}

JsonNode *
dis_codec_fund_period_to_node (const DisCodecFundPeriod  *fund_period,
                               GError                   **error)
{
  DisCodecFundPeriod document;

  g_return_val_if_fail (fund_period != NULL, NULL);
  g_return_val_if_fail (fund_period->document != NULL, NULL);

  if (!_dis_codec_check (&period_schema, fund_period, NULL, error) ||
      !_dis_codec_fund_period_decode_at (fund_period->document, &document, NULL, error))
    return NULL;
  if (!g_str_equal (document.period, fund_period->period) || document.closed != fund_period->closed)
    return _dis_codec_fail (error, NULL, "period", "the document is of another period"), NULL;
  return json_node_init_object (json_node_alloc (), fund_period->document);
}
