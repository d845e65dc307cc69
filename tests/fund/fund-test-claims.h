/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Strings a test compares and forgets: freed when the test program
 * ends, so that the leak checker sees none. */
static GPtrArray *fund_test_strings;

static inline const char *
fund_test_keep (char *text)
{
  if (fund_test_strings == NULL)
    fund_test_strings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (fund_test_strings, text);
  return text;
}

static inline void
fund_test_free_strings (void)
{
  g_clear_pointer (&fund_test_strings, g_ptr_array_unref);
}

/* A fund object's claims as "SUPPLIER=claim/allocated …", for
 * comparing with a hand-worked vector in one assertion. */
static inline const char *
fund_test_claims (JsonObject *fund)
{
  JsonArray *array = json_object_get_array_member (fund, "claims");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *claim = json_array_get_object_element (array, i);

      g_string_append_printf (out, "%s%s=%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, i ? " " : "",
                              json_object_get_string_member (claim, "supplier"),
                              json_object_get_int_member (claim, "claim_cents"),
                              json_object_get_int_member (claim, "allocated_cents"));
    }
  return fund_test_keep (g_string_free (out, FALSE));
}

G_END_DECLS
