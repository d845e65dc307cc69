/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>

#include "bench-fixture.h"
#include "bench-util.h"
#include "dis-barcode.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
#include "dis-test-hub.h"
#include "dis-test-point.h"
#include "dis-test-util.h"

/* A fresh point pulls a 20,000-product catalog from a real hub (loaded
 * with `disotto-hub catalog import` from a generated basket.json): time
 * from the enrolment call until the point's cursor reaches the hub's last
 * change, so that the whole catalog is applied. The reference: the same
 * 20,000 products written with dis_store_upsert_product() in one process,
 * no network, into a fresh store on the same disk. */

#define N_PRODUCTS      20000
#define CATALOG_SEED    1861
#define AIM_SECONDS     5.0
#define PULL_TIMEOUT_MS (120 * 1000)

static const char *bases[] = {
  "Spaghetti", "Penne rigate", "Fusilli", "Riso Carnaroli", "Farina di farro",
  "Olio extravergine", "Passata di pomodoro", "Lenticchie", "Ceci", "Miele millefiori",
  "Confettura di albicocche", "Caffè macinato", "Grissini torinesi", "Nocciole tostate",
  "Biscotti di meliga", "Succo di mela", "Vino Barbera", "Birra artigianale",
  "Sapone di Marsiglia", "Detersivo ecologico", "Tè verde", "Cacao amaro",
};
static const char *weighed_bases[] = {
  "Toma piemontese", "Castelmagno", "Mele renette", "Patate di montagna",
  "Cipolle di Andezeno", "Peperoni di Carmagnola", "Nocciole in guscio",
};
static const char *qualifiers[] = {
  "bio", "integrale", "del Canavese", "delle Langhe", "della Val di Susa",
  "del Roero", "a km zero", "di montagna", "tradizionale", "del Monferrato",
};
static const char *formats[] = {
  "250 g", "500 g", "1 kg", "330 ml", "750 ml", "1 l", "6 pezzi", "vasetto",
};
static const char *categories[] = {
  "Pasta e riso", "Farine", "Condimenti", "Conserve", "Colazione", "Dolci",
  "Bevande", "Vini e birre", "Legumi", "Pane e forno", "Casa e persona",
};
static const guint vat_rates[] = { 4, 4, 4, 10, 10, 22 };

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static void
record_clear (DisProductRecord *record)
{
  g_free (record->code);
  g_free (record->name);
  g_free (record->ean);
  g_free (record->supplier_code);
  g_free (record->category);
}

static char *
make_ean13 (guint index)
{
  char digits[14];

  /* "81" and a scramble of the index (7919 is coprime with 10^10). */
  g_snprintf (digits, sizeof digits, "81%010" G_GUINT64_FORMAT,
              ((guint64) index * 7919 + 15485863) % G_GUINT64_CONSTANT (10000000000));
  digits[12] = '0' + dis_ean_check_digit (digits, 12);
  digits[13] = '\0';
  if (!dis_ean_is_valid (digits))
    bench_fail ("making an EAN", NULL);
  return g_strdup (digits);
}

/* The suppliers of the demo network: the hub knows them after `demo load`. */
static GPtrArray *
load_suppliers (const char *demo_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (demo_dir, "suppliers.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *suppliers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  JsonArray *array;

  if (!json_parser_load_from_file (parser, path, &error))
    bench_fail ("reading suppliers.json", error);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      char **pair = g_new0 (char *, 3);

      pair[0] = g_strdup (json_object_get_string_member (object, "code"));
      pair[1] = g_strdup (json_object_get_string_member (object, "name"));
      g_ptr_array_add (suppliers, pair);
    }
  return suppliers;
}

static GArray *
generate (GPtrArray *suppliers)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (CATALOG_SEED);
  GArray *records = g_array_sized_new (FALSE, TRUE, sizeof (DisProductRecord), N_PRODUCTS);
  guint n_weighed = 0;

  g_array_set_clear_func (records, (GDestroyNotify) record_clear);
  for (guint i = 0; i < N_PRODUCTS; i++)
    {
      DisProductRecord record = { 0 };
      gboolean weighed = g_rand_int_range (rand, 0, 100) < 6;

      record.code = g_strdup_printf ("B%06u", i + 1);
      record.kind = DIS_PRODUCT_BASKET;
      record.vat_rate = PICK (rand, vat_rates);
      record.category = g_strdup (PICK (rand, categories));
      record.equa_cents = g_rand_int_range (rand, 90, 3000);
      record.supplier_code = g_strdup (((char **) g_ptr_array_index (suppliers,
                                        g_rand_int_range (rand, 0, suppliers->len)))[0]);
      if (weighed)
        {
          record.name = g_strdup_printf ("%s %s", PICK (rand, weighed_bases), PICK (rand, qualifiers));
          record.unit = DIS_UNIT_KG;
          record.plu = ++n_weighed;
        }
      else
        {
          record.name = g_strdup_printf ("%s %s %s", PICK (rand, bases), PICK (rand, qualifiers),
                                         PICK (rand, formats));
          record.unit = DIS_UNIT_PIECE;
          record.ean = make_ean13 (i);
        }
      if (g_rand_int_range (rand, 0, 50) == 0)
        {
          record.overrides.has_solidale = TRUE;
          record.overrides.solidale_bp = 2000;
        }
      g_array_append_val (records, record);
    }
  return records;
}

/* The basket.json format of data/demo. */
static void
write_catalog (GArray     *records,
               const char *path)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    {
      DisProductRecord *record = &g_array_index (records, DisProductRecord, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, record->code);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, record->name);
      json_builder_set_member_name (builder, "supplier");
      json_builder_add_string_value (builder, record->supplier_code);
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, record->category);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, record->unit == DIS_UNIT_KG ? "kg" : "piece");
      json_builder_set_member_name (builder, "vat");
      json_builder_add_int_value (builder, record->vat_rate);
      json_builder_set_member_name (builder, "ean");
      if (record->ean != NULL)
        json_builder_add_string_value (builder, record->ean);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "plu");
      json_builder_add_int_value (builder, record->plu);
      json_builder_set_member_name (builder, "equa_cents");
      json_builder_add_int_value (builder, record->equa_cents);
      if (record->overrides.has_solidale)
        {
          json_builder_set_member_name (builder, "overrides");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "solidale");
          json_builder_add_int_value (builder, record->overrides.solidale_bp);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  if (!json_generator_to_file (generator, path, &error))
    bench_fail ("writing the catalog", error);
}

/* A demo directory with the network's settings, suppliers and points but
 * an empty basket: the catalog comes only from `catalog import`. */
static void
make_demo_dir (const char *demo_dir,
               const char *dir)
{
  static const char *files[] = { "settings.json", "suppliers.json", "points.json" };
  g_autoptr(GError) error = NULL;
  g_autofree char *basket = g_build_filename (dir, "basket.json", NULL);

  g_mkdir (dir, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (demo_dir, files[i], NULL);
      g_autofree char *to = g_build_filename (dir, files[i], NULL);
      g_autofree char *text = NULL;
      gsize length;

      if (!g_file_get_contents (from, &text, &length, &error) ||
          !g_file_set_contents (to, text, length, &error))
        bench_fail ("copying the demo network", error);
    }
  if (!g_file_set_contents (basket, "[]\n", -1, &error))
    bench_fail ("writing an empty basket", error);
}

/* ---- The pull --------------------------------------------------------------- */

typedef struct
{
  DisStore         *store;
  gint64            last_change;
} Pull;

static gboolean
caught_up (gpointer data)
{
  Pull *pull = data;
  g_autoptr(GError) error = NULL;
  gint64 cursor;

  if (!dis_store_sync_get_cursor (pull->store, &cursor, &error))
    bench_fail ("reading the cursor", error);
  return cursor >= pull->last_change;
}

static gint64
count_products (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      !(stmt = bench_sqlite_prepare (db, "SELECT count(*) FROM products"
                                         " WHERE kind = 'basket' AND code GLOB 'B[0-9]*'", &error)))
    bench_fail ("counting the point's products", error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (db);
  return n;
}

/* The same product, by EAN, as the hub published it. */
static void
check_sample (DisStore         *store,
              DisProductRecord *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisProduct) product = dis_store_lookup_barcode (store, record->ean, &error);

  if (product == NULL)
    bench_fail ("looking up a pulled product", error);
  if (g_strcmp0 (dis_product_get_name (product), record->name) != 0 ||
      dis_product_get_price (product, DIS_TIER_EQUA) != record->equa_cents)
    {
      g_printerr ("bench error: product %s arrived as “%s” at %" G_GINT64_FORMAT " cents\n",
                  record->code, dis_product_get_name (product),
                  dis_product_get_price (product, DIS_TIER_EQUA));
      exit (EXIT_FAILURE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suppliers = NULL;
  g_autoptr(GArray) records = NULL;
  g_autoptr(DisTestHub) hub = NULL;
  g_autoptr(DisSyncEnrolment) enrolment = NULL;
  g_autoptr(DisStore) store = NULL;
  g_autoptr(DisStore) ref_store = NULL;
  g_autoptr(DisSyncClient) client = NULL;
  g_autofree char *tmpdir = NULL, *hub_dir = NULL, *demo_dir = NULL, *catalog_path = NULL;
  g_autofree char *point_path = NULL, *ref_path = NULL, *config_dir = NULL;
  g_autofree char *token = NULL, *out = NULL, *aim = NULL;
  const char *source_demo = g_getenv ("DIS_DEMO_DIR");
  Pull pull = { 0 };
  gint64 t0, import_usec, pull_usec, ref_usec, n_point;

  setlocale (LC_ALL, "");
  if (source_demo == NULL)
    bench_fail ("DIS_DEMO_DIR is not set", NULL);

  tmpdir = dis_test_tmpdir_new ("dis-bench-sync-pull");
  hub_dir = g_build_filename (tmpdir, "hub", NULL);
  demo_dir = g_build_filename (tmpdir, "demo", NULL);
  catalog_path = g_build_filename (tmpdir, "catalog.json", NULL);
  point_path = g_build_filename (tmpdir, "punto.db", NULL);
  ref_path = g_build_filename (tmpdir, "reference.db", NULL);
  config_dir = g_build_filename (tmpdir, "config", NULL);
  g_mkdir (hub_dir, 0700);

  suppliers = load_suppliers (source_demo);
  records = generate (suppliers);
  write_catalog (records, catalog_path);
  make_demo_dir (source_demo, demo_dir);

  /* The hub: the demo network without its basket, then the big catalog. */
  hub = dis_test_hub_new (hub_dir);
  g_free (dis_test_hub_admin (hub, "demo", "load", demo_dir, NULL));
  t0 = bench_now ();
  out = dis_test_hub_admin (hub, "catalog", "import", catalog_path, NULL);
  import_usec = bench_now () - t0;
  if (dis_test_hub_int (hub, "SELECT count(*) FROM products", NULL) != N_PRODUCTS)
    bench_fail ("importing the catalog on the hub", NULL);
  token = dis_test_hub_add_device (hub, "TO-CEN", "C1", FALSE);
  pull.last_change = dis_test_hub_int (hub, "SELECT max(seq) FROM changes", NULL);
  g_print ("setup: `disotto-hub catalog import` of %d products took %.2f s; %" G_GINT64_FORMAT
           " changes in the feed\n", N_PRODUCTS, import_usec / 1e6, pull.last_change);
  dis_test_hub_start (hub, 0, NULL);

  /* A fresh point: nothing but the enrolment. */
  store = dis_store_open (point_path, &error);
  if (store == NULL)
    bench_fail ("opening the point's store", error);
  pull.store = store;
  client = dis_sync_client_new (store, config_dir);

  t0 = bench_now ();
  enrolment = dis_test_enrol (client, hub->url, token, NULL, &error);
  if (enrolment == NULL)
    bench_fail ("enrolling", error);
  if (!dis_test_wait_for (caught_up, &pull, PULL_TIMEOUT_MS))
    {
      g_printerr ("bench error: the point did not reach change %" G_GINT64_FORMAT " within %d s (%s)\n",
                  pull.last_change, PULL_TIMEOUT_MS / 1000,
                  dis_sync_client_get_last_error (client) ? dis_sync_client_get_last_error (client) : "no error");
      return EXIT_FAILURE;
    }
  pull_usec = bench_now () - t0;
  dis_sync_client_stop (client);
  dis_test_hub_stop (hub);

  n_point = count_products (point_path);
  if (n_point != N_PRODUCTS)
    {
      g_printerr ("bench error: the point has %" G_GINT64_FORMAT " of %d products\n", n_point, N_PRODUCTS);
      return EXIT_FAILURE;
    }
  for (guint i = 0; i < records->len; i += 997)
    if (g_array_index (records, DisProductRecord, i).ean != NULL)
      check_sample (store, &g_array_index (records, DisProductRecord, i));

  /* The reference: the same products, straight into a fresh store. */
  ref_store = dis_store_open (ref_path, &error);
  if (ref_store == NULL)
    bench_fail ("opening the reference store", error);
  for (guint i = 0; i < suppliers->len; i++)
    {
      char **pair = g_ptr_array_index (suppliers, i);

      if (!dis_store_upsert_supplier (ref_store, pair[0], pair[1], &error))
        bench_fail ("writing a supplier", error);
    }
  t0 = bench_now ();
  for (guint i = 0; i < records->len; i++)
    if (dis_store_upsert_product (ref_store, &g_array_index (records, DisProductRecord, i), &error) <= 0)
      bench_fail ("writing a product", error);
  ref_usec = bench_now () - t0;
  if (count_products (ref_path) != N_PRODUCTS)
    bench_fail ("counting the reference products", NULL);

  aim = g_strdup_printf ("< %.0f s", AIM_SECONDS);
  g_print ("fresh point pulls a %d-product catalog (enrolment to cursor at the hub's last change, loopback):"
           " %.2f s, %.0f products/s"
           " | reference (the same products with dis_store_upsert_product, one process, no network):"
           " %.2f s, %.0f products/s | aim %s: %s\n",
           N_PRODUCTS, pull_usec / 1e6, N_PRODUCTS / (pull_usec / 1e6),
           ref_usec / 1e6, N_PRODUCTS / (ref_usec / 1e6), aim,
           bench_verdict (pull_usec / 1e6 < AIM_SECONDS));

  g_clear_object (&client);
  g_clear_pointer (&hub, dis_test_hub_free);
  g_clear_object (&store);
  g_clear_object (&ref_store);
  dis_test_rm_rf (tmpdir);
  return EXIT_SUCCESS;
}
