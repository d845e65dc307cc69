/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-transparency"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dis-money.h"
#include "dis-transparency-figure.h"
#include "dis-transparency-figures.h"

typedef struct
{
  GListStore *figures;
  const char *period;
  const char *month;
} Rows;

/* Plain euros for the CSV: "-12.05". */
static char *
plain_euros (gint64 cents)
{
  guint64 magnitude = cents < 0 ? -(guint64) cents : (guint64) cents;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u", cents < 0 ? "-" : "",
                          magnitude / 100, (guint) (magnitude % 100));
}

static void
add (Rows       *rows,
     const char *name,
     const char *value,
     const char *plain,
     const char *note)
{
  g_autoptr(DisTransparencyFigure) figure =
    dis_transparency_figure_new (rows->period, rows->month, name, value, plain, note);

  g_list_store_append (rows->figures, figure);
}

static void
add_money (Rows       *rows,
           const char *name,
           gint64      cents,
           gboolean    is_signed,
           const char *note)
{
  g_autofree char *value = is_signed ? dis_money_format_signed (cents) : dis_money_format (cents);
  g_autofree char *plain = plain_euros (cents);

  add (rows, name, value, plain, note);
}

static void
add_count (Rows       *rows,
           const char *name,
           gint64      count)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, count);

  add (rows, name, text, text, NULL);
}

/* The four numbers of a cell, or four "reserved" with the reason. */
static void
add_cell (Rows                    *rows,
          const char              *what,
          const DisCodecFundCell  *cell,
          gint64                   min_cell)
{
  /* Translators: %s is a tier's name or "Total"; each is a figure of the table */
  g_autofree char *sales = g_strdup_printf (_("%s: sales"), what);
  g_autofree char *gross = g_strdup_printf (_("%s: takings"), what);
  g_autofree char *equa = g_strdup_printf (_("%s: value at Equa prices"), what);
  g_autofree char *delta = g_strdup_printf (_("%s: difference from Equa"), what);

  if (cell->suppressed)
    {
      g_autofree char *note = NULL;

      if (min_cell > 0)
        note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Reserved: cells with fewer than %d sale are not published, "
                                             "nor the ones they could be worked out from",
                                             "Reserved: cells with fewer than %d sales are not published, "
                                             "nor the ones they could be worked out from",
                                             (gulong) min_cell),
                                (int) min_cell);
      else
        note = g_strdup (_("Reserved: too few sales to publish without anyone being recognisable"));
      add (rows, sales, _("reserved"), "", note);
      add (rows, gross, _("reserved"), "", note);
      add (rows, equa, _("reserved"), "", note);
      add (rows, delta, _("reserved"), "", note);
      return;
    }
  add_count (rows, sales, cell->sales);
  add_money (rows, gross, cell->gross_cents, FALSE, NULL);
  add_money (rows, equa, cell->equa_cents, FALSE, NULL);
  add_money (rows, delta, cell->delta_cents, TRUE, NULL);
}

static void
add_fund (Rows                *rows,
          DisFundPeriod       *period,
          const DisCodecFund  *fund)
{
  gint64 claims = 0;

  add_money (rows, _("Fund: inflow from the Solidale tier"), fund->inflow_cents, FALSE, NULL);
  add_money (rows, _("Fund: carried in from the month before"), fund->carried_in_cents, FALSE, NULL);
  add_money (rows, _("Fund: available"), fund->available_cents, FALSE, NULL);
  for (guint i = 0; fund->claims != NULL && i < fund->claims->len; i++)
    claims += g_array_index (fund->claims, DisCodecFundClaim, i).claim_cents;
  add_money (rows, _("Fund: claims for Accessibile sales"), claims, FALSE, NULL);
  add_money (rows, _("Fund: carried to the month after"), fund->carried_out_cents, FALSE, NULL);
  add_money (rows, _("Impegno discounts (reported, not compensated)"), fund->impegno_delta_cents, TRUE, NULL);

  for (guint i = 0; fund->claims != NULL && i < fund->claims->len; i++)
    {
      const DisCodecFundClaim *claim = &g_array_index (fund->claims, DisCodecFundClaim, i);
      g_autofree char *claimed = dis_money_format (claim->claim_cents);
      /* Translators: a supplier's name */
      g_autofree char *name = g_strdup_printf (_("Paid to %s"), dis_fund_period_get_supplier_name (period, claim->supplier));
      /* Translators: the amount the supplier claimed */
      g_autofree char *note = g_strdup_printf (_("claimed %s"), claimed);

      add_money (rows, name, claim->allocated_cents, FALSE, note);
    }
}

void
dis_transparency_figures_append (GListStore *figures,
                                 GPtrArray  *periods)
{
  g_return_if_fail (G_IS_LIST_STORE (figures));
  g_return_if_fail (periods != NULL);

  for (guint i = 0; i < periods->len; i++)
    {
      DisFundPeriod *period = g_ptr_array_index (periods, i);
      const DisCodecFundDocument *document = dis_fund_period_get_document (period);
      g_autofree char *title = dis_fund_period_dup_title (period);
      g_autofree char *month = NULL;
      Rows rows = { figures, document->period, NULL };

      if (dis_fund_period_get_from_ledger (period))
        /* Translators: a month's name, for the month not closed yet, from this point's sales */
        month = g_strdup_printf (_("%s so far, this point"), title);
      else
        month = g_steal_pointer (&title);
      rows.month = month;

      if (document->has_network)
        {
          for (guint t = 0; t < document->network_tiers->len; t++)
            add_cell (&rows, dis_tier_get_name ((DisTier) t),
                      &g_array_index (document->network_tiers, DisCodecFundCell, t), document->min_cell);
          add_cell (&rows, _("Total"), &document->network_total, document->min_cell);
        }
      if (document->has_fund)
        add_fund (&rows, period, &document->fund);
    }
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_line (GString           *out,
                 const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

char *
dis_transparency_figures_to_csv (GListModel *figures)
{
  GString *out = g_string_new (NULL);
  /* Translators: the header of the CSV export's columns */
  const char *header[] = { C_("csv", "period"), C_("csv", "month"), C_("csv", "figure"),
                           C_("csv", "value"), C_("csv", "shown"), C_("csv", "note"), NULL };

  g_return_val_if_fail (G_IS_LIST_MODEL (figures), NULL);

  append_csv_line (out, header);
  for (guint i = 0; i < g_list_model_get_n_items (figures); i++)
    {
      g_autoptr(DisTransparencyFigure) figure = g_list_model_get_item (figures, i);
      const char *line[] = {
        dis_transparency_figure_get_period (figure),
        dis_transparency_figure_get_month (figure),
        dis_transparency_figure_get_name (figure),
        dis_transparency_figure_get_plain (figure),
        dis_transparency_figure_get_value (figure),
        dis_transparency_figure_get_note (figure),
        NULL,
      };

      append_csv_line (out, line);
    }
  return g_string_free (out, FALSE);
}
