/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock-filter"

#include "config.h"

#include "dis-stock.h"
#include "dis-stock-filter.h"
#include "dis-stock-search.h"

struct _DisStockFilter
{
  GtkFilter      parent_instance;

  DisStockView   view;
  DisStockQuery *query;
};

G_DEFINE_FINAL_TYPE (DisStockFilter, dis_stock_filter, GTK_TYPE_FILTER)

static const char *view_nicks[] = {
  [DIS_STOCK_VIEW_ALL] = "all",
  [DIS_STOCK_VIEW_BELOW_MIN] = "below-min",
  [DIS_STOCK_VIEW_OUT] = "out",
  [DIS_STOCK_VIEW_MISSING_BASKET] = "missing-basket",
  [DIS_STOCK_VIEW_EXPIRING] = "expiring",
  [DIS_STOCK_VIEW_NEGATIVE] = "negative",
};

const char *
dis_stock_view_to_nick (DisStockView view)
{
  g_return_val_if_fail (view < G_N_ELEMENTS (view_nicks), NULL);

  return view_nicks[view];
}

gboolean
dis_stock_view_from_nick (const char   *nick,
                          DisStockView *out_view)
{
  g_return_val_if_fail (out_view != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (view_nicks); i++)
    if (g_strcmp0 (nick, view_nicks[i]) == 0)
      {
        *out_view = i;
        return TRUE;
      }

  return FALSE;
}

gboolean
dis_stock_filter_in_view (DisStockFilter *self,
                          gpointer        item)
{
  guint32 flags;

  g_return_val_if_fail (DIS_IS_STOCK_FILTER (self), FALSE);
  g_return_val_if_fail (DIS_IS_STOCK_LEVEL (item), FALSE);

  flags = DIS_STOCK_LEVEL (item)->flags;
  switch (self->view)
    {
    case DIS_STOCK_VIEW_ALL:
      return TRUE;
    case DIS_STOCK_VIEW_BELOW_MIN:
      return (flags & DIS_STOCK_FLAG_BELOW_MIN) != 0;
    case DIS_STOCK_VIEW_OUT:
      return (flags & DIS_STOCK_FLAG_OUT) != 0;
    case DIS_STOCK_VIEW_MISSING_BASKET:
      return (flags & DIS_STOCK_FLAG_MISSING_BASKET) != 0;
    case DIS_STOCK_VIEW_EXPIRING:
      return (flags & DIS_STOCK_FLAG_EXPIRING) != 0;
    case DIS_STOCK_VIEW_NEGATIVE:
      return (flags & DIS_STOCK_FLAG_NEGATIVE) != 0;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
dis_stock_filter_match (GtkFilter *filter,
                        gpointer   item)
{
  DisStockFilter *self = DIS_STOCK_FILTER (filter);

  if (!dis_stock_filter_in_view (self, item))
    return FALSE;

  /* As on the till: name, code, supplier and category. */
  return self->query == NULL ||
         dis_stock_query_matches (self->query, dis_stock_level_get_search_text (item));
}

static GtkFilterMatch
dis_stock_filter_get_strictness (GtkFilter *filter)
{
  DisStockFilter *self = DIS_STOCK_FILTER (filter);

  return self->query == NULL && self->view == DIS_STOCK_VIEW_ALL ? GTK_FILTER_MATCH_ALL : GTK_FILTER_MATCH_SOME;
}

void
dis_stock_filter_set_text (DisStockFilter *self,
                           const char     *text)
{
  g_autoptr(DisStockQuery) query = NULL;
  GtkFilterChange change;

  g_return_if_fail (DIS_IS_STOCK_FILTER (self));

  query = dis_stock_query_new (text);
  if (dis_stock_query_narrows (self->query, query) && dis_stock_query_narrows (query, self->query))
    return;   /* the same words: a space or a punctuation mark more */

  if (dis_stock_query_narrows (self->query, query))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (dis_stock_query_narrows (query, self->query))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  dis_stock_query_free (self->query);
  self->query = g_steal_pointer (&query);
  gtk_filter_changed (GTK_FILTER (self), change);
}

void
dis_stock_filter_set_view (DisStockFilter *self,
                           DisStockView    view)
{
  GtkFilterChange change;

  g_return_if_fail (DIS_IS_STOCK_FILTER (self));
  g_return_if_fail (view < G_N_ELEMENTS (view_nicks));

  if (self->view == view)
    return;

  if (self->view == DIS_STOCK_VIEW_ALL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (view == DIS_STOCK_VIEW_ALL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  self->view = view;
  gtk_filter_changed (GTK_FILTER (self), change);
}

DisStockView
dis_stock_filter_get_view (DisStockFilter *self)
{
  g_return_val_if_fail (DIS_IS_STOCK_FILTER (self), DIS_STOCK_VIEW_ALL);

  return self->view;
}

static void
dis_stock_filter_finalize (GObject *object)
{
  DisStockFilter *self = DIS_STOCK_FILTER (object);

  g_clear_pointer (&self->query, dis_stock_query_free);

  G_OBJECT_CLASS (dis_stock_filter_parent_class)->finalize (object);
}

static void
dis_stock_filter_class_init (DisStockFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = dis_stock_filter_finalize;
  filter_class->match = dis_stock_filter_match;
  filter_class->get_strictness = dis_stock_filter_get_strictness;
}

static void
dis_stock_filter_init (DisStockFilter *self)
{
}

DisStockFilter *
dis_stock_filter_new (void)
{
  return g_object_new (DIS_TYPE_STOCK_FILTER, NULL);
}
