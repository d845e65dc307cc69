/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-plain-number"

#include "config.h"

#include <locale.h>

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
