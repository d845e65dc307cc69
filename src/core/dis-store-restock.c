/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-restock"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dis-error.h"
#include "dis-store-restock-private.h"
#include "dis-store-restock-sql.h"

/* Restock orders at the point: reading them, the suggestion, drafts and
 * the changes of state that the hub learns of. Receiving goods is in
 * dis-store-restock-receive.c, the _async pairs in
 * dis-store-restock-async.c. */

/* ---- Reading ------------------------------------------------------------ */

#define ORDER_COLUMNS \
  "o.id, o.supplier_id, s.code, s.name, o.state, o.note, o.created_at, o.sent_at, o.updated_at"

/* A line's received quantity counts what came in its place. */
#define LINE_COLUMNS \
  "l.line_no, p.id, p.code, p.name, p.unit, l.ordered," \
  " l.received + coalesce ((SELECT sum (x.received) FROM restock_order_lines x" \
  "   WHERE x.order_id = l.order_id AND x.substitute_for = l.line_no), 0)," \
  " coalesce (l.substitute_for, 0), coalesce (p.case_size, 0), coalesce (st.qty, 0)," \
  " coalesce (ss.min_qty, -1), coalesce (ss.target_qty, -1)"
#define LINE_JOINS \
  " JOIN products p ON p.id = l.product_id" \
  " LEFT JOIN stock_levels st ON st.product_id = p.id" \
  " LEFT JOIN stock_settings ss ON ss.product_id = p.id"

static const char *
column_text (DisStmt *stmt,
             int      column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static DisRestockLine *
line_from_row (DisDb    *db,
               DisStmt  *stmt,
               GError  **error)
{
  DisRestockLineData data = { 0 };
  const char *unit = column_text (stmt, 4);

  data.line_no = (guint) sqlite3_column_int64 (stmt, 0);
  data.product_id = sqlite3_column_int64 (stmt, 1);
  data.product_code = column_text (stmt, 2);
  data.product_name = column_text (stmt, 3);
  if (!dis_unit_from_code (unit, &data.unit))
    g_assert_not_reached ();   /* the table's CHECK */
  data.ordered = sqlite3_column_int64 (stmt, 5);
  data.received = sqlite3_column_int64 (stmt, 6);
  data.substitute_for = (guint) sqlite3_column_int64 (stmt, 7);
  data.case_size = sqlite3_column_int64 (stmt, 8);
  data.level = sqlite3_column_int64 (stmt, 9);
  data.min_qty = sqlite3_column_int64 (stmt, 10);
  data.target_qty = sqlite3_column_int64 (stmt, 11);
  if (!_dis_store_stock_unit_cost (db, data.product_id, &data.unit_cost, error))
    return NULL;
  return dis_restock_line_new (&data);
}

static GPtrArray *
read_lines (DisDb       *db,
            const char  *order_id,
            GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);

  stmt = _dis_db_prepare (db,
                          "SELECT " LINE_COLUMNS " FROM restock_order_lines l" LINE_JOINS
                          " WHERE l.order_id = ?1 ORDER BY l.line_no",
                          error);
  if (stmt == NULL)
    return NULL;
  _dis_bind_text (stmt, 1, order_id);
  for (;;)
    {
      gboolean has_row = FALSE;
      DisRestockLine *line;

      if (!_dis_db_step_row (db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      if ((line = line_from_row (db, stmt, error)) == NULL)
        return NULL;
      g_ptr_array_add (lines, line);
    }
  return g_steal_pointer (&lines);
}

/* The order of the current row of @stmt (ORDER_COLUMNS), with its lines. */
static DisRestockOrder *
order_from_row (DisDb    *db,
                DisStmt  *stmt,
                GError  **error)
{
  DisRestockOrderData data = { 0 };
  g_autoptr(GPtrArray) lines = NULL;

  data.id = column_text (stmt, 0);
  data.supplier_id = sqlite3_column_int64 (stmt, 1);
  data.supplier_code = column_text (stmt, 2);
  data.supplier_name = column_text (stmt, 3);
  if (!dis_restock_state_from_code (column_text (stmt, 4), &data.state))
    g_assert_not_reached ();   /* the table's CHECK */
  data.note = column_text (stmt, 5);
  data.created_at = column_text (stmt, 6);
  data.sent_at = column_text (stmt, 7);
  data.updated_at = column_text (stmt, 8);
  if ((lines = read_lines (db, data.id, error)) == NULL)
    return NULL;
  return dis_restock_order_new (&data, lines);
}

DisRestockOrder *
_dis_store_restock_read_order (DisDb       *db,
                               const char  *order_id,
                               GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = _dis_db_prepare (db,
                          "SELECT " ORDER_COLUMNS " FROM restock_orders o"
                          " JOIN suppliers s ON s.id = o.supplier_id WHERE o.id = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  _dis_bind_text (stmt, 1, order_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_NOT_FOUND, _("There is no such restock order"));
      return NULL;
    }
  return order_from_row (db, stmt, error);
}

DisRestockOrder *
dis_store_restock_get_order (DisStore    *self,
                             const char  *order_id,
                             GError     **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);
  DIS_DB_LOCK (&self->reader);

  return _dis_store_restock_read_order (&self->reader, order_id, error);
}

GPtrArray *
dis_store_restock_list_orders (DisStore  *self,
                               guint      states,
                               gint64     supplier_id,
                               GError   **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (supplier_id >= 0, NULL);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader,
                          "SELECT " ORDER_COLUMNS " FROM restock_orders o"
                          " JOIN suppliers s ON s.id = o.supplier_id"
                          " WHERE (?1 = 0 OR o.supplier_id = ?1)"
                          " ORDER BY o.updated_at DESC, o.created_at DESC, o.id",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, supplier_id);
  for (;;)
    {
      gboolean has_row = FALSE;
      DisRestockState state;
      DisRestockOrder *order;

      if (!_dis_db_step_row (&self->reader, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      if (!dis_restock_state_from_code (column_text (stmt, 4), &state))
        g_assert_not_reached ();
      if ((states & DIS_RESTOCK_STATE_BIT (state)) == 0)
        continue;
      if ((order = order_from_row (&self->reader, stmt, error)) == NULL)
        return NULL;
      g_ptr_array_add (orders, order);
    }
  return g_steal_pointer (&orders);
}

GHashTable *
_dis_store_restock_on_order (DisDb   *db,
                             GError **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GHashTable) on_order = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  stmt = _dis_db_prepare (db,
                          "SELECT l.product_id, l.ordered,"
                          " l.received + coalesce ((SELECT sum (x.received) FROM restock_order_lines x"
                          "   WHERE x.order_id = l.order_id AND x.substitute_for = l.line_no), 0)"
                          " FROM restock_order_lines l JOIN restock_orders o ON o.id = l.order_id"
                          " WHERE o.state IN ('sent', 'confirmed', 'partially_received') AND l.ordered > 0",
                          error);
  if (stmt == NULL)
    return NULL;
  for (;;)
    {
      gboolean has_row = FALSE;
      gint64 product_id, open;
      gint64 *sum;

      if (!_dis_db_step_row (db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      product_id = sqlite3_column_int64 (stmt, 0);
      open = dis_restock_open_qty (sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2));
      if ((sum = g_hash_table_lookup (on_order, &product_id)) == NULL)
        {
          sum = g_new0 (gint64, 1);
          g_hash_table_insert (on_order, g_memdup2 (&product_id, sizeof product_id), sum);
        }
      *sum += open;
    }
  return g_steal_pointer (&on_order);
}

/* ---- The suggestion ------------------------------------------------------- */

/* The rows the suggestion reads: every product with a supplier and a
 * minimum (the others are never suggested), by supplier. The benchmark
 * measures this SELECT bare as its reference. */
#define SUGGEST_SQL \
  "SELECT p.id, p.supplier_id, coalesce (st.qty, 0), ss.min_qty, coalesce (ss.target_qty, -1)," \
  " coalesce (p.case_size, 0), p.code, p.name, p.unit, s.code, s.name" \
  " FROM stock_settings ss JOIN products p ON p.id = ss.product_id" \
  " JOIN suppliers s ON s.id = p.supplier_id" \
  " LEFT JOIN stock_levels st ON st.product_id = p.id" \
  " WHERE ss.min_qty IS NOT NULL ORDER BY p.supplier_id, p.name, p.id"

const char *
_dis_store_restock_suggest_sql (void)
{
  return SUGGEST_SQL;
}

typedef struct
{
  char    *product_code;
  char    *product_name;
  DisUnit  unit;
  char    *supplier_code;
  char    *supplier_name;
} Names;

static void
names_clear (Names *names)
{
  g_free (names->product_code);
  g_free (names->product_name);
  g_free (names->supplier_code);
  g_free (names->supplier_name);
}

/* One unsaved draft per supplier from @needs (grouped by supplier). */
static GPtrArray *
build_suggestions (DisDb                  *db,
                   GArray                 *needs,
                   const DisRestockInput  *inputs,
                   const Names            *names,
                   GError                **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < needs->len;)
    {
      const DisRestockNeed *first = &g_array_index (needs, DisRestockNeed, i);
      const Names *supplier = &names[first->input_index];
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
      DisRestockOrderData order = {
        .supplier_id = first->supplier_id,
        .supplier_code = supplier->supplier_code,
        .supplier_name = supplier->supplier_name,
        .state = DIS_RESTOCK_DRAFT,
      };

      for (; i < needs->len && g_array_index (needs, DisRestockNeed, i).supplier_id == first->supplier_id; i++)
        {
          const DisRestockNeed *need = &g_array_index (needs, DisRestockNeed, i);
          const DisRestockInput *in = &inputs[need->input_index];
          const Names *product = &names[need->input_index];
          DisRestockLineData line = {
            .product_id = in->product_id,
            .product_code = product->product_code,
            .product_name = product->product_name,
            .unit = product->unit,
            .ordered = need->qty,
            .case_size = in->case_size,
            .level = in->qty,
            .min_qty = in->min_qty,
            .target_qty = in->target_qty,
          };

          if (!_dis_store_stock_unit_cost (db, in->product_id, &line.unit_cost, error))
            return NULL;
          g_ptr_array_add (lines, dis_restock_line_new (&line));
        }
      g_ptr_array_add (orders, dis_restock_order_new (&order, lines));
    }
  return g_steal_pointer (&orders);
}

static gint
compare_by_supplier_name (gconstpointer a,
                          gconstpointer b)
{
  DisRestockOrder *x = *(DisRestockOrder * const *) a;
  DisRestockOrder *y = *(DisRestockOrder * const *) b;

  return g_utf8_collate (dis_restock_order_get_supplier_name (x), dis_restock_order_get_supplier_name (y));
}

GPtrArray *
dis_store_restock_suggest (DisStore  *self,
                           GError   **error)
{
  g_autoptr(GHashTable) on_order = NULL;
  g_autoptr(GArray) inputs = g_array_new (FALSE, FALSE, sizeof (DisRestockInput));
  g_autoptr(GArray) names = g_array_new (FALSE, TRUE, sizeof (Names));
  g_autoptr(GArray) needs = NULL;
  GPtrArray *orders;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  g_array_set_clear_func (names, (GDestroyNotify) names_clear);
  if ((on_order = _dis_store_restock_on_order (&self->reader, error)) == NULL)
    return NULL;
  if ((stmt = _dis_db_prepare (&self->reader, SUGGEST_SQL, error)) == NULL)
    return NULL;
  for (;;)
    {
      gboolean has_row = FALSE;
      DisRestockInput in;
      Names row;
      gint64 *open;

      if (!_dis_db_step_row (&self->reader, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      in.product_id = sqlite3_column_int64 (stmt, 0);
      in.supplier_id = sqlite3_column_int64 (stmt, 1);
      in.qty = sqlite3_column_int64 (stmt, 2);
      in.min_qty = sqlite3_column_int64 (stmt, 3);
      in.target_qty = sqlite3_column_int64 (stmt, 4);
      in.case_size = sqlite3_column_int64 (stmt, 5);
      open = g_hash_table_lookup (on_order, &in.product_id);
      in.on_order = open != NULL ? *open : 0;
      /* Names only for what is suggested: most products are not. */
      memset (&row, 0, sizeof row);
      if (in.qty + in.on_order < in.min_qty)
        {
          row.product_code = g_strdup (column_text (stmt, 6));
          row.product_name = g_strdup (column_text (stmt, 7));
          if (!dis_unit_from_code (column_text (stmt, 8), &row.unit))
            g_assert_not_reached ();
          row.supplier_code = g_strdup (column_text (stmt, 9));
          row.supplier_name = g_strdup (column_text (stmt, 10));
        }
      g_array_append_val (inputs, in);
      g_array_append_val (names, row);
    }

  needs = dis_restock_suggest ((const DisRestockInput *) (gpointer) inputs->data, inputs->len);
  orders = build_suggestions (&self->reader, needs, (const DisRestockInput *) (gpointer) inputs->data,
                              (const Names *) (gpointer) names->data, error);
  if (orders != NULL)
    g_ptr_array_sort (orders, compare_by_supplier_name);
  return orders;
}

/* ---- Changes ----------------------------------------------------------------- */

DisIdentity *
_dis_store_restock_begin (DisDb        *db,
                          DisOperator  *acting,
                          GError      **error)
{
  DisIdentity *identity;

  if (!_dis_store_check_acting (db, acting, DIS_PERMISSION_RESTOCK, error))
    return NULL;
  identity = _dis_store_read_identity (db, error);
  if (identity == NULL && (error == NULL || *error == NULL))
    g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("This till has no point identity yet"));
  return identity;
}

static const DisCodecRestockState codec_states[DIS_RESTOCK_N_STATES] = {
  [DIS_RESTOCK_DRAFT] = DIS_CODEC_N_RESTOCK_STATES,   /* never sent */
  [DIS_RESTOCK_SENT] = DIS_CODEC_RESTOCK_SENT,
  [DIS_RESTOCK_CONFIRMED] = DIS_CODEC_RESTOCK_CONFIRMED,
  [DIS_RESTOCK_PARTIALLY_RECEIVED] = DIS_CODEC_RESTOCK_PARTIALLY_RECEIVED,
  [DIS_RESTOCK_RECEIVED] = DIS_CODEC_RESTOCK_RECEIVED,
  [DIS_RESTOCK_CANCELLED] = DIS_CODEC_RESTOCK_CANCELLED,
};

/* The whole order as the hub learns it: each line's own product with
 * what came of that product (a substitute is a line of its own). */
static gboolean
write_event (DisDb        *db,
             DisIdentity  *identity,
             const char   *order_id,
             const char   *at,
             GError      **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *supplier = NULL;
  g_autofree char *note = NULL;
  g_autoptr(GStringChunk) codes = g_string_chunk_new (1024);
  DisCodecRestockOrder event = { 0 };
  DisRestockState state = DIS_RESTOCK_DRAFT;
  gboolean ok;

  stmt = _dis_db_prepare (db,
                          "SELECT s.code, o.state, o.note, p.code, l.ordered, l.received"
                          " FROM restock_orders o JOIN suppliers s ON s.id = o.supplier_id"
                          " JOIN restock_order_lines l ON l.order_id = o.id"
                          " JOIN products p ON p.id = l.product_id"
                          " WHERE o.id = ?1 ORDER BY l.line_no",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, order_id);
  event.lines = g_array_new (FALSE, TRUE, sizeof (DisCodecRestockLine));
  for (;;)
    {
      gboolean has_row = FALSE;
      DisCodecRestockLine line;

      if (!_dis_db_step_row (db, stmt, &has_row, error))
        {
          dis_codec_restock_order_clear (&event);
          return FALSE;
        }
      if (!has_row)
        break;
      if (supplier == NULL)
        {
          supplier = g_strdup (column_text (stmt, 0));
          if (!dis_restock_state_from_code (column_text (stmt, 1), &state))
            g_assert_not_reached ();
          note = g_strdup (column_text (stmt, 2));
        }
      line.product = g_string_chunk_insert (codes, column_text (stmt, 3));
      line.ordered = sqlite3_column_int64 (stmt, 4);
      line.received = sqlite3_column_int64 (stmt, 5);
      g_array_append_val (event.lines, line);
    }
  g_assert (state != DIS_RESTOCK_DRAFT && supplier != NULL);

  event.id = order_id;
  event.supplier = supplier;
  event.state = codec_states[state];
  event.at = at;
  event.note = note;
  node = dis_codec_restock_order_to_node (&event, error);
  dis_codec_restock_order_clear (&event);
  if (node == NULL)
    return FALSE;
  text = dis_codec_to_text (node, NULL);
  ok = _dis_store_insert_outbox (db, identity->device_id,
                                 dis_codec_event_type_to_string (DIS_CODEC_RESTOCK_ORDER), at, text, error);
  return ok;
}

gboolean
_dis_store_restock_set_state (DisDb            *db,
                              DisIdentity      *identity,
                              const char       *order_id,
                              DisRestockState   state,
                              const char       *at,
                              GError          **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(DisStmt) was = NULL;
  gboolean has_row = FALSE;
  gboolean draft;

  was = _dis_db_prepare (db, "SELECT state = 'draft' FROM restock_orders WHERE id = ?1", error);
  if (was == NULL)
    return FALSE;
  _dis_bind_text (was, 1, order_id);
  if (!_dis_db_step_row (db, was, &has_row, error))
    return FALSE;
  g_assert (has_row);
  draft = sqlite3_column_int (was, 0) != 0;

  stmt = _dis_db_prepare (db,
                          "UPDATE restock_orders SET state = ?2, updated_at = ?3,"
                          " sent_at = CASE WHEN ?2 = 'sent' THEN ?3 ELSE sent_at END WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, order_id);
  _dis_bind_text (stmt, 2, dis_restock_state_to_code (state));
  _dis_bind_text (stmt, 3, at);
  if (!_dis_db_step_done (db, stmt, error))
    return FALSE;
  /* The hub never saw a draft: cancelling one tells it nothing. */
  if (draft && state == DIS_RESTOCK_CANCELLED)
    return TRUE;
  return write_event (db, identity, order_id, at, error);
}
