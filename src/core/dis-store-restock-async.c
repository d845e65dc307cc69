/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-restock"

#include "config.h"

#include "dis-store-restock-private.h"

/* The _async/_finish pairs of dis-store-restock.h: reads on the read
 * worker, changes on the write worker, over the blocking functions. */

/* ---- Reads ------------------------------------------------------------------- */

static gpointer
suggest_func (DisStore  *store,
              gpointer   data,
              GError   **error)
{
  return dis_store_restock_suggest (store, error);
}

void
dis_store_restock_suggest_async (DisStore            *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_restock_suggest_async, .func = suggest_func,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

GPtrArray *
dis_store_restock_suggest_finish (DisStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_restock_suggest_async, error);
}

static gpointer
list_orders_func (DisStore  *store,
                  gpointer   data,
                  GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_restock_list_orders (store, (guint) args->number2, args->number, error);
}

void
dis_store_restock_list_orders_async (DisStore            *self,
                                     guint                states,
                                     gint64               supplier_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_restock_list_orders_async, .func = list_orders_func,
                                     .data_free = _dis_store_args_free,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };
  DisStoreArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (supplier_id >= 0);

  args = _dis_store_args_new (NULL, NULL, NULL, supplier_id);
  args->number2 = states;
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

GPtrArray *
dis_store_restock_list_orders_finish (DisStore      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_restock_list_orders_async, error);
}

static gpointer
get_order_func (DisStore  *store,
                gpointer   data,
                GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_restock_get_order (store, args->text, error);
}

void
dis_store_restock_get_order_async (DisStore            *self,
                                   const char          *order_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_restock_get_order_async, .func = get_order_func,
                                     .data_free = _dis_store_args_free, .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (order_id != NULL);

  _dis_store_run_async (self, &call, _dis_store_args_new (NULL, NULL, order_id, 0),
                        cancellable, callback, user_data);
}

DisRestockOrder *
dis_store_restock_get_order_finish (DisStore      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_restock_get_order_async, error);
}

/* ---- Changes of state ---------------------------------------------------- */

static gpointer
send_func (DisStore  *store,
           gpointer   data,
           GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_restock_send (store, args->acting, args->text, error);
}

static gpointer
cancel_func (DisStore  *store,
             gpointer   data,
             GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_restock_cancel (store, args->acting, args->text, error);
}

/* Sending and cancelling: @func on the order @order_id by @acting. */
static void
queue_state_change (DisStore            *self,
                    gpointer             source_tag,
                    DisStoreFunc         func,
                    DisOperator         *acting,
                    const char          *order_id,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  const DisStoreCall call = { source_tag, .write = TRUE, .func = func,
                              .data_free = _dis_store_args_free, .result_free = g_object_unref };

  _dis_store_run_async (self, &call, _dis_store_args_new (acting, NULL, order_id, 0),
                        cancellable, callback, user_data);
}

void
dis_store_restock_send_async (DisStore            *self,
                              DisOperator         *acting,
                              const char          *order_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (order_id != NULL);

  queue_state_change (self, dis_store_restock_send_async, send_func, acting, order_id,
                      cancellable, callback, user_data);
}

DisRestockOrder *
dis_store_restock_send_finish (DisStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_restock_send_async, error);
}

void
dis_store_restock_cancel_async (DisStore            *self,
                                DisOperator         *acting,
                                const char          *order_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (order_id != NULL);

  queue_state_change (self, dis_store_restock_cancel_async, cancel_func, acting, order_id,
                      cancellable, callback, user_data);
}

DisRestockOrder *
dis_store_restock_cancel_finish (DisStore      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_restock_cancel_async, error);
}

/* ---- Drafts ------------------------------------------------------------------ */

typedef struct
{
  DisOperator         *acting;
  char                *order_id;
  gint64               supplier_id;
  char                *note;
  DisRestockDraftLine *lines;
  guint                n_lines;
} Draft;

static void
draft_free (Draft *draft)
{
  g_clear_object (&draft->acting);
  g_free (draft->order_id);
  g_free (draft->note);
  g_free (draft->lines);
  g_free (draft);
}

static gpointer
save_draft_func (DisStore  *store,
                 gpointer   data,
                 GError   **error)
{
  Draft *draft = data;

  return dis_store_restock_save_draft (store, draft->acting, draft->order_id, draft->supplier_id,
                                       draft->note, draft->lines, draft->n_lines, error);
}

void
dis_store_restock_save_draft_async (DisStore                   *self,
                                    DisOperator                *acting,
                                    const char                 *order_id,
                                    gint64                      supplier_id,
                                    const char                 *note,
                                    const DisRestockDraftLine  *lines,
                                    guint                       n_lines,
                                    GCancellable               *cancellable,
                                    GAsyncReadyCallback         callback,
                                    gpointer                    user_data)
{
  static const DisStoreCall call = { dis_store_restock_save_draft_async, .write = TRUE,
                                     .func = save_draft_func, .data_free = (GDestroyNotify) draft_free,
                                     .result_free = g_object_unref };
  Draft *draft;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (lines != NULL || n_lines == 0);

  draft = g_new0 (Draft, 1);
  draft->acting = acting != NULL ? g_object_ref (acting) : NULL;
  draft->order_id = g_strdup (order_id);
  draft->supplier_id = supplier_id;
  draft->note = g_strdup (note);
  draft->lines = g_memdup2 (lines, sizeof *lines * n_lines);
  draft->n_lines = n_lines;
  _dis_store_run_async (self, &call, draft, cancellable, callback, user_data);
}

DisRestockOrder *
dis_store_restock_save_draft_finish (DisStore      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_restock_save_draft_async, error);
}

/* ---- Receiving ------------------------------------------------------------- */

typedef struct
{
  DisOperator *acting;
  DisReceipt  *receipt;
} Receive;

/* What _finish hands back: the order, when the delivery had one. */
typedef struct
{
  DisRestockOrder *order;
} Received;

static void
receive_free (Receive *receive)
{
  g_clear_object (&receive->acting);
  dis_receipt_free (receive->receipt);
  g_free (receive);
}

static void
received_free (Received *received)
{
  g_clear_object (&received->order);
  g_free (received);
}

static gpointer
receive_func (DisStore  *store,
              gpointer   data,
              GError   **error)
{
  Receive *receive = data;
  Received *received = g_new0 (Received, 1);

  if (!dis_store_restock_receive (store, receive->acting, receive->receipt, &received->order, error))
    {
      received_free (received);
      return NULL;
    }
  return received;
}

void
dis_store_restock_receive_async (DisStore            *self,
                                 DisOperator         *acting,
                                 const DisReceipt    *receipt,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_restock_receive_async, .write = TRUE,
                                     .func = receive_func, .data_free = (GDestroyNotify) receive_free,
                                     .result_free = (GDestroyNotify) received_free };
  Receive *receive;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (receipt != NULL);

  receive = g_new0 (Receive, 1);
  receive->acting = acting != NULL ? g_object_ref (acting) : NULL;
  receive->receipt = dis_receipt_copy (receipt);
  _dis_store_run_async (self, &call, receive, cancellable, callback, user_data);
}

gboolean
dis_store_restock_receive_finish (DisStore          *self,
                                  GAsyncResult      *result,
                                  DisRestockOrder  **out_order,
                                  GError           **error)
{
  Received *received = _dis_store_run_finish (self, result, dis_store_restock_receive_async, error);

  if (received == NULL)
    return FALSE;
  if (out_order != NULL)
    *out_order = g_steal_pointer (&received->order);
  received_free (received);
  return TRUE;
}
