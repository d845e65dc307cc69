/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-core"

#include "config.h"

#include "dis-day.h"

void
dis_day_report_free (DisDayReport *report)
{
  if (report == NULL)
    return;

  g_free (report->business_date);
  g_clear_pointer (&report->opened_at, g_date_time_unref);
  g_clear_pointer (&report->closed_at, g_date_time_unref);
  g_free (report->opened_by);
  g_free (report->closed_by);
  g_clear_pointer (&report->by_vat, g_array_unref);
  g_free (report);
}
