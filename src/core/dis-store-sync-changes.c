/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-sync"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-store-orders-private.h"
#include "dis-store-restock-private.h"
#include "dis-store-sync-private.h"
#include "dis-sync.h"

/* The hub's changes feed (DESIGN.md §4): a page applied in one
 * transaction with its cursor. A change this point cannot apply does not
 * stop the feed and is not dropped either: it waits in unapplied_changes,
 * with the reason, and is tried again with every page. */

/* ---- One change ------------------------------------------------------------ */

/* Every change went through the codec: its fields are in bounds. */

static gboolean
apply_settings (DisDb                   *db,
                const DisCodecSettings  *settings,
                GError                 **error)
{
#define HAS(s) ((settings->present & (1u << DIS_CODEC_SETTING_ ## s)) != 0)
#define VALUE(s) (settings->value[DIS_CODEC_SETTING_ ## s])
  if (HAS (ACCESSIBILE_BP) || HAS (IMPEGNO_BP) || HAS (SOLIDALE_BP))
    {
      DisTierPercents percents;

      if (!_dis_store_read_percents (db, &percents, error))
        return FALSE;
      if (HAS (ACCESSIBILE_BP))
        percents.accessibile_bp = (gint32) VALUE (ACCESSIBILE_BP);
      if (HAS (IMPEGNO_BP))
        percents.impegno_bp = (gint32) VALUE (IMPEGNO_BP);
      if (HAS (SOLIDALE_BP))
        percents.solidale_bp = (gint32) VALUE (SOLIDALE_BP);
      if (!_dis_store_write_percents (db, &percents, error))
        return FALSE;
    }

  if (HAS (IMPEGNO_MIN_MONTHS) || HAS (IMPEGNO_VOLUME_CENTS) ||
      HAS (IMPEGNO_NEEDS_ACTIVITY) || HAS (IMPEGNO_ACTIVITY_MIN))
    {
      DisEligibilityRules rules = DIS_ELIGIBILITY_RULES_DEFAULT;

      if (HAS (IMPEGNO_MIN_MONTHS))
        rules.impegno_min_months = (guint) VALUE (IMPEGNO_MIN_MONTHS);
      if (HAS (IMPEGNO_VOLUME_CENTS))
        rules.impegno_volume_cents = VALUE (IMPEGNO_VOLUME_CENTS);
      if (HAS (IMPEGNO_NEEDS_ACTIVITY))
        rules.impegno_needs_activity = VALUE (IMPEGNO_NEEDS_ACTIVITY) != 0;
      if (HAS (IMPEGNO_ACTIVITY_MIN))
        rules.impegno_activity_min = VALUE (IMPEGNO_ACTIVITY_MIN);
      if (!_dis_store_write_eligibility_rules (db, &rules, error))
        return FALSE;
    }
  return TRUE;
#undef HAS
#undef VALUE
}

/* A row of basket.json, as the hub publishes it. */
static gboolean
apply_product (DisDb                  *db,
               const DisCodecProduct  *product,
               GError                **error)
{
  DisProductRecord record = { 0 };

  record.code = (char *) product->code;
  record.name = (char *) product->name;
  record.kind = DIS_PRODUCT_BASKET;
  record.unit = product->unit;
  record.vat_rate = (guint) product->vat;
  record.ean = (char *) product->ean;
  record.plu = (guint) product->plu;
  record.supplier_code = (char *) product->supplier;
  record.category = product->category != NULL && *product->category != '\0' ? (char *) product->category : NULL;
  record.equa_cents = product->equa_cents;
  record.overrides.has_accessibile = (product->overrides & DIS_CODEC_OVERRIDE_ACCESSIBILE) != 0;
  record.overrides.accessibile_bp = (gint32) product->accessibile_bp;
  record.overrides.has_impegno = (product->overrides & DIS_CODEC_OVERRIDE_IMPEGNO) != 0;
  record.overrides.impegno_bp = (gint32) product->impegno_bp;
  record.overrides.has_solidale = (product->overrides & DIS_CODEC_OVERRIDE_SOLIDALE) != 0;
  record.overrides.solidale_bp = (gint32) product->solidale_bp;
  record.case_size = product->has_case_size ? product->case_size : 0;
  return _dis_store_write_product (db, &record, error) != 0;
}

/* A row of points.json, as the hub publishes it (and GET /me). */
gboolean
_dis_store_sync_write_point (DisDb                *db,
                             const DisCodecPoint  *point,
                             GError              **error)
{
  DisPointRecord record = { 0 };

  record.code = (char *) point->code;
  record.name = (char *) point->name;
  record.kind = (char *) dis_codec_point_kind_to_string (point->kind);
  record.address = (char *) point->address;
  record.comune = (char *) point->comune;
  /* Coordinates, not money: decimal degrees to microdegrees. */
  record.lat_e6 = (gint64) llround (point->lat * 1e6);
  record.lon_e6 = (gint64) llround (point->lon * 1e6);
  record.hours = (char *) point->hours;
  record.phone = (char *) point->phone;
  record.email = (char *) point->email;
  record.home_delivery = point->home_delivery;
  record.collection_point = point->collection_point;
  return _dis_store_write_point (db, &record, error);
}

static gboolean
delete_point (DisDb       *db,
              const char  *code,
              GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db, "DELETE FROM points WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, code);
  return _dis_db_step_done (db, stmt, error);
}

static gboolean
apply_change (DisDb                 *db,
              const DisCodecChange  *change,
              GError               **error)
{
  gboolean upsert = change->op == DIS_CODEC_OP_UPSERT;

  switch (change->kind)
    {
    case DIS_CODEC_CHANGE_SETTINGS:
      return apply_settings (db, &change->settings, error);
    case DIS_CODEC_CHANGE_SUPPLIER:
      return _dis_store_write_supplier (db, change->supplier.code, change->supplier.name, error);
    case DIS_CODEC_CHANGE_PRODUCT:
      return apply_product (db, &change->product, error);
    case DIS_CODEC_CHANGE_POINT:
      return upsert ? _dis_store_sync_write_point (db, &change->point, error)
                    : delete_point (db, change->point.code, error);
    case DIS_CODEC_CHANGE_MEMBER:
      return _dis_store_apply_member_change (db, &change->member, upsert, error);
    case DIS_CODEC_CHANGE_FUND_PERIOD:
      return _dis_store_write_fund_period (db, &change->fund_period, error);
    case DIS_CODEC_CHANGE_RESTOCK_ORDER:
      return _dis_store_apply_restock_confirm (db, &change->restock_order, error);
    case DIS_CODEC_CHANGE_TRANSFER:
      return _dis_store_stock_apply_transfer (db, &change->transfer, error);
    case DIS_CODEC_CHANGE_STOCK_SNAPSHOT:
      return _dis_store_apply_stock_snapshot (db, &change->stock_snapshot, error);
    case DIS_CODEC_CHANGE_ORDER_CYCLE:
      return _dis_store_orders_apply_cycle (db, &change->order_cycle, error);
    case DIS_CODEC_CHANGE_CYCLE_PRODUCT:
      return _dis_store_orders_apply_product (db, &change->cycle_product, error);
    case DIS_CODEC_CHANGE_POINT_SCHEDULE:
      return _dis_store_orders_apply_schedule (db, &change->point_schedule, error);
    case DIS_CODEC_CHANGE_ORDER:
      return _dis_store_orders_apply_verdict (db, &change->order, error);
    case DIS_CODEC_CHANGE_UNKNOWN:
    default:
      /* A newer hub may publish kinds this point does not know yet. */
      g_debug ("Ignoring change %s", change->kind_name);
      return TRUE;
    }
}


/* ---- A page ---------------------------------------------------------------- */

/* A change to apply: from the page, or kept from an earlier one. */
typedef struct
{
  JsonNode       *node;
  gint64          seq;
  gboolean        readable;
  DisCodecChange  change;       /* borrows from @node when readable */
  char           *kind;
  char           *key;          /* the thing it changes: a newer change of it replaces this one */
  char           *label;
  char           *failure;      /* why it could not be applied; NULL once it was */
  char           *held_reason;  /* the reason it was kept with, for a kept one */
  char           *held_since;
} Item;

static void
item_free (gpointer data)
{
  Item *item = data;

  dis_codec_change_clear (&item->change);
  g_clear_pointer (&item->node, json_node_unref);
  g_free (item->kind);
  g_free (item->key);
  g_free (item->label);
  g_free (item->failure);
  g_free (item->held_reason);
  g_free (item->held_since);
  g_free (item);
}

static char *
label_of (const DisCodecChange *change)
{
  switch (change->kind)
    {
    case DIS_CODEC_CHANGE_SETTINGS:
      return g_strdup (_("Network settings"));
    case DIS_CODEC_CHANGE_SUPPLIER:
      /* Translators: a supplier's code and name */
      return g_strdup_printf (_("Supplier %s “%s”"), change->supplier.code, change->supplier.name);
    case DIS_CODEC_CHANGE_PRODUCT:
      /* Translators: a product's code and name */
      return g_strdup_printf (_("Product %s “%s”"), change->product.code, change->product.name);
    case DIS_CODEC_CHANGE_POINT:
      /* Translators: a point's code */
      return g_strdup_printf (_("Point %s"), change->point.code);
    case DIS_CODEC_CHANGE_MEMBER:
      /* Translators: a member's card code */
      return g_strdup_printf (_("Member card %s"), change->member.card_code);
    case DIS_CODEC_CHANGE_FUND_PERIOD:
      /* Translators: a fund period, YYYY-MM */
      return g_strdup_printf (_("Fund period %s"), change->fund_period.period);
    case DIS_CODEC_CHANGE_STOCK_SNAPSHOT:
      /* Translators: a point's code */
      return g_strdup_printf (_("Stock of point %s"), change->stock_snapshot.point);
    case DIS_CODEC_CHANGE_TRANSFER:
      /* Translators: two points' codes */
      return g_strdup_printf (_("Transfer from %s to %s"), change->transfer.from, change->transfer.to);
    case DIS_CODEC_CHANGE_RESTOCK_ORDER:
      return g_strdup (_("Restock order"));
    case DIS_CODEC_CHANGE_ORDER_CYCLE:
      /* Translators: an order cycle's name */
      return g_strdup_printf (_("Order cycle “%s”"), change->order_cycle.name);
    case DIS_CODEC_CHANGE_CYCLE_PRODUCT:
      /* Translators: a product's code in an order cycle */
      return g_strdup_printf (_("Product %s of an order cycle"), change->cycle_product.product);
    case DIS_CODEC_CHANGE_POINT_SCHEDULE:
      /* Translators: a point's code */
      return g_strdup_printf (_("Pickup and delivery times of point %s"), change->point_schedule.point);
    case DIS_CODEC_CHANGE_ORDER:
      return g_strdup (_("Member order"));
    case DIS_CODEC_CHANGE_UNKNOWN:
    default:
      return g_strdup (change->kind_name);
    }
}

/* Decodes @node and names what it changes. An unreadable change keeps
 * its text's checksum as key: only the same text can replace it. */
static Item *
item_new (JsonNode  *node,
          gint64     seq)
{
  Item *item = g_new0 (Item, 1);
  g_autoptr(GError) error = NULL;

  item->node = json_node_ref (node);
  item->seq = seq;
  item->readable = dis_codec_change_decode (node, &item->change, &error);
  if (!item->readable)
    {
      g_autofree char *text = dis_codec_to_text (node, NULL);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *seq_node = object != NULL ? json_object_get_member (object, "seq") : NULL;

      item->kind = g_strdup ("unreadable");
      item->key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
      item->label = g_strdup (_("A change from the hub"));
      item->failure = g_strdup_printf (_("The hub sent a change this point cannot read (%s)"), error->message);
      if (seq_node != NULL && JSON_NODE_HOLDS_VALUE (seq_node) && json_node_get_value_type (seq_node) == G_TYPE_INT64)
        item->seq = json_node_get_int (seq_node);
      return item;
    }

  item->seq = item->change.seq;
  item->kind = g_strdup (item->change.kind_name);
  switch (item->change.kind)
    {
    case DIS_CODEC_CHANGE_SUPPLIER:
      item->key = g_strdup (item->change.supplier.code);
      break;
    case DIS_CODEC_CHANGE_PRODUCT:
      item->key = g_strdup (item->change.product.code);
      break;
    case DIS_CODEC_CHANGE_POINT:
      item->key = g_strdup (item->change.point.code);
      break;
    case DIS_CODEC_CHANGE_MEMBER:
      item->key = g_strdup (item->change.member.card_code);
      break;
    case DIS_CODEC_CHANGE_FUND_PERIOD:
      item->key = g_strdup (item->change.fund_period.period);
      break;
    case DIS_CODEC_CHANGE_STOCK_SNAPSHOT:
      item->key = g_strdup (item->change.stock_snapshot.point);
      break;
    case DIS_CODEC_CHANGE_TRANSFER:
      item->key = g_strdup (item->change.transfer.id);
      break;
    case DIS_CODEC_CHANGE_RESTOCK_ORDER:
      item->key = g_strdup (item->change.restock_order.id);
      break;
    case DIS_CODEC_CHANGE_ORDER_CYCLE:
      item->key = g_strdup_printf ("%" G_GINT64_FORMAT, item->change.order_cycle.id);
      break;
    case DIS_CODEC_CHANGE_CYCLE_PRODUCT:
      item->key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", item->change.cycle_product.cycle,
                                   item->change.cycle_product.product);
      break;
    case DIS_CODEC_CHANGE_POINT_SCHEDULE:
      item->key = g_strdup (item->change.point_schedule.point);
      break;
    case DIS_CODEC_CHANGE_ORDER:
      item->key = g_strdup (item->change.order.id);
      break;
    case DIS_CODEC_CHANGE_SETTINGS:
    case DIS_CODEC_CHANGE_UNKNOWN:
    default:
      item->key = g_strdup ("");
      break;
    }
  item->label = label_of (&item->change);
  return item;
}

static gboolean
same_thing (const Item *a,
            const Item *b)
{
  return g_str_equal (a->kind, b->kind) && g_str_equal (a->key, b->key);
}

/* The kept changes first, in feed order, then the page's, each kept one
 * only while the page has no newer change of the same thing. */
static GPtrArray *
collect_items (DisDb      *db,
               JsonArray  *changes,
               GError    **error)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (item_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (item_free);
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    g_ptr_array_add (page, item_new (json_array_get_element (changes, i), 0));

  stmt = _dis_db_prepare (db,
                          "SELECT change, seq, reason, held_since FROM unapplied_changes ORDER BY seq",
                          error);
  if (stmt == NULL)
    return NULL;
  while (_dis_db_step_row (db, stmt, &has_row, error))
    {
      g_autoptr(JsonNode) node = NULL;
      gboolean replaced = FALSE;
      Item *item;

      if (!has_row)
        {
          g_ptr_array_extend_and_steal (items, g_steal_pointer (&page));
          return g_steal_pointer (&items);
        }
      /* Written by dis_codec_to_text(): a failure here is the database's. */
      node = dis_codec_parse ((const char *) sqlite3_column_text (stmt, 0), -1, NULL);
      if (node == NULL)
        {
          g_set_error_literal (error, DIS_ERROR, DIS_ERROR_DATABASE, "unapplied_changes: unreadable row");
          return NULL;
        }
      item = item_new (node, sqlite3_column_int64 (stmt, 1));
      item->held_reason = _dis_column_dup (stmt, 2);
      item->held_since = _dis_column_dup (stmt, 3);
      for (guint i = 0; i < page->len && !replaced; i++)
        {
          Item *newer = g_ptr_array_index (page, i);

          /* The newer change takes over the row, and the time it was kept since. */
          if ((replaced = same_thing (item, newer)))
            {
              newer->held_reason = g_steal_pointer (&item->held_reason);
              newer->held_since = g_steal_pointer (&item->held_since);
            }
        }
      if (replaced)
        item_free (item);
      else
        g_ptr_array_add (items, item);
    }
  return NULL;
}

/* ---- EAN and scale code swaps -------------------------------------------- */

typedef struct
{
  char   *ean;    /* NULL: none */
  gint64  plu;    /* 0: none */
  gboolean applied;
} Codes;

static void
codes_free (gpointer data)
{
  Codes *codes = data;

  g_free (codes->ean);
  g_free (codes);
}

/* The products the items change give up their EAN and scale code before
 * any is applied, so one can take another's in the same page (a swap is
 * two changes, and neither fits while the other has not happened).
 * Returns code → the codes it had. */
static GHashTable *
release_codes (DisDb      *db,
               GPtrArray  *items,
               GError    **error)
{
  g_autoptr(GHashTable) saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, codes_free);
  g_autoptr(DisStmt) select = _dis_db_prepare (db, "SELECT ean, plu FROM products WHERE code = ?1", error);
  g_autoptr(DisStmt) clear = _dis_db_prepare (db,
                                              "UPDATE products SET ean = NULL, plu = NULL WHERE code = ?1",
                                              error);

  if (select == NULL || clear == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      const char *code = item->change.product.code;
      gboolean has_row;
      Codes *codes;

      if (!item->readable || item->change.kind != DIS_CODEC_CHANGE_PRODUCT ||
          g_hash_table_contains (saved, code))
        continue;
      sqlite3_reset (select);
      _dis_bind_text (select, 1, code);
      if (!_dis_db_step_row (db, select, &has_row, error))
        return NULL;
      if (!has_row)
        continue;
      codes = g_new0 (Codes, 1);
      if (sqlite3_column_type (select, 0) == SQLITE_TEXT)
        codes->ean = _dis_column_dup (select, 0);
      codes->plu = sqlite3_column_int64 (select, 1);
      g_hash_table_insert (saved, g_strdup (code), codes);

      sqlite3_reset (clear);
      _dis_bind_text (clear, 1, code);
      if (!_dis_db_step_done (db, clear, error))
        return NULL;
    }
  return g_steal_pointer (&saved);
}

/* A product none of whose changes applied gets its codes back, where
 * nothing else took them meanwhile. */
static gboolean
restore_codes (DisDb       *db,
               GHashTable  *saved,
               GError     **error)
{
  g_autoptr(DisStmt) ean = _dis_db_prepare (db,
                                            "UPDATE products SET ean = ?2 WHERE code = ?1"
                                            " AND NOT EXISTS (SELECT 1 FROM products WHERE ean = ?2)",
                                            error);
  g_autoptr(DisStmt) plu = _dis_db_prepare (db,
                                            "UPDATE products SET plu = ?2 WHERE code = ?1"
                                            " AND NOT EXISTS (SELECT 1 FROM products WHERE plu = ?2)",
                                            error);
  GHashTableIter iter;
  gpointer key, value;

  if (ean == NULL || plu == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, saved);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Codes *codes = value;

      if (codes->applied)
        continue;
      if (codes->ean != NULL)
        {
          sqlite3_reset (ean);
          _dis_bind_text (ean, 1, key);
          _dis_bind_text (ean, 2, codes->ean);
          if (!_dis_db_step_done (db, ean, error))
            return FALSE;
        }
      if (codes->plu != 0)
        {
          sqlite3_reset (plu);
          _dis_bind_text (plu, 1, key);
          sqlite3_bind_int64 (plu, 2, codes->plu);
          if (!_dis_db_step_done (db, plu, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ---- Applying them -------------------------------------------------------- */

/* Each in a savepoint, so one this store refuses leaves no half. FALSE
 * only for a database failure. */
static gboolean
apply_items (DisDb       *db,
             GPtrArray   *items,
             GHashTable  *saved,
             GError     **error)
{
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      g_autoptr(GError) local_error = NULL;

      if (!item->readable)
        continue;
      if (!_dis_db_exec (db, "SAVEPOINT change", error))
        return FALSE;
      if (apply_change (db, &item->change, &local_error))
        {
          if (!_dis_db_exec (db, "RELEASE change", error))
            return FALSE;
          if (item->change.kind == DIS_CODEC_CHANGE_PRODUCT)
            {
              Codes *codes = g_hash_table_lookup (saved, item->change.product.code);

              if (codes != NULL)
                codes->applied = TRUE;
            }
          g_clear_pointer (&item->failure, g_free);
          continue;
        }
      if (g_error_matches (local_error, DIS_ERROR, DIS_ERROR_DATABASE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_free (item->failure);
      item->failure = g_strdup (local_error->message);
      if (!_dis_db_exec (db, "ROLLBACK TO change", error) ||
          !_dis_db_exec (db, "RELEASE change", error))
        return FALSE;
    }
  return TRUE;
}

static char *
thing_of (const Item *item)
{
  return g_strconcat (item->kind, "\n", item->key, NULL);
}

/* The outcome of each, in order: the last change of a thing decides
 * whether it is kept. Only a thing kept before, or earlier in this page,
 * has a row to forget. */
static gboolean
record_outcomes (DisDb       *db,
                 GPtrArray   *items,
                 const char  *now,
                 GError     **error)
{
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(DisStmt) forget = _dis_db_prepare (db,
                                               "DELETE FROM unapplied_changes WHERE kind = ?1 AND key = ?2",
                                               error);
  g_autoptr(DisStmt) keep = _dis_db_prepare (db,
                                             "INSERT INTO unapplied_changes (kind, key, seq, change, label,"
                                             " reason, held_since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                                             " ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq,"
                                             " change = excluded.change, label = excluded.label,"
                                             " reason = excluded.reason",
                                             error);

  if (forget == NULL || keep == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);

      if (item->held_since != NULL)
        g_hash_table_add (kept, thing_of (item));
    }
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      g_autofree char *thing = thing_of (item);
      g_autofree char *text = NULL;

      if (item->failure == NULL)
        {
          if (!g_hash_table_remove (kept, thing))
            continue;
          sqlite3_reset (forget);
          _dis_bind_text (forget, 1, item->kind);
          _dis_bind_text (forget, 2, item->key);
          if (!_dis_db_step_done (db, forget, error))
            return FALSE;
          continue;
        }

      /* Said once, not at every pull. */
      if (g_strcmp0 (item->held_reason, item->failure) != 0)
        g_message ("Keeping a change from the hub this point cannot apply yet: %s: %s",
                   item->label, item->failure);
      g_hash_table_add (kept, g_steal_pointer (&thing));
      text = dis_codec_to_text (item->node, NULL);
      sqlite3_reset (keep);
      _dis_bind_text (keep, 1, item->kind);
      _dis_bind_text (keep, 2, item->key);
      sqlite3_bind_int64 (keep, 3, item->seq);
      _dis_bind_text (keep, 4, text);
      _dis_bind_text (keep, 5, item->label);
      _dis_bind_text (keep, 6, item->failure);
      _dis_bind_text (keep, 7, item->held_since != NULL ? item->held_since : now);
      if (!_dis_db_step_done (db, keep, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_dis_store_sync_write_cursor (DisDb       *db,
                              gint64       cursor,
                              GError     **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, "UPDATE sync_state SET cursor = ?1 WHERE id = 1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cursor);
  return _dis_db_step_done (db, stmt, error);
}

gboolean
_dis_store_sync_forget_feed (DisDb   *db,
                             GError **error)
{
  /* Another hub has not been told of this point's own products. */
  return _dis_db_exec (db, "DELETE FROM unapplied_changes", error) &&
         _dis_db_exec (db, "DELETE FROM own_declared", error) &&
         _dis_store_sync_write_cursor (db, 0, error);
}

/* Who must hear of the page: the members it changed, whether the rules
 * for Impegno came with it, whether it changed the network's points, and
 * whether it brought closed fund periods. */
static void
announce (DisStore  *self,
          GPtrArray *items)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  gboolean rules = FALSE;
  gboolean points = FALSE;
  gboolean fund = FALSE;
  gboolean restock = FALSE;
  gboolean stock = FALSE;
  gboolean orders = FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      const DisCodecSettings *settings = &item->change.settings;

      if (!item->readable || item->failure != NULL)
        continue;
      if (item->change.kind == DIS_CODEC_CHANGE_MEMBER)
        g_ptr_array_add (cards, (gpointer) item->change.member.card_code);
      else if (item->change.kind == DIS_CODEC_CHANGE_POINT ||
               item->change.kind == DIS_CODEC_CHANGE_STOCK_SNAPSHOT)   /* what the map shows of them */
        points = TRUE;
      else if (item->change.kind == DIS_CODEC_CHANGE_FUND_PERIOD)
        fund = TRUE;
      else if (item->change.kind == DIS_CODEC_CHANGE_RESTOCK_ORDER)
        restock = TRUE;
      else if (item->change.kind == DIS_CODEC_CHANGE_TRANSFER)
        stock = TRUE;
      else if (item->change.kind == DIS_CODEC_CHANGE_ORDER_CYCLE ||
               item->change.kind == DIS_CODEC_CHANGE_CYCLE_PRODUCT ||
               item->change.kind == DIS_CODEC_CHANGE_POINT_SCHEDULE ||
               item->change.kind == DIS_CODEC_CHANGE_ORDER)
        orders = TRUE;
      else if (item->change.kind == DIS_CODEC_CHANGE_SETTINGS)
        rules = rules ||
                (settings->present & ((1u << DIS_CODEC_SETTING_IMPEGNO_MIN_MONTHS) |
                                      (1u << DIS_CODEC_SETTING_IMPEGNO_VOLUME_CENTS) |
                                      (1u << DIS_CODEC_SETTING_IMPEGNO_NEEDS_ACTIVITY) |
                                      (1u << DIS_CODEC_SETTING_IMPEGNO_ACTIVITY_MIN))) != 0;
    }
  g_ptr_array_add (cards, NULL);
  _dis_store_notify_members_changed (self, (const char * const *) cards->pdata);
  if (rules)
    _dis_store_notify_rules_changed (self);
  if (points)
    _dis_store_notify_points_changed (self);
  if (fund)
    _dis_store_notify_fund_periods_changed (self);
  if (restock)
    _dis_store_notify_restock_orders_changed (self);
  if (stock)
    _dis_store_notify_stock_changed (self);
  if (orders)
    _dis_store_notify_orders_changed (self);
}

gboolean
dis_store_sync_apply_changes (DisStore   *self,
                              JsonArray  *changes,
                              gint64      next,
                              GError    **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) saved = NULL;
  g_autofree char *now = _dis_now_iso8601 ();
  DisDb *db;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (next >= 0, FALSE);

  db = &self->writer;
  DIS_DB_LOCK (db);

  if (!_dis_db_begin (db, error))
    return FALSE;
  if ((items = collect_items (db, changes, error)) == NULL ||
      (saved = release_codes (db, items, error)) == NULL ||
      !apply_items (db, items, saved, error) ||
      !restore_codes (db, saved, error) ||
      !record_outcomes (db, items, now, error) ||
      !_dis_store_sync_write_cursor (db, next, error) ||
      !_dis_db_commit (db, error))
    {
      _dis_db_rollback (db);
      return FALSE;
    }
  announce (self, items);
  return TRUE;
}

/* ---- What is kept ---------------------------------------------------------- */

void
dis_unapplied_change_free (DisUnappliedChange *change)
{
  if (change == NULL)
    return;
  g_free (change->kind);
  g_free (change->key);
  g_free (change->label);
  g_free (change->reason);
  g_clear_pointer (&change->held_since, g_date_time_unref);
  g_free (change);
}

GPtrArray *
dis_store_sync_list_unapplied (DisStore  *self,
                               GError   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_unapplied_change_free);
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader,
                          "SELECT kind, key, seq, label, reason, held_since FROM unapplied_changes ORDER BY seq",
                          error);
  if (stmt == NULL)
    return NULL;
  while (_dis_db_step_row (&self->reader, stmt, &has_row, error))
    {
      DisUnappliedChange *change;

      if (!has_row)
        return g_steal_pointer (&list);
      change = g_new0 (DisUnappliedChange, 1);
      change->kind = _dis_column_dup (stmt, 0);
      change->key = _dis_column_dup (stmt, 1);
      change->seq = sqlite3_column_int64 (stmt, 2);
      change->label = _dis_column_dup (stmt, 3);
      change->reason = _dis_column_dup (stmt, 4);
      change->held_since = _dis_parse_iso8601 ((const char *) sqlite3_column_text (stmt, 5));
      g_ptr_array_add (list, change);
    }
  return NULL;
}

gint64
dis_store_sync_count_unapplied (DisStore  *self,
                                GError   **error)
{
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), -1);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader, "SELECT count(*) FROM unapplied_changes", error);
  if (stmt == NULL || !_dis_db_step_row (&self->reader, stmt, &has_row, error))
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}
