/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-members-format"

#include "config.h"

#include "dis-members-format.h"

char *
dis_members_format_date (guint32 julian)
{
  char text[64] = "";
  GDate date;

  if (!g_date_valid_julian (julian))
    return g_strdup ("");

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  if (g_date_strftime (text, sizeof text, "%x", &date) == 0)
    text[0] = '\0';

  return g_strdup (text);
}

char *
dis_members_format_tiers (const gboolean allowed[DIS_N_TIERS])
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_return_val_if_fail (allowed != NULL, NULL);

  for (guint i = 0; i < DIS_N_TIERS; i++)
    if (allowed[i])
      g_strv_builder_add (names, dis_tier_get_name (i));
  strv = g_strv_builder_end (names);

  return g_strjoinv (", ", strv);
}
