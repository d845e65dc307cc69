/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-codec.h"
#include "dis-hub-db.h"
#include "dis-tier.h"

G_BEGIN_DECLS

/* The hub's prices of a sale's lines (issue 10): from its own catalog as
 * it was at the catalog version the till priced with, never from the
 * sale. A version is a seq of the changes feed; a product's history is
 * its rows there (index changes_key), the tier percentages' the
 * settings rows; an own product's, its point's declarations. */

typedef enum
{
  DIS_HUB_PRICE_CATALOG,     /* a product of the network's catalog */
  DIS_HUB_PRICE_OWN,         /* the selling point's own product, as it declared it */
  DIS_HUB_PRICE_OTHER_OWN,   /* another point's own product: @owner */
  DIS_HUB_PRICE_UNKNOWN,     /* the hub knows no such product */
  DIS_HUB_PRICE_BROKEN,      /* known, but cannot be priced: @problem */
} DisHubPriceSource;

typedef struct
{
  DisHubPriceSource source;
  gint64            prices[DIS_N_TIERS];
  char             *supplier;   /* NULL = none */
  gint64            vat;
  char             *owner;      /* OTHER_OWN */
  char             *problem;    /* BROKEN */
} DisHubPrice;

void     dis_hub_price_clear    (DisHubPrice *price);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisHubPrice, dis_hub_price_clear)

/* What pricing one batch of events learns, kept for the batch's other
 * sales (a batch of 200 sales names the same few hundred products again
 * and again): prices by version and product, tier percentages by
 * version, catalog versions by receipt time. Good for one transaction,
 * in which pushes never change the network's catalog or settings; a
 * product.declared applied in it calls dis_hub_price_cache_forget(). */
typedef struct _DisHubPriceCache DisHubPriceCache;

DisHubPriceCache *dis_hub_price_cache_new    (void);
void              dis_hub_price_cache_free   (DisHubPriceCache *cache);
/* Forgets every price: a point declared an own product. */
void              dis_hub_price_cache_forget (DisHubPriceCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisHubPriceCache, dis_hub_price_cache_free)

/* The version @sale is priced at. A sale that names one is priced at it,
 * or at the newest catalog version (the last product or settings change)
 * when it names one past the feed (*out_ahead). One that does not (a
 * till older than issue 10, or one that never pulled the feed) is priced
 * at the newest catalog version before its receipt time (*out_inferred);
 * when the hub had no catalog yet at that time, each product at its
 * first version (@out_version 0). */
gboolean dis_hub_prices_version (DisHubDb            *db,
                                 DisHubPriceCache    *cache,
                                 const DisCodecSale  *sale,
                                 gint64              *out_version,
                                 gboolean            *out_inferred,
                                 gboolean            *out_ahead,
                                 GError             **error);

/* The prices of product @code sold by @point at @version (0: each
 * product and setting at its first version). @cache may be NULL in this
 * and in dis_hub_prices_version(). */
gboolean dis_hub_prices_lookup  (DisHubDb          *db,
                                 DisHubPriceCache  *cache,
                                 const char        *point,
                                 const char        *code,
                                 gint64             version,
                                 DisHubPrice       *out,
                                 GError           **error);

/* Applies "product.declared" from @point: keeps the declaration, or
 * refuses it with *@out_code and *@out_message (FALSE, @error unset) when
 * the code is the network catalog's or another point's, the supplier is
 * unknown or the prices fall out of order. */
gboolean dis_hub_prices_declare (DisHubDb               *db,
                                 const char             *point,
                                 const char             *event_id,
                                 const char             *at,
                                 const DisCodecProduct  *product,
                                 const char            **out_code,
                                 char                  **out_message,
                                 GError                **error);

G_END_DECLS
