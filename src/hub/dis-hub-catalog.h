/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-codec.h"
#include "dis-hub-db.h"
#include "dis-tier.h"

G_BEGIN_DECLS

/* Validates every row of a catalog (basket) file, JSON (an array in the
 * format of data/demo/basket.json) or CSV (a header row naming the same
 * fields), and imports it in one transaction only when every row is valid
 * and no EAN or scale code would belong to two products of the whole
 * catalog (products of the file may swap theirs).
 * Row errors are appended to @row_errors as "row N: field: message" and
 * the function returns FALSE with a summary in @error. */
gboolean dis_hub_catalog_import_file (DisHubDb    *db,
                                      const char  *path,
                                      GPtrArray   *row_errors,
                                      guint       *out_n_rows,
                                      guint       *out_n_changed,
                                      GError     **error);

/* Every product's prices under the network percentages @percents, its
 * overrides included: FALSE naming the products (code and reason) whose
 * prices would fall out of order. */
gboolean dis_hub_catalog_check_percents (DisHubDb               *db,
                                         const DisTierPercents  *percents,
                                         GError                **error);

/* @product's four prices under the network percentages @percents and its
 * own overrides; FALSE when they fall out of order. */
gboolean dis_hub_catalog_product_prices (const DisCodecProduct  *product,
                                         const DisTierPercents  *percents,
                                         gint64                  prices[DIS_N_TIERS],
                                         GError                **error);

/* The same, for an already parsed JSON array, in the caller's transaction. */
gboolean dis_hub_catalog_import_json (DisHubDb    *db,
                                      JsonNode    *root,
                                      GPtrArray   *row_errors,
                                      guint       *out_n_rows,
                                      guint       *out_n_changed,
                                      GError     **error);

/* suppliers.json: [{"code", "name"}], in the caller's transaction. */
gboolean dis_hub_suppliers_load      (DisHubDb    *db,
                                      JsonNode    *root,
                                      guint       *out_n_changed,
                                      GError     **error);

/* The name and unit code ("piece", "kg", "l") of product @code as the
 * catalog, or else @point's own product declaration (@point may be NULL),
 * says; the code itself and "piece" when neither can. */
gboolean dis_hub_catalog_describe    (DisHubDb    *db,
                                      const char  *code,
                                      const char  *point,
                                      char       **out_name,
                                      char       **out_unit,
                                      GError     **error);

/* Loads settings.json, suppliers.json, points.json and basket.json from
 * @dir in one transaction. */
gboolean dis_hub_demo_load           (DisHubDb    *db,
                                      const char  *dir,
                                      GPtrArray   *row_errors,
                                      GError     **error);

G_END_DECLS
