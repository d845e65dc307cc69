/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-codec"

#include "config.h"

#include <string.h>

#include "dis-code.h"
#include "dis-codec-private.h"

/* The stock of the network (issue 11): the movements, transfers and
 * restock orders a point pushes, and the snapshots, transfers and
 * confirmations the hub's feed carries. */

/* ---- Enums ------------------------------------------------------------------ */

static const char * const stock_kinds[] = {
  [DIS_CODEC_STOCK_RECEIVE] = "receive",
  [DIS_CODEC_STOCK_ADJUST] = "adjust",
  [DIS_CODEC_STOCK_WASTE] = "waste",
  [DIS_CODEC_STOCK_TRANSFER] = "transfer",
};
G_STATIC_ASSERT (G_N_ELEMENTS (stock_kinds) == DIS_CODEC_N_STOCK_KINDS);

const char *
dis_codec_stock_kind_to_string (DisCodecStockKind kind)
{
  g_return_val_if_fail ((guint) kind < DIS_CODEC_N_STOCK_KINDS, NULL);
  return stock_kinds[kind];
}

gboolean
dis_codec_stock_kind_from_string (const char        *text,
                                  DisCodecStockKind *out_kind)
{
  int i = DIS_CODE_INDEX (stock_kinds, text);

  if (i >= 0 && out_kind != NULL)
    *out_kind = (DisCodecStockKind) i;
  return i >= 0;
}

static const char * const restock_states[] = {
  [DIS_CODEC_RESTOCK_SENT] = "sent",
  [DIS_CODEC_RESTOCK_CONFIRMED] = "confirmed",
  [DIS_CODEC_RESTOCK_PARTIALLY_RECEIVED] = "partially_received",
  [DIS_CODEC_RESTOCK_RECEIVED] = "received",
  [DIS_CODEC_RESTOCK_CANCELLED] = "cancelled",
};
G_STATIC_ASSERT (G_N_ELEMENTS (restock_states) == DIS_CODEC_N_RESTOCK_STATES);

const char *
dis_codec_restock_state_to_string (DisCodecRestockState state)
{
  g_return_val_if_fail ((guint) state < DIS_CODEC_N_RESTOCK_STATES, NULL);
  return restock_states[state];
}

gboolean
dis_codec_restock_state_from_string (const char           *text,
                                     DisCodecRestockState *out_state)
{
  int i = DIS_CODE_INDEX (restock_states, text);

  if (i >= 0 && out_state != NULL)
    *out_state = (DisCodecRestockState) i;
  return i >= 0;
}

static const char *
stock_kind_code (int value)
{
  return stock_kinds[value];
}

static const char *
restock_state_code (int value)
{
  return restock_states[value];
}

static const char *
transfer_state_code (int value)
{
  static const char * const codes[] = { "sent", "received" };

  return codes[value];
}

static const DisEnumType stock_kind_type = { stock_kind_code, DIS_CODEC_N_STOCK_KINDS };
static const DisEnumType restock_state_type = { restock_state_code, DIS_CODEC_N_RESTOCK_STATES };
static const DisEnumType transfer_state_type = { transfer_state_code, DIS_CODEC_TRANSFER_STATE_RECEIVED + 1 };

/* ---- stock.moved ------------------------------------------------------------- */

static const DisField move_fields[] = {
  F_STRING (CODE, DisCodecStockMove, "product", product, 0),
  F_ENUM (DisCodecStockMove, "kind", kind, 0, stock_kind_type),
  F_INT (DisCodecStockMove, "qty", qty, DIS_FIELD_NONZERO, -DIS_QUANTITY_MAX, DIS_QUANTITY_MAX),
  F_STRING (TIME, DisCodecStockMove, "at", at, 0),
  F_TEXT (DisCodecStockMove, "document", document, DIS_FIELD_OPTIONAL | DIS_FIELD_PRESENCE, DIS_CODEC_DOCUMENT_MAX),
  F_TEXT (DisCodecStockMove, "reason", reason, DIS_FIELD_OPTIONAL | DIS_FIELD_PRESENCE, DIS_CODEC_REASON_MAX),
};
static const DisSchema move_schema = DIS_SCHEMA (move_fields, DisCodecStockMove, NULL);

static const DisField moved_fields[] = {
  F_ARRAY (DisCodecStockMoved, "movements", movements, move_schema, 1, DIS_CODEC_STOCK_MOVES_MAX),
};
static const DisSchema moved_schema = DIS_SCHEMA (moved_fields, DisCodecStockMoved, NULL);

void
dis_codec_stock_moved_clear (DisCodecStockMoved *moved)
{
  if (moved != NULL)
    g_clear_pointer (&moved->movements, g_array_unref);
}

gboolean
dis_codec_stock_moved_decode (JsonObject          *payload,
                              DisCodecStockMoved  *out,
                              GError             **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return _dis_codec_decode_whole (&moved_schema, payload, out, sizeof *out, "payload",
                 (void (*) (gpointer)) dis_codec_stock_moved_clear, error);
}

JsonNode *
dis_codec_stock_moved_to_node (const DisCodecStockMoved  *moved,
                               GError                   **error)
{
  g_return_val_if_fail (moved != NULL, NULL);

  return _dis_codec_encode_at (&moved_schema, moved, "payload", error);
}

/* ---- Transfers ---------------------------------------------------------------- */

static const DisField sent_line_fields[] = {
  F_STRING (CODE, DisCodecStockLine, "product", product, 0),
  F_INT (DisCodecStockLine, "qty", qty, 0, 1, DIS_QUANTITY_MAX),
};
static const DisSchema sent_line_schema = DIS_SCHEMA (sent_line_fields, DisCodecStockLine, NULL);

static const DisField arrived_line_fields[] = {
  F_STRING (CODE, DisCodecStockLine, "product", product, 0),
  F_INT (DisCodecStockLine, "qty", qty, 0, 0, DIS_QUANTITY_MAX),
};
static const DisSchema arrived_line_schema = DIS_SCHEMA (arrived_line_fields, DisCodecStockLine, NULL);

static gboolean
check_transfer (gconstpointer   base,
                const DisPath  *path,
                GError        **error)
{
  const DisCodecTransfer *transfer = base;

  if (transfer->from != NULL && transfer->to != NULL && g_str_equal (transfer->from, transfer->to))
    return _dis_codec_fail (error, path, "to", "must be another point than from");
  return _dis_codec_check_unique (transfer->lines, G_STRUCT_OFFSET (DisCodecStockLine, product), path, "lines", "product", error);
}

static const DisField transfer_sent_fields[] = {
  F_STRING (UUID, DisCodecTransfer, "id", id, 0),
  F_STRING (CODE, DisCodecTransfer, "to", to, 0),
  F_STRING (TIME, DisCodecTransfer, "at", at, 0),
  F_ARRAY (DisCodecTransfer, "lines", lines, sent_line_schema, 1, DIS_CODEC_TRANSFER_LINES_MAX),
};

static const DisField transfer_received_fields[] = {
  F_STRING (UUID, DisCodecTransfer, "id", id, 0),
  F_STRING (TIME, DisCodecTransfer, "at", at, 0),
  F_ARRAY (DisCodecTransfer, "lines", lines, arrived_line_schema, 1, DIS_CODEC_TRANSFER_LINES_MAX),
};

static const DisField transfer_change_fields[] = {
  F_STRING (UUID, DisCodecTransfer, "id", id, 0),
  F_STRING (CODE, DisCodecTransfer, "from", from, 0),
  F_STRING (CODE, DisCodecTransfer, "to", to, 0),
  F_STRING (TIME, DisCodecTransfer, "at", at, 0),
  F_ENUM (DisCodecTransfer, "state", state, 0, transfer_state_type),
  F_ARRAY (DisCodecTransfer, "lines", lines, arrived_line_schema, 1, DIS_CODEC_TRANSFER_LINES_MAX),
};

static const DisSchema transfer_schemas[] = {
  [DIS_CODEC_TRANSFER_FORM_SENT] = DIS_SCHEMA (transfer_sent_fields, DisCodecTransfer, check_transfer),
  [DIS_CODEC_TRANSFER_FORM_RECEIVED] = DIS_SCHEMA (transfer_received_fields, DisCodecTransfer, check_transfer),
  [DIS_CODEC_TRANSFER_FORM_CHANGE] = DIS_SCHEMA (transfer_change_fields, DisCodecTransfer, check_transfer),
};

void
dis_codec_transfer_clear (DisCodecTransfer *transfer)
{
  if (transfer != NULL)
    g_clear_pointer (&transfer->lines, g_array_unref);
}

gboolean
dis_codec_transfer_decode (JsonObject            *object,
                           DisCodecTransferForm   form,
                           DisCodecTransfer      *out,
                           GError               **error)
{
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail ((guint) form < G_N_ELEMENTS (transfer_schemas), FALSE);

  return _dis_codec_decode_whole (&transfer_schemas[form], object, out, sizeof *out,
                 form == DIS_CODEC_TRANSFER_FORM_CHANGE ? "data" : "payload",
                 (void (*) (gpointer)) dis_codec_transfer_clear, error);
}

JsonNode *
dis_codec_transfer_to_node (const DisCodecTransfer  *transfer,
                            DisCodecTransferForm     form,
                            GError                 **error)
{
  g_return_val_if_fail (transfer != NULL, NULL);
  g_return_val_if_fail ((guint) form < G_N_ELEMENTS (transfer_schemas), NULL);

  return _dis_codec_encode_at (&transfer_schemas[form], transfer,
                 form == DIS_CODEC_TRANSFER_FORM_CHANGE ? "data" : "payload", error);
}

/* ---- Restock orders ------------------------------------------------------------ */

static const DisField restock_line_fields[] = {
  F_STRING (CODE, DisCodecRestockLine, "product", product, 0),
  F_INT (DisCodecRestockLine, "ordered", ordered, 0, 0, DIS_QUANTITY_MAX),
  F_INT (DisCodecRestockLine, "received", received, 0, 0, DIS_QUANTITY_MAX),
};
static const DisSchema restock_line_schema = DIS_SCHEMA (restock_line_fields, DisCodecRestockLine, NULL);

static gboolean
check_restock_order (gconstpointer   base,
                     const DisPath  *path,
                     GError        **error)
{
  const DisCodecRestockOrder *order = base;

  /* Only the hub confirms: a point never says so. */
  if (order->state == DIS_CODEC_RESTOCK_CONFIRMED)
    return _dis_codec_fail (error, path, "state", "must be sent, partially_received, received or cancelled");
  return _dis_codec_check_unique (order->lines, G_STRUCT_OFFSET (DisCodecRestockLine, product), path, "lines", "product", error);
}

static const DisField restock_order_fields[] = {
  F_STRING (UUID, DisCodecRestockOrder, "id", id, 0),
  F_STRING (CODE, DisCodecRestockOrder, "supplier", supplier, 0),
  F_ENUM (DisCodecRestockOrder, "state", state, 0, restock_state_type),
  F_STRING (TIME, DisCodecRestockOrder, "at", at, 0),
  F_TEXT (DisCodecRestockOrder, "note", note, DIS_FIELD_OPTIONAL | DIS_FIELD_PRESENCE, DIS_CODEC_REASON_MAX),
  F_ARRAY (DisCodecRestockOrder, "lines", lines, restock_line_schema, 1, DIS_CODEC_RESTOCK_LINES_MAX),
};
static const DisSchema restock_order_schema = DIS_SCHEMA (restock_order_fields, DisCodecRestockOrder,
                                                          check_restock_order);

void
dis_codec_restock_order_clear (DisCodecRestockOrder *order)
{
  if (order != NULL)
    g_clear_pointer (&order->lines, g_array_unref);
}

gboolean
dis_codec_restock_order_decode (JsonObject            *payload,
                                DisCodecRestockOrder  *out,
                                GError               **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return _dis_codec_decode_whole (&restock_order_schema, payload, out, sizeof *out, "payload",
                 (void (*) (gpointer)) dis_codec_restock_order_clear, error);
}

JsonNode *
dis_codec_restock_order_to_node (const DisCodecRestockOrder  *order,
                                 GError                     **error)
{
  g_return_val_if_fail (order != NULL, NULL);

  return _dis_codec_encode_at (&restock_order_schema, order, "payload", error);
}

static gboolean
check_restock_confirm (gconstpointer   base,
                       const DisPath  *path,
                       GError        **error)
{
  if (((const DisCodecRestockConfirm *) base)->state != DIS_CODEC_RESTOCK_CONFIRMED)
    return _dis_codec_fail (error, path, "state", "must be confirmed");
  return TRUE;
}

static const DisField restock_confirm_fields[] = {
  F_STRING (UUID, DisCodecRestockConfirm, "id", id, 0),
  F_STRING (CODE, DisCodecRestockConfirm, "point", point, 0),
  F_ENUM (DisCodecRestockConfirm, "state", state, 0, restock_state_type),
};
static const DisSchema restock_confirm_schema = DIS_SCHEMA (restock_confirm_fields, DisCodecRestockConfirm,
                                                            check_restock_confirm);

gboolean
dis_codec_restock_confirm_decode (JsonObject              *data,
                                  DisCodecRestockConfirm  *out,
                                  GError                 **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return _dis_codec_decode_whole (&restock_confirm_schema, data, out, sizeof *out, "data", NULL, error);
}

JsonNode *
dis_codec_restock_confirm_to_node (const DisCodecRestockConfirm  *confirm,
                                   GError                       **error)
{
  g_return_val_if_fail (confirm != NULL, NULL);

  return _dis_codec_encode_at (&restock_confirm_schema, confirm, "data", error);
}

/* ---- Stock snapshots ------------------------------------------------------------ */

/* The head of a snapshot; its levels are pairs, read below. */
static const DisField snapshot_fields[] = {
  F_STRING (CODE, DisCodecStockSnapshot, "point", point, 0),
  F_STRING (TIME, DisCodecStockSnapshot, "at", at, 0),
};
static const DisSchema snapshot_schema = DIS_SCHEMA (snapshot_fields, DisCodecStockSnapshot, NULL);

/* One level, checked as if it were {"product", "qty"}. */
static const DisField level_fields[] = {
  F_STRING (CODE, DisCodecStockLine, "product", product, 0),
  F_INT (DisCodecStockLine, "qty", qty, 0, 1, DIS_QUANTITY_MAX),
};
static const DisSchema level_schema = DIS_SCHEMA (level_fields, DisCodecStockLine, NULL);

#define SNAPSHOT_LEVELS "levels"

static gboolean
check_levels (const GArray   *levels,
              const DisPath  *path,
              GError        **error)
{
  if (levels == NULL)
    return _dis_codec_fail (error, path, SNAPSHOT_LEVELS, "missing");
  if (levels->len > DIS_CODEC_SNAPSHOT_LEVELS_MAX)
    return _dis_codec_fail (error, path, SNAPSHOT_LEVELS, "must have 0 to %d elements", DIS_CODEC_SNAPSHOT_LEVELS_MAX);
  for (guint i = 0; i < levels->len; i++)
    {
      DisPath element = { path, SNAPSHOT_LEVELS, (int) i };

      if (!_dis_codec_check (&level_schema, &g_array_index (levels, DisCodecStockLine, i), &element, error))
        return FALSE;
    }
  return _dis_codec_check_unique (levels, G_STRUCT_OFFSET (DisCodecStockLine, product), path, SNAPSHOT_LEVELS, "product", error);
}

static gboolean
read_levels (JsonObject             *data,
             DisCodecStockSnapshot  *out,
             const DisPath          *path,
             GError                **error)
{
  JsonNode *node = json_object_get_member (data, SNAPSHOT_LEVELS);
  JsonArray *array;
  guint n;

  if (node == NULL)
    return _dis_codec_fail (error, path, SNAPSHOT_LEVELS, "missing");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _dis_codec_fail (error, path, SNAPSHOT_LEVELS, "must be an array");
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > DIS_CODEC_SNAPSHOT_LEVELS_MAX)
    return _dis_codec_fail (error, path, SNAPSHOT_LEVELS, "must have 0 to %d elements", DIS_CODEC_SNAPSHOT_LEVELS_MAX);

  out->levels = g_array_sized_new (FALSE, TRUE, sizeof (DisCodecStockLine), n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      DisPath at = { path, SNAPSHOT_LEVELS, (int) i };
      DisCodecStockLine level = { NULL, 0 };
      JsonArray *pair;
      JsonNode *code, *qty;

      if (!JSON_NODE_HOLDS_ARRAY (element) || json_array_get_length (pair = json_node_get_array (element)) != 2)
        return _dis_codec_fail (error, &at, NULL, "must be a pair [product, qty]");
      code = json_array_get_element (pair, 0);
      qty = json_array_get_element (pair, 1);
      if (!JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_STRING)
        return _dis_codec_fail (error, &at, "product", "must be a string");
      if (!JSON_NODE_HOLDS_VALUE (qty) || json_node_get_value_type (qty) != G_TYPE_INT64)
        return _dis_codec_fail (error, &at, "qty", "must be an integer");
      level.product = json_node_get_string (code);
      level.qty = json_node_get_int (qty);
      g_array_append_val (out->levels, level);
    }
  return check_levels (out->levels, path, error);
}

void
dis_codec_stock_snapshot_clear (DisCodecStockSnapshot *snapshot)
{
  if (snapshot != NULL)
    g_clear_pointer (&snapshot->levels, g_array_unref);
}

gboolean
dis_codec_stock_snapshot_decode (JsonObject             *data,
                                 DisCodecStockSnapshot  *out,
                                 GError                **error)
{
  DisPath path = { NULL, "data", -1 };

  g_return_val_if_fail (data != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!_dis_codec_decode (&snapshot_schema, data, out, &path, error) ||
      !read_levels (data, out, &path, error))
    {
      dis_codec_stock_snapshot_clear (out);
      memset (out, 0, sizeof *out);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
dis_codec_stock_snapshot_to_node (const DisCodecStockSnapshot  *snapshot,
                                  GError                      **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  DisPath path = { NULL, "data", -1 };

  g_return_val_if_fail (snapshot != NULL, NULL);

  if (!_dis_codec_check (&snapshot_schema, snapshot, &path, error) ||
      !check_levels (snapshot->levels, &path, error))
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  _dis_codec_build (&snapshot_schema, snapshot, builder);
  json_builder_set_member_name (builder, SNAPSHOT_LEVELS);
  json_builder_begin_array (builder);
  for (guint i = 0; i < snapshot->levels->len; i++)
    {
      const DisCodecStockLine *level = &g_array_index (snapshot->levels, DisCodecStockLine, i);

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, level->product);
      json_builder_add_int_value (builder, level->qty);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- The stock changes of the feed ------------------------------------------------ */

gboolean
_dis_codec_is_stock_change (DisCodecChangeKind kind)
{
  return kind == DIS_CODEC_CHANGE_STOCK_SNAPSHOT || kind == DIS_CODEC_CHANGE_TRANSFER ||
         kind == DIS_CODEC_CHANGE_RESTOCK_ORDER;
}

gboolean
_dis_codec_stock_change_decode (JsonObject      *data,
                                DisCodecChange  *out,
                                GError         **error)
{
  switch (out->kind)
    {
    case DIS_CODEC_CHANGE_STOCK_SNAPSHOT:
      return dis_codec_stock_snapshot_decode (data, &out->stock_snapshot, error);
    case DIS_CODEC_CHANGE_TRANSFER:
      return dis_codec_transfer_decode (data, DIS_CODEC_TRANSFER_FORM_CHANGE, &out->transfer, error);
    case DIS_CODEC_CHANGE_RESTOCK_ORDER:
      return dis_codec_restock_confirm_decode (data, &out->restock_order, error);
    default:
      g_assert_not_reached ();
    }
}

JsonNode *
_dis_codec_stock_change_data (const DisCodecChange  *change,
                              GError               **error)
{
  switch (change->kind)
    {
    case DIS_CODEC_CHANGE_STOCK_SNAPSHOT:
      return dis_codec_stock_snapshot_to_node (&change->stock_snapshot, error);
    case DIS_CODEC_CHANGE_TRANSFER:
      return dis_codec_transfer_to_node (&change->transfer, DIS_CODEC_TRANSFER_FORM_CHANGE, error);
    case DIS_CODEC_CHANGE_RESTOCK_ORDER:
      return dis_codec_restock_confirm_to_node (&change->restock_order, error);
    default:
      g_assert_not_reached ();
    }
}

void
dis_codec_change_clear (DisCodecChange *change)
{
  if (change == NULL)
    return;
  dis_codec_stock_snapshot_clear (&change->stock_snapshot);
  dis_codec_transfer_clear (&change->transfer);
  dis_codec_point_schedule_clear (&change->point_schedule);
  dis_codec_order_clear (&change->order);
}
