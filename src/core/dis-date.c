/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-core"

#include "config.h"

#include <string.h>

#include "dis-date.h"

guint32
dis_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  return g_date_get_julian (&date);
}

guint32
dis_date_add_months (guint32 julian,
                     int     months)
{
  GDate date;

  if (!g_date_valid_julian (julian))
    return 0;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  if (months >= 0)
    g_date_add_months (&date, (guint) months);
  else
    g_date_subtract_months (&date, (guint) -months);
  return g_date_get_julian (&date);
}

guint32
dis_date_parse (const char *text)
{
  guint64 y, m, d;
  GDate date;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return 0;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return 0;
  y = g_ascii_strtoull (text, NULL, 10);
  m = g_ascii_strtoull (text + 5, NULL, 10);
  d = g_ascii_strtoull (text + 8, NULL, 10);
  if (y < 1900 || y > 9999 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return g_date_get_julian (&date);
}

char *
dis_date_format (guint32 julian)
{
  GDate date;

  if (julian == 0 || !g_date_valid_julian (julian))
    return NULL;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
}

/* ---- Fund periods: calendar months in the network's time zone ---------- */

GTimeZone *
dis_date_network_zone (void)
{
  GTimeZone *tz = g_time_zone_new_identifier (DIS_DATE_NETWORK_ZONE);

  /* No tz database on this machine: the local zone is the best guess. */
  return tz != NULL ? tz : g_time_zone_new_local ();
}

char *
dis_date_period_of (GDateTime *time)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) there = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  tz = dis_date_network_zone ();
  there = g_date_time_to_timezone (time, tz);
  return g_strdup_printf ("%04d-%02d", g_date_time_get_year (there), g_date_time_get_month (there));
}

char *
dis_date_current_period (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return dis_date_period_of (now);
}

/* "YYYY-MM" → year and month, FALSE when it is not one. */
static gboolean
parse_period (const char *period,
              int        *out_year,
              int        *out_month)
{
  char *end = NULL;
  gint64 year, month;

  if (period == NULL || strlen (period) != 7 || period[4] != '-' ||
      !g_ascii_isdigit (period[0]) || !g_ascii_isdigit (period[5]) || !g_ascii_isdigit (period[6]))
    return FALSE;
  year = g_ascii_strtoll (period, &end, 10);
  if (end != period + 4)
    return FALSE;
  month = g_ascii_strtoll (period + 5, &end, 10);
  if (*end != '\0' || year < 1900 || year > 9999 || month < 1 || month > 12)
    return FALSE;
  *out_year = (int) year;
  *out_month = (int) month;
  return TRUE;
}

gboolean
dis_date_period_bounds (const char *period,
                        gint64     *out_start,
                        gint64     *out_end)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  int year, month;

  g_return_val_if_fail (out_start != NULL && out_end != NULL, FALSE);

  if (!parse_period (period, &year, &month))
    return FALSE;
  tz = dis_date_network_zone ();
  start = g_date_time_new (tz, year, month, 1, 0, 0, 0);
  end = g_date_time_add_months (start, 1);
  if (start == NULL || end == NULL)
    return FALSE;
  *out_start = g_date_time_to_unix (start);
  *out_end = g_date_time_to_unix (end);
  return TRUE;
}

gboolean
dis_date_is_period (const char *text)
{
  int year, month;

  return parse_period (text, &year, &month);
}

char *
dis_date_format_period (const char *period)
{
  g_autoptr(GDateTime) first = NULL;
  int year, month;

  if (!parse_period (period, &year, &month))
    return NULL;
  first = g_date_time_new_utc (year, month, 1, 12, 0, 0);
  /* %OB: the month's name standing alone, as a title says it. */
  return g_date_time_format (first, "%OB %Y");
}
