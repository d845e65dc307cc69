/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dis-sale.h"
#include "dis-tier.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 n_sales;          /* sales (refunds not counted) */
  gint64 gross;            /* Σ totals, refunds included (negative) */
  gint64 tier_delta;
} DisDayTierRow;

typedef struct
{
  gint64      day_id;
  char       *business_date;      /* "YYYY-MM-DD" */
  GDateTime  *opened_at;
  GDateTime  *closed_at;          /* NULL while open */
  char       *opened_by;
  char       *closed_by;
  gint64      opening_float;
  gint64      cash_sales;         /* Σ cash payments of sales */
  gint64      cash_refunds;       /* Σ |cash payments| of refunds */
  gint64      expected_cash;      /* float + cash sales − cash refunds */
  gboolean    has_counted;
  gint64      counted_cash;
  gint64      difference;         /* counted − expected */
  gint64      n_sales;
  gint64      n_refunds;
  gint64      gross;              /* Σ totals */
  DisDayTierRow by_tier[DIS_N_TIERS];
  gint64      by_payment[3];      /* indexed by DisPaymentMethod, net of refunds */
  GArray     *by_vat;             /* DisVatRow, sorted by rate */
  gint64      pending_events;     /* outbox rows not yet synced */
} DisDayReport;

void dis_day_report_free (DisDayReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisDayReport, dis_day_report_free)

G_END_DECLS
