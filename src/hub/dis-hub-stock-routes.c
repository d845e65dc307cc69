/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-stock"

#include "config.h"

#include <string.h>

#include "dis-hub-stock-routes.h"
#include "dis-hub-stock.h"

/* GET /api/v1/basket/completeness and GET /api/v1/availability (issue
 * 11, README-api.md "Stock"): read-only, for any enrolled device. */

/* The raw query: each of @names (NULL-terminated) at most once, percent-
 * encoded or not, nothing else; the values in @values, in the order of
 * @names (free them). */
static gboolean
parse_query (const char         *query,
             const char * const *names,
             char              **values,
             const char        **out_message)
{
  g_auto(GStrv) pairs = NULL;

  if (query == NULL || *query == '\0')
    return TRUE;
  pairs = g_strsplit (query, "&", 0);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *name = eq ? g_uri_unescape_segment (pairs[i], eq, NULL) : NULL;
      g_autofree char *value = eq ? g_uri_unescape_segment (eq + 1, NULL, NULL) : NULL;
      guint n;

      if (name == NULL || value == NULL)
        {
          *out_message = "the query is name=value pairs joined by &, percent-encoded";
          return FALSE;
        }
      for (n = 0; names[n] != NULL && !g_str_equal (names[n], name); n++)
        ;
      if (names[n] == NULL)
        {
          *out_message = "unknown query parameter";
          return FALSE;
        }
      if (values[n] != NULL)
        {
          *out_message = "a query parameter may be given once";
          return FALSE;
        }
      values[n] = g_steal_pointer (&value);
    }
  return TRUE;
}

static void
reply_text (SoupServerMessage *msg,
            char              *text)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
reply_failure (SoupServerMessage *msg,
               const char        *what,
               const GError      *error)
{
  if (g_error_matches (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND))
    {
      _dis_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "unknown_product", error->message);
      return;
    }
  g_warning ("%s: %s", what, error->message);
  _dis_hub_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "database error");
}

void
dis_hub_stock_handle_completeness (Hub               *hub,
                                   SoupServerMessage *msg)
{
  static const char * const names[] = { NULL };
  g_autofree char *point = NULL;
  g_autofree char *device = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  const char *message = NULL;
  char *text;

  if (!_dis_hub_authenticate (hub, msg, &point, &device))
    return;
  if (!parse_query (g_uri_get_query (soup_server_message_get_uri (msg)), names, NULL, &message))
    {
      _dis_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", message);
      return;
    }
  text = dis_hub_stock_completeness (hub->db, now, &error);
  if (text == NULL)
    {
      reply_failure (msg, "completeness", error);
      return;
    }
  reply_text (msg, text);
}

void
dis_hub_stock_handle_availability (Hub               *hub,
                                   SoupServerMessage *msg)
{
  static const char * const names[] = { "product", NULL };
  char *values[G_N_ELEMENTS (names)] = { NULL, };
  g_autofree char *point = NULL;
  g_autofree char *device = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  const char *message = NULL;
  char *text;

  if (!_dis_hub_authenticate (hub, msg, &point, &device))
    return;
  if (!parse_query (g_uri_get_query (soup_server_message_get_uri (msg)), names, values, &message) ||
      values[0] == NULL || !dis_codec_is_code (values[0]))
    {
      _dis_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                            message != NULL ? message : "product=CODE is required: 1 to 32 of A-Z a-z 0-9 . _ -");
      g_free (values[0]);
      return;
    }
  text = dis_hub_stock_availability (hub->db, values[0], now, &error);
  g_free (values[0]);
  if (text == NULL)
    {
      reply_failure (msg, "availability", error);
      return;
    }
  reply_text (msg, text);
}
