/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dis-codec.h"

G_BEGIN_DECLS

/* One period's published figures (WAVE3 item 6), as the Transparency page
 * shows them: a month the hub closed, from the changes feed, or this
 * month so far from the point's own ledger (network cells only, the
 * point's own sales; never suppressed). Immutable. */

#define DIS_TYPE_FUND_PERIOD (dis_fund_period_get_type ())
G_DECLARE_FINAL_TYPE (DisFundPeriod, dis_fund_period, DIS, FUND_PERIOD, GObject)

/* @document is read (a copy kept); @supplier_names (code → name, may be
 * NULL) is referenced. NULL with a DIS_CODEC_ERROR when the document is
 * not one. */
DisFundPeriod *dis_fund_period_new               (JsonNode       *document,
                                                  gboolean        from_ledger,
                                                  GHashTable     *supplier_names,
                                                  GError        **error);

const char    *dis_fund_period_get_period        (DisFundPeriod  *self);
gboolean       dis_fund_period_get_closed        (DisFundPeriod  *self);
/* TRUE for this month so far, from the point's own sales. */
gboolean       dis_fund_period_get_from_ledger   (DisFundPeriod  *self);
/* "novembre 2026" */
char          *dis_fund_period_dup_title         (DisFundPeriod  *self);
const DisCodecFundDocument *
               dis_fund_period_get_document      (DisFundPeriod  *self);
/* The supplier's name from the local catalog, else @code. */
const char    *dis_fund_period_get_supplier_name (DisFundPeriod  *self,
                                                  const char     *code);

G_END_DECLS
