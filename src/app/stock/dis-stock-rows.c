/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock-rows"

#include "config.h"

#include <string.h>

#include "dis-stock-rows.h"

/* GTK 4.8's list view keeps a widget for each of the 200 rows around the
 * top one, and a row whose item changes gets a new widget: about half a
 * millisecond each here, so replacing all the rows at once blocked a
 * keystroke for 100 ms. The rows on screen change at once, then the other
 * rows that have widgets a few at a time, then the rest (tree nodes only,
 * cheap) in large steps, each from an idle after the frame is drawn. */
#define FEW        30
#define WIDGETED   240
#define MANY       2000

struct _DisStockRows
{
  GObject         parent_instance;

  DisStockFilter *filter;
  GPtrArray      *all;      /* DisStockLevel, owned */
  GPtrArray      *matches;  /* what the filter lets through, borrowed from @all */
  GPtrArray      *shown;    /* the rows now, borrowed; converging on @matches */
  guint           settled;  /* rows [0, settled) of @shown are those of @matches */
  guint           idle_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DisStockRows, dis_stock_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
dis_stock_rows_get_item_type (GListModel *model)
{
  return DIS_TYPE_STOCK_LEVEL;
}

static guint
dis_stock_rows_get_n_items (GListModel *model)
{
  return DIS_STOCK_ROWS (model)->shown->len;
}

static gpointer
dis_stock_rows_get_item (GListModel *model,
                         guint       position)
{
  DisStockRows *self = DIS_STOCK_ROWS (model);

  if (position >= self->shown->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->shown, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dis_stock_rows_get_item_type;
  iface->get_n_items = dis_stock_rows_get_n_items;
  iface->get_item = dis_stock_rows_get_item;
}

/* One step: rows [settled, settled + @count) become those of @matches.
 * Returns whether rows are left to change. */
static gboolean
converge (DisStockRows *self,
          guint         count)
{
  guint at = self->settled;
  guint n_old = MIN (count, self->shown->len - at);
  guint n_new = MIN (count, self->matches->len - at);
  g_autoptr(GPtrArray) before = self->shown;

  /* The rest of the old rows only move: n_old == count, or they end. */
  self->shown = g_ptr_array_sized_new (before->len - n_old + n_new);
  for (guint i = 0; i < at + n_new; i++)
    g_ptr_array_add (self->shown, g_ptr_array_index (self->matches, i));
  for (guint i = at + n_old; i < before->len; i++)
    g_ptr_array_add (self->shown, g_ptr_array_index (before, i));
  self->settled = at + n_new;

  /* Rows the same object before and after need not be rebound. */
  while (n_old > 0 && n_new > 0 &&
         g_ptr_array_index (before, at) == g_ptr_array_index (self->shown, at))
    at++, n_old--, n_new--;
  while (n_old > 0 && n_new > 0 &&
         g_ptr_array_index (before, at + n_old - 1) == g_ptr_array_index (self->shown, at + n_new - 1))
    n_old--, n_new--;
  if (n_old > 0 || n_new > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), at, n_old, n_new);

  return self->settled < self->matches->len || self->shown->len > self->matches->len;
}

static gboolean
converge_cb (gpointer data)
{
  DisStockRows *self = data;

  if (converge (self, self->settled < WIDGETED ? FEW : MANY))
    return G_SOURCE_CONTINUE;
  self->idle_id = 0;
  return G_SOURCE_REMOVE;
}

/* Filters @from into @self->matches, then shows them. */
static void
refilter_from (DisStockRows *self,
               GPtrArray    *from)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_sized_new (from->len);
  GtkFilter *filter = GTK_FILTER (self->filter);

  for (guint i = 0; i < from->len; i++)
    {
      gpointer level = g_ptr_array_index (from, i);

      if (gtk_filter_match (filter, level))
        g_ptr_array_add (matches, level);
    }

  g_clear_pointer (&self->matches, g_ptr_array_unref);
  self->matches = g_steal_pointer (&matches);
  self->settled = 0;
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (converge (self, FEW))
    /* After the frame that shows the first rows, and the keystroke. */
    self->idle_id = g_idle_add (converge_cb, self);
}

static void
filter_changed_cb (DisStockRows    *self,
                   GtkFilterChange  change)
{
  /* Stricter: only what matched can match. */
  if (change == GTK_FILTER_CHANGE_MORE_STRICT)
    {
      g_autoptr(GPtrArray) matches = g_ptr_array_ref (self->matches);

      refilter_from (self, matches);
    }
  else
    refilter_from (self, self->all);
}

void
dis_stock_rows_set_all (DisStockRows *self,
                        GPtrArray    *levels)
{
  g_return_if_fail (DIS_IS_STOCK_ROWS (self));
  g_return_if_fail (levels != NULL);

  /* The old levels must outlive the rows that borrow them: show the new
   * ones at once, then let go. */
  g_ptr_array_ref (levels);
  refilter_from (self, levels);
  while (converge (self, G_MAXUINT))
    ;
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_ptr_array_unref (self->all);
  self->all = levels;
}

GPtrArray *
dis_stock_rows_get_all (DisStockRows *self)
{
  g_return_val_if_fail (DIS_IS_STOCK_ROWS (self), NULL);

  return self->all;
}

guint
dis_stock_rows_get_n_matches (DisStockRows *self)
{
  g_return_val_if_fail (DIS_IS_STOCK_ROWS (self), 0);

  return self->matches->len;
}

gboolean
dis_stock_rows_is_settled (DisStockRows *self)
{
  g_return_val_if_fail (DIS_IS_STOCK_ROWS (self), TRUE);

  return self->idle_id == 0;
}

static void
dis_stock_rows_dispose (GObject *object)
{
  DisStockRows *self = DIS_STOCK_ROWS (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (dis_stock_rows_parent_class)->dispose (object);
}

static void
dis_stock_rows_finalize (GObject *object)
{
  DisStockRows *self = DIS_STOCK_ROWS (object);

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->all, g_ptr_array_unref);

  G_OBJECT_CLASS (dis_stock_rows_parent_class)->finalize (object);
}

static void
dis_stock_rows_class_init (DisStockRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dis_stock_rows_dispose;
  object_class->finalize = dis_stock_rows_finalize;
}

static void
dis_stock_rows_init (DisStockRows *self)
{
  self->all = g_ptr_array_new_with_free_func (g_object_unref);
  self->matches = g_ptr_array_new ();
  self->shown = g_ptr_array_new ();
}

DisStockRows *
dis_stock_rows_new (DisStockFilter *filter)
{
  DisStockRows *self;

  g_return_val_if_fail (DIS_IS_STOCK_FILTER (filter), NULL);

  self = g_object_new (DIS_TYPE_STOCK_ROWS, NULL);
  self->filter = g_object_ref (filter);
  g_signal_connect_object (filter, "changed", G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}
