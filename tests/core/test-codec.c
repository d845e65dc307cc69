/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "dis-json.h"
#include "../codec-golden.h"
#include "codec-test-fixture.h"

/* The sync protocol's codec: every event type and change kind decodes
 * from the hand-written golden files in tests/data/codec and encodes back
 * to the same bytes, with the values they hold; the batch, reply, changes
 * page, me and health messages likewise. Every bound holds at its limit
 * and refuses one past it, naming the field: test-codec-bounds.c. */

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
  g_assert_cmpint (a->product.has_case_size, ==, b->product.has_case_size);
  g_assert_cmpint (a->product.case_size, ==, b->product.case_size);
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
  g_assert_cmpstr (a->member.impegno.eligible_until, ==, b->member.impegno.eligible_until);
  g_assert_cmpuint (a->member.impegno.missing, ==, b->member.impegno.missing);
  g_assert_cmpstr (a->member.accessibile.eligible_until, ==, b->member.accessibile.eligible_until);
  g_assert_cmpuint (a->member.accessibile.missing, ==, b->member.accessibile.missing);
  g_assert_cmpstr (a->fund_period.period, ==, b->fund_period.period);
  g_assert_cmpint (a->fund_period.closed, ==, b->fund_period.closed);
  g_assert_true ((a->fund_period.document == NULL) == (b->fund_period.document == NULL));
}

/* ---- Events: golden round trips ------------------------------------------- */

static const char *event_files[] = {
  "event-sale-committed.json",
  "event-sale-refunded.json",
  "event-member-registered.json",
  "event-member-updated.json",
  "event-member-provisional-basis.json",
  "event-product-declared.json",
  "event-stock-moved.json",
  "event-transfer-sent.json",
  "event-transfer-received.json",
  "event-restock-order.json",
};

/* The payload of a stock event (issue 11), through its encoder. */
static JsonNode *
stock_payload_to_node (const DisCodecEvent *event)
{
  g_autoptr(GError) error = NULL;
  JsonNode *payload = NULL;

  if (event->type == DIS_CODEC_STOCK_MOVED)
    payload = dis_codec_stock_moved_to_node (&event->stock_moved, &error);
  else if (event->type == DIS_CODEC_TRANSFER_SENT)
    payload = dis_codec_transfer_to_node (&event->transfer, DIS_CODEC_TRANSFER_FORM_SENT, &error);
  else if (event->type == DIS_CODEC_TRANSFER_RECEIVED)
    payload = dis_codec_transfer_to_node (&event->transfer, DIS_CODEC_TRANSFER_FORM_RECEIVED, &error);
  else if (event->type == DIS_CODEC_RESTOCK_ORDER)
    payload = dis_codec_restock_order_to_node (&event->restock_order, &error);
  g_assert_no_error (error);
  return payload;
}

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
  else if (event.type == DIS_CODEC_PRODUCT_DECLARED)
    {
      payload = dis_codec_product_declared_to_node (&event.declared, &error);
      g_assert_no_error (error);
    }
  else if (event.type >= DIS_CODEC_STOCK_MOVED)
    payload = stock_payload_to_node (&event);
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
  else if (event.type == DIS_CODEC_PRODUCT_DECLARED)
    {
      g_assert_cmpstr (event.declared.point, ==, second.declared.point);
      g_assert_cmpstr (event.declared.product.code, ==, second.declared.product.code);
      g_assert_cmpint (event.declared.product.equa_cents, ==, second.declared.product.equa_cents);
    }
  else if (event.type >= DIS_CODEC_STOCK_MOVED)
    {
      g_autoptr(JsonNode) payload_again = stock_payload_to_node (&second);
      g_autofree char *payload_text = dis_codec_to_text (payload, NULL);

      assert_text (payload_again, payload_text);
    }
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
  "change-fund-period.json",
  "change-fund-period-fund-only.json",
  "change-stock-snapshot.json",
  "change-transfer.json",
  "change-restock-order.json",
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
  else if (change->kind == DIS_CODEC_CHANGE_FUND_PERIOD)
    node = dis_codec_fund_period_to_node (&change->fund_period, &error);
  else if (change->kind == DIS_CODEC_CHANGE_STOCK_SNAPSHOT)
    node = dis_codec_stock_snapshot_to_node (&change->stock_snapshot, &error);
  else if (change->kind == DIS_CODEC_CHANGE_TRANSFER)
    node = dis_codec_transfer_to_node (&change->transfer, DIS_CODEC_TRANSFER_FORM_CHANGE, &error);
  else if (change->kind == DIS_CODEC_CHANGE_RESTOCK_ORDER)
    node = dis_codec_restock_confirm_to_node (&change->restock_order, &error);
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
  g_auto(DisCodecChange) change = { 0, };
  g_auto(DisCodecChange) second = { 0, };

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
  /* The stock kinds: what was written reads back to the same data. */
  {
    g_autoptr(JsonNode) data_again = data_to_node (&second);

    assert_text (data_again, data_text);
  }
}

/* The optional "case_size" (issue 11) after the fields of @product. */
static void
test_product_case_size (DisCodecProduct *product)
{
  g_autoptr(JsonNode) without = dis_codec_product_to_node (product, NULL);
  g_autoptr(JsonNode) with = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *without_text = dis_codec_to_text (without, NULL);
  g_autofree char *with_text = NULL;
  DisCodecProduct again;

  g_assert_null (strstr (without_text, "case_size"));
  product->has_case_size = TRUE;
  product->case_size = 12000;
  with = dis_codec_product_to_node (product, &error);
  g_assert_no_error (error);
  with_text = dis_codec_to_text (with, NULL);
  g_assert_true (g_str_has_suffix (with_text, ",\"case_size\":12000}"));
  g_assert_true (dis_codec_product_decode (json_node_get_object (with), &again, &error));
  g_assert_no_error (error);
  g_assert_true (again.has_case_size);
  g_assert_cmpint (again.case_size, ==, 12000);

  /* Set but out of bounds: not written. */
  product->case_size = 0;
  g_assert_null (dis_codec_product_to_node (product, &error));
  g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
  product->has_case_size = FALSE;
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
  /* No case size: none, and none written back. */
  g_assert_false (change.product.has_case_size);
  test_product_case_size (&change.product);

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

/* ---- Fund periods ----------------------------------------------------------------- */

static void
assert_cell (const DisCodecFundCell *cell,
             gint64                  sales,
             gint64                  gross,
             gint64                  equa,
             gint64                  delta)
{
  g_assert_false (cell->suppressed);
  g_assert_cmpint (cell->sales, ==, sales);
  g_assert_cmpint (cell->gross_cents, ==, gross);
  g_assert_cmpint (cell->equa_cents, ==, equa);
  g_assert_cmpint (cell->delta_cents, ==, delta);
}

/* The published document of a closed month: reserved cells have no
 * numbers, the fund its claims; the hub's first shape has the fund only. */
static void
test_fund_period_values (void)
{
  g_autofree char *text = codec_golden ("change-fund-period.json");
  g_autofree char *fund_only_text = codec_golden ("change-fund-period-fund-only.json");
  g_autoptr(JsonNode) root = parse (text);
  g_autoptr(JsonNode) fund_only_root = parse (fund_only_text);
  g_auto(DisCodecFundDocument) document = { NULL, };
  g_auto(DisCodecFundDocument) fund_only = { NULL, };
  g_autoptr(GError) error = NULL;
  const DisCodecFundCell *accessibile;
  const DisCodecFundClaim *claim;
  const DisCodecFundPoint *point;
  DisCodecChange change;

  g_assert_true (dis_codec_change_decode (root, &change, &error));
  g_assert_no_error (error);
  g_assert_cmpint (change.kind, ==, DIS_CODEC_CHANGE_FUND_PERIOD);
  g_assert_cmpstr (change.fund_period.period, ==, "2026-10");
  g_assert_true (change.fund_period.closed);
  g_assert_true (change.fund_period.document ==
                 json_object_get_object_member (json_node_get_object (root), "data"));

  g_assert_true (dis_codec_fund_document_decode (change.fund_period.document, &document, &error));
  g_assert_no_error (error);
  g_assert_cmpint (document.min_cell, ==, 5);
  g_assert_true (document.has_network);
  g_assert_cmpuint (document.network_tiers->len, ==, DIS_N_TIERS);
  accessibile = &g_array_index (document.network_tiers, DisCodecFundCell, DIS_TIER_ACCESSIBILE);
  g_assert_true (accessibile->suppressed);
  g_assert_cmpuint (accessibile->present, ==, 0);
  g_assert_cmpint (accessibile->sales, ==, 0);
  assert_cell (&g_array_index (document.network_tiers, DisCodecFundCell, DIS_TIER_SOLIDALE), 12, 61410, 53400, 8010);
  assert_cell (&document.network_total, 60, 236450, 234440, 2010);
  g_assert_false (document.network_total.has_tier);
  g_assert_cmpuint (document.points->len, ==, 1);
  point = &g_array_index (document.points, DisCodecFundPoint, 0);
  g_assert_cmpstr (point->code, ==, "TO-CEN");
  g_assert_true (g_array_index (point->tiers, DisCodecFundCell, DIS_TIER_EQUA).suppressed);
  g_assert_true (document.has_fund);
  g_assert_cmpint (document.fund.inflow_cents, ==, 8010);
  g_assert_cmpint (document.fund.carried_in_cents, ==, 1250);
  g_assert_cmpint (document.fund.available_cents, ==, 9260);
  g_assert_cmpint (document.fund.carried_out_cents, ==, 4710);
  g_assert_cmpint (document.fund.impegno_delta_cents, ==, -1450);
  g_assert_cmpint (document.fund.late_sales, ==, 1);
  g_assert_cmpstr (document.fund.closed_at, ==, "2026-11-03T09:00:00+01:00");
  g_assert_cmpuint (document.fund.claims->len, ==, 2);
  claim = &g_array_index (document.fund.claims, DisCodecFundClaim, 1);
  g_assert_cmpstr (claim->supplier, ==, "F-ORT");
  g_assert_cmpint (claim->claim_cents, ==, 1620);
  g_assert_cmpint (claim->allocated_cents, ==, 1620);

  g_assert_true (dis_codec_change_decode (fund_only_root, &change, &error));
  dis_codec_fund_document_decode (change.fund_period.document, &fund_only, &error);
  g_assert_no_error (error);
  g_assert_no_error (error);
  g_assert_false (fund_only.has_network);
  g_assert_null (fund_only.network_tiers);
  g_assert_true (fund_only.points == NULL || fund_only.points->len == 0);
  g_assert_true (fund_only.has_fund);
  g_assert_cmpuint (fund_only.fund.claims->len, ==, 0);
  g_assert_cmpint (fund_only.fund.carried_out_cents, ==, 4710);
}

/* What a fund_period change or document may not be; each refusal names
 * its place. */
static void
test_fund_period_refused (void)
{
  static const struct {
    const char *json;
    const char *where;
  } changes[] = {
    { "{\"seq\":1,\"kind\":\"fund_period\",\"op\":\"upsert\",\"data\":{\"period\":\"2026-13\",\"closed\":true}}", "data.period" },
    { "{\"seq\":1,\"kind\":\"fund_period\",\"op\":\"upsert\",\"data\":{\"period\":\"26-11\",\"closed\":true}}", "data.period" },
    { "{\"seq\":1,\"kind\":\"fund_period\",\"op\":\"upsert\",\"data\":{\"period\":\"2026-11\"}}", "data.closed" },
    { "{\"seq\":1,\"kind\":\"fund_period\",\"op\":\"delete\",\"data\":{\"period\":\"2026-11\",\"closed\":true}}", "op" },
    { "{\"seq\":1,\"kind\":\"fund_period\",\"op\":\"upsert\",\"data\":[]}", "data" },
  };
  static const struct {
    const char *json;
    const char *where;
  } documents[] = {
    /* A reserved cell that still shows a number. */
    { "{\"period\":\"2026-11\",\"closed\":true,\"network\":{\"tiers\":["
      "{\"tier\":\"accessibile\",\"sales\":3,\"gross_cents\":null,\"equa_cents\":null,\"delta_cents\":null,\"suppressed\":true},"
      "{\"tier\":\"impegno\",\"sales\":5,\"gross_cents\":1,\"equa_cents\":1,\"delta_cents\":0},"
      "{\"tier\":\"equa\",\"sales\":5,\"gross_cents\":1,\"equa_cents\":1,\"delta_cents\":0},"
      "{\"tier\":\"solidale\",\"sales\":5,\"gross_cents\":1,\"equa_cents\":1,\"delta_cents\":0}],"
      "\"total\":{\"sales\":18,\"gross_cents\":3,\"equa_cents\":3,\"delta_cents\":0}}}", "network.tiers[0]" },
    /* A published cell with a number missing. */
    { "{\"period\":\"2026-11\",\"closed\":true,\"network\":{\"tiers\":["
      "{\"tier\":\"accessibile\",\"sales\":5,\"gross_cents\":1,\"equa_cents\":1,\"delta_cents\":0},"
      "{\"tier\":\"impegno\",\"sales\":5,\"gross_cents\":1,\"equa_cents\":1,\"delta_cents\":0},"
      "{\"tier\":\"equa\",\"sales\":5,\"gross_cents\":1,\"equa_cents\":1,\"delta_cents\":0},"
      "{\"tier\":\"solidale\",\"sales\":5,\"gross_cents\":1,\"equa_cents\":1,\"delta_cents\":0}],"
      "\"total\":{\"sales\":20,\"gross_cents\":null,\"equa_cents\":4,\"delta_cents\":0}}}", "network.total" },
    /* Tiers out of order. */
    { "{\"period\":\"2026-11\",\"closed\":true,\"network\":{\"tiers\":["
      "{\"tier\":\"impegno\",\"sales\":5,\"gross_cents\":1,\"equa_cents\":1,\"delta_cents\":0},"
      "{\"tier\":\"accessibile\",\"sales\":5,\"gross_cents\":1,\"equa_cents\":1,\"delta_cents\":0},"
      "{\"tier\":\"equa\",\"sales\":5,\"gross_cents\":1,\"equa_cents\":1,\"delta_cents\":0},"
      "{\"tier\":\"solidale\",\"sales\":5,\"gross_cents\":1,\"equa_cents\":1,\"delta_cents\":0}],"
      "\"total\":{\"sales\":20,\"gross_cents\":4,\"equa_cents\":4,\"delta_cents\":0}}}", "network.tiers" },
    { "{\"period\":\"2026-11\",\"closed\":true,\"fund\":{\"inflow_cents\":1}}", "fund.carried_in_cents" },
    { "{\"period\":\"2026-11\",\"closed\":true,\"fund\":{\"inflow_cents\":0,\"carried_in_cents\":0,"
      "\"available_cents\":0,\"claims\":[{\"supplier\":\"bad code!\",\"claim_cents\":1,\"allocated_cents\":0}],"
      "\"carried_out_cents\":0,\"impegno_delta_cents\":0}}", "fund.claims[0].supplier" },
  };
  g_autoptr(GString) huge = g_string_new ("{\"seq\":1,\"kind\":\"fund_period\",\"op\":\"upsert\","
                                          "\"data\":{\"period\":\"2026-11\",\"closed\":true,\"padding\":\"");
  g_autoptr(JsonNode) huge_root = NULL;
  g_autoptr(GError) error = NULL;
  DisCodecChange change;

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autoptr(JsonNode) root = parse (changes[i].json);

      g_assert_false (dis_codec_change_decode (root, &change, &error));
      g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, changes[i].where));
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(JsonNode) root = parse (documents[i].json);
      g_auto(DisCodecFundDocument) document = { NULL, };

      g_assert_false (dis_codec_fund_document_decode (json_node_get_object (root), &document, &error));
      g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, documents[i].where))
        g_error ("%s: expected at %s", error->message, documents[i].where);
      g_assert_null (document.network_tiers);
      g_clear_error (&error);
    }

  /* Past 1 MiB, refused whole; just under, read. */
  for (gsize i = 0; i < DIS_CODEC_FUND_PERIOD_MAX_BYTES; i++)
    g_string_append_c (huge, 'x');
  g_string_append (huge, "\"}}");
  huge_root = parse (huge->str);
  g_assert_false (dis_codec_change_decode (huge_root, &change, &error));
  g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "data"));
  g_clear_error (&error);
  g_clear_pointer (&huge_root, json_node_unref);
  g_string_truncate (huge, huge->len - 3 - 1000);
  g_string_append (huge, "\"}}");
  huge_root = parse (huge->str);
  g_assert_true (dis_codec_change_decode (huge_root, &change, &error));
  g_assert_no_error (error);
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
  g_test_add_func ("/codec/fund-period-values", test_fund_period_values);
  g_test_add_func ("/codec/fund-period-refused", test_fund_period_refused);
  g_test_add_func ("/codec/reply-bounds", test_reply_bounds);
  codec_add_bounds_tests ();
  codec_add_orders_tests ();

  return g_test_run ();
}
