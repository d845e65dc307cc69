/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include "dis-barcode.h"
#include "dis-core.h"

#include "bench-fixture.h"
#include "bench-util.h"

typedef struct
{
  const char *name;
  const char *category;
  guint       vat_rate;
  gint64      min_cents;
  gint64      max_cents;
} BaseProduct;

/* Packaged goods, sold by the piece with an EAN. */
static const BaseProduct packaged[] = {
  { "Pasta di semola", "Pasta e riso", 4, 120, 390 },
  { "Spaghetti", "Pasta e riso", 4, 110, 350 },
  { "Penne rigate", "Pasta e riso", 4, 110, 350 },
  { "Fusilli", "Pasta e riso", 4, 110, 350 },
  { "Tajarin all'uovo", "Pasta e riso", 4, 280, 590 },
  { "Agnolotti del plin", "Pasta e riso", 10, 450, 990 },
  { "Riso Carnaroli", "Pasta e riso", 4, 250, 690 },
  { "Riso Arborio", "Pasta e riso", 4, 220, 590 },
  { "Farina di grano tenero", "Farine", 4, 90, 290 },
  { "Farina di farro", "Farine", 4, 180, 490 },
  { "Farina di mais per polenta", "Farine", 4, 150, 420 },
  { "Olio extravergine d'oliva", "Condimenti", 4, 690, 1890 },
  { "Aceto di mele", "Condimenti", 22, 190, 490 },
  { "Sale marino integrale", "Condimenti", 10, 60, 250 },
  { "Passata di pomodoro", "Conserve", 4, 130, 390 },
  { "Pomodori pelati", "Conserve", 4, 110, 320 },
  { "Acciughe al verde", "Conserve", 10, 390, 890 },
  { "Peperoni sott'olio", "Conserve", 10, 350, 790 },
  { "Caffè macinato", "Colazione", 22, 350, 890 },
  { "Caffè in grani", "Colazione", 22, 590, 1690 },
  { "Miele di acacia", "Colazione", 10, 590, 1290 },
  { "Miele millefiori", "Colazione", 10, 490, 990 },
  { "Confettura di albicocche", "Colazione", 10, 290, 590 },
  { "Marmellata di arance", "Colazione", 10, 290, 590 },
  { "Fette biscottate", "Colazione", 4, 190, 390 },
  { "Biscotti di meliga", "Dolci", 10, 290, 690 },
  { "Gianduiotti", "Dolci", 10, 490, 1490 },
  { "Cioccolato fondente", "Dolci", 10, 190, 490 },
  { "Nocciole tostate", "Dolci", 10, 590, 1390 },
  { "Torrone alle nocciole", "Dolci", 10, 490, 1190 },
  { "Tè verde", "Bevande", 10, 290, 690 },
  { "Tisana alla camomilla", "Bevande", 10, 190, 490 },
  { "Succo di mela", "Bevande", 22, 180, 450 },
  { "Vino Barbera", "Vini e birre", 22, 590, 1890 },
  { "Vino Dolcetto", "Vini e birre", 22, 550, 1590 },
  { "Vino Nebbiolo", "Vini e birre", 22, 890, 2990 },
  { "Birra artigianale", "Vini e birre", 22, 250, 590 },
  { "Lenticchie", "Legumi", 4, 190, 490 },
  { "Ceci", "Legumi", 4, 170, 450 },
  { "Fagioli borlotti", "Legumi", 4, 180, 470 },
  { "Grissini torinesi", "Pane e forno", 4, 190, 450 },
  { "Grissini rubatà", "Pane e forno", 4, 250, 590 },
  { "Crackers integrali", "Pane e forno", 4, 150, 350 },
  { "Pane di segale", "Pane e forno", 4, 250, 550 },
  { "Yogurt intero", "Latticini", 4, 90, 250 },
  { "Latte fresco", "Latticini", 4, 120, 230 },
  { "Burro di montagna", "Latticini", 4, 250, 590 },
  { "Robiola di Roccaverano", "Latticini", 4, 350, 790 },
  { "Uova di galline libere", "Latticini", 10, 250, 490 },
  { "Sapone di Marsiglia", "Casa e persona", 22, 250, 590 },
  { "Detersivo ecologico", "Casa e persona", 22, 390, 990 },
  { "Shampoo solido", "Casa e persona", 22, 590, 1190 },
  { "Zucchero di canna", "Dispensa", 10, 190, 450 },
  { "Cacao amaro", "Dispensa", 10, 290, 690 },
};

/* Fresh goods, weighed at the counter: price per kg, a PLU for the scale. */
static const BaseProduct weighed[] = {
  { "Toma piemontese", "Formaggi", 4, 1290, 2490 },
  { "Castelmagno", "Formaggi", 4, 2490, 3990 },
  { "Parmigiano Reggiano", "Formaggi", 4, 1890, 2990 },
  { "Tomini freschi", "Formaggi", 4, 1190, 1990 },
  { "Salame cotto", "Salumi", 10, 1490, 2690 },
  { "Mele renette", "Frutta e verdura", 4, 190, 390 },
  { "Pere Madernassa", "Frutta e verdura", 4, 250, 450 },
  { "Patate di montagna", "Frutta e verdura", 4, 120, 250 },
  { "Cipolle di Andezeno", "Frutta e verdura", 4, 150, 350 },
  { "Peperoni di Carmagnola", "Frutta e verdura", 4, 290, 590 },
  { "Porri di Cervere", "Frutta e verdura", 4, 250, 490 },
  { "Nocciole in guscio", "Frutta e verdura", 10, 890, 1490 },
};

static const char *qualifiers[] = {
  NULL, NULL, NULL,
  "biologico", "integrale", "artigianale", "del Canavese", "delle Langhe",
  "della Val di Susa", "del Roero", "a km zero", "senza glutine", "extra",
  "al naturale", "equo e solidale", "di montagna", "tradizionale",
  "del Monferrato", "delle valli di Lanzo", "di Pinerolo", "antica ricetta",
  "della Valle Stura", "dell'Astigiano",
};

static const char *formats[] = {
  "100 g", "200 g", "250 g", "500 g", "1 kg", "330 ml", "500 ml", "750 ml",
  "1 l", "6 pezzi", "confezione famiglia", "vasetto", "bottiglia",
};

static const char *supplier_kinds[] = {
  "Cascina", "Cooperativa", "Azienda agricola", "Forno", "Caseificio",
  "Birrificio", "Frantoio", "Apicoltura", "Pastificio", "Cantina",
};

static const char *supplier_names[] = {
  "Rossa", "Valli Unite", "del Sole", "La Bagnola", "Il Gelso", "Monviso",
  "San Michele", "Pian del Re", "Le Fontane", "Ca' Bianca", "Il Frutteto",
  "Terre Alte",
};

void
bench_catalog_free (BenchCatalog *catalog)
{
  if (catalog == NULL)
    return;

  g_clear_pointer (&catalog->eans, g_ptr_array_unref);
  g_clear_pointer (&catalog->names, g_ptr_array_unref);
  g_clear_pointer (&catalog->product_ids, g_array_unref);
  g_free (catalog);
}

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static char *
make_ean13 (guint index)
{
  char digits[14];
  guint64 body;
  int check;

  /* An Italian-prefixed EAN-13, unique per index: 7919 is coprime with
   * 10^10, so this scramble is a bijection on 0 … 10^10 − 1. */
  body = ((guint64) index * 7919 + 104729) % G_GUINT64_CONSTANT (10000000000);
  g_snprintf (digits, sizeof digits, "80%010" G_GUINT64_FORMAT, body);
  check = dis_ean_check_digit (digits, 12);
  g_assert (check >= 0 && check <= 9);
  digits[12] = '0' + check;
  digits[13] = '\0';

  return g_strdup (digits);
}

static gboolean
generate_suppliers (DisStore  *store,
                    GRand     *rand,
                    guint     *out_n,
                    GError   **error)
{
  guint n = 0;

  for (guint k = 0; k < G_N_ELEMENTS (supplier_kinds); k++)
    for (guint s = 0; s < G_N_ELEMENTS (supplier_names); s++)
      {
        g_autofree char *code = NULL;
        g_autofree char *name = NULL;

        /* About half of the combinations exist. */
        if (g_rand_boolean (rand))
          continue;

        code = g_strdup_printf ("S%03u", n + 1);
        name = g_strdup_printf ("%s %s", supplier_kinds[k], supplier_names[s]);
        if (!dis_store_upsert_supplier (store, code, name, error))
          return FALSE;
        n++;
      }

  *out_n = n;
  return TRUE;
}

BenchCatalog *
bench_catalog_generate (DisStore  *store,
                        guint      n_products,
                        guint32    seed,
                        GError   **error)
{
  g_autoptr(BenchCatalog) catalog = g_new0 (BenchCatalog, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  g_return_val_if_fail (DIS_IS_STORE (store), NULL);

  catalog->eans = g_ptr_array_new_with_free_func (g_free);
  catalog->names = g_ptr_array_new_with_free_func (g_free);
  catalog->product_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_products);

  if (!generate_suppliers (store, rand, &catalog->n_suppliers, error))
    return NULL;

  for (guint i = 0; i < n_products; i++)
    {
      g_autofree char *code = g_strdup_printf ("P%06u", i + 1);
      g_autofree char *supplier = NULL;
      g_autofree char *name = NULL;
      g_autofree char *ean = NULL;
      DisProductRecord record = { 0 };
      const BaseProduct *base;
      const char *qualifier;
      gboolean is_weighed;
      gint64 id;

      is_weighed = g_rand_int_range (rand, 0, 100) < 6 && catalog->n_weighed < 99999;
      base = is_weighed ? &PICK (rand, weighed) : &PICK (rand, packaged);
      qualifier = PICK (rand, qualifiers);

      if (is_weighed)
        name = qualifier != NULL ? g_strdup_printf ("%s %s", base->name, qualifier)
                                 : g_strdup (base->name);
      else if (qualifier != NULL)
        name = g_strdup_printf ("%s %s %s", base->name, qualifier, PICK (rand, formats));
      else
        name = g_strdup_printf ("%s %s", base->name, PICK (rand, formats));

      if (g_rand_int_range (rand, 0, 10) > 0)
        supplier = g_strdup_printf ("S%03d", g_rand_int_range (rand, 1, catalog->n_suppliers + 1));

      record.code = code;
      record.name = name;
      record.kind = g_rand_int_range (rand, 0, 10) < 7 ? DIS_PRODUCT_BASKET : DIS_PRODUCT_OWN;
      record.vat_rate = base->vat_rate;
      record.supplier_code = supplier;
      record.category = (char *) base->category;
      record.equa_cents = g_rand_int_range (rand, base->min_cents, base->max_cents + 1);

      if (is_weighed)
        {
          record.unit = DIS_UNIT_KG;
          record.plu = ++catalog->n_weighed;
        }
      else
        {
          record.unit = DIS_UNIT_PIECE;
          ean = make_ean13 (i);
          record.ean = ean;
        }

      /* A few products set their own Solidale surcharge. */
      if (g_rand_int_range (rand, 0, 50) == 0)
        {
          record.overrides.has_solidale = TRUE;
          record.overrides.solidale_bp = 2000;
        }

      id = dis_store_upsert_product (store, &record, error);
      if (id <= 0)
        {
          if (error != NULL && *error != NULL)
            g_prefix_error (error, "product %s “%s”: ", code, name);
          return NULL;
        }

      g_array_append_val (catalog->product_ids, id);
      g_ptr_array_add (catalog->names, g_steal_pointer (&name));
      if (ean != NULL)
        g_ptr_array_add (catalog->eans, g_steal_pointer (&ean));
      catalog->n_products++;
    }

  return g_steal_pointer (&catalog);
}

DisStore *
bench_store_new (const char    *path,
                 guint          n_products,
                 guint32        seed,
                 BenchCatalog **out_catalog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisStore) store = dis_store_open (path, &error);

  if (store == NULL)
    bench_fail ("opening the store", error);
  *out_catalog = bench_catalog_generate (store, n_products, seed, &error);
  if (*out_catalog == NULL)
    bench_fail ("generating the catalog", error);
  return g_steal_pointer (&store);
}

GPtrArray *
bench_catalog_load (BenchCatalog *catalog,
                    DisStore     *store)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < catalog->product_ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = g_array_index (catalog->product_ids, gint64, i);
      DisProduct *product = dis_store_lookup_product (store, id, &error);

      if (product == NULL)
        bench_fail ("loading a product", error);
      g_ptr_array_add (products, product);
    }
  return g_steal_pointer (&products);
}

DisSale *
bench_random_sale (GPtrArray *products,
                   GRand     *rand,
                   guint      n_lines)
{
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(GHashTable) used = g_hash_table_new (NULL, NULL);
  DisSale *sale;

  dis_cart_set_tier (cart, g_rand_int_range (rand, 0, 4) == 0 ? DIS_TIER_SOLIDALE
                                                               : DIS_TIER_EQUA);
  while (g_hash_table_size (used) < n_lines)
    {
      DisProduct *product = g_ptr_array_index (products,
                                               g_rand_int_range (rand, 0, products->len));
      gint64 quantity;

      if (!g_hash_table_add (used, product))
        continue;
      quantity = dis_unit_is_measured (dis_product_get_unit (product))
                 ? g_rand_int_range (rand, 150, 1500)           /* grams */
                 : 1000 * g_rand_int_range (rand, 1, 4);         /* pieces */
      dis_cart_add (cart, product, quantity, FALSE);
    }

  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total);
  return sale;
}

DisOperator *
bench_prepare_till (DisStore    *store,
                    const char  *operator_name,
                    const char  *pin,
                    GError     **error)
{
  g_autoptr(DisOperator) operator = NULL;
  g_autoptr(DisDayReport) day = NULL;

  if (!dis_store_set_identity (store, "TO-BEN", "Punto bench", "C1", error))
    return NULL;

  operator = dis_store_create_operator (store, NULL, operator_name, pin,
                                        DIS_ROLE_RESPONSABILE, error);
  if (operator == NULL)
    return NULL;

  day = dis_store_open_day (store, operator, 10000, error);
  if (day == NULL)
    return NULL;

  return g_steal_pointer (&operator);
}

BenchTill *
bench_till_new (const char *path,
                guint       n_products,
                guint32     seed)
{
  g_autoptr(GError) error = NULL;
  BenchTill *till = g_new0 (BenchTill, 1);

  till->store = bench_store_new (path, n_products, seed, &till->catalog);
  till->operator = bench_prepare_till (till->store, "Bench", "1234", &error);
  if (till->operator == NULL)
    bench_fail ("preparing the till", error);
  till->products = bench_catalog_load (till->catalog, till->store);
  return till;
}

void
bench_till_free (BenchTill *till)
{
  if (till == NULL)
    return;
  g_clear_pointer (&till->products, g_ptr_array_unref);
  g_clear_object (&till->operator);
  g_clear_pointer (&till->catalog, bench_catalog_free);
  g_clear_object (&till->store);
  g_free (till);
}

static gboolean
set_sqlite_error (sqlite3     *db,
                  const char  *what,
                  GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

sqlite3 *
bench_sqlite_open (const char  *path,
                   GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      set_sqlite_error (db, path, error);
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, 5000);

  if (!bench_sqlite_exec (db,
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA synchronous = FULL;"
                          "PRAGMA foreign_keys = ON;",
                          error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

gboolean
bench_sqlite_exec (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (db, sql, error);
  return TRUE;
}

sqlite3_stmt *
bench_sqlite_prepare (sqlite3     *db,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (db, sql, error);
      return NULL;
    }

  return stmt;
}

int
bench_sqlite_run (sqlite3       *db,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  int rows = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    rows++;

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (db, sqlite3_sql (stmt), error);
      return -1;
    }

  return rows;
}
