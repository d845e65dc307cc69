/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-orders"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dis-error.h"
#include "dis-member.h"
#include "dis-store-orders-private.h"

/* Member orders at the point: reading cycles, the schedule and orders.
 * Changes are in dis-store-orders-write.c, the changes feed in
 * dis-store-orders-feed.c, the _async pairs in dis-store-orders-async.c.
 * Every time is stored as UTC text of one form ("…T…Z", see
 * _dis_store_orders_format_time()), so SQL compares them as text. */

static const char *
column_text (DisStmt *stmt,
             int      column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* NULL for a NULL column. */
static GDateTime *
column_time (DisStmt *stmt,
             int      column)
{
  const char *text = column_text (stmt, column);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

char *
_dis_store_orders_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
_dis_store_orders_normalize_time (const char *iso)
{
  g_autoptr(GDateTime) time = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return time != NULL ? _dis_store_orders_format_time (time) : NULL;
}

char *
_dis_store_orders_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return _dis_store_orders_format_time (now);
}

/* ---- Cycles --------------------------------------------------------------- */

/* PRODUCT_COLUMNS first: _dis_store_product_from_row() reads them by index. */
static GPtrArray *
read_cycle_products (DisDb                  *db,
                     gint64                  cycle_id,
                     const DisTierPercents  *percents,
                     GError                **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);

  stmt = _dis_db_prepare (db,
                          "SELECT " PRODUCT_COLUMNS ", cp.product_code,"
                          " coalesce (cp.available, -1), coalesce (cp.remaining, -1)"
                          " FROM cycle_products cp JOIN products p ON p.code = cp.product_code"
                          PRODUCT_JOINS " WHERE cp.cycle_id = ?1 ORDER BY p.name, p.code",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cycle_id);
  for (;;)
    {
      gboolean has_row = FALSE;
      g_autoptr(DisProduct) product = NULL;
      g_autoptr(GError) price_error = NULL;

      if (!_dis_db_step_row (db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      /* A product the hub must correct is not offered rather than hiding the cycle. */
      if ((product = _dis_store_product_from_row (stmt, percents, &price_error)) == NULL)
        {
          g_debug ("Cycle %" G_GINT64_FORMAT ": %s", cycle_id, price_error->message);
          continue;
        }
      g_ptr_array_add (products, dis_cycle_product_new (column_text (stmt, 15), product,
                                                        sqlite3_column_int64 (stmt, 16),
                                                        sqlite3_column_int64 (stmt, 17)));
    }
  return g_steal_pointer (&products);
}

GPtrArray *
_dis_store_orders_read_cycles (DisDb     *db,
                               gint64     only_id,
                               gboolean   include_closed,
                               GError   **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GPtrArray) cycles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *now = _dis_store_orders_now ();
  DisTierPercents percents;

  if (!_dis_store_read_percents (db, &percents, error))
    return NULL;
  stmt = _dis_db_prepare (db,
                          "SELECT id, name, opens, closes, closed FROM order_cycles"
                          " WHERE (?1 = 0 OR id = ?1)"
                          "   AND (?2 OR (closed = 0 AND opens <= ?3 AND ?3 < closes))"
                          " ORDER BY opens DESC, id DESC",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, only_id);
  sqlite3_bind_int (stmt, 2, include_closed);
  _dis_bind_text (stmt, 3, now);
  for (;;)
    {
      gboolean has_row = FALSE;
      g_autoptr(GPtrArray) products = NULL;
      g_autoptr(GDateTime) opens = NULL;
      g_autoptr(GDateTime) closes = NULL;
      gint64 id;

      if (!_dis_db_step_row (db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      id = sqlite3_column_int64 (stmt, 0);
      opens = column_time (stmt, 2);
      closes = column_time (stmt, 3);
      g_assert (opens != NULL && closes != NULL);   /* written normalized */
      if ((products = read_cycle_products (db, id, &percents, error)) == NULL)
        return NULL;
      g_ptr_array_add (cycles, dis_cycle_new (id, column_text (stmt, 1), opens, closes,
                                              sqlite3_column_int (stmt, 4) != 0, products));
    }
  return g_steal_pointer (&cycles);
}

GPtrArray *
dis_store_orders_list_cycles (DisStore  *self,
                              gboolean   include_closed,
                              GError   **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);

  return _dis_store_orders_read_cycles (&self->reader, 0, include_closed, error);
}

/* ---- The schedule ------------------------------------------------------------ */

static GPtrArray *
read_windows (DisDb   *db,
              GError **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  stmt = _dis_db_prepare (db, "SELECT code, starts, ends FROM pickup_windows ORDER BY starts, code", error);
  if (stmt == NULL)
    return NULL;
  for (;;)
    {
      gboolean has_row = FALSE;
      g_autoptr(GDateTime) starts = NULL;
      g_autoptr(GDateTime) ends = NULL;

      if (!_dis_db_step_row (db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      starts = column_time (stmt, 1);
      ends = column_time (stmt, 2);
      g_assert (starts != NULL && ends != NULL);
      g_ptr_array_add (windows, dis_pickup_window_new (column_text (stmt, 0), starts, ends));
    }
  return g_steal_pointer (&windows);
}

static GPtrArray *
read_slots (DisDb   *db,
            GError **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func (g_object_unref);

  stmt = _dis_db_prepare (db,
                          "SELECT code, starts, ends, cutoff, capacity, booked, comuni, coalesce (radius_m, 0)"
                          " FROM delivery_slots ORDER BY starts, code",
                          error);
  if (stmt == NULL)
    return NULL;
  for (;;)
    {
      gboolean has_row = FALSE;
      g_autoptr(GDateTime) starts = NULL;
      g_autoptr(GDateTime) ends = NULL;
      g_autoptr(GDateTime) cutoff = NULL;
      g_auto(GStrv) comuni = NULL;
      DisDeliverySlotData data = { 0 };

      if (!_dis_db_step_row (db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      starts = column_time (stmt, 1);
      ends = column_time (stmt, 2);
      cutoff = column_time (stmt, 3);
      g_assert (starts != NULL && ends != NULL && cutoff != NULL);
      if (column_text (stmt, 6) != NULL)
        comuni = g_strsplit (column_text (stmt, 6), "\n", -1);
      data.code = column_text (stmt, 0);
      data.starts = starts;
      data.ends = ends;
      data.cutoff = cutoff;
      data.capacity = (guint) sqlite3_column_int64 (stmt, 4);
      data.booked = (guint) sqlite3_column_int64 (stmt, 5);
      data.comuni = (const char * const *) comuni;
      data.radius_m = (guint) sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (slots, dis_delivery_slot_new (&data));
    }
  return g_steal_pointer (&slots);
}

gboolean
_dis_store_orders_home_delivery (DisDb     *db,
                                 gboolean  *out_home_delivery,
                                 GError   **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = _dis_db_prepare (db,
                          "SELECT p.home_delivery FROM points p JOIN meta i ON i.key = 'point_code' AND i.value = p.code",
                          error);
  if (stmt == NULL || !_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  *out_home_delivery = has_row && sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

DisOrderSchedule *
_dis_store_orders_read_schedule (DisDb   *db,
                                 GError **error)
{
  g_autoptr(GPtrArray) windows = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  gboolean home_delivery;

  if (!_dis_store_orders_home_delivery (db, &home_delivery, error) ||
      (windows = read_windows (db, error)) == NULL ||
      (slots = read_slots (db, error)) == NULL)
    return NULL;
  if (!home_delivery)
    g_ptr_array_set_size (slots, 0);
  return dis_order_schedule_new (home_delivery, windows, slots);
}

DisOrderSchedule *
dis_store_orders_get_schedule (DisStore  *self,
                               GError   **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);

  return _dis_store_orders_read_schedule (&self->reader, error);
}

/* ---- Orders ------------------------------------------------------------------ */

#define ORDER_COLUMNS \
  "o.id, o.number, o.cycle_id, c.name, c.closes, o.member_card, m.display_name, o.tier," \
  " o.fulfilment, coalesce (o.window_code, o.slot_code), coalesce (w.starts, s.starts)," \
  " coalesce (w.ends, s.ends), s.cutoff, o.address, o.comune, o.lat_e6, o.lon_e6, o.note," \
  " o.state, o.reason_code, o.reason_message, o.revision, coalesce (o.accepted_revision, 0)," \
  " o.created_at, o.updated_at, o.sale_id, coalesce (o.created_by, 0), o.operator_name," \
  " o.total_at_order, o.till"
#define ORDER_JOINS \
  " LEFT JOIN order_cycles c ON c.id = o.cycle_id" \
  " LEFT JOIN members m ON m.card_code = o.member_card" \
  " LEFT JOIN pickup_windows w ON w.code = o.window_code" \
  " LEFT JOIN delivery_slots s ON s.code = o.slot_code"

static GPtrArray *
read_lines (DisDb       *db,
            const char  *order_id,
            GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);

  stmt = _dis_db_prepare (db,
                          "SELECT l.line_no, coalesce (p.id, 0), l.product_code, p.name,"
                          " coalesce (p.unit, 'piece'), l.ordered, coalesce (l.allotted, -1),"
                          " coalesce (l.weighed, -1), l.unit_price"
                          " FROM order_lines l LEFT JOIN products p ON p.code = l.product_code"
                          " WHERE l.order_id = ?1 ORDER BY l.line_no",
                          error);
  if (stmt == NULL)
    return NULL;
  _dis_bind_text (stmt, 1, order_id);
  for (;;)
    {
      gboolean has_row = FALSE;
      DisOrderLineData data = { 0 };

      if (!_dis_db_step_row (db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      data.line_no = (guint) sqlite3_column_int64 (stmt, 0);
      data.product_id = sqlite3_column_int64 (stmt, 1);
      data.product_code = column_text (stmt, 2);
      data.product_name = column_text (stmt, 3);
      if (!dis_unit_from_code (column_text (stmt, 4), &data.unit))
        g_assert_not_reached ();   /* the products table's CHECK */
      data.ordered = sqlite3_column_int64 (stmt, 5);
      data.allotted = sqlite3_column_int64 (stmt, 6);
      data.weighed = sqlite3_column_int64 (stmt, 7);
      data.unit_price = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (lines, dis_order_line_new (&data));
    }
  return g_steal_pointer (&lines);
}

static DisOrderState
row_state (DisStmt *stmt)
{
  DisOrderState state;

  if (!dis_order_state_from_code (column_text (stmt, 18), &state))
    g_assert_not_reached ();   /* the table's CHECK */
  return state;
}

/* The order of the current row of @stmt (ORDER_COLUMNS), with its lines. */
static DisOrder *
order_from_row (DisDb    *db,
                DisStmt  *stmt,
                GError  **error)
{
  DisOrderData data = { 0 };
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GDateTime) cycle_closes = column_time (stmt, 4);
  g_autoptr(GDateTime) place_starts = column_time (stmt, 10);
  g_autoptr(GDateTime) place_ends = column_time (stmt, 11);
  g_autoptr(GDateTime) place_cutoff = column_time (stmt, 12);
  g_autoptr(GDateTime) created_at = column_time (stmt, 23);
  g_autoptr(GDateTime) updated_at = column_time (stmt, 24);

  data.id = column_text (stmt, 0);
  data.number = (guint) sqlite3_column_int64 (stmt, 1);
  data.cycle_id = sqlite3_column_int64 (stmt, 2);
  data.cycle_name = column_text (stmt, 3) != NULL ? column_text (stmt, 3) : "";
  data.cycle_closes = cycle_closes;
  data.member_card = column_text (stmt, 5);
  data.member_name = column_text (stmt, 6);
  if (!dis_tier_from_code (column_text (stmt, 7), &data.tier) ||
      !dis_fulfilment_from_code (column_text (stmt, 8), &data.fulfilment))
    g_assert_not_reached ();   /* the table's CHECKs */
  data.place_code = column_text (stmt, 9);
  data.place_starts = place_starts;
  data.place_ends = place_ends;
  data.place_cutoff = place_cutoff;
  data.address = column_text (stmt, 13);
  data.comune = column_text (stmt, 14);
  data.has_location = sqlite3_column_type (stmt, 15) != SQLITE_NULL;
  data.lat_e6 = sqlite3_column_int64 (stmt, 15);
  data.lon_e6 = sqlite3_column_int64 (stmt, 16);
  data.note = column_text (stmt, 17);
  data.state = row_state (stmt);
  data.reason_code = column_text (stmt, 19);
  data.reason_message = column_text (stmt, 20);
  data.revision = (guint) sqlite3_column_int64 (stmt, 21);
  data.accepted_revision = (guint) sqlite3_column_int64 (stmt, 22);
  data.created_at = created_at;
  data.updated_at = updated_at;
  data.sale_id = column_text (stmt, 25);
  data.operator_id = sqlite3_column_int64 (stmt, 26);
  data.operator_name = column_text (stmt, 27);
  data.total_at_order = sqlite3_column_int64 (stmt, 28);
  data.till = column_text (stmt, 29);
  if ((lines = read_lines (db, data.id, error)) == NULL)
    return NULL;
  return dis_order_new (&data, lines);
}

DisOrder *
_dis_store_orders_read (DisDb       *db,
                        const char  *order_id,
                        GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = _dis_db_prepare (db, "SELECT " ORDER_COLUMNS " FROM orders o" ORDER_JOINS " WHERE o.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  _dis_bind_text (stmt, 1, order_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_NOT_FOUND, _("There is no such order"));
      return NULL;
    }
  return order_from_row (db, stmt, error);
}

DisOrder *
dis_store_orders_get (DisStore    *self,
                      const char  *order_id,
                      GError     **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);
  DIS_DB_LOCK (&self->reader);

  return _dis_store_orders_read (&self->reader, order_id, error);
}

/* Is @text the label of @order, or its reference ("12-C1", "12")? A
 * bare number also matches the orders of that number, whatever their
 * till: people say the number first. */
static gboolean
matches_label (DisOrder   *order,
               const char *text)
{
  g_autofree char *label = g_strconcat ("ORD", text, NULL);
  g_autofree char *till = NULL;
  guint number;

  if (!dis_order_barcode_parse (text, &number, &till) && !dis_order_barcode_parse (label, &number, &till))
    return FALSE;
  if (number != dis_order_get_number (order))
    return FALSE;
  return till == NULL || (dis_order_get_till (order) != NULL &&
                          g_ascii_strcasecmp (till, dis_order_get_till (order)) == 0);
}

/* Does @order match the words a person typed: its number (or label),
 * the beginning of its member's card, or every word a prefix of the
 * member's name? */
static gboolean
matches_text (DisOrder   *order,
              const char *text)
{
  g_autofree char *card = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  if (matches_label (order, text))
    return TRUE;
  card = g_ascii_strup (text, -1);
  g_strstrip (card);
  if (*card != '\0' && g_str_has_prefix (dis_order_get_member_card (order), card))
    return TRUE;
  return dis_order_get_member_name (order) != NULL &&
         g_str_match_string (text, dis_order_get_member_name (order), TRUE);
}

GPtrArray *
dis_store_orders_list (DisStore              *self,
                       const DisOrderFilter  *filter,
                       GError               **error)
{
  static const DisOrderFilter all = { 0 };
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint states;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  if (filter == NULL)
    filter = &all;
  states = filter->states != 0 ? filter->states : DIS_ORDER_ALL_STATES;
  stmt = _dis_db_prepare (&self->reader,
                          "SELECT " ORDER_COLUMNS " FROM orders o" ORDER_JOINS
                          " WHERE (?1 = 0 OR o.cycle_id = ?1) AND (?2 IS NULL OR o.window_code = ?2)"
                          "   AND (?3 IS NULL OR o.slot_code = ?3) ORDER BY o.number",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, filter->cycle_id);
  _dis_bind_text (stmt, 2, filter->window_code);
  _dis_bind_text (stmt, 3, filter->slot_code);
  for (;;)
    {
      gboolean has_row = FALSE;
      g_autoptr(DisOrder) order = NULL;

      if (!_dis_db_step_row (&self->reader, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      if ((states & DIS_ORDER_STATE_BIT (row_state (stmt))) == 0)
        continue;
      if ((order = order_from_row (&self->reader, stmt, error)) == NULL)
        return NULL;
      if ((filter->uncollected && !dis_order_is_uncollected (order, now)) ||
          !matches_text (order, filter->text))
        continue;
      g_ptr_array_add (orders, g_steal_pointer (&order));
    }
  return g_steal_pointer (&orders);
}

/* The id of the first order matching @sql's parameters: ?1 @text, or
 * @number and ?2 @text; NULL without an error when none does. */
static char *
find_order_id (DisDb       *db,
               const char  *sql,
               const char  *text,
               gint64       number,
               GError     **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return NULL;
  if (number == 0)
    _dis_bind_text (stmt, 1, text);
  else
    {
      sqlite3_bind_int64 (stmt, 1, number);
      _dis_bind_text (stmt, 2, text);
    }
  if (!_dis_db_step_row (db, stmt, &has_row, error) || !has_row)
    return NULL;
  return _dis_column_dup (stmt, 0);
}

DisOrder *
dis_store_orders_lookup (DisStore    *self,
                         const char  *code,
                         GError     **error)
{
  GError *local_error = NULL;
  g_autofree char *card = NULL;
  g_autofree char *id = NULL;
  g_autofree char *till = NULL;
  guint number;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  DIS_DB_LOCK (&self->reader);

  /* The number and the till both: another till's order of the same
   * number is not this one. A label without a till is an order numbered
   * before labels named theirs. */
  if (dis_order_barcode_parse (code, &number, &till))
    id = find_order_id (&self->reader,
                        "SELECT id FROM orders WHERE number = ?1 AND coalesce (till, '') = coalesce (?2, '') COLLATE NOCASE",
                        till, number, &local_error);
  else if ((card = dis_member_card_normalize (code)) != NULL)
    {
      /* Ready to collect first; else a delivered order to pay. */
      id = find_order_id (&self->reader,
                          "SELECT id FROM orders WHERE member_card = ?1"
                          " AND (state = 'ready' OR (state = 'delivered' AND sale_id IS NULL))"
                          " ORDER BY state = 'ready' DESC, number LIMIT 1",
                          card, 0, &local_error);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (id == NULL)
    return NULL;
  return _dis_store_orders_read (&self->reader, id, error);
}
