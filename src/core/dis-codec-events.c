/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-codec"

#include "config.h"

#include <string.h>

#include "dis-code.h"
#include "dis-codec-private.h"
#include "dis-date.h"

/* The push side of the protocol: what a point's outbox holds and sends,
 * and what the hub answers. */

static const char * const event_types[] = {
  [DIS_CODEC_SALE_COMMITTED] = "sale.committed",
  [DIS_CODEC_SALE_REFUNDED] = "sale.refunded",
  [DIS_CODEC_MEMBER_REGISTERED] = "member.registered",
  [DIS_CODEC_MEMBER_UPDATED] = "member.updated",
  [DIS_CODEC_MEMBER_PROVISIONAL_BASIS] = "member.provisional_basis",
  [DIS_CODEC_PRODUCT_DECLARED] = "product.declared",
  [DIS_CODEC_STOCK_MOVED] = "stock.moved",
  [DIS_CODEC_TRANSFER_SENT] = "transfer.sent",
  [DIS_CODEC_TRANSFER_RECEIVED] = "transfer.received",
  [DIS_CODEC_RESTOCK_ORDER] = "restock.order",
  [DIS_CODEC_ORDER_PLACED] = "order.placed",
  [DIS_CODEC_ORDER_CANCELLED] = "order.cancelled",
  [DIS_CODEC_ORDER_STATE] = "order.state",
};

G_STATIC_ASSERT (G_N_ELEMENTS (event_types) == DIS_CODEC_N_EVENT_TYPES);

const char *
dis_codec_event_type_to_string (DisCodecEventType type)
{
  g_return_val_if_fail ((guint) type < DIS_CODEC_N_EVENT_TYPES, NULL);
  return event_types[type];
}

gboolean
dis_codec_event_type_from_string (const char        *text,
                                  DisCodecEventType *out_type)
{
  int i = DIS_CODE_INDEX (event_types, text);

  if (i >= 0 && out_type != NULL)
    *out_type = (DisCodecEventType) i;
  return i >= 0;
}

gboolean
dis_codec_event_type_is_sale (DisCodecEventType type)
{
  return type == DIS_CODEC_SALE_COMMITTED || type == DIS_CODEC_SALE_REFUNDED;
}

/* ---- Sales ------------------------------------------------------------------ */

static const DisField line_fields[] = {
  F_INT (DisCodecSaleLine, "line_no", line_no, 0, 1, DIS_SALE_LINES_MAX),
  F_STRING (CODE, DisCodecSaleLine, "product_code", product_code, 0),
  F_TEXT (DisCodecSaleLine, "product_name", product_name, 0, DIS_CODEC_NAME_MAX),
  F_STRING (CODE, DisCodecSaleLine, "supplier_code", supplier_code, DIS_FIELD_NULLABLE),
  F_ENUM (DisCodecSaleLine, "unit", unit, 0, _dis_codec_unit),
  F_INT (DisCodecSaleLine, "quantity", quantity, DIS_FIELD_NONZERO, -DIS_QUANTITY_MAX, DIS_QUANTITY_MAX),
  F_INT (DisCodecSaleLine, "unit_price", unit_price, 0, 0, DIS_PRICE_MAX),
  F_INT (DisCodecSaleLine, "unit_price_equa", unit_price_equa, 0, 0, DIS_PRICE_MAX),
  F_INT (DisCodecSaleLine, "line_total", line_total, 0, -DIS_LINE_TOTAL_MAX, DIS_LINE_TOTAL_MAX),
  F_INT (DisCodecSaleLine, "line_total_equa", line_total_equa, 0, -DIS_LINE_TOTAL_MAX, DIS_LINE_TOTAL_MAX),
  F_INT (DisCodecSaleLine, "tier_delta", tier_delta, 0, -2 * DIS_LINE_TOTAL_MAX, 2 * DIS_LINE_TOTAL_MAX),
  F_INT (DisCodecSaleLine, "vat_rate", vat_rate, DIS_FIELD_VAT, 0, 0),
};
static const DisSchema line_schema = DIS_SCHEMA (line_fields, DisCodecSaleLine, NULL);

static const DisField payment_fields[] = {
  F_ENUM (DisCodecPayment, "method", method, 0, _dis_codec_payment_method),
  F_INT (DisCodecPayment, "amount", amount, 0, -DIS_SALE_TOTAL_MAX, DIS_SALE_TOTAL_MAX),
};
static const DisSchema payment_schema = DIS_SCHEMA (payment_fields, DisCodecPayment, NULL);

static const DisField sale_operator_fields[] = {
  F_INT (DisCodecSale, "id", operator_id, 0, 1, DIS_CODEC_OPERATOR_ID_MAX),
  F_TEXT (DisCodecSale, "name", operator_name, 0, DIS_CODEC_NAME_MAX),
};
static const DisSchema sale_operator_schema = DIS_SCHEMA (sale_operator_fields, DisCodecSale, NULL);

static const DisField sale_fields[] = {
  F_STRING (UUID, DisCodecSale, "id", id, 0),
  F_TEXT (DisCodecSale, "receipt_no", receipt_no, 0, DIS_CODEC_RECEIPT_NO_MAX),
  F_STRING (CODE, DisCodecSale, "point", point, 0),
  F_STRING (CODE, DisCodecSale, "device", device, 0),
  F_INT (DisCodecSale, "seq", seq, 0, 1, DIS_CODEC_SEQ_MAX),
  F_STRING (TIME, DisCodecSale, "created_at", created_at, 0),
  F_OBJECT ("operator", sale_operator_schema),
  F_STRING (CARD, DisCodecSale, "member_card", member_card, DIS_FIELD_NULLABLE),
  F_ENUM (DisCodecSale, "tier", tier, 0, _dis_codec_tier),
  F_STRING (UUID, DisCodecSale, "refund_of", refund_of, DIS_FIELD_NULLABLE),
  F_TEXT (DisCodecSale, "refund_of_receipt_no", refund_of_receipt_no,
          DIS_FIELD_NULLABLE | DIS_FIELD_OPTIONAL, DIS_CODEC_RECEIPT_NO_MAX),
  F_ARRAY (DisCodecSale, "lines", lines, line_schema, 1, DIS_SALE_LINES_MAX),
  F_ARRAY (DisCodecSale, "payments", payments, payment_schema, 0, DIS_SALE_PAYMENTS_MAX),
  F_INT (DisCodecSale, "n_lines", n_lines, 0, 1, DIS_SALE_LINES_MAX),
  F_INT (DisCodecSale, "total", total, 0, -DIS_SALE_TOTAL_MAX, DIS_SALE_TOTAL_MAX),
  F_INT (DisCodecSale, "total_equa", total_equa, 0, -DIS_SALE_TOTAL_MAX, DIS_SALE_TOTAL_MAX),
  F_INT (DisCodecSale, "tier_delta", tier_delta, 0, -2 * DIS_SALE_TOTAL_MAX, 2 * DIS_SALE_TOTAL_MAX),
  F_INT (DisCodecSale, "cash_tendered", cash_tendered, 0, 0, DIS_SALE_TOTAL_MAX),
  F_INT (DisCodecSale, "change_due", change_due, 0, 0, DIS_SALE_TOTAL_MAX),
  F_INT_BIT (DisCodecSale, "catalog_version", catalog_version, 0, 0, DIS_CODEC_SEQ_MAX,
             has_catalog_version, 0),
};

static gboolean
check_sale (gconstpointer   base,
            const DisPath  *path,
            GError        **error)
{
  const DisCodecSale *sale = base;
  gboolean seen[DIS_SALE_LINES_MAX + 1] = { FALSE, };

  if (sale->refund && sale->refund_of == NULL)
    return _dis_codec_fail (error, path, "refund_of", "required for sale.refunded");
  if (!sale->refund && sale->refund_of != NULL)
    return _dis_codec_fail (error, path, "refund_of", "must be null for sale.committed");
  for (guint i = 0; i < sale->lines->len; i++)
    {
      gint64 line_no = g_array_index (sale->lines, DisCodecSaleLine, i).line_no;

      /* The field checks put line_no in 1 … DIS_SALE_LINES_MAX. */
      if (seen[line_no])
        {
          DisPath line = { path, "lines", (int) i };

          return _dis_codec_fail (error, &line, "line_no", "duplicate %" G_GINT64_FORMAT, line_no);
        }
      seen[line_no] = TRUE;
    }
  return TRUE;
}

static const DisSchema sale_schema = DIS_SCHEMA (sale_fields, DisCodecSale, check_sale);

void
dis_codec_sale_init (DisCodecSale *sale,
                     guint         n_lines)
{
  g_return_if_fail (sale != NULL);

  memset (sale, 0, sizeof *sale);
  sale->lines = g_array_sized_new (FALSE, TRUE, sizeof (DisCodecSaleLine), n_lines);
  g_array_set_size (sale->lines, n_lines);
  sale->payments = g_array_new (FALSE, TRUE, sizeof (DisCodecPayment));
}

void
dis_codec_sale_clear (DisCodecSale *sale)
{
  g_clear_pointer (&sale->lines, g_array_unref);
  g_clear_pointer (&sale->payments, g_array_unref);
}

gboolean
dis_codec_sale_decode (JsonObject    *payload,
                       gboolean       refund,
                       DisCodecSale  *out,
                       GError       **error)
{
  DisPath path = { NULL, "payload", -1 };

  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->refund = refund;
  if (_dis_codec_decode (&sale_schema, payload, out, &path, error))
    return TRUE;
  dis_codec_sale_clear (out);
  return FALSE;
}

JsonNode *
dis_codec_sale_to_node (const DisCodecSale  *sale,
                        GError             **error)
{
  DisPath path = { NULL, "payload", -1 };

  g_return_val_if_fail (sale != NULL && sale->lines != NULL, NULL);

  return _dis_codec_encode (&sale_schema, sale, &path, error);
}

/* The fast writer: the members of sale_fields, in their order. */
static void
write_int (GString    *out,
           const char *name,
           gint64      value)
{
  char digits[24];
  guint64 magnitude = value < 0 ? (guint64) (-(value + 1)) + 1 : (guint64) value;
  int i = sizeof digits;

  do
    digits[--i] = (char) ('0' + magnitude % 10);
  while ((magnitude /= 10) > 0);
  if (value < 0)
    digits[--i] = '-';
  _dis_codec_append_member (out, name);
  g_string_append_len (out, digits + i, (gssize) sizeof digits - i);
  g_string_append_c (out, ',');
}

static void
write_string (GString    *out,
              const char *name,
              const char *text)
{
  _dis_codec_append_member (out, name);
  if (text != NULL)
    _dis_codec_append_string (out, text);
  else
    g_string_append (out, "null");
  g_string_append_c (out, ',');
}

/* Replaces the comma after the last member with @close. */
static void
write_close (GString *out,
             char     close)
{
  if (out->str[out->len - 1] == ',')
    out->str[out->len - 1] = close;
  else
    g_string_append_c (out, close);
}

static void
write_line (GString                *out,
            const DisCodecSaleLine *line)
{
  g_string_append_c (out, '{');
  write_int (out, "line_no", line->line_no);
  write_string (out, "product_code", line->product_code);
  write_string (out, "product_name", line->product_name);
  write_string (out, "supplier_code", line->supplier_code);
  write_string (out, "unit", dis_unit_to_code (line->unit));
  write_int (out, "quantity", line->quantity);
  write_int (out, "unit_price", line->unit_price);
  write_int (out, "unit_price_equa", line->unit_price_equa);
  write_int (out, "line_total", line->line_total);
  write_int (out, "line_total_equa", line->line_total_equa);
  write_int (out, "tier_delta", line->tier_delta);
  write_int (out, "vat_rate", line->vat_rate);
  write_close (out, '}');
  g_string_append_c (out, ',');
}

char *
dis_codec_sale_write (const DisCodecSale  *sale,
                      gsize               *out_length,
                      GError             **error)
{
  DisPath path = { NULL, "payload", -1 };
  GString *out;

  g_return_val_if_fail (sale != NULL && sale->lines != NULL && sale->payments != NULL, NULL);

  if (!_dis_codec_check (&sale_schema, sale, &path, error))
    return NULL;

  out = g_string_sized_new (512 + 320 * sale->lines->len);
  g_string_append_c (out, '{');
  write_string (out, "id", sale->id);
  write_string (out, "receipt_no", sale->receipt_no);
  write_string (out, "point", sale->point);
  write_string (out, "device", sale->device);
  write_int (out, "seq", sale->seq);
  write_string (out, "created_at", sale->created_at);
  g_string_append (out, "\"operator\":{");
  write_int (out, "id", sale->operator_id);
  write_string (out, "name", sale->operator_name);
  write_close (out, '}');
  g_string_append_c (out, ',');
  write_string (out, "member_card", sale->member_card);
  write_string (out, "tier", dis_tier_to_code (sale->tier));
  write_string (out, "refund_of", sale->refund_of);
  write_string (out, "refund_of_receipt_no", sale->refund_of_receipt_no);

  g_string_append (out, "\"lines\":[");
  for (guint i = 0; i < sale->lines->len; i++)
    write_line (out, &g_array_index (sale->lines, DisCodecSaleLine, i));
  write_close (out, ']');
  g_string_append_c (out, ',');

  g_string_append (out, "\"payments\":[");
  for (guint i = 0; i < sale->payments->len; i++)
    {
      const DisCodecPayment *payment = &g_array_index (sale->payments, DisCodecPayment, i);

      g_string_append_c (out, '{');
      write_string (out, "method", dis_payment_method_to_code (payment->method));
      write_int (out, "amount", payment->amount);
      write_close (out, '}');
      g_string_append_c (out, ',');
    }
  write_close (out, ']');
  g_string_append_c (out, ',');

  write_int (out, "n_lines", sale->n_lines);
  write_int (out, "total", sale->total);
  write_int (out, "total_equa", sale->total_equa);
  write_int (out, "tier_delta", sale->tier_delta);
  write_int (out, "cash_tendered", sale->cash_tendered);
  write_int (out, "change_due", sale->change_due);
  if (sale->has_catalog_version)
    write_int (out, "catalog_version", sale->catalog_version);
  write_close (out, '}');

  if (out_length != NULL)
    *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* ---- Member events --------------------------------------------------------------- */

static const DisField member_operator_fields[] = {
  F_INT (DisCodecMemberEvent, "id", operator_id, 0, 1, DIS_CODEC_OPERATOR_ID_MAX),
  F_TEXT (DisCodecMemberEvent, "name", operator_name, 0, DIS_CODEC_NAME_MAX),
};
static const DisSchema member_operator_schema =
  DIS_SCHEMA (member_operator_fields, DisCodecMemberEvent, NULL);

#define MEMBER_HEAD \
  F_STRING (CARD, DisCodecMemberEvent, "card_code", card_code, 0), \
  F_STRING (CODE, DisCodecMemberEvent, "point", point, 0), \
  F_STRING (CODE, DisCodecMemberEvent, "device", device, 0), \
  F_OBJECT ("operator", member_operator_schema)

static const DisField registered_fields[] = {
  MEMBER_HEAD,
  F_TEXT (DisCodecMemberEvent, "display_name", display_name, 0, DIS_MEMBER_NAME_MAX),
  F_ENUM (DisCodecMemberEvent, "kind", kind, 0, _dis_codec_member_kind),
  F_TEXT (DisCodecMemberEvent, "contact", contact, DIS_FIELD_NULLABLE | DIS_FIELD_OPTIONAL, DIS_MEMBER_NAME_MAX),
  F_ENUM (DisCodecMemberEvent, "preferred_tier", preferred_tier, 0, _dis_codec_tier),
  F_STRING (DATE, DisCodecMemberEvent, "privacy_consent_on", privacy_consent_on, 0),
  F_STRING (DATE, DisCodecMemberEvent, "registered_on", registered_on, 0),
};

static const DisField declaration_fields[] = {
  F_TEXT (DisCodecMemberEvent, "text", declaration_text, 0, DIS_MEMBER_DECLARATION_MAX),
  F_TEXT (DisCodecMemberEvent, "published_name", declaration_published_name, 0, DIS_MEMBER_NAME_MAX),
  F_STRING (DATE, DisCodecMemberEvent, "on", declaration_on, 0),
};
static const DisSchema declaration_schema = DIS_SCHEMA (declaration_fields, DisCodecMemberEvent, NULL);

static const DisField updated_fields[] = {
  MEMBER_HEAD,
  F_STRING (DATE, DisCodecMemberEvent, "documentation_acknowledged_on", documentation_acknowledged_on,
            DIS_FIELD_PRESENCE),
  F_OBJECT_IF (DisCodecMemberEvent, "declaration", declaration_schema, has_declaration),
  F_ENUM_IF (DisCodecMemberEvent, "preferred_tier", preferred_tier, _dis_codec_tier, has_preferred_tier),
};

static const DisField provisional_fields[] = {
  MEMBER_HEAD,
  F_STRING (DATE, DisCodecMemberEvent, "verified_on", verified_on, 0),
  F_STRING (DATE, DisCodecMemberEvent, "expires_on", expires_on, 0),
};

static gboolean
check_updated (gconstpointer   base,
               const DisPath  *path,
               GError        **error)
{
  const DisCodecMemberEvent *event = base;

  if (event->documentation_acknowledged_on == NULL && !event->has_declaration && !event->has_preferred_tier)
    return _dis_codec_fail (error, NULL, path->name,
                            "nothing to update (documentation_acknowledged_on, declaration or preferred_tier)");
  return TRUE;
}

static gboolean
check_provisional (gconstpointer   base,
                   const DisPath  *path,
                   GError        **error)
{
  const DisCodecMemberEvent *event = base;

  if (dis_date_parse (event->expires_on) < dis_date_parse (event->verified_on))
    return _dis_codec_fail (error, path, "expires_on", "before verified_on");
  return TRUE;
}

static const DisSchema member_schemas[] = {
  [DIS_CODEC_MEMBER_REGISTERED] = DIS_SCHEMA (registered_fields, DisCodecMemberEvent, NULL),
  [DIS_CODEC_MEMBER_UPDATED] = DIS_SCHEMA (updated_fields, DisCodecMemberEvent, check_updated),
  [DIS_CODEC_MEMBER_PROVISIONAL_BASIS] = DIS_SCHEMA (provisional_fields, DisCodecMemberEvent, check_provisional),
};

static const DisSchema *
member_schema (DisCodecEventType type)
{
  g_assert (type >= DIS_CODEC_MEMBER_REGISTERED && type <= DIS_CODEC_MEMBER_PROVISIONAL_BASIS);
  return &member_schemas[type];
}

gboolean
dis_codec_member_event_decode (JsonObject           *payload,
                               DisCodecEventType     type,
                               DisCodecMemberEvent  *out,
                               GError              **error)
{
  DisPath path = { NULL, "payload", -1 };

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (type >= DIS_CODEC_MEMBER_REGISTERED && type <= DIS_CODEC_MEMBER_PROVISIONAL_BASIS, FALSE);

  memset (out, 0, sizeof *out);
  out->type = type;
  out->has_preferred_tier = type == DIS_CODEC_MEMBER_REGISTERED;
  return _dis_codec_decode (member_schema (type), payload, out, &path, error);
}

JsonNode *
dis_codec_member_event_to_node (const DisCodecMemberEvent  *event,
                                GError                    **error)
{
  DisPath path = { NULL, "payload", -1 };

  g_return_val_if_fail (event != NULL, NULL);
  g_return_val_if_fail (event->type >= DIS_CODEC_MEMBER_REGISTERED &&
                        event->type <= DIS_CODEC_MEMBER_PROVISIONAL_BASIS, NULL);

  return _dis_codec_encode (member_schema (event->type), event, &path, error);
}

/* ---- Own products ---------------------------------------------------------------- */

static const DisField declared_fields[] = {
  F_STRING (CODE, DisCodecProductDeclared, "point", point, 0),
  F_STRING (CODE, DisCodecProductDeclared, "device", device, 0),
  F_STRUCT (DisCodecProductDeclared, "product", product, _dis_codec_product_schema),
};
static const DisSchema declared_schema = DIS_SCHEMA (declared_fields, DisCodecProductDeclared, NULL);

gboolean
dis_codec_product_declared_decode (JsonObject               *payload,
                                   DisCodecProductDeclared  *out,
                                   GError                  **error)
{
  DisPath path = { NULL, "payload", -1 };

  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  return _dis_codec_decode (&declared_schema, payload, out, &path, error);
}

JsonNode *
dis_codec_product_declared_to_node (const DisCodecProductDeclared  *declared,
                                    GError                        **error)
{
  DisPath path = { NULL, "payload", -1 };

  g_return_val_if_fail (declared != NULL, NULL);

  return _dis_codec_encode (&declared_schema, declared, &path, error);
}

/* ---- The envelope ------------------------------------------------------------------ */

static const DisField envelope_fields[] = {
  F_STRING (UUID, DisCodecEvent, "id", id, 0),
  F_INT (DisCodecEvent, "seq", seq, 0, 1, DIS_CODEC_SEQ_MAX),
  F_TEXT (DisCodecEvent, "type", type_name, 0, DIS_CODEC_TYPE_MAX),
  F_STRING (TIME, DisCodecEvent, "at", at, 0),
};
static const DisSchema envelope_schema = DIS_SCHEMA (envelope_fields, DisCodecEvent, NULL);
#define PAYLOAD "payload"

void
dis_codec_event_clear (DisCodecEvent *event)
{
  dis_codec_sale_clear (&event->sale);
  dis_codec_stock_moved_clear (&event->stock_moved);
  dis_codec_transfer_clear (&event->transfer);
  dis_codec_restock_order_clear (&event->restock_order);
  dis_codec_order_placed_clear (&event->order_placed);
  dis_codec_order_state_event_clear (&event->order_state);
  g_clear_pointer (&event->payload_node, json_node_unref);
}

gboolean
dis_codec_event_decode_envelope (JsonNode       *node,
                                 DisCodecEvent  *out,
                                 GError        **error)
{
  JsonObject *object;

  g_return_val_if_fail (node != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _dis_codec_fail (error, NULL, "event", "must be an object");
  object = json_node_get_object (node);
  if (!_dis_codec_decode (&envelope_schema, object, out, NULL, error))
    {
      /* Name the event in the answer only when its id is one. */
      if (out->id != NULL && !g_uuid_string_is_valid (out->id))
        out->id = NULL;
      return FALSE;
    }
  out->payload = _dis_codec_get_object (object, PAYLOAD);
  if (out->payload == NULL)
    return _dis_codec_fail (error, NULL, PAYLOAD, json_object_has_member (object, PAYLOAD)
                            ? "must be an object" : "missing");
  return TRUE;
}

gboolean
dis_codec_event_decode_envelope_doc (const DisJsonValue  *value,
                                     DisCodecEvent       *out,
                                     GError             **error)
{
  g_return_val_if_fail (value != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (value->type != DIS_JSON_VALUE_OBJECT)
    return _dis_codec_fail (error, NULL, "event", "must be an object");
  if (!_dis_codec_decode_doc (&envelope_schema, value, out, NULL, error))
    {
      if (out->id != NULL && !g_uuid_string_is_valid (out->id))
        out->id = NULL;
      return FALSE;
    }
  out->payload_doc = dis_json_value_get_member (value, PAYLOAD);
  if (out->payload_doc == NULL || out->payload_doc->type != DIS_JSON_VALUE_OBJECT)
    return _dis_codec_fail (error, NULL, PAYLOAD, out->payload_doc != NULL ? "must be an object" : "missing");
  return TRUE;
}

/* A sale read from a document, as dis_codec_sale_decode() reads it. */
static gboolean
sale_decode_doc (const DisJsonValue  *payload,
                 gboolean             refund,
                 DisCodecSale        *out,
                 GError             **error)
{
  DisPath path = { NULL, "payload", -1 };

  memset (out, 0, sizeof *out);
  out->refund = refund;
  if (_dis_codec_decode_doc (&sale_schema, payload, out, &path, error))
    return TRUE;
  dis_codec_sale_clear (out);
  return FALSE;
}

gboolean
dis_codec_event_decode_payload (DisCodecEvent  *event,
                                GError        **error)
{
  g_return_val_if_fail (event != NULL && (event->payload != NULL || event->payload_doc != NULL), FALSE);

  if (!dis_codec_event_type_from_string (event->type_name, &event->type))
    {
      g_set_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_UNKNOWN_TYPE,
                   "type: unknown event type “%s”", event->type_name);
      return FALSE;
    }
  if (event->payload == NULL && dis_codec_event_type_is_sale (event->type))
    return sale_decode_doc (event->payload_doc, event->type == DIS_CODEC_SALE_REFUNDED, &event->sale, error);
  if (event->payload == NULL)
    {
      /* The other types are rare in a push: read from json-glib's copy. */
      event->payload_node = dis_json_value_to_node (event->payload_doc);
      event->payload = json_node_get_object (event->payload_node);
    }
  if (dis_codec_event_type_is_sale (event->type))
    return dis_codec_sale_decode (event->payload, event->type == DIS_CODEC_SALE_REFUNDED, &event->sale, error);
  if (event->type == DIS_CODEC_PRODUCT_DECLARED)
    return dis_codec_product_declared_decode (event->payload, &event->declared, error);
  switch (event->type)
    {
    case DIS_CODEC_STOCK_MOVED:
      return dis_codec_stock_moved_decode (event->payload, &event->stock_moved, error);
    case DIS_CODEC_TRANSFER_SENT:
      return dis_codec_transfer_decode (event->payload, DIS_CODEC_TRANSFER_FORM_SENT, &event->transfer, error);
    case DIS_CODEC_TRANSFER_RECEIVED:
      return dis_codec_transfer_decode (event->payload, DIS_CODEC_TRANSFER_FORM_RECEIVED, &event->transfer, error);
    case DIS_CODEC_RESTOCK_ORDER:
      return dis_codec_restock_order_decode (event->payload, &event->restock_order, error);
    case DIS_CODEC_ORDER_PLACED:
      return dis_codec_order_placed_decode (event->payload, &event->order_placed, error);
    case DIS_CODEC_ORDER_CANCELLED:
      return dis_codec_order_cancelled_decode (event->payload, &event->order_cancelled, error);
    case DIS_CODEC_ORDER_STATE:
      return dis_codec_order_state_event_decode (event->payload, &event->order_state, error);
    default:
      break;
    }
  return dis_codec_member_event_decode (event->payload, event->type, &event->member, error);
}

gboolean
dis_codec_event_decode (JsonNode       *node,
                        DisCodecEvent  *out,
                        GError        **error)
{
  return dis_codec_event_decode_envelope (node, out, error) &&
         dis_codec_event_decode_payload (out, error);
}

JsonNode *
dis_codec_event_to_node (const char  *id,
                         gint64       seq,
                         const char  *type_name,
                         const char  *at,
                         JsonNode    *payload,
                         GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  DisCodecEvent event = { .id = id, .seq = seq, .type_name = type_name, .at = at };

  g_return_val_if_fail (payload != NULL, NULL);

  if (!_dis_codec_check (&envelope_schema, &event, NULL, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (payload))
    return _dis_codec_fail (error, NULL, PAYLOAD, "must be an object"), NULL;
  json_builder_begin_object (builder);
  _dis_codec_build (&envelope_schema, &event, builder);
  json_builder_set_member_name (builder, PAYLOAD);
  json_builder_add_value (builder, json_node_ref (payload));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* One event of a push batch (dis-codec-batch.c has the rest): its
 * envelope, written as the tables say, around the stored payload. */
void
dis_codec_batch_add (GString    *out,
                     const char *id,
                     gint64      seq,
                     const char *type_name,
                     const char *at,
                     const char *payload_text)
{
  g_return_if_fail (out != NULL && out->len > 0);
  g_return_if_fail (id != NULL && type_name != NULL && at != NULL && payload_text != NULL);

  if (out->str[out->len - 1] != '[')
    g_string_append_c (out, ',');
  g_string_append_c (out, '{');
  write_string (out, envelope_fields[0].name, id);
  write_int (out, envelope_fields[1].name, seq);
  write_string (out, envelope_fields[2].name, type_name);
  write_string (out, envelope_fields[3].name, at);
  _dis_codec_append_member (out, PAYLOAD);
  g_string_append (out, payload_text);
  g_string_append_c (out, '}');
}
