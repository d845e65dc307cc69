/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub"

#include "config.h"

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dis-money.h"
#include "dis-test-hub.h"
#include "dis-test-util.h"

#include "hub-test-fixture.h"

/* Issue 10 §1, "prices from the hub's catalog", black-box against a real
 * hub: every line is priced from the hub's catalog at the catalog
 * version the till names, own products from what their point declared;
 * the hub's figures are stored beside the point's, every disagreement
 * flags the sale. */

/* One sale (or refund) of one line of pieces, the point's figures
 * computed from the prices it claims, as an honest till would. */
typedef struct
{
  gint64      seq;
  const char *sale_id;      /* NULL: a new one */
  const char *refund_of;    /* NULL: a sale */
  const char *point;        /* NULL: TO-CEN */
  const char *device;       /* NULL: C1 */
  const char *created_at;   /* NULL: 2024-05-02 */
  const char *tier;
  const char *product;
  const char *supplier;     /* NULL: none */
  gint64      vat;
  gint64      qty;          /* milli-units, negative in a refund */
  gint64      unit_price;
  gint64      unit_price_equa;
  gint64      version;      /* < 0: the payload does not say */
} Sale;

static char *
sale_json (const Sale *s)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *sale_id = s->sale_id != NULL ? g_strdup (s->sale_id) : g_uuid_string_random ();
  g_autofree char *refund = s->refund_of != NULL ? g_strdup_printf ("\"%s\"", s->refund_of) : g_strdup ("null");
  g_autofree char *supplier = s->supplier != NULL ? g_strdup_printf ("\"%s\"", s->supplier) : g_strdup ("null");
  g_autofree char *version = s->version >= 0 ? g_strdup_printf (",\"catalog_version\":%" G_GINT64_FORMAT, s->version)
                                             : g_strdup ("");
  const char *point = s->point != NULL ? s->point : "TO-CEN";
  const char *device = s->device != NULL ? s->device : "C1";
  const char *at = s->created_at != NULL ? s->created_at : "2024-05-02T10:00:00+02:00";
  gint64 lt = dis_line_total (s->unit_price, s->qty);
  gint64 lte = dis_line_total (s->unit_price_equa, s->qty);

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"%s\",\"at\":\"%s\",\"payload\":{"
                          "\"id\":\"%s\",\"receipt_no\":\"%s-%s-%06" G_GINT64_FORMAT "\",\"point\":\"%s\","
                          "\"device\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"created_at\":\"%s\","
                          "\"operator\":{\"id\":1,\"name\":\"Anna\"},\"member_card\":null,\"tier\":\"%s\","
                          "\"refund_of\":%s,\"lines\":[{\"line_no\":1,\"product_code\":\"%s\","
                          "\"product_name\":\"Prodotto\",\"supplier_code\":%s,\"unit\":\"piece\","
                          "\"quantity\":%" G_GINT64_FORMAT ",\"unit_price\":%" G_GINT64_FORMAT ","
                          "\"unit_price_equa\":%" G_GINT64_FORMAT ",\"line_total\":%" G_GINT64_FORMAT ","
                          "\"line_total_equa\":%" G_GINT64_FORMAT ",\"tier_delta\":%" G_GINT64_FORMAT ","
                          "\"vat_rate\":%" G_GINT64_FORMAT "}],"
                          "\"payments\":[{\"method\":\"card\",\"amount\":%" G_GINT64_FORMAT "}],\"n_lines\":1,"
                          "\"total\":%" G_GINT64_FORMAT ",\"total_equa\":%" G_GINT64_FORMAT ","
                          "\"tier_delta\":%" G_GINT64_FORMAT ",\"cash_tendered\":0,\"change_due\":0%s}}",
                          id, s->seq, s->refund_of != NULL ? "sale.refunded" : "sale.committed", at,
                          sale_id, point, device, s->seq, point, device, s->seq, at, s->tier, refund,
                          s->product, supplier, s->qty, s->unit_price, s->unit_price_equa, lt, lte, lt - lte,
                          s->vat, lt, lt, lte, lt - lte, version);
}

/* A "product.declared" of an own product of @point, piece, VAT 10. */
static char *
declared_json (const char *point,
               const char *device,
               gint64      seq,
               const char *code,
               gint64      equa_cents)
{
  g_autofree char *id = g_uuid_string_random ();

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"product.declared\","
                          "\"at\":\"2024-05-02T09:00:00+02:00\",\"payload\":{\"point\":\"%s\",\"device\":\"%s\","
                          "\"product\":{\"code\":\"%s\",\"name\":\"Miele di casa\",\"supplier\":null,"
                          "\"category\":\"\",\"unit\":\"piece\",\"vat\":10,\"ean\":null,\"plu\":0,"
                          "\"equa_cents\":%" G_GINT64_FORMAT "}}}",
                          id, seq, point, device, code, equa_cents);
}

/* Pushes one event with @token (the fixture's when NULL) for @device;
 * returns its result, borrowed from *@out_root. */
static JsonObject *
push_as (Fixture     *f,
         const char  *token,
         const char  *device,
         const char  *event,
         JsonNode   **out_root)
{
  g_autofree char *body = g_strdup_printf ("{\"device\":\"%s\",\"events\":[%s]}", device, event);
  guint status;

  *out_root = http (f, "POST", "/api/v1/events", token != NULL ? token : f->token, body, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  return result_at (*out_root, 0);
}

static JsonObject *
push_sale (Fixture     *f,
           const Sale  *sale,
           JsonNode   **out_root)
{
  g_autofree char *event = sale_json (sale);

  return push_as (f, NULL, sale->device != NULL ? sale->device : "C1", event, out_root);
}

static void
assert_accepted (JsonObject *r,
                 const char *review)
{
  g_test_message ("%s: %s", json_object_get_string_member (r, "status"),
                  json_object_get_string_member_with_default (r, "review",
                                                              json_object_get_string_member_with_default (r, "message", "")));
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "accepted");
  if (review == NULL)
    g_assert_false (json_object_has_member (r, "review"));
  else
    {
      g_assert_true (json_object_has_member (r, "review"));
      g_assert_nonnull (strstr (json_object_get_string_member (r, "review"), review));
    }
}

static gint64
line_int (Fixture    *f,
          const char *column,
          gint64      seq)
{
  g_autofree char *sql = g_strdup_printf ("SELECT l.%s FROM hub_sale_lines l JOIN hub_sales s ON s.id = l.sale_id"
                                          " WHERE s.point_code = 'TO-CEN' AND s.seq = %" G_GINT64_FORMAT,
                                          column, seq);

  return db_int (f, sql);
}

static gint64
sale_int (Fixture    *f,
          const char *column,
          gint64      seq)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM hub_sales WHERE point_code = 'TO-CEN' AND seq = %"
                                          G_GINT64_FORMAT, column, seq);

  return db_int (f, sql);
}

/* Imports a catalog of one product and returns the hub's newest version. */
static gint64
import_product (Fixture    *f,
                const char *code,
                gint64      equa_cents)
{
  g_autofree char *path = g_build_filename (f->dir, "catalog.json", NULL);
  g_autofree char *text = g_strdup_printf ("[{\"code\":\"%s\",\"name\":\"Farina di farro 1 kg\",\"supplier\":\"F-PAS\","
                                           "\"category\":\"Pasta e riso\",\"unit\":\"piece\",\"vat\":4,"
                                           "\"ean\":null,\"plu\":0,\"equa_cents\":%" G_GINT64_FORMAT "}]",
                                           code, equa_cents);
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  out = dis_test_hub_admin (f->hub, "catalog", "import", path, NULL);
  return db_int (f, "SELECT max (seq) FROM changes");
}

/* The case: a product the hub lists at € 5,00, sold at
 * Accessibile for € 75,00 claiming an Equa price of € 100,00. The sale
 * is kept and flagged; the hub's figures are its own. */
static void
test_forged_equa (Fixture *f, gconstpointer data)
{
  gint64 version = import_product (f, "P-9001", 500);
  Sale forged = { .seq = 1, .tier = "accessibile", .product = "P-9001", .supplier = "F-PAS", .vat = 4,
                  .qty = 1000, .unit_price = 7500, .unit_price_equa = 10000, .version = version };
  g_autoptr(JsonNode) root = NULL;

  assert_accepted (push_sale (f, &forged, &root), "the hub's catalog says 375 (equa 500)");
  g_assert_cmpint (sale_int (f, "review_flag", 1), ==, 1);
  g_assert_cmpint (sale_int (f, "catalog_version", 1), ==, version);
  /* The hub's figures: € 3,75 at Accessibile of a € 5,00 product. */
  g_assert_cmpint (line_int (f, "unit_price", 1), ==, 375);
  g_assert_cmpint (line_int (f, "unit_price_equa", 1), ==, 500);
  g_assert_cmpint (line_int (f, "line_total", 1), ==, 375);
  g_assert_cmpint (line_int (f, "line_total_equa", 1), ==, 500);
  g_assert_cmpint (line_int (f, "tier_delta", 1), ==, -125);
  g_assert_cmpint (sale_int (f, "total", 1), ==, 375);
  g_assert_cmpint (sale_int (f, "total_equa", 1), ==, 500);
  g_assert_cmpint (sale_int (f, "tier_delta", 1), ==, -125);
  /* The point's, beside them. */
  g_assert_cmpint (line_int (f, "point_unit_price", 1), ==, 7500);
  g_assert_cmpint (line_int (f, "point_unit_price_equa", 1), ==, 10000);
  g_assert_cmpint (line_int (f, "point_line_total", 1), ==, 7500);
  g_assert_cmpint (line_int (f, "point_line_total_equa", 1), ==, 10000);
  g_assert_cmpint (sale_int (f, "point_total", 1), ==, 7500);
  g_assert_cmpint (sale_int (f, "point_tier_delta", 1), ==, -2500);
}

/* A price change between two sales: each is priced at the version its
 * till names; a till that names none is priced at the newest version
 * before its receipt time, and the reason says so. */
static void
test_price_change (Fixture *f, gconstpointer data)
{
  gint64 v1 = import_product (f, "P-9001", 500);
  gint64 v2 = import_product (f, "P-9001", 600);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  Sale sale = { .tier = "equa", .product = "P-9001", .supplier = "F-PAS", .vat = 4, .qty = 2000 };
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) r4 = NULL;
  g_autoptr(JsonNode) r5 = NULL;

  g_assert_cmpint (v2, >, v1);
  /* Priced before the change, sent after it. */
  sale.seq = 1, sale.unit_price = sale.unit_price_equa = 500, sale.version = v1;
  assert_accepted (push_sale (f, &sale, &r1), NULL);
  g_assert_cmpint (sale_int (f, "total", 1), ==, 1000);
  /* Priced after. */
  sale.seq = 2, sale.unit_price = sale.unit_price_equa = 600, sale.version = v2;
  assert_accepted (push_sale (f, &sale, &r2), NULL);
  g_assert_cmpint (sale_int (f, "total", 2), ==, 1200);
  /* The old price at the new version is not the catalog's. */
  sale.seq = 3, sale.unit_price = sale.unit_price_equa = 500, sale.version = v2;
  assert_accepted (push_sale (f, &sale, &r3), "the hub's catalog says 600 (equa 600)");
  g_assert_cmpint (sale_int (f, "total", 3), ==, 1200);
  g_assert_cmpint (sale_int (f, "point_total", 3), ==, 1000);
  /* No version, sold now: the newest catalog, said in the reason. */
  sale.seq = 4, sale.version = -1, sale.created_at = created;
  assert_accepted (push_sale (f, &sale, &r4), "does not say which catalog version");
  g_assert_cmpint (sale_int (f, "priced_version", 4), ==, v2);
  g_assert_cmpint (sale_int (f, "total", 4), ==, 1200);
  /* A version the hub never published. */
  sale.seq = 5, sale.unit_price = sale.unit_price_equa = 600, sale.version = v2 + 1000, sale.created_at = NULL;
  assert_accepted (push_sale (f, &sale, &r5), "ahead of the hub's catalog");
  g_assert_cmpint (sale_int (f, "priced_version", 5), ==, v2);
  /* No version, sold before the hub had a catalog: each product at its
   * first version, in the same batch as one sold now. */
  {
    Sale old = sale, recent = sale;
    g_autofree char *old_event = NULL, *recent_event = NULL, *batch = NULL;
    g_autoptr(JsonNode) reply = NULL;
    guint status = 0;

    old.seq = 6, old.unit_price = old.unit_price_equa = 500, old.version = -1;
    old.created_at = "2020-01-02T10:00:00+01:00";
    recent.seq = 7, recent.unit_price = recent.unit_price_equa = 600, recent.version = -1;
    recent.created_at = created;
    old_event = sale_json (&old);
    recent_event = sale_json (&recent);
    batch = g_strdup_printf ("%s,%s", old_event, recent_event);
    reply = push (f, f->token, batch, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (sale_int (f, "priced_version", 6), ==, 0);
    g_assert_cmpint (sale_int (f, "total", 6), ==, 1000);
    g_assert_cmpint (sale_int (f, "priced_version", 7), ==, v2);
    g_assert_cmpint (sale_int (f, "total", 7), ==, 1200);
  }
}

/* An own product declared by its point, then sold: priced from the
 * declaration, and a forged price of it flagged. A declaration of a
 * catalog code is refused. */
static void
test_own_declared (Fixture *f, gconstpointer data)
{
  g_autofree char *declared = declared_json ("TO-CEN", "C1", 1, "TO-CEN-99", 590);
  g_autofree char *catalog = declared_json ("TO-CEN", "C1", 2, "P-0001", 590);
  gint64 version = db_int (f, "SELECT max (seq) FROM changes");
  Sale sale = { .tier = "solidale", .product = "TO-CEN-99", .vat = 10, .qty = 3000,
                .unit_price = 679, .unit_price_equa = 590, .version = version };
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) r4 = NULL;
  JsonObject *r;

  assert_accepted (push_as (f, NULL, "C1", declared, &r1), NULL);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM own_products WHERE point_code = 'TO-CEN' AND code = 'TO-CEN-99'"),
                   ==, 1);
  r = push_as (f, NULL, "C1", catalog, &r2);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, "catalog_product");

  /* € 5,90 + 15 %: € 6,79 at Solidale, three of them. */
  sale.seq = 3;
  assert_accepted (push_sale (f, &sale, &r3), NULL);
  g_assert_cmpint (sale_int (f, "total", 3), ==, 2037);
  g_assert_cmpint (sale_int (f, "total_equa", 3), ==, 1770);
  g_assert_cmpint (line_int (f, "unit_price", 3), ==, 679);

  sale.seq = 4, sale.unit_price = 2000, sale.unit_price_equa = 1900;
  assert_accepted (push_sale (f, &sale, &r4), "the hub's catalog says 679 (equa 590)");
  g_assert_cmpint (sale_int (f, "total", 4), ==, 2037);
  g_assert_cmpint (sale_int (f, "point_total", 4), ==, 6000);
}

/* In one batch, a sale of an own product not yet declared, its
 * declaration, and a sale of it again: the hub learns of the product
 * mid-batch, and only the second sale moves the point's level of it. */
static void
test_own_declared_mid_batch (Fixture *f, gconstpointer data)
{
  Sale sale = { .seq = 1, .tier = "equa", .product = "TO-CEN-88", .vat = 10, .qty = 2000,
                .unit_price = 590, .unit_price_equa = 590, .version = -1 };
  g_autofree char *before = sale_json (&sale);
  g_autofree char *declared = declared_json ("TO-CEN", "C1", 2, "TO-CEN-88", 590);
  g_autofree char *after = NULL;
  g_autofree char *events = NULL;
  g_autoptr(JsonNode) root = NULL;

  sale.seq = 3, sale.qty = 3000;
  after = sale_json (&sale);
  events = g_strjoin (",", before, declared, after, NULL);
  push_as (f, NULL, "C1", events, &root);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (result_at (root, i), "status"), ==, "accepted");
  g_assert_true (json_object_has_member (result_at (root, 0), "review"));
  g_assert_false (json_object_has_member (result_at (root, 2), "review"));

  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_stock_movements WHERE product_code = 'TO-CEN-88'"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT qty FROM point_stock WHERE point_code = 'TO-CEN' AND product_code = 'TO-CEN-88'"),
                   ==, -3000);
}

/* An own product nobody declared is kept at the point's figures, both
 * columns, flagged; another point's own product sold here is flagged. */
static void
test_own_undeclared (Fixture *f, gconstpointer data)
{
  g_autofree char *ssa = dis_test_hub_add_device (f->hub, "TO-SSA", "S1", FALSE);
  g_autofree char *theirs = declared_json ("TO-SSA", "S1", 1, "TO-SSA-01", 400);
  Sale sale = { .seq = 1, .tier = "equa", .product = "TO-CEN-77", .vat = 10, .qty = 1000,
                .unit_price = 450, .unit_price_equa = 450, .version = -1 };
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;

  assert_accepted (push_sale (f, &sale, &r1), "the hub knows no product TO-CEN-77");
  g_assert_cmpint (sale_int (f, "review_flag", 1), ==, 1);
  g_assert_cmpint (sale_int (f, "total", 1), ==, 450);
  g_assert_cmpint (sale_int (f, "point_total", 1), ==, 450);
  g_assert_cmpint (line_int (f, "unit_price", 1), ==, 450);
  g_assert_cmpint (line_int (f, "point_unit_price", 1), ==, 450);

  assert_accepted (push_as (f, ssa, "S1", theirs, &r2), NULL);
  sale.seq = 2, sale.product = "TO-SSA-01", sale.unit_price = sale.unit_price_equa = 400;
  assert_accepted (push_sale (f, &sale, &r3), "TO-SSA-01 is an own product of point TO-SSA");
  g_assert_cmpint (sale_int (f, "review_flag", 2), ==, 1);
}

/* A refund pays back at the hub's prices of the line it refunds, not at
 * the point's, nor at a catalog changed since. */
static void
test_refund_hub_prices (Fixture *f, gconstpointer data)
{
  const char *forged_id = "0d7c3b6e-5a41-4f1e-9c2b-3e8a7d6f5c41";
  const char *honest_id = "0d7c3b6e-5a41-4f1e-9c2b-3e8a7d6f5c42";
  gint64 v1 = import_product (f, "P-9001", 500);
  Sale forged = { .seq = 1, .sale_id = forged_id, .tier = "equa", .product = "P-9001", .supplier = "F-PAS",
                  .vat = 4, .qty = 2000, .unit_price = 900, .unit_price_equa = 900, .version = v1 };
  Sale honest = { .seq = 2, .sale_id = honest_id, .tier = "equa", .product = "P-9001", .supplier = "F-PAS",
                  .vat = 4, .qty = 1000, .unit_price = 500, .unit_price_equa = 500, .version = v1 };
  Sale refund = forged;
  gint64 v2;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) r4 = NULL;

  assert_accepted (push_sale (f, &forged, &r1), "the hub's catalog says 500");
  assert_accepted (push_sale (f, &honest, &r2), NULL);
  v2 = import_product (f, "P-9001", 600);

  /* The point refunds one of the two at its own € 9,00: the hub pays
   * back its € 5,00. */
  refund.seq = 3, refund.sale_id = NULL, refund.refund_of = forged_id, refund.qty = -1000, refund.version = v2;
  assert_accepted (push_sale (f, &refund, &r3), "line_total -900 but the hub computes -500");
  g_assert_cmpint (line_int (f, "unit_price_equa", 3), ==, 500);
  g_assert_cmpint (line_int (f, "line_total_equa", 3), ==, -500);
  g_assert_cmpint (line_int (f, "point_line_total", 3), ==, -900);
  g_assert_cmpint (sale_int (f, "total", 3), ==, -500);
  g_assert_cmpint (sale_int (f, "point_total", 3), ==, -900);

  /* The honest sale, refunded after the price went up: its € 5,00. */
  refund = honest;
  refund.seq = 4, refund.sale_id = NULL, refund.refund_of = honest_id, refund.qty = -1000, refund.version = v2;
  assert_accepted (push_sale (f, &refund, &r4), NULL);
  g_assert_cmpint (sale_int (f, "total", 4), ==, -500);
  g_assert_cmpint (line_int (f, "unit_price", 4), ==, 500);
}

void
hub_add_prices_tests (void)
{
#define ADD(path, fn) g_test_add ("/hub/prices/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("forged-equa", test_forged_equa);
  ADD ("price-change", test_price_change);
  ADD ("own-declared", test_own_declared);
  ADD ("own-declared-mid-batch", test_own_declared_mid_batch);
  ADD ("own-undeclared", test_own_undeclared);
  ADD ("refund-hub-prices", test_refund_hub_prices);
#undef ADD
}
