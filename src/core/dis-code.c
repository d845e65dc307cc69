/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-code"

#include "config.h"

#include "dis-code.h"

int
dis_code_index (gconstpointer  table,
                gsize          n_entries,
                gsize          entry_size,
                const char    *code)
{
  const guint8 *entry = table;

  g_return_val_if_fail (table != NULL || n_entries == 0, -1);
  g_return_val_if_fail (entry_size >= sizeof (const char *), -1);

  if (code == NULL)
    return -1;
  for (gsize i = 0; i < n_entries; i++, entry += entry_size)
    {
      const char *candidate = *(const char * const *) entry;

      if (candidate != NULL && g_str_equal (code, candidate))
        return (int) i;
    }
  return -1;
}
