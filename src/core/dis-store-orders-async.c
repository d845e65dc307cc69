/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-orders"

#include "config.h"

#include "dis-store-orders-private.h"

/* The _async/_finish pairs of dis-store-orders.h: reads on the read
 * worker, changes on the write worker, over the blocking functions. */

/* ---- Reads ------------------------------------------------------------------- */

static gpointer
list_cycles_func (DisStore  *store,
                  gpointer   data,
                  GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_orders_list_cycles (store, args->number != 0, error);
}

void
dis_store_orders_list_cycles_async (DisStore            *self,
                                    gboolean             include_closed,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_orders_list_cycles_async, .func = list_cycles_func,
                                     .data_free = _dis_store_args_free,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, _dis_store_args_new (NULL, NULL, NULL, include_closed != FALSE),
                        cancellable, callback, user_data);
}

GPtrArray *
dis_store_orders_list_cycles_finish (DisStore      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_orders_list_cycles_async, error);
}

static gpointer
get_schedule_func (DisStore  *store,
                   gpointer   data,
                   GError   **error)
{
  return dis_store_orders_get_schedule (store, error);
}

void
dis_store_orders_get_schedule_async (DisStore            *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_orders_get_schedule_async, .func = get_schedule_func,
                                     .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

DisOrderSchedule *
dis_store_orders_get_schedule_finish (DisStore      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_orders_get_schedule_async, error);
}

/* A filter with its own copies of the strings. */
typedef struct
{
  DisOrderFilter filter;
  char          *window_code;
  char          *slot_code;
  char          *text;
} Filter;

static void
filter_free (gpointer data)
{
  Filter *copy = data;

  g_free (copy->window_code);
  g_free (copy->slot_code);
  g_free (copy->text);
  g_free (copy);
}

static gpointer
list_func (DisStore  *store,
           gpointer   data,
           GError   **error)
{
  Filter *copy = data;

  return dis_store_orders_list (store, &copy->filter, error);
}

void
dis_store_orders_list_async (DisStore              *self,
                             const DisOrderFilter  *filter,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  static const DisStoreCall call = { dis_store_orders_list_async, .func = list_func,
                                     .data_free = filter_free,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };
  Filter *copy;

  g_return_if_fail (DIS_IS_STORE (self));

  copy = g_new0 (Filter, 1);
  if (filter != NULL)
    {
      copy->filter = *filter;
      copy->filter.window_code = copy->window_code = g_strdup (filter->window_code);
      copy->filter.slot_code = copy->slot_code = g_strdup (filter->slot_code);
      copy->filter.text = copy->text = g_strdup (filter->text);
    }
  _dis_store_run_async (self, &call, copy, cancellable, callback, user_data);
}

GPtrArray *
dis_store_orders_list_finish (DisStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_orders_list_async, error);
}

static gpointer
get_func (DisStore  *store,
          gpointer   data,
          GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_orders_get (store, args->text, error);
}

void
dis_store_orders_get_async (DisStore            *self,
                            const char          *order_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_orders_get_async, .func = get_func,
                                     .data_free = _dis_store_args_free, .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (order_id != NULL);

  _dis_store_run_async (self, &call, _dis_store_args_new (NULL, NULL, order_id, 0),
                        cancellable, callback, user_data);
}

DisOrder *
dis_store_orders_get_finish (DisStore      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_orders_get_async, error);
}

static gpointer
lookup_func (DisStore  *store,
             gpointer   data,
             GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_orders_lookup (store, args->text, error);
}

void
dis_store_orders_lookup_async (DisStore            *self,
                               const char          *code,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_orders_lookup_async, .func = lookup_func,
                                     .data_free = _dis_store_args_free, .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (code != NULL);

  _dis_store_run_async (self, &call, _dis_store_args_new (NULL, NULL, code, 0),
                        cancellable, callback, user_data);
}

/* NULL without an error: no such order. */
DisOrder *
dis_store_orders_lookup_finish (DisStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_orders_lookup_async, error);
}

/* ---- Changes ------------------------------------------------------------------ */

typedef struct
{
  DisOperator   *acting;
  DisOrderDraft *draft;
} Save;

static void
save_free (gpointer data)
{
  Save *save = data;

  g_clear_object (&save->acting);
  dis_order_draft_free (save->draft);
  g_free (save);
}

static gpointer
save_func (DisStore  *store,
           gpointer   data,
           GError   **error)
{
  Save *save = data;

  return dis_store_orders_save (store, save->acting, save->draft, error);
}

void
dis_store_orders_save_async (DisStore             *self,
                             DisOperator          *acting,
                             const DisOrderDraft  *draft,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  static const DisStoreCall call = { dis_store_orders_save_async, .write = TRUE, .func = save_func,
                                     .data_free = save_free, .result_free = g_object_unref };
  Save *save;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (draft != NULL);

  save = g_new0 (Save, 1);
  save->acting = acting != NULL ? g_object_ref (acting) : NULL;
  save->draft = dis_order_draft_copy (draft);
  _dis_store_run_async (self, &call, save, cancellable, callback, user_data);
}

DisOrder *
dis_store_orders_save_finish (DisStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_orders_save_async, error);
}

static gpointer
cancel_func (DisStore  *store,
             gpointer   data,
             GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_orders_cancel (store, args->acting, args->text, args->text2, error);
}

void
dis_store_orders_cancel_async (DisStore            *self,
                               DisOperator         *acting,
                               const char          *order_id,
                               const char          *reason,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_orders_cancel_async, .write = TRUE, .func = cancel_func,
                                     .data_free = _dis_store_args_free, .result_free = g_object_unref };
  DisStoreArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (order_id != NULL);

  args = _dis_store_args_new (acting, NULL, order_id, 0);
  args->text2 = g_strdup (reason);
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

DisOrder *
dis_store_orders_cancel_finish (DisStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_orders_cancel_async, error);
}

typedef struct
{
  DisOperator   *acting;
  char          *order_id;
  DisOrderState  state;
  GArray        *weighed;
} SetState;

static void
set_state_free (gpointer data)
{
  SetState *set = data;

  g_clear_object (&set->acting);
  g_free (set->order_id);
  g_clear_pointer (&set->weighed, g_array_unref);
  g_free (set);
}

static gpointer
set_state_func (DisStore  *store,
                gpointer   data,
                GError   **error)
{
  SetState *set = data;

  return dis_store_orders_set_state (store, set->acting, set->order_id, set->state, set->weighed, error);
}

void
dis_store_orders_set_state_async (DisStore            *self,
                                  DisOperator         *acting,
                                  const char          *order_id,
                                  DisOrderState        state,
                                  GArray              *weighed,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_orders_set_state_async, .write = TRUE, .func = set_state_func,
                                     .data_free = set_state_free, .result_free = g_object_unref };
  SetState *set;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (order_id != NULL);

  set = g_new0 (SetState, 1);
  set->acting = acting != NULL ? g_object_ref (acting) : NULL;
  set->order_id = g_strdup (order_id);
  set->state = state;
  if (weighed != NULL)
    {
      set->weighed = g_array_sized_new (FALSE, FALSE, sizeof (DisOrderWeight), weighed->len);
      g_array_append_vals (set->weighed, weighed->data, weighed->len);
    }
  _dis_store_run_async (self, &call, set, cancellable, callback, user_data);
}

DisOrder *
dis_store_orders_set_state_finish (DisStore      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_orders_set_state_async, error);
}
