/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-prices"

#include "config.h"

#include <string.h>

#include "dis-hub-catalog.h"
#include "dis-hub-json.h"
#include "dis-hub-prices.h"
#include "dis-hub-settings.h"

/* Every product upsert and every settings change is a row of the changes
 * table, with its seq, and no such row is ever deleted: the catalog at
 * version V is, for each product, its last row with seq ≤ V. */

void
dis_hub_price_clear (DisHubPrice *price)
{
  g_clear_pointer (&price->supplier, g_free);
  g_clear_pointer (&price->owner, g_free);
  g_clear_pointer (&price->problem, g_free);
}

/* ---- The batch's cache ------------------------------------------------ */

struct _DisHubPriceCache
{
  GHashTable *prices;     /* "version\tpoint\tcode" → DisHubPrice */
  GHashTable *percents;   /* gint64 version → DisTierPercents */
  GHashTable *versions;   /* a sale's created_at → gint64 version */
  GArray     *catalog;    /* CatalogTime, once read */
};

/* A product or settings change: when the catalog got a new version. */
typedef struct
{
  gint64 seq;
  char   at[20];          /* its first 19 characters */
} CatalogTime;

static void
price_free (gpointer data)
{
  dis_hub_price_clear (data);
  g_free (data);
}

DisHubPriceCache *
dis_hub_price_cache_new (void)
{
  DisHubPriceCache *cache = g_new0 (DisHubPriceCache, 1);

  cache->prices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, price_free);
  cache->percents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  cache->versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return cache;
}

void
dis_hub_price_cache_free (DisHubPriceCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->prices);
  g_hash_table_unref (cache->percents);
  g_hash_table_unref (cache->versions);
  g_clear_pointer (&cache->catalog, g_array_unref);
  g_free (cache);
}

void
dis_hub_price_cache_forget (DisHubPriceCache *cache)
{
  g_return_if_fail (cache != NULL);

  g_hash_table_remove_all (cache->prices);
}

static void
price_copy (const DisHubPrice *from,
            DisHubPrice       *to)
{
  *to = *from;
  to->supplier = g_strdup (from->supplier);
  to->owner = g_strdup (from->owner);
  to->problem = g_strdup (from->problem);
}

/* The newest seq of the feed, at or before @before (UTC, to the second)
 * when given; only of the rows that make the catalog (products and
 * settings) when @catalog: other points' stock snapshots and the like
 * move the feed on, not the prices. */
static gboolean
newest_seq (DisHubDb    *db,
            const char  *before,
            gboolean     catalog,
            gint64      *out,
            GError     **error)
{
  static const char *sql[2][2] = {
    { "SELECT coalesce (max (seq), 0) FROM changes",
      "SELECT coalesce (max (seq), 0) FROM changes WHERE substr (at, 1, 19) <= ?1" },
    { "SELECT coalesce (max (seq), 0) FROM changes WHERE kind IN ('product', 'settings')",
      "SELECT coalesce (max (seq), 0) FROM changes WHERE kind IN ('product', 'settings')"
      " AND substr (at, 1, 19) <= ?1" },
  };
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  /* The hub writes `at` in UTC, "YYYY-MM-DDTHH:MM:SS[.ffffff]Z": to the
   * second, its first 19 characters sort as the time. */
  stmt = dis_hub_db_prepare_cached (db, sql[catalog != FALSE][before != NULL], error);
  if (stmt == NULL)
    return FALSE;
  if (before != NULL)
    dis_hub_stmt_bind_text (stmt, 1, before);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  *out = has_row ? dis_hub_stmt_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* The times of the catalog's versions, read once for @cache's batch:
 * no push writes a product or settings change. */
static gboolean
catalog_times (DisHubDb          *db,
               DisHubPriceCache  *cache,
               GError           **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GArray) times = NULL;
  gboolean has_row;

  if (cache->catalog != NULL)
    return TRUE;
  stmt = dis_hub_db_prepare_cached (db, "SELECT seq, substr (at, 1, 19) FROM changes"
                                        " WHERE kind IN ('product', 'settings')", error);
  if (stmt == NULL)
    return FALSE;
  times = g_array_new (FALSE, TRUE, sizeof (CatalogTime));
  for (;;)
    {
      CatalogTime time = { 0, };

      if (!dis_hub_db_step (db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      time.seq = dis_hub_stmt_column_int64 (stmt, 0);
      g_strlcpy (time.at, dis_hub_stmt_column_text (stmt, 1), sizeof time.at);
      g_array_append_val (times, time);
    }
  cache->catalog = g_steal_pointer (&times);
  return TRUE;
}

/* The newest catalog version before the receipt time @created_at: the
 * query of newest_seq (), on the times in @cache when there is one. */
static gboolean
version_before (DisHubDb          *db,
                DisHubPriceCache  *cache,
                const char        *created_at,
                gint64            *out_version,
                GError           **error)
{
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *before = NULL;

  /* The codec checked the time's form; a time GLib cannot place still
   * gets the hub's first catalog rather than none. */
  created = g_date_time_new_from_iso8601 (created_at, NULL);
  if (created == NULL)
    {
      *out_version = 0;
      return TRUE;
    }
  utc = g_date_time_to_utc (created);
  before = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  if (cache == NULL)
    return newest_seq (db, before, TRUE, out_version, error);
  if (!catalog_times (db, cache, error))
    return FALSE;
  *out_version = 0;
  for (guint i = 0; i < cache->catalog->len; i++)
    {
      const CatalogTime *time = &g_array_index (cache->catalog, CatalogTime, i);

      if (strcmp (time->at, before) <= 0 && time->seq > *out_version)
        *out_version = time->seq;
    }
  return TRUE;
}

gboolean
dis_hub_prices_version (DisHubDb            *db,
                        DisHubPriceCache    *cache,
                        const DisCodecSale  *sale,
                        gint64              *out_version,
                        gboolean            *out_inferred,
                        gboolean            *out_ahead,
                        GError             **error)
{
  gint64 newest, *known;

  g_return_val_if_fail (db != NULL && sale != NULL, FALSE);

  *out_inferred = !sale->has_catalog_version;
  *out_ahead = FALSE;
  if (!newest_seq (db, NULL, FALSE, &newest, error))
    return FALSE;
  /* A cursor the hub reached is priced as it is; one ahead of the feed,
   * at the newest catalog. */
  if (sale->has_catalog_version)
    {
      *out_ahead = sale->catalog_version > newest;
      if (!*out_ahead)
        *out_version = sale->catalog_version;
      return *out_ahead ? newest_seq (db, NULL, TRUE, out_version, error) : TRUE;
    }

  /* Only product and settings rows count, which no push writes: what
   * the batch found for one receipt time holds for the whole batch. */
  known = cache != NULL ? g_hash_table_lookup (cache->versions, sale->created_at) : NULL;
  if (known != NULL)
    {
      *out_version = *known;
      return TRUE;
    }
  if (!version_before (db, cache, sale->created_at, out_version, error))
    return FALSE;
  if (cache != NULL)
    g_hash_table_insert (cache->versions, g_strdup (sale->created_at), g_memdup2 (out_version, sizeof *out_version));
  return TRUE;
}

/* The data of the last row of (@kind, @key) at @version, or of its first
 * row when @version is 0; NULL in *out_data without one. */
static gboolean
history_row (DisHubDb    *db,
             const char  *kind,
             const char  *key,
             gint64       version,
             gboolean    *out_upsert,
             JsonNode   **out_data,
             GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *what = NULL;
  gboolean has_row;

  *out_data = NULL;
  stmt = dis_hub_db_prepare_cached (db,
                                    version > 0
                                      ? "SELECT op, data, seq FROM changes WHERE kind = ?1 AND key = ?2 AND seq <= ?3"
                                        " ORDER BY seq DESC LIMIT 1"
                                      : "SELECT op, data, seq FROM changes WHERE kind = ?1 AND key = ?2"
                                        " ORDER BY seq LIMIT 1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, kind);
  dis_hub_stmt_bind_text (stmt, 2, key);
  if (version > 0)
    dis_hub_stmt_bind_int64 (stmt, 3, version);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;
  *out_upsert = g_strcmp0 (dis_hub_stmt_column_text (stmt, 0), "upsert") == 0;
  what = g_strdup_printf ("changes seq=%" G_GINT64_FORMAT, (gint64) dis_hub_stmt_column_int64 (stmt, 2));
  *out_data = dis_hub_json_parse_stored (dis_hub_stmt_column_text (stmt, 1), -1, what, error);
  return *out_data != NULL;
}

static gint32
default_bp (const char *key)
{
  const DisHubSetting *setting = dis_hub_setting_lookup (key);

  g_assert (setting != NULL);
  return (gint32) setting->default_value;
}

/* The network's tier percentages at @version. */
static gboolean
read_percents_at (DisHubDb         *db,
                  gint64            version,
                  DisTierPercents  *out,
                  GError          **error)
{
  const char *settings = dis_codec_change_kind_to_string (DIS_CODEC_CHANGE_SETTINGS);
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) local_error = NULL;
  DisCodecSettings values;
  gboolean upsert = FALSE;

  out->accessibile_bp = default_bp ("tier.accessibile_bp");
  out->impegno_bp = default_bp ("tier.impegno_bp");
  out->solidale_bp = default_bp ("tier.solidale_bp");
  if (!history_row (db, settings, settings, version, &upsert, &data, error))
    return FALSE;
  if (data == NULL || !upsert)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (data) ||
      !dis_codec_settings_decode (json_node_get_object (data), &values, &local_error))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB, "stored settings cannot be read: %s",
                   local_error != NULL ? local_error->message : "not an object");
      return FALSE;
    }
#define TAKE(s, field) \
  if (values.present & (1u << DIS_CODEC_SETTING_ ## s)) \
    out->field = (gint32) values.value[DIS_CODEC_SETTING_ ## s]
  TAKE (ACCESSIBILE_BP, accessibile_bp);
  TAKE (IMPEGNO_BP, impegno_bp);
  TAKE (SOLIDALE_BP, solidale_bp);
#undef TAKE
  return TRUE;
}

static gboolean
percents_at (DisHubDb          *db,
             DisHubPriceCache  *cache,
             gint64             version,
             DisTierPercents   *out,
             GError           **error)
{
  DisTierPercents *known = cache != NULL ? g_hash_table_lookup (cache->percents, &version) : NULL;

  if (known != NULL)
    {
      *out = *known;
      return TRUE;
    }
  if (!read_percents_at (db, version, out, error))
    return FALSE;
  if (cache != NULL)
    g_hash_table_insert (cache->percents, g_memdup2 (&version, sizeof version), g_memdup2 (out, sizeof *out));
  return TRUE;
}

/* @data, a stored product row, priced at @version into @out. */
static gboolean
price_row (DisHubDb          *db,
           DisHubPriceCache  *cache,
           JsonNode          *data,
           gint64             version,
           DisHubPrice       *out,
           GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  DisCodecProduct product;
  DisTierPercents percents;

  if (!JSON_NODE_HOLDS_OBJECT (data) ||
      !dis_codec_product_decode (json_node_get_object (data), &product, &local_error))
    {
      out->source = DIS_HUB_PRICE_BROKEN;
      out->problem = g_strdup_printf ("its stored row cannot be read (%s)",
                                      local_error != NULL ? local_error->message : "not an object");
      return TRUE;
    }
  if (!percents_at (db, cache, version, &percents, error))
    return FALSE;
  if (!dis_hub_catalog_product_prices (&product, &percents, out->prices, &local_error))
    {
      out->source = DIS_HUB_PRICE_BROKEN;
      out->problem = g_strdup (local_error->message);
      return TRUE;
    }
  out->supplier = g_strdup (product.supplier);
  out->vat = product.vat;
  return TRUE;
}

static gboolean
read_price (DisHubDb          *db,
            DisHubPriceCache  *cache,
            const char        *point,
            const char        *code,
            gint64             version,
            DisHubPrice       *out,
            GError           **error)
{
  g_autoptr(DisHubStmt) own = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *what = NULL;
  gboolean upsert = FALSE, has_row;

  memset (out, 0, sizeof *out);
  if (!history_row (db, dis_codec_change_kind_to_string (DIS_CODEC_CHANGE_PRODUCT), code, version,
                    &upsert, &data, error))
    return FALSE;
  if (data != NULL && upsert)
    {
      out->source = DIS_HUB_PRICE_CATALOG;
      return price_row (db, cache, data, version, out, error);
    }

  /* Own products: the last declaration received, which the point sent
   * before its sale (the outbox keeps their order). */
  own = dis_hub_db_prepare_cached (db,
                                   "SELECT point_code, data, id FROM own_products WHERE code = ?1"
                                   " ORDER BY id DESC LIMIT 1",
                                   error);
  if (own == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (own, 1, code);
  if (!dis_hub_db_step (db, own, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      out->source = DIS_HUB_PRICE_UNKNOWN;
      return TRUE;
    }
  if (!g_str_equal (dis_hub_stmt_column_text (own, 0), point))
    {
      out->source = DIS_HUB_PRICE_OTHER_OWN;
      out->owner = dis_hub_column_dup (own, 0);
      return TRUE;
    }
  g_clear_pointer (&data, json_node_unref);
  what = g_strdup_printf ("own_products id=%" G_GINT64_FORMAT, (gint64) dis_hub_stmt_column_int64 (own, 2));
  data = dis_hub_json_parse_stored (dis_hub_stmt_column_text (own, 1), -1, what, error);
  if (data == NULL)
    return FALSE;
  out->source = DIS_HUB_PRICE_OWN;
  return price_row (db, cache, data, version, out, error);
}

gboolean
dis_hub_prices_lookup (DisHubDb          *db,
                       DisHubPriceCache  *cache,
                       const char        *point,
                       const char        *code,
                       gint64             version,
                       DisHubPrice       *out,
                       GError           **error)
{
  g_autofree char *key = NULL;
  DisHubPrice *known;

  g_return_val_if_fail (db != NULL && point != NULL && code != NULL && out != NULL, FALSE);

  if (cache == NULL)
    return read_price (db, NULL, point, code, version, out, error);
  key = g_strdup_printf ("%" G_GINT64_FORMAT "\t%s\t%s", version, point, code);
  known = g_hash_table_lookup (cache->prices, key);
  if (known == NULL)
    {
      known = g_new0 (DisHubPrice, 1);
      if (!read_price (db, cache, point, code, version, known, error))
        {
          price_free (known);
          return FALSE;
        }
      g_hash_table_insert (cache->prices, g_steal_pointer (&key), known);
    }
  price_copy (known, out);
  return TRUE;
}

/* ---- product.declared ------------------------------------------------- */

static gboolean
exists (DisHubDb    *db,
        const char  *sql,
        const char  *a,
        const char  *b,
        char       **out_first,
        GError     **error)
{
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare_cached (db, sql, error);
  gboolean has_row;

  *out_first = NULL;
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, a);
  if (b != NULL)
    dis_hub_stmt_bind_text (stmt, 2, b);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *out_first = dis_hub_column_dup (stmt, 0);
  return TRUE;
}

#define REFUSE(code, ...) \
  G_STMT_START { *out_code = code; *out_message = g_strdup_printf (__VA_ARGS__); return FALSE; } G_STMT_END

gboolean
dis_hub_prices_declare (DisHubDb               *db,
                        const char             *point,
                        const char             *event_id,
                        const char             *at,
                        const DisCodecProduct  *product,
                        const char            **out_code,
                        char                  **out_message,
                        GError                **error)
{
  g_autoptr(DisHubStmt) insert = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) price_error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *text = NULL;
  DisTierPercents percents;
  gint64 prices[DIS_N_TIERS];

  g_return_val_if_fail (db != NULL && point != NULL && product != NULL, FALSE);

  *out_code = NULL;
  *out_message = NULL;
  if (!exists (db, "SELECT key FROM changes WHERE kind = 'product' AND key = ?1 LIMIT 1",
               product->code, NULL, &found, error))
    return FALSE;
  if (found != NULL)
    REFUSE ("catalog_product", "payload.product.code: %s is a product of the network's catalog,"
            " not an own product", product->code);
  if (!exists (db, "SELECT point_code FROM own_products WHERE code = ?1 AND point_code <> ?2 LIMIT 1",
               product->code, point, &found, error))
    return FALSE;
  if (found != NULL)
    REFUSE ("other_point_product", "payload.product.code: %s is an own product of point %s",
            product->code, found);
  if (product->supplier != NULL)
    {
      if (!exists (db, "SELECT code FROM suppliers WHERE code = ?1", product->supplier, NULL, &found, error))
        return FALSE;
      if (found == NULL)
        REFUSE ("unknown_supplier", "payload.product.supplier: no supplier has the code %s",
                product->supplier);
      g_clear_pointer (&found, g_free);
    }
  /* accessibile ≤ impegno ≤ equa ≤ solidale under today's percentages. */
  if (!dis_hub_settings_get_percents (db, &percents, error))
    return FALSE;
  if (!dis_hub_catalog_product_prices (product, &percents, prices, &price_error))
    REFUSE ("invalid_prices", "payload.product: %s", price_error->message);

  node = dis_codec_product_to_node (product, error);
  if (node == NULL)
    return FALSE;
  text = dis_hub_json_to_string (node);
  insert = dis_hub_db_prepare_cached (db,
                                      "INSERT INTO own_products (point_code, code, data, event_id, declared_at)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5)",
                                      error);
  if (insert == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (insert, 1, point);
  dis_hub_stmt_bind_text (insert, 2, product->code);
  dis_hub_stmt_bind_text (insert, 3, text);
  dis_hub_stmt_bind_text (insert, 4, event_id);
  dis_hub_stmt_bind_text (insert, 5, at);
  return dis_hub_db_step_done (db, insert, error);
}
