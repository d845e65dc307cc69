/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-plain-number"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "dis-plain-number.h"

static char
decimal_separator (void)
{
  const struct lconv *lc = localeconv ();

  return (lc != NULL && lc->decimal_point != NULL && lc->decimal_point[0] == ',') ? ',' : '.';
}

/* @value with @decimals digits after the separator, for @value >= 0. */
static char *
format_fixed (gint64 value,
              guint  decimals)
{
  gint64 scale = 1;

  for (guint i = 0; i < decimals; i++)
    scale *= 10;

  return g_strdup_printf ("%" G_GINT64_FORMAT "%c%0*" G_GINT64_FORMAT,
                          value / scale, decimal_separator (), (int) decimals, value % scale);
}

char *
dis_plain_money (gint64 cents)
{
  g_return_val_if_fail (cents >= 0, NULL);

  return format_fixed (cents, 2);
}

char *
dis_plain_quantity (gint64  qty_milli,
                    DisUnit unit)
{
  g_return_val_if_fail (qty_milli >= 0, NULL);

  if (!dis_unit_is_measured (unit))
    return g_strdup_printf ("%" G_GINT64_FORMAT, qty_milli / 1000);

  return format_fixed (qty_milli, 3);
}

/* Translators: a day in g_date_time_format() syntax, as the till shows
 * every date ("%d/%m/%Y" gives 05/12/2026). xgettext:no-c-format */
#define DAY_FORMAT N_("%x")

char *
dis_plain_day (const char *iso_date)
{
  g_autoptr(GDateTime) midnight = NULL;
  guint32 julian;
  GDate date;

  if (iso_date == NULL)
    return g_strdup ("");

  julian = dis_date_parse (iso_date);
  if (julian == 0)
    return g_strdup (iso_date);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  midnight = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                    g_date_get_day (&date), 0, 0, 0);

  return g_date_time_format (midnight, _(DAY_FORMAT));
}

char *
dis_plain_date_time (GDateTime *date_time)
{
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (date_time == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (date_time);
  day = g_date_time_format (local, _(DAY_FORMAT));
  time = g_date_time_format (local, "%H:%M");

  /* Translators: a day (as the till shows it) and a time: "05/12/2026 08:05" */
  return g_strdup_printf (C_("day and time", "%s %s"), day, time);
}
