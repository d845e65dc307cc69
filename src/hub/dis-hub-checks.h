/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-codec.h"
#include "dis-hub-db.h"
#include "dis-hub-json.h"
#include "dis-sale.h"

G_BEGIN_DECLS

/* The hub's own checks of a sale or refund from @point, before it is
 * stored (issue 10; README-api.md, "Checks"):
 *
 * - a refund must refund a sale the hub knows (refund_unknown_sale), of
 *   @point unless the setting refunds.cross_point allows any point
 *   (refund_wrong_point), at the original's tier, each line a line of the
 *   original with the same product and prices (refund_mismatch), never
 *   more than that line sold minus what earlier refunds took
 *   (refund_exceeds_sale);
 * - a sale below Equa is re-checked with dis_eligibility_evaluate() at the
 *   sale's date, from the hub's registry and rules and the member's
 *   12-month volume of every point's sales before it; a sale that does not
 *   check out is kept, and the reason appended to @reasons.
 *
 * TRUE: the sale may be stored (perhaps with reasons). FALSE with r->code
 * set: rejected. FALSE with @error: database failure. */
gboolean dis_hub_checks_sale (DisHubDb            *db,
                              const char          *point,
                              const DisCodecSale  *sale,
                              DisHubReject        *r,
                              GString             *reasons,
                              GError             **error);

/* Whether @card_code's member (NULL: an anonymous buyer) may buy at
 * @tier at the time @at (ISO 8601), by the till's rules from the hub's
 * registry and the member's volume before @at: TRUE with *@out_reason
 * NULL when they may, or the translated reason why not. FALSE: database
 * failure. */
gboolean dis_hub_checks_tier     (DisHubDb                *db,
                                  const char              *card_code,
                                  DisTier                  tier,
                                  const char              *at,
                                  char                   **out_reason,
                                  GError                 **error);

/* One line of a sale as the hub stored it: the product and prices the
 * till knows it by (a refund names it so), the hub's own figures of it
 * in @line with what earlier refunds took of it (refunded_*). */
typedef struct
{
  char        *product_code;
  gint64       point_unit_price;
  gint64       point_unit_price_equa;
  DisSaleLine  line;            /* only the figures and refunded_* are set */
  char        *supplier_code;   /* NULL = none */
} DisHubSoldLine;

gboolean dis_hub_sold_line_read  (DisHubDb                *db,
                                  const char              *sale_id,
                                  gint64                   line_no,
                                  DisHubSoldLine          *out,
                                  gboolean                *out_found,
                                  GError                 **error);
/* Whether @line of a refund names @sold: same product, same prices. */
gboolean dis_hub_sold_line_is    (const DisHubSoldLine    *sold,
                                  const DisCodecSaleLine  *line);
void     dis_hub_sold_line_clear (DisHubSoldLine          *line);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisHubSoldLine, dis_hub_sold_line_clear)

/* The network's Impegno rules, from the hub's settings. */
gboolean dis_hub_checks_read_rules (DisHubDb             *db,
                                    DisEligibilityRules  *out,
                                    GError              **error);
/* @card_code's member as the registry knew them on @day (what was
 * acknowledged, declared or verified later did not count yet), with the
 * volume of their sales from twelve months before @day up to, not
 * including, the time @before; an anonymous buyer when @card_code is NULL
 * or unknown. */
gboolean dis_hub_checks_read_buyer (DisHubDb             *db,
                                    const char           *card_code,
                                    guint32               day,
                                    const char           *before,
                                    DisBuyer             *out,
                                    GError              **error);

G_END_DECLS
