/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock-search"

#include "config.h"

#include <string.h>

#include "dis-stock-search.h"

struct _DisStockQuery
{
  /* Each word led by a space (" pas"): a match is a substring. */
  GPtrArray *needles;
};

/* The letter without its accent, lower-cased: "È" → "e". */
static gunichar
fold_char (gunichar c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];

  if (c < 0x80)
    return g_ascii_tolower ((char) c);

  if (g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed)) > 0)
    c = decomposed[0];
  return g_unichar_tolower (c);
}

char *
dis_stock_search_fold (const char *text)
{
  GString *folded = g_string_sized_new (text != NULL ? strlen (text) + 2 : 2);
  gboolean in_word = FALSE;

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (!g_unichar_isalnum (c))
        {
          in_word = FALSE;
          continue;
        }
      if (!in_word)
        g_string_append_c (folded, ' ');
      in_word = TRUE;
      g_string_append_unichar (folded, fold_char (c));
    }

  return g_string_free (folded, FALSE);
}

DisStockQuery *
dis_stock_query_new (const char *text)
{
  g_autofree char *folded = dis_stock_search_fold (text);
  g_auto(GStrv) words = NULL;
  DisStockQuery *query;

  if (*folded == '\0')
    return NULL;

  query = g_new0 (DisStockQuery, 1);
  query->needles = g_ptr_array_new_with_free_func (g_free);
  words = g_strsplit (folded + 1, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    g_ptr_array_add (query->needles, g_strconcat (" ", words[i], NULL));

  return query;
}

void
dis_stock_query_free (DisStockQuery *query)
{
  if (query == NULL)
    return;

  g_ptr_array_unref (query->needles);
  g_free (query);
}

gboolean
dis_stock_query_matches (const DisStockQuery *query,
                         const char          *folded)
{
  g_return_val_if_fail (folded != NULL, FALSE);

  if (query == NULL)
    return TRUE;

  for (guint i = 0; i < query->needles->len; i++)
    if (strstr (folded, g_ptr_array_index (query->needles, i)) == NULL)
      return FALSE;

  return TRUE;
}

gboolean
dis_stock_query_narrows (const DisStockQuery *query,
                         const DisStockQuery *narrower)
{
  if (query == NULL)
    return TRUE;
  if (narrower == NULL)
    return FALSE;

  /* Every word of @query still begins some word of @narrower: whatever
   * has a word beginning with the longer one has one for the shorter. */
  for (guint i = 0; i < query->needles->len; i++)
    {
      const char *needle = g_ptr_array_index (query->needles, i);
      gboolean found = FALSE;

      for (guint j = 0; j < narrower->needles->len && !found; j++)
        found = g_str_has_prefix (g_ptr_array_index (narrower->needles, j), needle);
      if (!found)
        return FALSE;
    }

  return TRUE;
}

gboolean
dis_stock_search_is_barcode (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (strlen (text) < 8)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}
