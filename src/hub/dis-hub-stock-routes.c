/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-stock"

#include "config.h"

#include <string.h>

#include "dis-hub-stock-routes.h"
#include "dis-hub-stock.h"

/* GET /api/v1/basket/completeness and GET /api/v1/availability (issue
 * 11, README-api.md "Stock"): read-only, for any enrolled device. */

/* The answer, @text (taken), or why there is none. */
static void
reply (SoupServerMessage *msg,
       const char        *what,
       char              *text,
       const GError      *error)
{
  if (text != NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
      return;
    }
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
  if (!_dis_hub_parse_query (g_uri_get_query (soup_server_message_get_uri (msg)), names, NULL, &message))
    {
      _dis_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", message);
      return;
    }
  text = dis_hub_stock_completeness (hub->db, now, &error);
  reply (msg, "completeness", text, error);
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
  if (!_dis_hub_parse_query (g_uri_get_query (soup_server_message_get_uri (msg)), names, values, &message) ||
      values[0] == NULL || !dis_codec_is_code (values[0]))
    {
      _dis_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                            message != NULL ? message : "product=CODE is required: 1 to 32 of A-Z a-z 0-9 . _ -");
      g_free (values[0]);
      return;
    }
  text = dis_hub_stock_availability (hub->db, values[0], now, &error);
  g_free (values[0]);
  reply (msg, "availability", text, error);
}
