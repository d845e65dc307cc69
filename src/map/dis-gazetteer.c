/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dis-gazetteer.h"
#include "dis-geo.h"
#include "dis-map-resources.h"

#define RESOURCE_PATH "/it/disotto/map/torino-places.json"

typedef struct
{
  DisPlace   place;
  char      *normalized;   /* whole name, normalized */
  char     **words;        /* its words */
  gboolean   is_comune;
} Entry;

struct _DisGazetteer
{
  GObject  parent_instance;

  /* Entry*, in result order: comune seats first, then by population,
   * then by name. Immutable after loading, so searches need no lock. */
  GPtrArray *entries;
  guint      n_comuni;
};

G_DEFINE_FINAL_TYPE (DisGazetteer, dis_gazetteer, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (DisPlace, dis_place, dis_place_copy, dis_place_free)

DisPlace *
dis_place_copy (const DisPlace *place)
{
  DisPlace *copy;

  g_return_val_if_fail (place != NULL, NULL);

  copy = g_new0 (DisPlace, 1);
  copy->name = g_strdup (place->name);
  copy->comune = g_strdup (place->comune);
  copy->kind = g_strdup (place->kind);
  copy->istat = g_strdup (place->istat);
  copy->lat = place->lat;
  copy->lon = place->lon;
  copy->population = place->population;
  return copy;
}

static void
dis_place_clear (DisPlace *place)
{
  g_free (place->name);
  g_free (place->comune);
  g_free (place->kind);
  g_free (place->istat);
}

void
dis_place_free (DisPlace *place)
{
  if (place == NULL)
    return;

  dis_place_clear (place);
  g_free (place);
}

static void
entry_free (Entry *entry)
{
  dis_place_clear (&entry->place);
  g_free (entry->normalized);
  g_strfreev (entry->words);
  g_free (entry);
}

char *
dis_gazetteer_normalize (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return dis_geo_fold_name (text);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = *(const Entry * const *) a;
  const Entry *eb = *(const Entry * const *) b;

  if (ea->is_comune != eb->is_comune)
    return ea->is_comune ? -1 : 1;
  if (ea->place.population != eb->place.population)
    return ea->place.population > eb->place.population ? -1 : 1;
  return strcmp (ea->normalized, eb->normalized);
}

static void
dis_gazetteer_load (DisGazetteer *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  gsize size;
  const char *data;

  /* Looked up in our own resource rather than the global table: that also
   * keeps the resource object in a static link. */
  bytes = g_resource_lookup_data (dis_map_get_resource (), RESOURCE_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The gazetteer resource is missing: %s", error->message);

  data = g_bytes_get_data (bytes, &size);
  if (!json_parser_load_from_data (parser, data, size, &error) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    g_error ("The gazetteer resource is not valid: %s", error ? error->message : "not an array");

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      Entry *entry;

      if (obj == NULL || !json_object_has_member (obj, "name"))
        continue;

      entry = g_new0 (Entry, 1);
      entry->place.name = g_strdup (json_object_get_string_member (obj, "name"));
      entry->place.comune = g_strdup (json_object_get_string_member_with_default (obj, "comune", entry->place.name));
      entry->place.kind = g_strdup (json_object_get_string_member_with_default (obj, "kind", "hamlet"));
      entry->place.istat = g_strdup (json_object_get_string_member_with_default (obj, "istat", ""));
      entry->place.lat = json_object_get_double_member_with_default (obj, "lat", 0);
      entry->place.lon = json_object_get_double_member_with_default (obj, "lon", 0);
      entry->place.population = (guint) MAX (0, json_object_get_int_member_with_default (obj, "population", 0));
      entry->normalized = dis_gazetteer_normalize (entry->place.name);
      entry->words = g_strsplit (entry->normalized, " ", -1);
      entry->is_comune = g_strcmp0 (entry->place.kind, "comune") == 0;

      if (entry->is_comune)
        self->n_comuni++;
      g_ptr_array_add (self->entries, entry);
    }

  g_ptr_array_sort (self->entries, compare_entries);
}

static void
dis_gazetteer_finalize (GObject *object)
{
  DisGazetteer *self = (DisGazetteer *) object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (dis_gazetteer_parent_class)->finalize (object);
}

static void
dis_gazetteer_class_init (DisGazetteerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dis_gazetteer_finalize;
}

static void
dis_gazetteer_init (DisGazetteer *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  dis_gazetteer_load (self);
}

DisGazetteer *
dis_gazetteer_get_default (void)
{
  static gsize initialized;
  static DisGazetteer *instance;

  if (g_once_init_enter (&initialized))
    {
      instance = g_object_new (DIS_TYPE_GAZETTEER, NULL);
      g_once_init_leave (&initialized, 1);
    }

  return instance;
}

guint
dis_gazetteer_get_n_places (DisGazetteer *self)
{
  g_return_val_if_fail (DIS_IS_GAZETTEER (self), 0);
  return self->entries->len;
}

guint
dis_gazetteer_get_n_comuni (DisGazetteer *self)
{
  g_return_val_if_fail (DIS_IS_GAZETTEER (self), 0);
  return self->n_comuni;
}

static gboolean
entry_matches (const Entry        *entry,
               const char * const *query)
{
  for (guint i = 0; query[i]; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; entry->words[j] && !found; j++)
        found = g_str_has_prefix (entry->words[j], query[i]);

      if (!found)
        return FALSE;
    }

  return TRUE;
}

GPtrArray *
dis_gazetteer_search (DisGazetteer *self,
                      const char   *text,
                      guint         limit)
{
  g_autofree char *normalized = NULL;
  g_auto(GStrv) query = NULL;
  GPtrArray *results;

  g_return_val_if_fail (DIS_IS_GAZETTEER (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_place_free);

  normalized = dis_gazetteer_normalize (text);
  if (*normalized == '\0')
    return results;

  query = g_strsplit (normalized, " ", -1);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);

      if (!entry_matches (entry, (const char * const *) query))
        continue;

      g_ptr_array_add (results, dis_place_copy (&entry->place));
      if (limit > 0 && results->len >= limit)
        break;
    }

  return results;
}

DisPlace *
dis_gazetteer_lookup_comune (DisGazetteer *self,
                             const char   *name)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (DIS_IS_GAZETTEER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  normalized = dis_gazetteer_normalize (name);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);

      if (!entry->is_comune)
        break;   /* seats come first */
      if (strcmp (entry->normalized, normalized) == 0)
        return dis_place_copy (&entry->place);
    }

  return NULL;
}

/* Whether @words (folded, one space between) appear
 * as whole words in the folded @text. */
static gboolean
has_words (const char *text,
           const char *words)
{
  gsize len = strlen (words);

  for (const char *p = strstr (text, words); p != NULL; p = strstr (p + 1, words))
    if ((p == text || p[-1] == ' ') && (p[len] == '\0' || p[len] == ' '))
      return TRUE;
  return FALSE;
}

DisPlace *
dis_gazetteer_locate (DisGazetteer *self,
                      const char   *address,
                      const char   *comune)
{
  g_autofree char *folded_address = NULL;
  g_autoptr(DisPlace) seat = NULL;
  const Entry *best = NULL;

  g_return_val_if_fail (DIS_IS_GAZETTEER (self), NULL);
  g_return_val_if_fail (comune != NULL, NULL);

  seat = dis_gazetteer_lookup_comune (self, comune);
  if (seat == NULL)
    return NULL;
  if (address == NULL)
    return g_steal_pointer (&seat);

  /* A hamlet of that comune named in the address ("Strada della
   * Maddalena 4, Revigliasco"); the longest name wins, so that
   * "Borgata Tetti Neirotti" is not taken for "Tetti". */
  folded_address = dis_geo_fold_name (address);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->is_comune || g_strcmp0 (entry->place.istat, seat->istat) != 0)
        continue;
      if (has_words (folded_address, entry->normalized) &&
          (best == NULL || strlen (entry->normalized) > strlen (best->normalized)))
        best = entry;
    }
  return best != NULL ? dis_place_copy (&best->place) : g_steal_pointer (&seat);
}
