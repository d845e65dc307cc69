/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-operator-list"

#include "config.h"

#include "dis-operator-list.h"

struct _DisOperatorList
{
  GObject    parent_instance;

  GPtrArray *items;   /* DisOperator */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DisOperatorList, dis_operator_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return DIS_TYPE_OPERATOR;
}

static guint
get_n_items (GListModel *model)
{
  return DIS_OPERATOR_LIST (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  DisOperatorList *self = DIS_OPERATOR_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* Takes @operators (a GPtrArray of DisOperator). */
static void
replace (DisOperatorList *self,
         GPtrArray       *operators)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->items);
  guint added = operators->len;

  self->items = operators;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, added);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) operators = NULL;
  GError *error = NULL;

  operators = dis_store_list_operators_finish (DIS_STORE (object), result, &error);
  if (operators == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The model changes on the main thread, where its views are. */
  replace (g_task_get_source_object (task), g_steal_pointer (&operators));
  g_task_return_boolean (task, TRUE);
}

static void
dis_operator_list_finalize (GObject *object)
{
  DisOperatorList *self = (DisOperatorList *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (dis_operator_list_parent_class)->finalize (object);
}

static void
dis_operator_list_class_init (DisOperatorListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_operator_list_finalize;
}

static void
dis_operator_list_init (DisOperatorList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

DisOperatorList *
dis_operator_list_new (void)
{
  return g_object_new (DIS_TYPE_OPERATOR_LIST, NULL);
}

void
dis_operator_list_load_async (DisOperatorList     *self,
                              DisStore            *store,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DIS_IS_OPERATOR_LIST (self));
  g_return_if_fail (DIS_IS_STORE (store));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dis_operator_list_load_async);

  dis_store_list_operators_async (store, cancellable, list_cb, g_steal_pointer (&task));
}

gboolean
dis_operator_list_load_finish (DisOperatorList  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (DIS_IS_OPERATOR_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

DisOperator *
dis_operator_list_find (DisOperatorList *self,
                        gint64           id)
{
  g_return_val_if_fail (DIS_IS_OPERATOR_LIST (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      DisOperator *operator = g_ptr_array_index (self->items, i);

      if (dis_operator_get_id (operator) == id)
        return operator;
    }

  return NULL;
}
