/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-orders"

#include "config.h"

#include "dis-hub-orders.h"

/* What the network's admin sets up for orders: each point's pickup
 * windows and delivery slots, and the order cycles with what they offer. */

G_GNUC_PRINTF (2, 3)
static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, message);
  return FALSE;
}

/* ---- Schedules ------------------------------------------------------------- */

static gboolean
point_delivers (DisHubDb    *db,
                const char  *point,
                gboolean    *out_delivers,
                GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db, "SELECT json_extract (data, '$.home_delivery') FROM points"
                                 " WHERE code = ?1 AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "the network has no active point %s", point);
      return FALSE;
    }
  *out_delivers = g_strcmp0 (dis_hub_stmt_column_text (stmt, 0), "1") == 0;
  return TRUE;
}

/* Whether @items (windows or slots: their code comes first) has @code. */
static gboolean
has_code (const GArray *items,
          const char   *code)
{
  guint size = g_array_get_element_size ((GArray *) items);

  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (*(const char * const *) (gconstpointer) (items->data + (gsize) i * size), code))
      return TRUE;
  return FALSE;
}

G_STATIC_ASSERT (G_STRUCT_OFFSET (DisCodecPickupWindow, code) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (DisCodecDeliverySlot, code) == 0);

/* No window that open orders still name may go. */
static gboolean
check_windows_kept (DisHubDb                    *db,
                    const char                  *point,
                    const DisCodecPointSchedule *schedule,
                    GError                     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row, ok;

  stmt = dis_hub_db_prepare (db,
                             "SELECT DISTINCT window_code FROM hub_orders WHERE point_code = ?1"
                             " AND window_code IS NOT NULL AND state IN ('accepted', 'ready')",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    if (!has_code (schedule->windows, dis_hub_stmt_column_text (stmt, 0)))
      return invalid (error, "the pickup window %s has open orders: it cannot go",
                      dis_hub_stmt_column_text (stmt, 0));
  return ok;
}

/* The places booked in each of @point's slots, by code. */
static GHashTable *
read_booked (DisHubDb    *db,
             const char  *point,
             GError     **error)
{
  g_autoptr(GHashTable) booked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row, ok;

  stmt = dis_hub_db_prepare (db, "SELECT code, booked FROM hub_delivery_slots WHERE point_code = ?1", error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, point);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    g_hash_table_insert (booked, dis_hub_column_dup (stmt, 0),
                         GINT_TO_POINTER ((int) dis_hub_stmt_column_int64 (stmt, 1)));
  return ok ? g_steal_pointer (&booked) : NULL;
}

static gboolean
delete_schedule (DisHubDb    *db,
                 const char  *point,
                 GError     **error)
{
  static const char * const sql[] = {
    "DELETE FROM hub_pickup_windows WHERE point_code = ?1",
    "DELETE FROM hub_delivery_slots WHERE point_code = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (db, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      dis_hub_stmt_bind_text (stmt, 1, point);
      if (!dis_hub_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_window (DisHubDb                    *db,
               const char                  *point,
               const DisCodecPickupWindow  *window,
               GError                     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *starts_utc = dis_hub_utc_key (window->starts);
  g_autofree char *ends_utc = dis_hub_utc_key (window->ends);

  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO hub_pickup_windows (point_code, code, starts, ends, starts_utc, ends_utc)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  dis_hub_stmt_bind_text (stmt, 2, window->code);
  dis_hub_stmt_bind_text (stmt, 3, window->starts);
  dis_hub_stmt_bind_text (stmt, 4, window->ends);
  dis_hub_stmt_bind_text (stmt, 5, starts_utc);
  dis_hub_stmt_bind_text (stmt, 6, ends_utc);
  return dis_hub_db_step_done (db, stmt, error);
}

static char *
comuni_text (const GArray *comuni)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (comuni == NULL)
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < comuni->len; i++)
    json_builder_add_string_value (builder, g_array_index (comuni, const char *, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return dis_hub_json_to_string (root);
}

static gboolean
insert_slot (DisHubDb                    *db,
             const char                  *point,
             const DisCodecDeliverySlot  *slot,
             gint64                       booked,
             GError                     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *starts_utc = dis_hub_utc_key (slot->starts);
  g_autofree char *ends_utc = dis_hub_utc_key (slot->ends);
  g_autofree char *cutoff_utc = dis_hub_utc_key (slot->cutoff);
  g_autofree char *comuni = comuni_text (slot->comuni);

  if (booked > slot->capacity)
    return invalid (error, "the delivery slot %s has %" G_GINT64_FORMAT " orders booked: its capacity cannot be %"
                    G_GINT64_FORMAT, slot->code, booked, slot->capacity);
  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO hub_delivery_slots (point_code, code, starts, ends, cutoff, starts_utc,"
                             " ends_utc, cutoff_utc, capacity, booked, comuni, radius_m)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  dis_hub_stmt_bind_text (stmt, 2, slot->code);
  dis_hub_stmt_bind_text (stmt, 3, slot->starts);
  dis_hub_stmt_bind_text (stmt, 4, slot->ends);
  dis_hub_stmt_bind_text (stmt, 5, slot->cutoff);
  dis_hub_stmt_bind_text (stmt, 6, starts_utc);
  dis_hub_stmt_bind_text (stmt, 7, ends_utc);
  dis_hub_stmt_bind_text (stmt, 8, cutoff_utc);
  dis_hub_stmt_bind_int64 (stmt, 9, slot->capacity);
  dis_hub_stmt_bind_int64 (stmt, 10, booked);
  dis_hub_stmt_bind_text (stmt, 11, comuni);
  if (slot->has_radius)
    dis_hub_stmt_bind_int64 (stmt, 12, slot->radius_m);
  else
    dis_hub_stmt_bind_null (stmt, 12);
  return dis_hub_db_step_done (db, stmt, error);
}

gboolean
dis_hub_orders_set_schedule (DisHubDb                     *db,
                             const char                   *point,
                             const DisCodecPointSchedule  *schedule,
                             GError                      **error)
{
  g_autoptr(GHashTable) booked = NULL;
  GHashTableIter iter;
  gpointer code, n;
  gboolean delivers;

  g_return_val_if_fail (db != NULL && point != NULL && schedule != NULL, FALSE);
  g_return_val_if_fail (schedule->windows != NULL && schedule->slots != NULL, FALSE);

  if (!point_delivers (db, point, &delivers, error))
    return FALSE;
  if (schedule->slots->len > 0 && !delivers)
    return invalid (error, "point %s does not deliver (home_delivery): it can have no delivery slots", point);
  if (!check_windows_kept (db, point, schedule, error) ||
      (booked = read_booked (db, point, error)) == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, booked);
  while (g_hash_table_iter_next (&iter, &code, &n))
    if (GPOINTER_TO_INT (n) > 0 && !has_code (schedule->slots, code))
      return invalid (error, "the delivery slot %s has orders booked: it cannot go", (const char *) code);
  if (!delete_schedule (db, point, error))
    return FALSE;

  for (guint i = 0; i < schedule->windows->len; i++)
    if (!insert_window (db, point, &g_array_index (schedule->windows, DisCodecPickupWindow, i), error))
      return FALSE;
  for (guint i = 0; i < schedule->slots->len; i++)
    {
      const DisCodecDeliverySlot *slot = &g_array_index (schedule->slots, DisCodecDeliverySlot, i);

      if (!insert_slot (db, point, slot, GPOINTER_TO_INT (g_hash_table_lookup (booked, slot->code)), error))
        return FALSE;
    }
  return dis_hub_orders_publish_schedule (db, point, error);
}

/* ---- Cycles ------------------------------------------------------------------ */

static gboolean
check_offers (DisHubDb      *db,
              const GArray  *offers,
              GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (offers->len == 0)
    return invalid (error, "a cycle offers at least one product");
  for (guint i = 0; i < offers->len; i++)
    {
      const DisCodecCycleProduct *offer = &g_array_index (offers, DisCodecCycleProduct, i);
      g_autoptr(DisHubStmt) stmt = NULL;
      gboolean has_row;

      if (!g_hash_table_add (seen, (gpointer) offer->product))
        return invalid (error, "product %s is offered twice", offer->product);
      stmt = dis_hub_db_prepare (db, "SELECT 1 FROM products WHERE code = ?1", error);
      if (stmt == NULL)
        return FALSE;
      dis_hub_stmt_bind_text (stmt, 1, offer->product);
      if (!dis_hub_db_step (db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        return invalid (error, "the catalog has no product %s", offer->product);
    }
  return TRUE;
}

static gboolean
insert_offer (DisHubDb                    *db,
              gint64                       cycle,
              const DisCodecCycleProduct  *offer,
              GError                     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO hub_cycle_products (cycle_id, product_code, available, reserved)"
                             " VALUES (?1, ?2, ?3, 0)",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_int64 (stmt, 1, cycle);
  dis_hub_stmt_bind_text (stmt, 2, offer->product);
  if (offer->has_available)
    dis_hub_stmt_bind_int64 (stmt, 3, offer->available);
  else
    dis_hub_stmt_bind_null (stmt, 3);
  return dis_hub_db_step_done (db, stmt, error);
}

gboolean
dis_hub_orders_open_cycle (DisHubDb      *db,
                           const char    *name,
                           const char    *opens,
                           const char    *closes,
                           const GArray  *offers,
                           gint64        *out_id,
                           GError       **error)
{
  DisCodecOrderCycle cycle = { 1, name, opens, closes, DIS_CODEC_CYCLE_OPEN };
  g_autoptr(JsonNode) checked = NULL;
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *opens_utc = NULL, *closes_utc = NULL, *now = NULL;
  gboolean has_row;
  gint64 id;

  g_return_val_if_fail (db != NULL && name != NULL && opens != NULL && closes != NULL, FALSE);
  g_return_val_if_fail (offers != NULL && out_id != NULL, FALSE);

  /* The codec's bounds, as the points will read it. */
  checked = dis_codec_order_cycle_to_node (&cycle, &local_error);
  if (checked == NULL)
    return invalid (error, "%s", local_error->message);
  if (!check_offers (db, offers, error))
    return FALSE;

  opens_utc = dis_hub_utc_key (opens);
  closes_utc = dis_hub_utc_key (closes);
  now = dis_hub_now_iso ();
  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO hub_cycles (name, opens, closes, opens_utc, closes_utc, state, created_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6) RETURNING id",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, name);
  dis_hub_stmt_bind_text (stmt, 2, opens);
  dis_hub_stmt_bind_text (stmt, 3, closes);
  dis_hub_stmt_bind_text (stmt, 4, opens_utc);
  dis_hub_stmt_bind_text (stmt, 5, closes_utc);
  dis_hub_stmt_bind_text (stmt, 6, now);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  g_assert (has_row);
  id = dis_hub_stmt_column_int64 (stmt, 0);
  if (!dis_hub_db_step_done (db, stmt, error))
    return FALSE;
  if (id > DIS_CODEC_CYCLE_ID_MAX)
    return invalid (error, "the network has run out of cycle numbers");

  for (guint i = 0; i < offers->len; i++)
    if (!insert_offer (db, id, &g_array_index (offers, DisCodecCycleProduct, i), error))
      return FALSE;
  if (!dis_hub_orders_publish_cycle (db, id, error))
    return FALSE;
  for (guint i = 0; i < offers->len; i++)
    if (!dis_hub_orders_publish_product (db, id, g_array_index (offers, DisCodecCycleProduct, i).product, error))
      return FALSE;
  *out_id = id;
  return TRUE;
}
