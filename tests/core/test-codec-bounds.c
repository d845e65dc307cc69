/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "dis-json.h"
#include "../codec-golden.h"
#include "codec-test-fixture.h"

/* The sync protocol's codec at its bounds: every bound holds at its limit
 * and refuses one past it, naming the field; an unknown event type; big
 * integers as the parser reads them. */

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
    /* The supplier's case (issue 11): optional, null reads as absent. */
    { "change-product.json", "\"equa_cents\":185", "\"equa_cents\":185,\"case_size\":1", NULL },
    { "change-product.json", "\"equa_cents\":185", "\"equa_cents\":185,\"case_size\":1000000000", NULL },
    { "change-product.json", "\"equa_cents\":185", "\"equa_cents\":185,\"case_size\":null", NULL },
    { "change-product.json", "\"equa_cents\":185", "\"equa_cents\":185,\"case_size\":1000000001", "data.case_size" },
    { "change-product.json", "\"equa_cents\":185", "\"equa_cents\":185,\"case_size\":0", "data.case_size" },
    { "change-product.json", "\"equa_cents\":185", "\"equa_cents\":185,\"case_size\":\"12\"", "data.case_size" },
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
    { "change-member.json", "\"eligible_until\":null,\"missing\":[\"basis\"]", "\"eligible_until\":\"2024-08-01\",\"missing\":[]", NULL },
    { "change-member.json", "\"eligible_until\":null,\"missing\":[\"basis\"]", "\"eligible_until\":\"2024-08-01\",\"missing\":[\"basis\"]", "data.accessibile.eligible_until" },
    { "change-member.json", "\"eligible_until\":null,\"missing\":[\"basis\"]", "\"eligible_until\":\"2024-02-30\",\"missing\":[]", "data.accessibile.eligible_until" },
    { "change-member.json", "\"missing\":[\"status\"", "\"missing\":[\"income\"", "data.impegno.missing[0]" },
    { "change-member.json", "\"missing\":[\"status\"", "\"missing\":[\"volume\"", "data.impegno.missing[2]" },
    { "change-member.json", "\"missing\":[\"status\"", "\"missing\":[1", "data.impegno.missing[0]" },
    { "change-member.json", "\"missing\":[\"basis\"]", "\"missing\":{}", "data.accessibile.missing" },
    { "change-member.json", "\"missing\":[\"basis\"]", "\"missing\":[\"activity\",\"basis\"]", NULL },
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
                                    "\"type\":\"stock.teleported\",\"at\":\"2024-05-02T10:00:00Z\",\"payload\":{}}");
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

#define MOVED "event-stock-moved.json"
#define SENT "event-transfer-sent.json"
#define ARRIVED "event-transfer-received.json"
#define ORDER "event-restock-order.json"
#define SNAPSHOT "change-stock-snapshot.json"
#define TRANSFER "change-transfer.json"
#define CONFIRM "change-restock-order.json"

/* The stock events and changes (issue 11): each bound at its limit and
 * one past it. */
static void
test_bounds_stock (void)
{
  g_autofree char *reason_max = g_strnfill (DIS_CODEC_REASON_MAX, 'r');
  g_autofree char *reason_over = g_strnfill (DIS_CODEC_REASON_MAX + 1, 'r');
  g_autofree char *document_max = g_strnfill (DIS_CODEC_DOCUMENT_MAX, 'd');
  g_autofree char *document_over = g_strnfill (DIS_CODEC_DOCUMENT_MAX + 1, 'd');
  g_autofree char *reason_at = g_strdup_printf ("\"reason\":\"%s\"", reason_max);
  g_autofree char *reason_past = g_strdup_printf ("\"reason\":\"%s\"", reason_over);
  g_autofree char *document_at = g_strdup_printf ("\"document\":\"%s\"", document_max);
  g_autofree char *document_past = g_strdup_printf ("\"document\":\"%s\"", document_over);
  g_autofree char *note_at = g_strdup_printf ("\"note\":\"%s\"", reason_max);
  g_autofree char *note_past = g_strdup_printf ("\"note\":\"%s\"", reason_over);
  const Edit edits[] = {
    { MOVED, "\"qty\":24000", "\"qty\":1000000000", NULL },
    { MOVED, "\"qty\":24000", "\"qty\":1000000001", "payload.movements[0].qty" },
    { MOVED, "\"qty\":-1250", "\"qty\":-1000000000", NULL },
    { MOVED, "\"qty\":-1250", "\"qty\":-1000000001", "payload.movements[1].qty" },
    { MOVED, "\"qty\":24000", "\"qty\":0", "payload.movements[0].qty" },
    { MOVED, "\"kind\":\"receive\"", "\"kind\":\"sale\"", "payload.movements[0].kind" },
    { MOVED, "\"kind\":\"receive\"", "\"kind\":\"refund\"", "payload.movements[0].kind" },
    { MOVED, "\"product\":\"B-PASTA-500\"", "\"product\":\"B PASTA\"", "payload.movements[0].product" },
    { MOVED, "\"at\":\"2024-05-03T10:14:00+02:00\"", "\"at\":\"2024-05-03\"", "payload.movements[0].at" },
    { MOVED, "\"document\":\"DDT 2024/118\"", document_at, NULL },
    { MOVED, "\"document\":\"DDT 2024/118\"", document_past, "payload.movements[0].document" },
    { MOVED, "\"reason\":\"Inventario\"", reason_at, NULL },
    { MOVED, "\"reason\":\"Inventario\"", reason_past, "payload.movements[2].reason" },
    { MOVED, "\"reason\":\"Inventario\"", "\"reason\":\"\"", "payload.movements[2].reason" },
    { MOVED, "\"movements\":[", "\"movements\":[],\"x\":[", "payload.movements" },
    { SENT, "\"qty\":6000", "\"qty\":0", "payload.lines[0].qty" },
    { SENT, "\"qty\":6000", "\"qty\":1000000001", "payload.lines[0].qty" },
    { SENT, "\"product\":\"TO-CEN-01\"", "\"product\":\"B-PASTA-500\"", "payload.lines[1].product" },
    { SENT, "\"id\":\"c1d2e3f4", "\"id\":\"x1d2e3f4", "payload.id" },
    { SENT, "\"to\":\"TO-NORD\"", "\"to\":\"\"", "payload.to" },
    { SENT, "\"lines\":[", "\"lines\":[],\"x\":[", "payload.lines" },
    { ARRIVED, "\"qty\":0", "\"qty\":-1", "payload.lines[1].qty" },
    { ARRIVED, "\"qty\":4000", "\"qty\":1000000000", NULL },
    { ORDER, "\"state\":\"partially_received\"", "\"state\":\"confirmed\"", "payload.state" },
    { ORDER, "\"state\":\"partially_received\"", "\"state\":\"draft\"", "payload.state" },
    { ORDER, "\"state\":\"partially_received\"", "\"state\":\"cancelled\"", NULL },
    { ORDER, "\"ordered\":48000", "\"ordered\":-1", "payload.lines[0].ordered" },
    { ORDER, "\"received\":0", "\"received\":1000000001", "payload.lines[1].received" },
    { ORDER, "\"note\":\"Consegna il martedì\"", note_at, NULL },
    { ORDER, "\"note\":\"Consegna il martedì\"", note_past, "payload.note" },
    { ORDER, "\"supplier\":\"PASTIFICIO\"", "\"supplier\":null", "payload.supplier" },
    { SNAPSHOT, "[\"TO-CEN-01\",1250]", "[\"TO-CEN-01\",0]", "data.levels[1].qty" },
    { SNAPSHOT, "[\"TO-CEN-01\",1250]", "[\"TO-CEN-01\",1000000001]", "data.levels[1].qty" },
    { SNAPSHOT, "[\"TO-CEN-01\",1250]", "[\"TO-CEN-01\",1250,3]", "data.levels[1]" },
    { SNAPSHOT, "[\"TO-CEN-01\",1250]", "[\"TO-CEN-01\",\"1250\"]", "data.levels[1].qty" },
    { SNAPSHOT, "[\"TO-CEN-01\",1250]", "[\"B-PASTA-500\",1250]", "data.levels[1].product" },
    { SNAPSHOT, "[[\"B-PASTA-500\",16000],[\"TO-CEN-01\",1250]]", "[]", NULL },
    { SNAPSHOT, "\"point\":\"TO-CEN\"", "\"point\":\"TO CEN\"", "data.point" },
    { TRANSFER, "\"state\":\"sent\"", "\"state\":\"confirmed\"", "data.state" },
    { TRANSFER, "\"to\":\"TO-NORD\"", "\"to\":\"TO-CEN\"", "data.to" },
    { TRANSFER, "\"qty\":6000", "\"qty\":0", NULL },
    { TRANSFER, "\"op\":\"upsert\"", "\"op\":\"delete\"", "op" },
    { CONFIRM, "\"state\":\"confirmed\"", "\"state\":\"sent\"", "data.state" },
    { CONFIRM, "\"point\":\"TO-CEN\"", "\"point\":7", "data.point" },
  };

  run_edits (edits, G_N_ELEMENTS (edits));
}

/* More levels than a snapshot may carry, and more movements than an
 * event may: refused on both sides. */
static void
test_bounds_stock_counts (void)
{
  g_auto(DisCodecStockSnapshot) snapshot = { "TO-CEN", "2024-05-03T10:16:02+02:00", NULL };
  g_auto(DisCodecStockMoved) moved = { NULL };
  g_autoptr(GString) text = g_string_new ("{\"point\":\"TO-CEN\",\"at\":\"2024-05-03T10:16:02+02:00\",\"levels\":[");
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  DisCodecStockMove move = { "B-PASTA-500", DIS_CODEC_STOCK_RECEIVE, 1000, "2024-05-03T10:14:00+02:00", NULL, NULL };

  snapshot.levels = g_array_new (FALSE, TRUE, sizeof (DisCodecStockLine));
  for (guint i = 0; i <= DIS_CODEC_SNAPSHOT_LEVELS_MAX; i++)
    {
      char *code = g_strdup_printf ("P%u", i);
      DisCodecStockLine level = { code, 1 };

      g_ptr_array_add (codes, code);
      if (i < DIS_CODEC_SNAPSHOT_LEVELS_MAX)
        g_array_append_val (snapshot.levels, level);
      g_string_append_printf (text, "%s[\"%s\",1]", i > 0 ? "," : "", code);
    }
  g_string_append (text, "]}");

  /* At the bound it goes both ways; one more is refused both ways. */
  node = dis_codec_stock_snapshot_to_node (&snapshot, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);
  g_array_append_val (snapshot.levels, ((DisCodecStockLine) { g_ptr_array_index (codes, DIS_CODEC_SNAPSHOT_LEVELS_MAX), 1 }));
  g_assert_null (dis_codec_stock_snapshot_to_node (&snapshot, &error));
  g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
  g_clear_error (&error);
  root = dis_codec_parse (text->str, -1, &error);
  g_assert_no_error (error);
  {
    g_auto(DisCodecStockSnapshot) decoded = { NULL, };

    g_assert_false (dis_codec_stock_snapshot_decode (json_node_get_object (root), &decoded, &error));
    g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, "data.levels:"));
    g_assert_null (decoded.levels);
    g_clear_error (&error);
  }

  moved.movements = g_array_new (FALSE, TRUE, sizeof (DisCodecStockMove));
  for (guint i = 0; i < DIS_CODEC_STOCK_MOVES_MAX; i++)
    g_array_append_val (moved.movements, move);
  node = dis_codec_stock_moved_to_node (&moved, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);
  g_array_append_val (moved.movements, move);
  g_assert_null (dis_codec_stock_moved_to_node (&moved, &error));
  g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "payload.movements:"));
}

void
codec_add_bounds_tests (void)
{
  g_test_add_func ("/codec/bounds/stock", test_bounds_stock);
  g_test_add_func ("/codec/bounds/stock-counts", test_bounds_stock_counts);
  g_test_add_func ("/codec/bounds/numbers", test_bounds_numbers);
  g_test_add_func ("/codec/bounds/texts", test_bounds_texts);
  g_test_add_func ("/codec/bounds/structure", test_bounds_structure);
  g_test_add_func ("/codec/bounds/encode", test_bounds_encode);
  g_test_add_func ("/codec/bounds/settings", test_bounds_settings);
  g_test_add_func ("/codec/unknown-type", test_unknown_type);
  g_test_add_func ("/codec/parse-big-integers", test_parse_big_integers);
}
