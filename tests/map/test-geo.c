/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <glib/gstdio.h>

#include "dis-gazetteer.h"
#include "dis-geo.h"
#include "dis-store-points.h"

/* An independent formula for checking: the spherical law of cosines on
 * the same sphere (fine at these distances in double precision). */
static double
law_of_cosines_m (double lat1,
                  double lon1,
                  double lat2,
                  double lon2)
{
  double p1 = lat1 * G_PI / 180, p2 = lat2 * G_PI / 180;
  double dl = (lon2 - lon1) * G_PI / 180;
  double c = sin (p1) * sin (p2) + cos (p1) * cos (p2) * cos (dl);

  return 6371008.8 * acos (CLAMP (c, -1.0, 1.0));
}

static DisPlace *
comune (const char *name)
{
  DisPlace *place = dis_gazetteer_lookup_comune (dis_gazetteer_get_default (), name);

  g_assert_nonnull (place);
  return place;
}

static void
test_distances (void)
{
  /* Rough straight-line figures from Torino (the issue's, rounded), to
   * catch a wrong unit or swapped coordinates: within 8 %. */
  static const struct { const char *name; double km; } expected[] = {
    { "Chieri", 13 },
    { "Pinerolo", 36 },
    { "Ivrea", 45 },
    { "Susa", 47 },
  };
  g_autoptr(DisPlace) torino = comune ("Torino");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(DisPlace) place = comune (expected[i].name);
      double ours = dis_geo_distance_m (torino->lat, torino->lon, place->lat, place->lon);
      double back = dis_geo_distance_m (place->lat, place->lon, torino->lat, torino->lon);
      double check = law_of_cosines_m (torino->lat, torino->lon, place->lat, place->lon);

      g_test_message ("Torino → %s: %.0f m (law of cosines %.0f m)", place->name, ours, check);
      g_assert_cmpfloat (fabs (ours - check) / check, <, 0.005);
      g_assert_cmpfloat_with_epsilon (ours, back, 1e-6);
      g_assert_cmpfloat (fabs (ours / 1000 - expected[i].km) / expected[i].km, <, 0.08);
    }

  g_assert_cmpfloat (dis_geo_distance_m (45, 7, 45, 7), ==, 0);
  /* A quarter of the meridian. */
  g_assert_cmpfloat_with_epsilon (dis_geo_distance_m (0, 0, 90, 0), G_PI / 2 * DIS_GEO_EARTH_RADIUS_M, 1e-3);
  /* Antipodes do not produce NaN. */
  g_assert_cmpfloat_with_epsilon (dis_geo_distance_m (45, 7, -45, -173), G_PI * DIS_GEO_EARTH_RADIUS_M, 1);
}

static DisPointRecord *
point_at (const char *code,
          DisPlace   *place)
{
  DisPointRecord *point = g_new0 (DisPointRecord, 1);

  point->code = g_strdup (code);
  point->name = g_strdup_printf ("Bottega di %s", place ? place->name : "nessun luogo");
  point->kind = g_strdup ("shop");
  point->comune = place ? g_strdup (place->name) : NULL;
  point->lat_e6 = place ? (gint64) round (place->lat * 1e6) : 0;
  point->lon_e6 = place ? (gint64) round (place->lon * 1e6) : 0;
  return point;
}

static int
compare_by_check (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const DisPointRecord *pa = *(DisPointRecord * const *) a;
  const DisPointRecord *pb = *(DisPointRecord * const *) b;
  const DisPlace *from = user_data;
  double da = law_of_cosines_m (from->lat, from->lon, pa->lat_e6 / 1e6, pa->lon_e6 / 1e6);
  double db = law_of_cosines_m (from->lat, from->lon, pb->lat_e6 / 1e6, pb->lon_e6 / 1e6);

  return (da > db) - (da < db);
}

static void
test_nearest (void)
{
  static const char * const names[] = { "Susa", "Ivrea", "Chieri", "Pinerolo", "Torino" };
  static const char * const order[] = { "Torino", "Chieri", "Pinerolo", "Ivrea", "Susa" };
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_point_record_free);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) nearest = NULL;
  g_autoptr(DisPlace) from = comune ("Torino");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(DisPlace) place = comune (names[i]);
      g_ptr_array_add (points, point_at (names[i], place));
    }
  g_ptr_array_add (points, point_at ("NOWHERE", NULL));

  nearest = dis_geo_nearest (points, from->lat, from->lon);
  g_assert_cmpuint (nearest->len, ==, G_N_ELEMENTS (names));   /* without coordinates: left out */

  /* Borrowed pointers (a copy would inherit the free function). */
  expected = g_ptr_array_new ();
  for (guint i = 0; i + 1 < points->len; i++)
    g_ptr_array_add (expected, points->pdata[i]);
  g_ptr_array_sort_with_data (expected, compare_by_check, from);

  for (guint i = 0; i < nearest->len; i++)
    {
      DisGeoNearest *n = g_ptr_array_index (nearest, i);
      DisPointRecord *p = g_ptr_array_index (expected, i);
      double check = law_of_cosines_m (from->lat, from->lon, p->lat_e6 / 1e6, p->lon_e6 / 1e6);

      g_assert_true (n->point == p);
      /* acos loses precision near zero: compare small ones absolutely. */
      if (check > 100)
        g_assert_cmpfloat (fabs (n->metres - check) / check, <, 0.005);
      else
        g_assert_cmpfloat (fabs (n->metres - check), <, 1);
      if (i > 0)
        g_assert_cmpfloat (n->metres, >=, ((DisGeoNearest *) g_ptr_array_index (nearest, i - 1))->metres);
    }

  /* Torino itself, then Chieri (12.5 km), Pinerolo (34.7 km), Ivrea
   * (46.5 km), Susa (49.9 km). */
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (((DisGeoNearest *) nearest->pdata[i])->point->code, ==, order[i]);
}

static void
test_format (void)
{
  static const struct { double m; const char *c; const char *it; } cases[] = {
    { 0, "0 m", "0 m" },
    { 849.6, "850 m", "850 m" },
    { 999.4, "999 m", "999 m" },
    { 1000, "1.0 km", "1,0 km" },
    { 1234, "1.2 km", "1,2 km" },
    { 9940, "9.9 km", "9,9 km" },
    { 12600, "13 km", "13 km" },
    { 23400, "23 km", "23 km" },
    { 147000, "147 km", "147 km" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dis_geo_format_distance (cases[i].m);
      g_assert_cmpstr (text, ==, cases[i].c);
    }

  if (setlocale (LC_NUMERIC, "it_IT.UTF-8") == NULL)
    {
      g_test_message ("it_IT.UTF-8 not available: Italian separator not checked");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dis_geo_format_distance (cases[i].m);
      g_assert_cmpstr (text, ==, cases[i].it);
    }

  setlocale (LC_NUMERIC, "C");
}

/* A zone as comuni, as a radius, and as both (both must hold); from a
 * point in Torino centre (45.0703, 7.6869). */
static void
test_zone (void)
{
  const char *comuni[] = { "Torino", "Sant'Ambrogio di Torino", NULL };
  const double lat = 45.0703, lon = 7.6869;
  double metres;

  /* Comuni: folded names match; another comune, or none, does not. */
  g_assert_cmpint (dis_geo_zone_check (comuni, 0, "TORINO", FALSE, 0, 0, FALSE, 0, 0, &metres),
                   ==, DIS_GEO_ZONE_INSIDE);
  g_assert_cmpfloat (metres, ==, -1);
  g_assert_cmpint (dis_geo_zone_check (comuni, 0, "sant ambrogio di torino", FALSE, 0, 0, FALSE, 0, 0, NULL),
                   ==, DIS_GEO_ZONE_INSIDE);
  g_assert_cmpint (dis_geo_zone_check (comuni, 0, "Moncalieri", TRUE, lat, lon, TRUE, 45.0, 7.68, NULL),
                   ==, DIS_GEO_ZONE_OTHER_COMUNE);
  g_assert_cmpint (dis_geo_zone_check (comuni, 0, NULL, FALSE, 0, 0, FALSE, 0, 0, NULL),
                   ==, DIS_GEO_ZONE_OTHER_COMUNE);
  g_assert_cmpint (dis_geo_zone_check (comuni, 0, "", FALSE, 0, 0, FALSE, 0, 0, NULL),
                   ==, DIS_GEO_ZONE_OTHER_COMUNE);

  /* Radius: Moncalieri's seat (44.9994, 7.68236) is 7.9 km away. */
  g_assert_cmpint (dis_geo_zone_check (NULL, 8000, "Moncalieri", TRUE, lat, lon, TRUE, 44.9994, 7.68236, &metres),
                   ==, DIS_GEO_ZONE_INSIDE);
  g_assert_cmpfloat (fabs (metres - 7895), <, 30);
  g_assert_cmpint (dis_geo_zone_check (NULL, 7000, "Moncalieri", TRUE, lat, lon, TRUE, 44.9994, 7.68236, NULL),
                   ==, DIS_GEO_ZONE_TOO_FAR);
  g_assert_cmpint (dis_geo_zone_check (NULL, 8000, "Moncalieri", TRUE, lat, lon, FALSE, 0, 0, &metres),
                   ==, DIS_GEO_ZONE_NO_POSITION);
  g_assert_cmpfloat (metres, ==, -1);
  g_assert_cmpint (dis_geo_zone_check (NULL, 8000, "Moncalieri", FALSE, 0, 0, TRUE, 44.9994, 7.68236, NULL),
                   ==, DIS_GEO_ZONE_NO_POSITION);

  /* Both: the comune must be listed and the address near enough. */
  g_assert_cmpint (dis_geo_zone_check (comuni, 8000, "Torino", TRUE, lat, lon, TRUE, 45.08, 7.69, NULL),
                   ==, DIS_GEO_ZONE_INSIDE);
  g_assert_cmpint (dis_geo_zone_check (comuni, 8000, "Moncalieri", TRUE, lat, lon, TRUE, 44.9994, 7.68236, NULL),
                   ==, DIS_GEO_ZONE_OTHER_COMUNE);
  g_assert_cmpint (dis_geo_zone_check (comuni, 500, "Torino", TRUE, lat, lon, TRUE, 45.08, 7.69, NULL),
                   ==, DIS_GEO_ZONE_TOO_FAR);
  /* No zone at all: anywhere. */
  g_assert_cmpint (dis_geo_zone_check (NULL, 0, NULL, FALSE, 0, 0, FALSE, 0, 0, NULL), ==, DIS_GEO_ZONE_INSIDE);
}

/* ---- Points from the store -------------------------------------------- */

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = dis_store_list_points_finish (DIS_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_store_points (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dis-test-points-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(DisStore) store = NULL;
  g_autoptr(GPtrArray) points = NULL;
  g_autoptr(GPtrArray) async_points = NULL;
  g_autoptr(DisPlace) chieri = comune ("Chieri");
  g_autoptr(DisPlace) ivrea = comune ("Ivrea");
  g_autoptr(DisPointRecord) a = point_at ("TO-IVR", ivrea);
  g_autoptr(DisPointRecord) b = point_at ("TO-CHI", chieri);
  DisPointRecord *got;

  g_assert_no_error (error);
  store = dis_store_open (path, &error);
  g_assert_no_error (error);

  points = dis_store_list_points (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 0);
  g_clear_pointer (&points, g_ptr_array_unref);

  a->home_delivery = TRUE;
  a->hours = g_strdup ("mar-sab 9-13");
  b->kind = (g_free (b->kind), g_strdup ("gas"));
  b->collection_point = TRUE;
  b->email = g_strdup ("gas@example.org");
  g_assert_true (dis_store_upsert_point (store, a, &error));
  g_assert_no_error (error);
  g_assert_true (dis_store_upsert_point (store, b, &error));
  g_assert_no_error (error);

  points = dis_store_list_points (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 2);

  /* By name: "Bottega di Chieri" before "Bottega di Ivrea". */
  got = g_ptr_array_index (points, 0);
  g_assert_cmpstr (got->code, ==, "TO-CHI");
  g_assert_cmpstr (got->kind, ==, "gas");
  g_assert_cmpstr (got->comune, ==, "Chieri");
  g_assert_cmpstr (got->email, ==, "gas@example.org");
  g_assert_null (got->hours);
  g_assert_cmpint (got->lat_e6, ==, b->lat_e6);
  g_assert_cmpint (got->lon_e6, ==, b->lon_e6);
  g_assert_true (got->collection_point);
  g_assert_false (got->home_delivery);
  got = g_ptr_array_index (points, 1);
  g_assert_cmpstr (got->code, ==, "TO-IVR");
  g_assert_cmpstr (got->hours, ==, "mar-sab 9-13");
  g_assert_true (got->home_delivery);

  dis_store_list_points_async (store, NULL, list_cb, &async_points);
  while (async_points == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (async_points->len, ==, 2);
  g_assert_cmpstr (((DisPointRecord *) async_points->pdata[1])->code, ==, "TO-IVR");

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/map/geo/distances", test_distances);
  g_test_add_func ("/map/geo/nearest", test_nearest);
  g_test_add_func ("/map/geo/format", test_format);
  g_test_add_func ("/map/geo/zone", test_zone);
  g_test_add_func ("/map/geo/store-points", test_store_points);

  return g_test_run ();
}
