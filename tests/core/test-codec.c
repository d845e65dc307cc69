/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "dis-json.h"
#include "../codec-golden.h"

/* The sync protocol's codec: every event type and change kind decodes
 * from the hand-written golden files in tests/data/codec and encodes back
 * to the same bytes; every bound holds at its limit and refuses one past
 * it, naming the field. */

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = dis_codec_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static void
assert_text (JsonNode   *node,
             const char *expected)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (node);
  text = dis_codec_to_text (node, NULL);
  g_assert_cmpstr (text, ==, expected);
}

/* ---- Struct equality ------------------------------------------------------ */

static void
assert_sales_equal (const DisCodecSale *a,
                    const DisCodecSale *b)
{
  g_assert_cmpint (a->refund, ==, b->refund);
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->receipt_no, ==, b->receipt_no);
  g_assert_cmpstr (a->point, ==, b->point);
  g_assert_cmpstr (a->device, ==, b->device);
  g_assert_cmpint (a->seq, ==, b->seq);
  g_assert_cmpstr (a->created_at, ==, b->created_at);
  g_assert_cmpint (a->operator_id, ==, b->operator_id);
  g_assert_cmpstr (a->operator_name, ==, b->operator_name);
  g_assert_cmpstr (a->member_card, ==, b->member_card);
  g_assert_cmpint (a->tier, ==, b->tier);
  g_assert_cmpstr (a->refund_of, ==, b->refund_of);
  g_assert_cmpstr (a->refund_of_receipt_no, ==, b->refund_of_receipt_no);
  g_assert_cmpuint (a->lines->len, ==, b->lines->len);
  for (guint i = 0; i < a->lines->len; i++)
    {
      const DisCodecSaleLine *x = &g_array_index (a->lines, DisCodecSaleLine, i);
      const DisCodecSaleLine *y = &g_array_index (b->lines, DisCodecSaleLine, i);

      g_assert_cmpint (x->line_no, ==, y->line_no);
      g_assert_cmpstr (x->product_code, ==, y->product_code);
      g_assert_cmpstr (x->product_name, ==, y->product_name);
      g_assert_cmpstr (x->supplier_code, ==, y->supplier_code);
      g_assert_cmpint (x->unit, ==, y->unit);
      g_assert_cmpint (x->quantity, ==, y->quantity);
      g_assert_cmpint (x->unit_price, ==, y->unit_price);
      g_assert_cmpint (x->unit_price_equa, ==, y->unit_price_equa);
      g_assert_cmpint (x->line_total, ==, y->line_total);
      g_assert_cmpint (x->line_total_equa, ==, y->line_total_equa);
      g_assert_cmpint (x->tier_delta, ==, y->tier_delta);
      g_assert_cmpint (x->vat_rate, ==, y->vat_rate);
    }
  g_assert_cmpuint (a->payments->len, ==, b->payments->len);
  for (guint i = 0; i < a->payments->len; i++)
    {
      g_assert_cmpint (g_array_index (a->payments, DisCodecPayment, i).method, ==,
                       g_array_index (b->payments, DisCodecPayment, i).method);
      g_assert_cmpint (g_array_index (a->payments, DisCodecPayment, i).amount, ==,
                       g_array_index (b->payments, DisCodecPayment, i).amount);
    }
  g_assert_cmpint (a->n_lines, ==, b->n_lines);
  g_assert_cmpint (a->total, ==, b->total);
  g_assert_cmpint (a->total_equa, ==, b->total_equa);
  g_assert_cmpint (a->tier_delta, ==, b->tier_delta);
  g_assert_cmpint (a->cash_tendered, ==, b->cash_tendered);
  g_assert_cmpint (a->change_due, ==, b->change_due);
}

static void
assert_member_events_equal (const DisCodecMemberEvent *a,
                            const DisCodecMemberEvent *b)
{
  g_assert_cmpint (a->type, ==, b->type);
  g_assert_cmpstr (a->card_code, ==, b->card_code);
  g_assert_cmpstr (a->point, ==, b->point);
  g_assert_cmpstr (a->device, ==, b->device);
  g_assert_cmpint (a->operator_id, ==, b->operator_id);
  g_assert_cmpstr (a->operator_name, ==, b->operator_name);
  g_assert_cmpstr (a->display_name, ==, b->display_name);
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpstr (a->contact, ==, b->contact);
  g_assert_cmpint (a->has_preferred_tier, ==, b->has_preferred_tier);
  g_assert_cmpint (a->preferred_tier, ==, b->preferred_tier);
  g_assert_cmpstr (a->privacy_consent_on, ==, b->privacy_consent_on);
  g_assert_cmpstr (a->registered_on, ==, b->registered_on);
  g_assert_cmpstr (a->documentation_acknowledged_on, ==, b->documentation_acknowledged_on);
  g_assert_cmpint (a->has_declaration, ==, b->has_declaration);
  g_assert_cmpstr (a->declaration_text, ==, b->declaration_text);
  g_assert_cmpstr (a->declaration_published_name, ==, b->declaration_published_name);
  g_assert_cmpstr (a->declaration_on, ==, b->declaration_on);
  g_assert_cmpstr (a->verified_on, ==, b->verified_on);
  g_assert_cmpstr (a->expires_on, ==, b->expires_on);
}

static void
assert_changes_equal (const DisCodecChange *a,
                      const DisCodecChange *b)
{
  g_assert_cmpint (a->seq, ==, b->seq);
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpstr (a->kind_name, ==, b->kind_name);
  g_assert_cmpint (a->op, ==, b->op);
  g_assert_cmpmem (&a->settings, sizeof a->settings, &b->settings, sizeof b->settings);
  g_assert_cmpstr (a->supplier.code, ==, b->supplier.code);
  g_assert_cmpstr (a->supplier.name, ==, b->supplier.name);
  g_assert_cmpstr (a->product.code, ==, b->product.code);
  g_assert_cmpstr (a->product.name, ==, b->product.name);
  g_assert_cmpstr (a->product.supplier, ==, b->product.supplier);
  g_assert_cmpstr (a->product.category, ==, b->product.category);
  g_assert_cmpint (a->product.unit, ==, b->product.unit);
  g_assert_cmpint (a->product.vat, ==, b->product.vat);
  g_assert_cmpstr (a->product.ean, ==, b->product.ean);
  g_assert_cmpint (a->product.plu, ==, b->product.plu);
  g_assert_cmpint (a->product.equa_cents, ==, b->product.equa_cents);
  g_assert_cmpuint (a->product.overrides, ==, b->product.overrides);
  g_assert_cmpint (a->product.accessibile_bp, ==, b->product.accessibile_bp);
  g_assert_cmpint (a->product.impegno_bp, ==, b->product.impegno_bp);
  g_assert_cmpint (a->product.solidale_bp, ==, b->product.solidale_bp);
  g_assert_cmpstr (a->point.code, ==, b->point.code);
  g_assert_cmpstr (a->point.name, ==, b->point.name);
  g_assert_cmpint (a->point.kind, ==, b->point.kind);
  g_assert_cmpstr (a->point.address, ==, b->point.address);
  g_assert_cmpstr (a->point.comune, ==, b->point.comune);
  g_assert_cmpfloat (a->point.lat, ==, b->point.lat);
  g_assert_cmpfloat (a->point.lon, ==, b->point.lon);
  g_assert_cmpstr (a->point.hours, ==, b->point.hours);
  g_assert_cmpstr (a->point.phone, ==, b->point.phone);
  g_assert_cmpstr (a->point.email, ==, b->point.email);
  g_assert_cmpint (a->point.home_delivery, ==, b->point.home_delivery);
  g_assert_cmpint (a->point.collection_point, ==, b->point.collection_point);
  g_assert_cmpstr (a->member.card_code, ==, b->member.card_code);
  g_assert_cmpstr (a->member.display_name, ==, b->member.display_name);
  g_assert_cmpint (a->member.status, ==, b->member.status);
  g_assert_cmpint (a->member.preferred_tier, ==, b->member.preferred_tier);
  g_assert_cmpstr (a->member.registered_on, ==, b->member.registered_on);
  g_assert_cmpint (a->member.volume_12m_cents, ==, b->member.volume_12m_cents);
  g_assert_cmpint (a->member.documentation_acknowledged, ==, b->member.documentation_acknowledged);
  g_assert_cmpint (a->member.has_declaration, ==, b->member.has_declaration);
  g_assert_cmpint (a->member.basis, ==, b->member.basis);
  g_assert_cmpstr (a->member.basis_expires_on, ==, b->member.basis_expires_on);
  g_assert_cmpint (a->member.activity_hours, ==, b->member.activity_hours);
}

/* ---- Events: golden round trips ------------------------------------------- */

static const char *event_files[] = {
  "event-sale-committed.json",
  "event-sale-refunded.json",
  "event-member-registered.json",
  "event-member-updated.json",
  "event-member-provisional-basis.json",
};

/* Decode → encode gives the golden bytes; decoding those again gives an
 * equal struct; for a sale the fast writer gives the generic bytes. */
static void
test_event_golden (gconstpointer data)
{
  const char *file = data;
  g_autofree char *text = codec_golden (file);
  g_autoptr(JsonNode) root = parse (text);
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonNode) envelope = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *envelope_text = NULL;
  g_auto(DisCodecEvent) event = { NULL, };
  g_auto(DisCodecEvent) second = { NULL, };
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_codec_event_decode (root, &event, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dis_codec_event_type_to_string (event.type), ==, event.type_name);

  if (dis_codec_event_type_is_sale (event.type))
    {
      g_autofree char *generic = NULL;
      g_autofree char *fast = NULL;
      gsize length;

      payload = dis_codec_sale_to_node (&event.sale, &error);
      g_assert_no_error (error);
      generic = dis_codec_to_text (payload, NULL);
      fast = dis_codec_sale_write (&event.sale, &length, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fast, ==, generic);
      g_assert_cmpuint (length, ==, strlen (generic));
    }
  else
    {
      payload = dis_codec_member_event_to_node (&event.member, &error);
      g_assert_no_error (error);
    }
  envelope = dis_codec_event_to_node (event.id, event.seq, event.type_name, event.at, payload, &error);
  g_assert_no_error (error);
  assert_text (envelope, text);

  envelope_text = dis_codec_to_text (envelope, NULL);
  again = parse (envelope_text);
  g_assert_true (dis_codec_event_decode (again, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (event.id, ==, second.id);
  g_assert_cmpint (event.seq, ==, second.seq);
  g_assert_cmpstr (event.at, ==, second.at);
  g_assert_cmpint (event.type, ==, second.type);
  if (dis_codec_event_type_is_sale (event.type))
    assert_sales_equal (&event.sale, &second.sale);
  else
    assert_member_events_equal (&event.member, &second.member);
}

/* The decoded values, as the protocol reads. */
static void
test_event_values (void)
{
  g_autofree char *sale_text = codec_golden ("event-sale-committed.json");
  g_autofree char *refund_text = codec_golden ("event-sale-refunded.json");
  g_autofree char *updated_text = codec_golden ("event-member-updated.json");
  g_autofree char *registered_text = codec_golden ("event-member-registered.json");
  g_autoptr(JsonNode) sale_root = parse (sale_text);
  g_autoptr(JsonNode) refund_root = parse (refund_text);
  g_autoptr(JsonNode) updated_root = parse (updated_text);
  g_autoptr(JsonNode) registered_root = parse (registered_text);
  g_auto(DisCodecEvent) sale = { NULL, };
  g_auto(DisCodecEvent) refund = { NULL, };
  g_auto(DisCodecEvent) updated = { NULL, };
  g_auto(DisCodecEvent) registered = { NULL, };
  const DisCodecSaleLine *honey;

  g_assert_true (dis_codec_event_decode (sale_root, &sale, NULL));
  g_assert_cmpint (sale.type, ==, DIS_CODEC_SALE_COMMITTED);
  g_assert_cmpint (sale.seq, ==, 4);
  g_assert_false (sale.sale.refund);
  g_assert_cmpstr (sale.sale.member_card, ==, "DS00000018");
  g_assert_cmpint (sale.sale.tier, ==, DIS_TIER_SOLIDALE);
  g_assert_cmpstr (sale.sale.operator_name, ==, "Anna Rossi");
  g_assert_null (sale.sale.refund_of);
  g_assert_cmpuint (sale.sale.lines->len, ==, 2);
  honey = &g_array_index (sale.sale.lines, DisCodecSaleLine, 1);
  g_assert_cmpstr (honey->product_name, ==, "Miele di castagno \"di collina\" – sfuso");
  g_assert_null (honey->supplier_code);
  g_assert_cmpint (honey->unit, ==, DIS_UNIT_KG);
  g_assert_cmpint (honey->quantity, ==, 350);
  g_assert_cmpint (honey->line_total, ==, dis_line_total (honey->unit_price, honey->quantity));
  g_assert_cmpint (g_array_index (sale.sale.payments, DisCodecPayment, 1).method, ==, DIS_PAYMENT_CARD);
  g_assert_cmpint (sale.sale.change_due, ==, 500);

  g_assert_true (dis_codec_event_decode (refund_root, &refund, NULL));
  g_assert_true (refund.sale.refund);
  g_assert_cmpstr (refund.sale.refund_of, ==, sale.sale.id);
  g_assert_cmpint (g_array_index (refund.sale.lines, DisCodecSaleLine, 0).quantity, ==, -100);

  g_assert_true (dis_codec_event_decode (updated_root, &updated, NULL));
  g_assert_cmpint (updated.member.type, ==, DIS_CODEC_MEMBER_UPDATED);
  g_assert_true (updated.member.has_declaration);
  g_assert_cmpstr (updated.member.declaration_text, ==, "Mi impegno a comprare nella rete\ne a raccontarlo: \"è giusto\".");
  g_assert_true (updated.member.has_preferred_tier);
  g_assert_cmpint (updated.member.preferred_tier, ==, DIS_TIER_EQUA);
  g_assert_cmpstr (updated.member.documentation_acknowledged_on, ==, "2024-05-02");

  g_assert_true (dis_codec_event_decode (registered_root, &registered, NULL));
  g_assert_cmpint (registered.member.kind, ==, DIS_MEMBER_KIND_PERSON);
  g_assert_true (registered.member.has_preferred_tier);
  g_assert_cmpint (registered.member.preferred_tier, ==, DIS_TIER_IMPEGNO);
  g_assert_cmpstr (registered.member.contact, ==, "giulia@example.org");
}

/* ---- Changes: golden round trips ------------------------------------------- */

static const char *change_files[] = {
  "change-settings.json",
  "change-supplier.json",
  "change-product.json",
  "change-point.json",
  "change-point-delete.json",
  "change-member.json",
  "change-member-delete.json",
};

/* The data object of @change, through the encoder of its kind. */
static JsonNode *
data_to_node (const DisCodecChange *change)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = NULL;

  if (change->op == DIS_CODEC_OP_DELETE)
    node = dis_codec_delete_to_node (change->kind, change->kind == DIS_CODEC_CHANGE_POINT
                                                   ? change->point.code : change->member.card_code, &error);
  else if (change->kind == DIS_CODEC_CHANGE_SETTINGS)
    node = dis_codec_settings_to_node (&change->settings, &error);
  else if (change->kind == DIS_CODEC_CHANGE_SUPPLIER)
    node = dis_codec_supplier_to_node (&change->supplier, &error);
  else if (change->kind == DIS_CODEC_CHANGE_PRODUCT)
    node = dis_codec_product_to_node (&change->product, &error);
  else if (change->kind == DIS_CODEC_CHANGE_POINT)
    node = dis_codec_point_to_node (&change->point, &error);
  else if (change->kind == DIS_CODEC_CHANGE_MEMBER)
    node = dis_codec_member_to_node (&change->member, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
test_change_golden (gconstpointer data)
{
  const char *file = data;
  g_autofree char *text = codec_golden (file);
  g_autoptr(JsonNode) root = parse (text);
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(JsonNode) data_node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GString) written = g_string_new ("[");
  g_autofree char *data_text = NULL;
  g_autofree char *encoded_text = NULL;
  g_autoptr(GError) error = NULL;
  DisCodecChange change, second;

  g_assert_true (dis_codec_change_decode (root, &change, &error));
  g_assert_no_error (error);
  g_assert_cmpint (change.kind, !=, DIS_CODEC_CHANGE_UNKNOWN);
  g_assert_cmpstr (dis_codec_change_kind_to_string (change.kind), ==, change.kind_name);

  encoded = dis_codec_change_to_node (&change, &error);
  g_assert_no_error (error);
  assert_text (encoded, text);

  /* The hub's writer around the data as stored gives the same bytes. */
  data_node = data_to_node (&change);
  data_text = dis_codec_to_text (data_node, NULL);
  dis_codec_change_write (written, change.seq, change.kind_name,
                          change.op == DIS_CODEC_OP_UPSERT ? "upsert" : "delete", data_text);
  g_assert_cmpstr (written->str + 1, ==, text);

  encoded_text = dis_codec_to_text (encoded, NULL);
  again = parse (encoded_text);
  g_assert_true (dis_codec_change_decode (again, &second, &error));
  g_assert_no_error (error);
  assert_changes_equal (&change, &second);
}

static void
test_change_values (void)
{
  g_autofree char *settings_text = codec_golden ("change-settings.json");
  g_autofree char *product_text = codec_golden ("change-product.json");
  g_autofree char *point_text = codec_golden ("change-point.json");
  g_autofree char *member_text = codec_golden ("change-member-delete.json");
  g_autoptr(JsonNode) settings_root = parse (settings_text);
  g_autoptr(JsonNode) product_root = parse (product_text);
  g_autoptr(JsonNode) point_root = parse (point_text);
  g_autoptr(JsonNode) member_root = parse (member_text);
  g_autoptr(JsonNode) unknown = parse ("{\"seq\":9,\"kind\":\"stock\",\"op\":\"upsert\",\"data\":{\"x\":1}}");
  g_autoptr(JsonNode) product_delete = parse ("{\"seq\":9,\"kind\":\"product\",\"op\":\"delete\",\"data\":{\"code\":\"P-1\"}}");
  g_autoptr(GError) error = NULL;
  DisCodecChange change;

  g_assert_true (dis_codec_change_decode (settings_root, &change, NULL));
  g_assert_cmpuint (change.settings.present, ==, (1u << DIS_CODEC_N_SETTINGS) - 1);
  g_assert_cmpint (change.settings.value[DIS_CODEC_SETTING_ACCESSIBILE_BP], ==, -2500);
  g_assert_cmpint (change.settings.value[DIS_CODEC_SETTING_IMPEGNO_NEEDS_ACTIVITY], ==, 0);
  g_assert_cmpint (change.settings.value[DIS_CODEC_SETTING_BASIS_VALIDITY_MONTHS], ==, 12);

  g_assert_true (dis_codec_change_decode (product_root, &change, NULL));
  g_assert_cmpint (change.kind, ==, DIS_CODEC_CHANGE_PRODUCT);
  g_assert_cmpuint (change.product.overrides, ==, DIS_CODEC_OVERRIDE_ACCESSIBILE);
  g_assert_cmpint (change.product.accessibile_bp, ==, -3000);
  g_assert_cmpint (change.product.equa_cents, ==, 185);

  g_assert_true (dis_codec_change_decode (point_root, &change, NULL));
  g_assert_cmpfloat (change.point.lat, ==, 45.0625);
  g_assert_cmpint (change.point.kind, ==, DIS_CODEC_POINT_SHOP);
  g_assert_true (change.point.home_delivery);
  g_assert_false (change.point.collection_point);

  g_assert_true (dis_codec_change_decode (member_root, &change, NULL));
  g_assert_cmpint (change.op, ==, DIS_CODEC_OP_DELETE);
  g_assert_cmpstr (change.member.card_code, ==, "DS00000026");

  /* A kind from a newer hub: read, and left for the point to skip. */
  g_assert_true (dis_codec_change_decode (unknown, &change, &error));
  g_assert_no_error (error);
  g_assert_cmpint (change.kind, ==, DIS_CODEC_CHANGE_UNKNOWN);
  g_assert_cmpstr (change.kind_name, ==, "stock");

  g_assert_false (dis_codec_change_decode (product_delete, &change, &error));
  g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "op:"));
}

/* ---- Batch, reply, page, me ------------------------------------------------------ */

static void
test_batch (void)
{
  g_autofree char *text = codec_golden ("batch.json");
  g_autoptr(JsonNode) root = parse (text);
  g_autoptr(GString) written = g_string_new (NULL);
  g_autofree char *regenerated = NULL;
  g_autoptr(GError) error = NULL;
  const char *device = NULL;
  JsonArray *events = NULL;

  g_assert_true (dis_codec_batch_decode (root, &device, &events, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (device, ==, "C1");
  g_assert_cmpuint (json_array_get_length (events), ==, 2);

  /* Written the way the point writes it: payloads as stored. */
  dis_codec_batch_begin (written, device);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      g_auto(DisCodecEvent) event = { NULL, };
      g_autoptr(JsonNode) payload = NULL;
      g_autofree char *payload_text = NULL;

      g_assert_true (dis_codec_event_decode (json_array_get_element (events, i), &event, &error));
      g_assert_no_error (error);
      payload = dis_codec_member_event_to_node (&event.member, &error);
      g_assert_no_error (error);
      payload_text = dis_codec_to_text (payload, NULL);
      dis_codec_batch_add (written, event.id, event.seq, event.type_name, event.at, payload_text);
    }
  dis_codec_batch_end (written);
  g_assert_cmpstr (written->str, ==, text);

  /* It is canonical: json-glib prints its tree as the same bytes. */
  {
    g_autoptr(JsonNode) tree = parse (written->str);

    regenerated = dis_codec_to_text (tree, NULL);
    g_assert_cmpstr (regenerated, ==, written->str);
  }

  {
    g_autoptr(JsonNode) no_device = parse ("{\"device\":7,\"events\":[]}");
    g_autoptr(JsonNode) no_events = parse ("{\"device\":\"C1\",\"events\":{}}");
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;

    g_assert_false (dis_codec_batch_decode (no_device, &device, &events, &e1));
    g_assert_nonnull (strstr (e1->message, "device"));
    g_assert_false (dis_codec_batch_decode (no_events, &device, &events, &e2));
    g_assert_nonnull (strstr (e2->message, "events"));
  }
}

static void
test_reply (void)
{
  g_autofree char *text = codec_golden ("reply.json");
  g_autoptr(JsonNode) root = parse (text);
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(GArray) acks = NULL;
  g_autoptr(GError) error = NULL;
  DisCodecGap gap = { "C1", 2, 3 };
  const DisCodecAck *ack;

  acks = dis_codec_reply_decode (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (acks->len, ==, 4);
  ack = &g_array_index (acks, DisCodecAck, 1);
  g_assert_cmpint (ack->status, ==, DIS_CODEC_ACK_ACCEPTED);
  g_assert_cmpstr (ack->review, ==, "line 1: line_total 427 but the hub computes 426");
  ack = &g_array_index (acks, DisCodecAck, 3);
  g_assert_null (ack->id);
  g_assert_cmpint (ack->status, ==, DIS_CODEC_ACK_REJECTED);
  g_assert_cmpstr (ack->code, ==, "invalid_payload");

  encoded = dis_codec_reply_to_node ((const DisCodecAck *) (gconstpointer) acks->data, acks->len, &gap, 1);
  assert_text (encoded, text);

  /* A result the point cannot read is left out, not the whole reply. */
  {
    g_autoptr(JsonNode) odd = parse ("{\"results\":[{\"id\":\"9b2e4c1a-7d3f-4e8b-a5c6-0f1e2d3c4b5a\","
                                     "\"status\":\"maybe\"},42,{\"id\":\"4c8d2e6f-1a3b-4c5d-9e7f-8a9b0c1d2e3f\","
                                     "\"status\":\"duplicate\"}]}");
    g_autoptr(GArray) some = dis_codec_reply_decode (odd, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (some->len, ==, 1);
    g_assert_cmpint (g_array_index (some, DisCodecAck, 0).status, ==, DIS_CODEC_ACK_DUPLICATE);
  }
}

/* The hub cuts what it could not send: a review of any length, a message
 * that is not UTF-8 or holds U+001F. */
static void
test_reply_bounds (void)
{
  g_autoptr(GString) review = g_string_new (NULL);
  g_autoptr(JsonNode) encoded = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) acks = NULL;
  DisCodecAck ack[2] = {
    { "9b2e4c1a-7d3f-4e8b-a5c6-0f1e2d3c4b5a", DIS_CODEC_ACK_ACCEPTED, NULL, NULL, NULL },
    { NULL, DIS_CODEC_ACK_REJECTED, "invalid_payload", "bad\x1f\tfield\xff", NULL },
  };

  for (guint i = 0; i < DIS_CODEC_REVIEW_MAX + 100; i++)
    g_string_append (review, "è");
  ack[0].review = review->str;
  encoded = dis_codec_reply_to_node (ack, 2, NULL, 0);
  text = dis_codec_to_text (encoded, NULL);
  root = parse (text);
  acks = dis_codec_reply_decode (root, NULL);
  g_assert_cmpuint (acks->len, ==, 2);
  g_assert_cmpint (g_utf8_strlen (g_array_index (acks, DisCodecAck, 0).review, -1), ==, DIS_CODEC_REVIEW_MAX);
  g_assert_true (g_str_has_suffix (g_array_index (acks, DisCodecAck, 0).review, "…"));
  g_assert_cmpstr (g_array_index (acks, DisCodecAck, 1).message, ==, "bad \tfield\xef\xbf\xbd");
}

static void
test_changes_page (void)
{
  g_autofree char *text = codec_golden ("changes-page.json");
  g_autofree char *settings = codec_golden ("change-settings.json");
  g_autofree char *supplier = codec_golden ("change-supplier.json");
  g_autoptr(JsonNode) root = parse (text);
  g_autoptr(GString) written = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  JsonArray *changes = NULL;
  const char *files[] = { settings, supplier };
  gint64 next = -1;
  gboolean more = FALSE;

  g_assert_true (dis_codec_changes_page_decode (root, &changes, &next, &more, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (changes), ==, 2);
  g_assert_cmpint (next, ==, 2);
  g_assert_true (more);

  dis_codec_changes_page_begin (written);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(JsonNode) change_root = parse (files[i]);
      g_autoptr(JsonNode) data_node = NULL;
      g_autofree char *data_text = NULL;
      DisCodecChange change;

      g_assert_true (dis_codec_change_decode (json_array_get_element (changes, i), &change, &error));
      g_assert_no_error (error);
      data_node = data_to_node (&change);
      data_text = dis_codec_to_text (data_node, NULL);
      dis_codec_change_write (written, change.seq, change.kind_name, "upsert", data_text);
    }
  dis_codec_changes_page_end (written, next, more);
  g_assert_cmpstr (written->str, ==, text);

  {
    g_autoptr(JsonNode) bad = parse ("{\"changes\":[],\"next\":-1,\"more\":false}");

    g_assert_false (dis_codec_changes_page_decode (bad, &changes, &next, &more, &error));
    g_assert_nonnull (strstr (error->message, "next"));
  }
}

static void
test_me (void)
{
  g_autofree char *text = codec_golden ("me.json");
  g_autoptr(JsonNode) root = parse (text);
  g_autoptr(JsonNode) point_node = NULL;
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(GError) error = NULL;
  DisCodecPoint point;
  const char *device = NULL;

  g_assert_true (dis_codec_me_decode (root, &point, &device, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (device, ==, "C1");
  g_assert_cmpstr (point.comune, ==, "Torino");

  point_node = dis_codec_point_to_node (&point, &error);
  g_assert_no_error (error);
  encoded = dis_codec_me_to_node (point_node, device, &error);
  g_assert_no_error (error);
  assert_text (encoded, text);
}

static void
test_health (void)
{
  g_autofree char *text = codec_golden ("health.json");
  g_autoptr(JsonNode) root = parse (text);
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(JsonNode) older = parse ("{\"status\":\"ok\",\"version\":\"0.0.9\"}");
  g_autoptr(JsonNode) bad = parse ("{\"status\":\"ok\",\"version\":\"0.1.0\","
                                   "\"limits\":{\"batch_events\":0,\"body_bytes\":1}}");
  g_autoptr(GError) error = NULL;
  DisCodecHealth health;

  g_assert_true (dis_codec_health_decode (root, &health, &error));
  g_assert_no_error (error);
  g_assert_true (health.has_limits);
  g_assert_cmpint (health.batch_events, ==, 500);
  g_assert_cmpint (health.body_bytes, ==, 1048576);
  encoded = dis_codec_health_to_node (&health, &error);
  g_assert_no_error (error);
  assert_text (encoded, text);

  /* A hub older than the limits does not say them. */
  g_assert_true (dis_codec_health_decode (older, &health, &error));
  g_assert_no_error (error);
  g_assert_false (health.has_limits);

  g_assert_false (dis_codec_health_decode (bad, &health, &error));
  g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "limits.batch_events"));
}

/* ---- Bounds ------------------------------------------------------------------------ */

typedef struct
{
  const char *file;
  const char *from;      /* replaced once in the golden text */
  const char *to;
  const char *field;     /* NULL: accepted; else refused, naming it */
} Edit;

static gboolean
decode_edited (const char  *file,
               const char  *from,
               const char  *to,
               GError     **error)
{
  g_autofree char *text = codec_golden (file);
  g_autoptr(GString) edited = g_string_new (text);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (g_string_replace (edited, from, to, 1), ==, 1);
  root = dis_codec_parse (edited->str, -1, NULL);
  g_assert_nonnull (root);
  if (g_str_has_prefix (file, "event-"))
    {
      g_auto(DisCodecEvent) event = { NULL, };

      return dis_codec_event_decode (root, &event, error);
    }
  else
    {
      DisCodecChange change;

      return dis_codec_change_decode (root, &change, error);
    }
}

static void
run_edits (const Edit *edits,
           guint       n_edits)
{
  for (guint i = 0; i < n_edits; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = decode_edited (edits[i].file, edits[i].from, edits[i].to, &error);

      g_test_message ("%s: %s → %s", edits[i].file, edits[i].from, edits[i].to);
      if (edits[i].field == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          continue;
        }
      g_assert_false (ok);
      g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, edits[i].field) ||
          error->message[strlen (edits[i].field)] != ':')
        g_error ("expected an error on %s, got “%s”", edits[i].field, error->message);
    }
}

#define SALE "event-sale-committed.json"
#define REFUND "event-sale-refunded.json"
#define LINE0 "payload.lines[0]."

static void
test_bounds_numbers (void)
{
  static const Edit edits[] = {
    { SALE, "\"quantity\":2000", "\"quantity\":1000000000", NULL },
    { SALE, "\"quantity\":2000", "\"quantity\":1000000001", LINE0 "quantity" },
    { SALE, "\"quantity\":2000", "\"quantity\":-1000000000", NULL },
    { SALE, "\"quantity\":2000", "\"quantity\":-1000000001", LINE0 "quantity" },
    { SALE, "\"quantity\":2000", "\"quantity\":0", LINE0 "quantity" },
    { SALE, "\"quantity\":2000", "\"quantity\":2000.0", LINE0 "quantity" },
    { SALE, "\"quantity\":2000", "\"quantity\":\"2000\"", LINE0 "quantity" },
    /* Integers beyond gint64 are never read wrapped (2^64 would read -1). */
    { SALE, "\"quantity\":2000", "\"quantity\":9223372036854775808", LINE0 "quantity" },
    { SALE, "\"quantity\":2000", "\"quantity\":-9223372036854775808", LINE0 "quantity" },
    { SALE, "\"quantity\":2000", "\"quantity\":18446744073709551616", LINE0 "quantity" },
    { SALE, "\"quantity\":2000", "\"quantity\":36893488147419104232", LINE0 "quantity" },
    { REFUND, "\"quantity\":-100", "\"quantity\":18446744073709550616", LINE0 "quantity" },
    { SALE, "\"unit_price\":213", "\"unit_price\":100000000", NULL },
    { SALE, "\"unit_price\":213", "\"unit_price\":100000001", LINE0 "unit_price" },
    { SALE, "\"unit_price\":213", "\"unit_price\":-1", LINE0 "unit_price" },
    { SALE, "\"unit_price_equa\":185", "\"unit_price_equa\":100000001", LINE0 "unit_price_equa" },
    { SALE, "\"line_total\":426", "\"line_total\":-100000000000000", NULL },
    { SALE, "\"line_total\":426", "\"line_total\":100000000000001", LINE0 "line_total" },
    { SALE, "\"line_total_equa\":370", "\"line_total_equa\":-100000000000001", LINE0 "line_total_equa" },
    { SALE, "\"tier_delta\":56", "\"tier_delta\":200000000000000", NULL },
    { SALE, "\"tier_delta\":56", "\"tier_delta\":200000000000001", LINE0 "tier_delta" },
    { SALE, "\"vat_rate\":4", "\"vat_rate\":22", NULL },
    { SALE, "\"vat_rate\":4", "\"vat_rate\":7", LINE0 "vat_rate" },
    { SALE, "\"line_no\":2", "\"line_no\":500", NULL },
    { SALE, "\"line_no\":2", "\"line_no\":501", "payload.lines[1].line_no" },
    { SALE, "\"line_no\":2", "\"line_no\":1", "payload.lines[1].line_no" },
    { SALE, "\"amount\":500", "\"amount\":-50000000000000000", NULL },
    { SALE, "\"amount\":500", "\"amount\":50000000000000001", "payload.payments[0].amount" },
    { SALE, "\"n_lines\":2", "\"n_lines\":500", NULL },
    { SALE, "\"n_lines\":2", "\"n_lines\":501", "payload.n_lines" },
    { SALE, "\"n_lines\":2", "\"n_lines\":0", "payload.n_lines" },
    { SALE, "\"total\":909", "\"total\":50000000000000000", NULL },
    { SALE, "\"total\":909", "\"total\":-50000000000000001", "payload.total" },
    { SALE, "\"total_equa\":790", "\"total_equa\":50000000000000001", "payload.total_equa" },
    { SALE, "\"tier_delta\":119", "\"tier_delta\":-100000000000000000", NULL },
    { SALE, "\"tier_delta\":119", "\"tier_delta\":-100000000000000001", "payload.tier_delta" },
    { SALE, "\"cash_tendered\":1000", "\"cash_tendered\":50000000000000000", NULL },
    { SALE, "\"cash_tendered\":1000", "\"cash_tendered\":50000000000000001", "payload.cash_tendered" },
    { SALE, "\"cash_tendered\":1000", "\"cash_tendered\":-1", "payload.cash_tendered" },
    { SALE, "\"change_due\":500", "\"change_due\":-1", "payload.change_due" },
    { SALE, "\"seq\":1,", "\"seq\":1000000000000,", NULL },
    { SALE, "\"seq\":1,", "\"seq\":1000000000001,", "payload.seq" },
    { SALE, "\"seq\":1,", "\"seq\":0,", "payload.seq" },
    { SALE, "\"seq\":4,", "\"seq\":1000000000000,", NULL },
    { SALE, "\"seq\":4,", "\"seq\":1000000000001,", "seq" },
    { SALE, "\"seq\":4,", "\"seq\":9223372036854775807,", "seq" },
    { SALE, "\"seq\":4,", "\"seq\":9223372036854775808,", "seq" },
    { SALE, "\"seq\":4,", "\"seq\":-1,", "seq" },
    { SALE, "\"operator\":{\"id\":1", "\"operator\":{\"id\":2147483647", NULL },
    { SALE, "\"operator\":{\"id\":1", "\"operator\":{\"id\":2147483648", "payload.operator.id" },
    { SALE, "\"operator\":{\"id\":1", "\"operator\":{\"id\":0", "payload.operator.id" },
    /* Whatever an unknown field holds, it is ignored. */
    { SALE, "\"change_due\":500", "\"change_due\":500,\"x\":1e400", NULL },
    { SALE, "\"quantity\":2000", "\"quantity\":2000,\"x\":[{\"y\":-1e400},18446744073709551616]", NULL },
    { SALE, "\"seq\":4,", "\"seq\":4,\"x\":1e400,", NULL },
    { "change-product.json", "\"plu\":0", "\"plu\":99999", NULL },
    { "change-product.json", "\"plu\":0", "\"plu\":100000", "data.plu" },
    { "change-product.json", "\"plu\":0", "\"plu\":-1", "data.plu" },
    { "change-product.json", "\"equa_cents\":185", "\"equa_cents\":100000000", NULL },
    { "change-product.json", "\"equa_cents\":185", "\"equa_cents\":100000001", "data.equa_cents" },
    { "change-product.json", "\"equa_cents\":185", "\"equa_cents\":0", "data.equa_cents" },
    { "change-product.json", "\"accessibile\":-3000", "\"accessibile\":-10000", NULL },
    { "change-product.json", "\"accessibile\":-3000", "\"accessibile\":-10001", "data.overrides.accessibile" },
    { "change-product.json", "\"accessibile\":-3000", "\"solidale\":100000", NULL },
    { "change-product.json", "\"accessibile\":-3000", "\"solidale\":100001", "data.overrides.solidale" },
    { "change-product.json", "\"vat\":4", "\"vat\":5", NULL },
    { "change-product.json", "\"vat\":4", "\"vat\":21", "data.vat" },
    { "change-point.json", "\"lat\":45.0625", "\"lat\":-90", NULL },
    { "change-point.json", "\"lat\":45.0625", "\"lat\":90.001", "data.lat" },
    { "change-point.json", "\"lat\":45.0625", "\"lat\":1e400", "data.lat" },
    { "change-point.json", "\"lon\":7.6875", "\"lon\":180.0", NULL },
    { "change-point.json", "\"lon\":7.6875", "\"lon\":-180.5", "data.lon" },
    { "change-member.json", "\"volume_12m_cents\":0", "\"volume_12m_cents\":-50000000000000000", NULL },
    { "change-member.json", "\"volume_12m_cents\":0", "\"volume_12m_cents\":50000000000000001", "data.volume_12m_cents" },
    { "change-member.json", "\"activity_hours\":0", "\"activity_hours\":100000", NULL },
    { "change-member.json", "\"activity_hours\":0", "\"activity_hours\":100001", "data.activity_hours" },
    { "change-member.json", "\"activity_hours\":0", "\"activity_hours\":-1", "data.activity_hours" },
    { "change-supplier.json", "\"seq\":2", "\"seq\":0", "seq" },
  };

  run_edits (edits, G_N_ELEMENTS (edits));
}

/* A string of @n copies of @unit. */
static char *
repeat (const char *unit,
        guint       n)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (out, unit);
  return g_string_free (out, FALSE);
}

static void
test_bounds_texts (void)
{
  g_autofree char *name_200 = repeat ("è", DIS_CODEC_NAME_MAX);
  g_autofree char *name_201 = repeat ("è", DIS_CODEC_NAME_MAX + 1);
  g_autofree char *name_mb = repeat ("x", 1000000);
  g_autofree char *code_32 = repeat ("A", DIS_CODEC_CODE_MAX);
  g_autofree char *code_33 = repeat ("A", DIS_CODEC_CODE_MAX + 1);
  g_autofree char *receipt_80 = repeat ("1", DIS_CODEC_RECEIPT_NO_MAX);
  g_autofree char *receipt_81 = repeat ("1", DIS_CODEC_RECEIPT_NO_MAX + 1);
  g_autofree char *declaration_1000 = repeat ("a\\n", DIS_MEMBER_DECLARATION_MAX / 2);
  g_autofree char *declaration_1001 = repeat ("a", DIS_MEMBER_DECLARATION_MAX + 1);
  struct { const char *file, *from, *value, *field; } cases[] = {
    { SALE, "Spaghetti di grano duro bio 500 g", name_200, NULL },
    { SALE, "Spaghetti di grano duro bio 500 g", name_201, LINE0 "product_name" },
    { SALE, "Spaghetti di grano duro bio 500 g", name_mb, LINE0 "product_name" },
    { SALE, "Spaghetti di grano duro bio 500 g", "   ", LINE0 "product_name" },
    { SALE, "Spaghetti di grano duro bio 500 g", "Spa\\u0001\\tghet\\nti\\u007f", NULL },
    { SALE, "Spaghetti di grano duro bio 500 g", "Spa\\u001fghetti", LINE0 "product_name" },
    { SALE, "Spaghetti di grano duro bio 500 g", " \\t\\n ", LINE0 "product_name" },
    { SALE, "Anna Rossi", name_200, NULL },
    { SALE, "Anna Rossi", name_201, "payload.operator.name" },
    { SALE, "Anna Rossi", name_mb, "payload.operator.name" },
    { SALE, "TO-CEN-C1-000001", receipt_80, NULL },
    { SALE, "TO-CEN-C1-000001", receipt_81, "payload.receipt_no" },
    { SALE, "P-0001", code_32, NULL },
    { SALE, "P-0001", code_33, LINE0 "product_code" },
    { SALE, "P-0001", "P 0001", LINE0 "product_code" },
    { SALE, "P-0001", "", LINE0 "product_code" },
    { SALE, "F-PAS", "F/PAS", LINE0 "supplier_code" },
    { SALE, "\"point\":\"TO-CEN\"", "\"point\":\"TO CEN\"", "payload.point" },
    { SALE, "\"device\":\"C1\"", "\"device\":\"C1'; --\"", "payload.device" },
    { SALE, "DS00000018", "DS00000026", NULL },
    { SALE, "DS00000018", "DS00000019", "payload.member_card" },
    { SALE, "DS00000018", "x'; DROP TABLE members;--", "payload.member_card" },
    { SALE, "\"tier\":\"solidale\"", "\"tier\":\"premium\"", "payload.tier" },
    { SALE, "\"unit\":\"kg\"", "\"unit\":\"g\"", "payload.lines[1].unit" },
    { SALE, "\"method\":\"card\"", "\"method\":\"cheque\"", "payload.payments[1].method" },
    { SALE, "\"created_at\":\"2024-05-02T10:15:00+02:00\"", "\"created_at\":\"2024-05-02T10:15:00\"", "payload.created_at" },
    { SALE, "\"at\":\"2024-05-02T10:15:00+02:00\"", "\"at\":\"yesterday\"", "at" },
    { SALE, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "3f2504e0", "payload.id" },
    { SALE, "\"refund_of\":null", "\"refund_of\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"", "payload.refund_of" },
    { REFUND, "\"refund_of\":\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\"", "\"refund_of\":null", "payload.refund_of" },
    { "event-member-registered.json", "Giulia Bertolotti", name_200, NULL },
    { "event-member-registered.json", "Giulia Bertolotti", name_201, "payload.display_name" },
    { "event-member-registered.json", "giulia@example.org", name_201, "payload.contact" },
    { "event-member-registered.json", "\"kind\":\"person\"", "\"kind\":\"robot\"", "payload.kind" },
    { "event-member-registered.json", "\"registered_on\":\"2024-05-02\"", "\"registered_on\":\"2024-02-30\"", "payload.registered_on" },
    { "event-member-updated.json", "Mi impegno a comprare nella rete\\ne a raccontarlo: \\\"è giusto\\\".", declaration_1000, NULL },
    { "event-member-updated.json", "Mi impegno a comprare nella rete\\ne a raccontarlo: \\\"è giusto\\\".", declaration_1001, "payload.declaration.text" },
    { "event-member-updated.json", "Giulia B.", name_201, "payload.declaration.published_name" },
    { "event-member-provisional-basis.json", "\"expires_on\":\"2024-08-02\"", "\"expires_on\":\"2024-05-01\"", "payload.expires_on" },
    { "change-product.json", "8191630694454", "8191630694455", "data.ean" },
    { "change-product.json", "\"category\":\"Pasta e riso\"", "\"category\":\"\"", NULL },
    { "change-product.json", "\"category\":\"Pasta e riso\"", "\"category\":null", NULL },
    { "change-point.json", "\"kind\":\"shop\"", "\"kind\":\"mall\"", "data.kind" },
    { "change-point.json", "\"hours\":\"lun–sab 9–13, 15.30–19.30\",", "", NULL },
    { "change-point.json", "\"comune\":\"Torino\"", "\"comune\":\"\"", "data.comune" },
    { "change-member.json", "\"status\":\"pending\"", "\"status\":\"gone\"", "data.status" },
    { "change-point-delete.json", "TO-CEN", "TO CEN", "data.code" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Edit edit = { cases[i].file, cases[i].from, cases[i].value, cases[i].field };

      run_edits (&edit, 1);
    }

  /* A lone surrogate is not text: the reader refuses the document before
   * any field is looked at. */
  {
    g_autofree char *text = codec_golden (SALE);
    g_autoptr(GString) edited = g_string_new (text);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = NULL;

    g_assert_cmpuint (g_string_replace (edited, "Spaghetti di grano duro bio 500 g", "Spa\\ud800ghetti", 1), ==, 1);
    root = dis_codec_parse (edited->str, -1, &error);
    g_assert_null (root);
    g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_ENCODING);
  }
}

/* The member.updated rule between fields, and missing fields. */
static void
test_bounds_structure (void)
{
  static const Edit edits[] = {
    { "event-member-updated.json",
      "\"documentation_acknowledged_on\":\"2024-05-02\",\"declaration\":{\"text\":\"Mi impegno a comprare nella rete\\ne a raccontarlo: \\\"è giusto\\\".\",\"published_name\":\"Giulia B.\",\"on\":\"2024-05-02\"},\"preferred_tier\":\"equa\"",
      "\"preferred_tier\":null", "payload" },
    { "event-member-updated.json", "\"preferred_tier\":\"equa\"", "\"preferred_tier\":null", NULL },
    { "event-member-registered.json", "\"privacy_consent_on\":\"2024-05-02\",", "", "payload.privacy_consent_on" },
    { SALE, "\"operator\":{\"id\":1,\"name\":\"Anna Rossi\"}", "\"operator\":[1]", "payload.operator" },
    { SALE, "\"payments\":[", "\"payments\":[7,", "payload.payments[0]" },
    { SALE, "\"type\":\"sale.committed\"", "\"type\":7", "type" },
  };

  run_edits (edits, G_N_ELEMENTS (edits));
}

/* An unknown type is its own error, after a readable envelope. */
static void
test_unknown_type (void)
{
  g_autoptr(JsonNode) root = parse ("{\"id\":\"9b2e4c1a-7d3f-4e8b-a5c6-0f1e2d3c4b5a\",\"seq\":1,"
                                    "\"type\":\"stock.moved\",\"at\":\"2024-05-02T10:00:00Z\",\"payload\":{}}");
  g_autoptr(JsonNode) bad_id = parse ("{\"id\":\"not-a-uuid\",\"seq\":1,\"type\":\"x\","
                                      "\"at\":\"2024-05-02T10:00:00Z\",\"payload\":{}}");
  g_autoptr(JsonNode) bad_seq = parse ("{\"id\":\"9b2e4c1a-7d3f-4e8b-a5c6-0f1e2d3c4b5a\",\"seq\":0,\"type\":\"x\","
                                       "\"at\":\"2024-05-02T10:00:00Z\",\"payload\":{}}");
  g_auto(DisCodecEvent) event = { NULL, };
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_codec_event_decode_envelope (root, &event, &error));
  g_assert_no_error (error);
  g_assert_false (dis_codec_event_decode_payload (&event, &error));
  g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_UNKNOWN_TYPE);
  g_assert_cmpstr (dis_codec_error_code (error), ==, "unknown_type");
  g_clear_error (&error);

  /* The id is named in the answer only when it is a UUID. */
  g_assert_false (dis_codec_event_decode_envelope (bad_id, &event, &error));
  g_assert_null (event.id);
  g_assert_cmpstr (dis_codec_error_code (error), ==, "invalid_payload");
  g_clear_error (&error);
  g_assert_false (dis_codec_event_decode_envelope (bad_seq, &event, &error));
  g_assert_cmpstr (event.id, ==, "9b2e4c1a-7d3f-4e8b-a5c6-0f1e2d3c4b5a");
}

/* The encoders check the same bounds: a till never writes what the hub
 * would refuse. */
static void
test_bounds_encode (void)
{
  g_autofree char *text = codec_golden (SALE);
  g_autoptr(JsonNode) root = parse (text);
  g_auto(DisCodecEvent) event = { NULL, };
  g_auto(DisCodecSale) big = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  DisCodecSaleLine *line;
  DisCodecPayment payment = { DIS_PAYMENT_CASH, 1 };

  g_assert_true (dis_codec_event_decode (root, &event, NULL));
  line = &g_array_index (event.sale.lines, DisCodecSaleLine, 0);
  line->quantity = DIS_QUANTITY_MAX + 1;
  written = dis_codec_sale_write (&event.sale, NULL, &error);
  g_assert_null (written);
  g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, LINE0 "quantity:"));
  g_clear_error (&error);
  line->quantity = 2000;

  /* 500 lines, 16 payments: the most a sale holds. */
  dis_codec_sale_init (&big, DIS_SALE_LINES_MAX);
  big.id = event.sale.id;
  big.receipt_no = event.sale.receipt_no;
  big.point = "TO-CEN";
  big.device = "C1";
  big.seq = 1;
  big.created_at = event.sale.created_at;
  big.operator_id = 1;
  big.operator_name = "Anna";
  big.tier = DIS_TIER_EQUA;
  big.n_lines = DIS_SALE_LINES_MAX;
  for (guint i = 0; i < DIS_SALE_LINES_MAX; i++)
    {
      DisCodecSaleLine *l = &g_array_index (big.lines, DisCodecSaleLine, i);

      *l = *line;
      l->line_no = i + 1;
    }
  for (guint i = 0; i < DIS_SALE_PAYMENTS_MAX; i++)
    g_array_append_val (big.payments, payment);
  written = dis_codec_sale_write (&big, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&written, g_free);

  g_array_append_val (big.payments, payment);
  g_assert_null (dis_codec_sale_write (&big, NULL, &error));
  g_assert_true (g_str_has_prefix (error->message, "payload.payments:"));
  g_clear_error (&error);
  g_array_set_size (big.payments, 0);

  g_array_set_size (big.lines, DIS_SALE_LINES_MAX + 1);
  g_assert_null (dis_codec_sale_write (&big, NULL, &error));
  g_assert_true (g_str_has_prefix (error->message, "payload.lines:"));
}

/* Every setting at both ends of its range, and one past each. */
static void
test_bounds_settings (void)
{
  for (guint s = 0; s < DIS_CODEC_N_SETTINGS; s++)
    {
      const DisCodecSettingInfo *info = dis_codec_setting_info (s);
      gint64 values[] = { info->min, info->max, info->min - 1, info->max + 1 };

      for (guint v = 0; v < G_N_ELEMENTS (values); v++)
        {
          DisCodecSettings settings = { 1u << s, { 0, } };
          g_autoptr(JsonNode) node = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *field = g_strconcat (info->group, ".", info->member, ":", NULL);

          settings.value[s] = values[v];
          node = dis_codec_settings_to_node (&settings, &error);
          if (v < 2)
            {
              DisCodecSettings decoded;

              g_assert_no_error (error);
              g_assert_true (dis_codec_settings_decode (json_node_get_object (node), &decoded, &error));
              g_assert_no_error (error);
              g_assert_cmpmem (&decoded, sizeof decoded, &settings, sizeof settings);
            }
          else
            {
              g_assert_null (node);
              g_assert_true (g_str_has_prefix (error->message, field));
            }
        }
    }
}

/* Digits in strings stay as they are; only bare integers past gint64
 * become doubles. */
static void
test_parse_big_integers (void)
{
  g_autoptr(JsonNode) root = parse ("{\"a\":\"18446744073709551616\",\"b\":9223372036854775807,"
                                    "\"c\":-9223372036854775808,\"d\":9223372036854775808,"
                                    "\"e\":-9223372036854775809,\"f\":1.5e3}");
  JsonObject *object = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (object, "a"), ==, "18446744073709551616");
  g_assert_cmpint (json_object_get_int_member (object, "b"), ==, G_MAXINT64);
  g_assert_cmpint (json_object_get_int_member (object, "c"), ==, G_MININT64);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "d")), ==, G_TYPE_DOUBLE);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "e")), ==, G_TYPE_DOUBLE);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "f")), ==, G_TYPE_DOUBLE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (event_files); i++)
    {
      g_autofree char *path = g_strconcat ("/codec/golden/", event_files[i], NULL);

      g_test_add_data_func (path, event_files[i], test_event_golden);
    }
  for (guint i = 0; i < G_N_ELEMENTS (change_files); i++)
    {
      g_autofree char *path = g_strconcat ("/codec/golden/", change_files[i], NULL);

      g_test_add_data_func (path, change_files[i], test_change_golden);
    }
  g_test_add_func ("/codec/golden/batch.json", test_batch);
  g_test_add_func ("/codec/golden/reply.json", test_reply);
  g_test_add_func ("/codec/golden/changes-page.json", test_changes_page);
  g_test_add_func ("/codec/golden/me.json", test_me);
  g_test_add_func ("/codec/golden/health.json", test_health);
  g_test_add_func ("/codec/event-values", test_event_values);
  g_test_add_func ("/codec/change-values", test_change_values);
  g_test_add_func ("/codec/reply-bounds", test_reply_bounds);
  g_test_add_func ("/codec/bounds/numbers", test_bounds_numbers);
  g_test_add_func ("/codec/bounds/texts", test_bounds_texts);
  g_test_add_func ("/codec/bounds/structure", test_bounds_structure);
  g_test_add_func ("/codec/bounds/encode", test_bounds_encode);
  g_test_add_func ("/codec/bounds/settings", test_bounds_settings);
  g_test_add_func ("/codec/unknown-type", test_unknown_type);
  g_test_add_func ("/codec/parse-big-integers", test_parse_big_integers);

  return g_test_run ();
}
