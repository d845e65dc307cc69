/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>

#include "dis-gazetteer.h"

static DisPlace *
first (const char *text)
{
  g_autoptr(GPtrArray) results = dis_gazetteer_search (dis_gazetteer_get_default (), text, 10);

  g_assert_cmpuint (results->len, >, 0);
  return dis_place_copy (g_ptr_array_index (results, 0));
}

static void
test_comuni (void)
{
  DisGazetteer *gaz = dis_gazetteer_get_default ();
  g_autoptr(GPtrArray) all = dis_gazetteer_search (gaz, "a", 0);
  g_autoptr(GHashTable) istat = g_hash_table_new (g_str_hash, g_str_equal);
  static const char * const names[] = { "Torino", "Ciriè", "Chieri", "Pinerolo", "Ivrea", "Susa",
                                        "Mappano", "Moncenisio", "Valchiusa", "Sestriere" };

  g_assert_true (gaz == dis_gazetteer_get_default ());
  g_assert_cmpuint (dis_gazetteer_get_n_comuni (gaz), ==, 312);
  g_assert_cmpuint (dis_gazetteer_get_n_places (gaz), >, 312);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(DisPlace) place = dis_gazetteer_lookup_comune (gaz, names[i]);

      g_assert_nonnull (place);
      g_assert_cmpstr (place->name, ==, names[i]);
      g_assert_cmpstr (place->kind, ==, "comune");
      g_assert_cmpstr (place->comune, ==, names[i]);
      g_assert_true (g_str_has_prefix (place->istat, "001"));
      /* Inside the region pack. */
      g_assert_cmpfloat (place->lat, >, 44.6);
      g_assert_cmpfloat (place->lat, <, 45.6);
      g_assert_cmpfloat (place->lon, >, 6.6);
      g_assert_cmpfloat (place->lon, <, 8.2);
    }

  g_assert_null (dis_gazetteer_lookup_comune (gaz, "Milano"));
  g_assert_null (dis_gazetteer_lookup_comune (gaz, "Chie"));

  /* Every comune has coordinates in the area and a distinct ISTAT code. */
  {
    g_autoptr(GPtrArray) every = g_ptr_array_new ();
    g_autoptr(GPtrArray) everything = NULL;
    guint n = 0;

    /* Each name has at least one letter or digit; searching every one-
     * letter prefix covers the whole list. */
    everything = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
    for (char c = 'a'; c <= 'z'; c++)
      {
        char q[2] = { c, 0 };
        g_ptr_array_add (everything, dis_gazetteer_search (gaz, q, 0));
      }
    for (guint i = 0; i < everything->len; i++)
      {
        GPtrArray *res = g_ptr_array_index (everything, i);
        for (guint j = 0; j < res->len; j++)
          {
            DisPlace *p = g_ptr_array_index (res, j);
            if (g_strcmp0 (p->kind, "comune") != 0 || g_hash_table_contains (istat, p->istat))
              continue;
            g_hash_table_add (istat, p->istat);
            g_assert_cmpfloat (p->lat, >, 44.6);
            g_assert_cmpfloat (p->lat, <, 45.6);
            g_assert_cmpfloat (p->lon, >, 6.6);
            g_assert_cmpfloat (p->lon, <, 8.2);
            n++;
          }
      }
    g_assert_cmpuint (n, ==, 312);
  }

  g_assert_cmpuint (all->len, >, 0);
}

static void
test_accents (void)
{
  g_autoptr(DisPlace) cirie = first ("cirie");
  g_autoptr(DisPlace) cirie_upper = first ("CIRIÈ");
  g_autoptr(DisPlace) aglie = first ("aglie");
  g_autofree char *norm = dis_gazetteer_normalize ("  Sant'Ambrogio di TORINO—Ciriè ");

  g_assert_cmpstr (cirie->name, ==, "Ciriè");
  g_assert_cmpstr (cirie_upper->name, ==, "Ciriè");
  g_assert_cmpstr (aglie->name, ==, "Agliè");
  g_assert_cmpstr (norm, ==, "sant ambrogio di torino cirie");
}

static void
test_words (void)
{
  g_autoptr(DisPlace) san_mauro = first ("san mauro");
  g_autoptr(DisPlace) mauro = first ("mauro tor");
  g_autoptr(DisPlace) ambrogio = first ("sant'ambr");
  g_autoptr(GPtrArray) none = dis_gazetteer_search (dis_gazetteer_get_default (), "san xyz", 10);
  g_autoptr(GPtrArray) blank = dis_gazetteer_search (dis_gazetteer_get_default (), " - ", 10);
  g_autoptr(GPtrArray) limited = dis_gazetteer_search (dis_gazetteer_get_default (), "san", 3);

  g_assert_cmpstr (san_mauro->name, ==, "San Mauro Torinese");
  g_assert_cmpstr (mauro->name, ==, "San Mauro Torinese");
  g_assert_cmpstr (ambrogio->name, ==, "Sant'Ambrogio di Torino");
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (blank->len, ==, 0);
  g_assert_cmpuint (limited->len, ==, 3);
}

static void
test_ranking (void)
{
  g_autoptr(GPtrArray) results = dis_gazetteer_search (dis_gazetteer_get_default (), "chie", 0);
  g_autoptr(GPtrArray) san = dis_gazetteer_search (dis_gazetteer_get_default (), "san", 0);
  gboolean seen_hamlet = FALSE;
  guint last_pop = G_MAXUINT;

  g_assert_cmpuint (results->len, >=, 2);
  g_assert_cmpstr (((DisPlace *) results->pdata[0])->name, ==, "Chieri");

  /* Comune seats first, each group by population. */
  for (guint i = 0; i < san->len; i++)
    {
      DisPlace *p = g_ptr_array_index (san, i);
      gboolean hamlet = g_strcmp0 (p->kind, "hamlet") == 0;

      if (hamlet && !seen_hamlet)
        last_pop = G_MAXUINT;
      g_assert_false (seen_hamlet && !hamlet);
      seen_hamlet |= hamlet;
      g_assert_cmpuint (p->population, <=, last_pop);
      last_pop = p->population;
    }
  g_assert_true (seen_hamlet);
}

static void
test_hamlets (void)
{
  static const struct { const char *name; const char *comune; } hamlets[] = {
    { "Pessione", "Chieri" },
    { "Revigliasco", "Moncalieri" },
    { "Savonera", "Collegno" },
    { "Malanghero", "San Maurizio Canavese" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (hamlets); i++)
    {
      g_autoptr(DisPlace) place = first (hamlets[i].name);
      g_autoptr(DisPlace) seat = dis_gazetteer_lookup_comune (dis_gazetteer_get_default (), hamlets[i].comune);

      g_assert_cmpstr (place->name, ==, hamlets[i].name);
      g_assert_cmpstr (place->kind, ==, "hamlet");
      g_assert_cmpstr (place->comune, ==, hamlets[i].comune);
      g_assert_nonnull (seat);
      g_assert_cmpstr (place->istat, ==, seat->istat);
      /* A hamlet lies within a few km of its seat. */
      g_assert_cmpfloat (fabs (place->lat - seat->lat), <, 0.1);
      g_assert_cmpfloat (fabs (place->lon - seat->lon), <, 0.15);
    }
}

/* An address is placed on the hamlet it names in its comune, else on
 * the comune's seat; an unknown comune has no place. */
static void
test_locate (void)
{
  DisGazetteer *gazetteer = dis_gazetteer_get_default ();
  const struct { const char *address, *comune, *place, *kind; } cases[] = {
    { "Via Roma 1", "Torino", "Torino", "comune" },
    { "Strada Revigliasco 12", "moncalieri", "Revigliasco", "hamlet" },
    { "Via Roma 3, fraz. REVIGLIASCO", "Moncalieri", "Revigliasco", "hamlet" },
    /* A hamlet of another comune is not this address's. */
    { "Via Revigliasco 4", "Torino", "Torino", "comune" },
    /* Whole words only: "Vallonga" is not "Vallo". */
    { "Strada Vallonga 2", "Caluso", "Caluso", "comune" },
    { "Borgata Vallo 7", "Caluso", "Vallo", "hamlet" },
    { NULL, "Chieri", "Chieri", "comune" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DisPlace) place = dis_gazetteer_locate (gazetteer, cases[i].address, cases[i].comune);

      g_assert_nonnull (place);
      g_assert_cmpstr (place->name, ==, cases[i].place);
      g_assert_cmpstr (place->kind, ==, cases[i].kind);
    }
  g_assert_null (dis_gazetteer_locate (gazetteer, "Via Roma 1", "Milano"));
  g_assert_null (dis_gazetteer_locate (gazetteer, "Via Roma 1", ""));
}

static gpointer
search_thread (gpointer data)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GPtrArray) r = dis_gazetteer_search (dis_gazetteer_get_default (), "tor", 5);
      g_assert_cmpuint (r->len, ==, 5);
    }
  return NULL;
}

static void
test_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("search", search_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/map/gazetteer/comuni", test_comuni);
  g_test_add_func ("/map/gazetteer/accents", test_accents);
  g_test_add_func ("/map/gazetteer/words", test_words);
  g_test_add_func ("/map/gazetteer/ranking", test_ranking);
  g_test_add_func ("/map/gazetteer/hamlets", test_hamlets);
  g_test_add_func ("/map/gazetteer/locate", test_locate);
  g_test_add_func ("/map/gazetteer/threads", test_threads);

  return g_test_run ();
}
