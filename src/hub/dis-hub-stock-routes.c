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
reply (DisHubJob    *job,
       const char   *what,
       char         *text,
       const GError *error)
{
  if (text != NULL)
    {
      _dis_hub_job_reply_text (job, SOUP_STATUS_OK, "application/json", text, strlen (text));
      return;
    }
  if (g_error_matches (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND))
    {
      _dis_hub_job_reply_error (job, SOUP_STATUS_NOT_FOUND, "unknown_product", error->message);
      return;
    }
  g_warning ("%s: %s", what, error->message);
  _dis_hub_job_reply_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "database error");
}

void
dis_hub_stock_work_completeness (DisHubJob *job,
                                 DisHubDb  *db)
{
  static const char * const names[] = { NULL };
  g_autofree char *point = NULL;
  g_autofree char *device = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  const char *message = NULL;
  char *text;

  if (!_dis_hub_job_authenticate (job, db, &point, &device))
    return;
  if (!_dis_hub_parse_query (_dis_hub_job_get_query (job), names, NULL, &message))
    {
      _dis_hub_job_reply_error (job, SOUP_STATUS_BAD_REQUEST, "invalid_request", message);
      return;
    }
  text = dis_hub_stock_completeness (db, now, &error);
  reply (job, "completeness", text, error);
}

void
dis_hub_stock_work_availability (DisHubJob *job,
                                 DisHubDb  *db)
{
  static const char * const names[] = { "product", NULL };
  char *values[G_N_ELEMENTS (names)] = { NULL, };
  g_autofree char *point = NULL;
  g_autofree char *device = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  const char *message = NULL;
  char *text;

  if (!_dis_hub_job_authenticate (job, db, &point, &device))
    return;
  if (!_dis_hub_parse_query (_dis_hub_job_get_query (job), names, values, &message) ||
      values[0] == NULL || !dis_codec_is_code (values[0]))
    {
      _dis_hub_job_reply_error (job, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                            message != NULL ? message : "product=CODE is required: 1 to 32 of A-Z a-z 0-9 . _ -");
      g_free (values[0]);
      return;
    }
  text = dis_hub_stock_availability (db, values[0], now, &error);
  g_free (values[0]);
  reply (job, "availability", text, error);
}
