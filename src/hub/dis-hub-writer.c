/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-writer"

#include "config.h"

#include "dis-hub-checkpointer.h"
#include "dis-hub-db.h"
#include "dis-hub-events.h"
#include "dis-hub-writer.h"

/* Group commit: SQLite has one writer at a time and a commit costs a
 * sync of the log, so batches that arrive together share one
 * transaction. dis_hub_db_begin() nests (dis-hub-db.c): each batch's own
 * transaction in dis_hub_events_apply() is a savepoint in the group's.
 * A group is bounded so one transaction stays short. */
#define GROUP_BATCHES 64
#define GROUP_EVENTS  6000

struct _DisHubWriter
{
  DisHubDb    *db;
  DisHubCheckpointer *checkpointer;  /* SQLite: the log's checkpoints off our commits */
  GAsyncQueue *queue;     /* Batch, or the writer itself to stop */
  GThread     *thread;
  gint         depth;     /* atomic */
  gint         groups;    /* atomic: transactions begun for a group */
};

typedef struct
{
  char      *point;
  char      *device;
  DisHubPush *push;      /* the caller's, until its callback */
  JsonNode  *reply;
  GError    *error;
} Batch;

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_free (batch->point);
  g_free (batch->device);
  g_clear_pointer (&batch->reply, json_node_unref);
  g_clear_error (&batch->error);
  g_free (batch);
}

static void
apply_one (DisHubWriter *writer,
           Batch        *batch)
{
  g_clear_pointer (&batch->reply, json_node_unref);
  g_clear_error (&batch->error);
  batch->reply = dis_hub_events_apply (writer->db, batch->point, batch->device, batch->push,
                                       &batch->error);
}

/* Applies every batch of @tasks in one transaction. A batch that fails
 * rolls back its savepoint only; when the group's transaction itself is
 * lost (SQLite rolls back on its own after some errors) or its commit
 * fails, nothing of the group was kept and every batch of it is applied
 * again in a transaction of its own. */
static void
commit_group (DisHubWriter *writer,
              GPtrArray    *tasks)
{
  g_autoptr(GError) error = NULL;
  gboolean group_ok = TRUE;

  g_atomic_int_inc (&writer->groups);
  if (tasks->len == 1)
    {
      apply_one (writer, g_task_get_task_data (g_ptr_array_index (tasks, 0)));
      return;
    }

  if (!dis_hub_db_begin (writer->db, &error))
    group_ok = FALSE;
  for (guint i = 0; group_ok && i < tasks->len; i++)
    {
      Batch *batch = g_task_get_task_data (g_ptr_array_index (tasks, i));

      apply_one (writer, batch);
      if (!dis_hub_db_in_transaction (writer->db))
        group_ok = FALSE;
    }
  if (group_ok && !dis_hub_db_commit (writer->db, &error))
    group_ok = FALSE;
  if (group_ok)
    return;

  g_warning ("a group of %u batches was not committed (%s): each is applied alone",
             tasks->len, error != NULL ? error->message : "its transaction was rolled back");
  dis_hub_db_rollback (writer->db);
  for (guint i = 0; i < tasks->len; i++)
    {
      Batch *batch = g_task_get_task_data (g_ptr_array_index (tasks, i));

      apply_one (writer, batch);
    }
}

static gpointer
writer_thread (gpointer data)
{
  DisHubWriter *writer = data;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean stop = FALSE;

  while (!stop)
    {
      gpointer item = g_async_queue_pop (writer->queue);
      guint n_events = 0;

      /* Whatever else is already waiting goes in the same transaction. */
      while (item != NULL)
        {
          if (item == writer)
            {
              stop = TRUE;
              break;
            }
          g_ptr_array_add (tasks, item);
          n_events += dis_hub_push_get_length (((Batch *) g_task_get_task_data (item))->push);
          if (tasks->len >= GROUP_BATCHES || n_events >= GROUP_EVENTS)
            break;
          item = g_async_queue_try_pop (writer->queue);
        }
      if (tasks->len == 0)
        continue;

      commit_group (writer, tasks);
      /* Answered only now: everything above is committed, or failed. */
      for (guint i = 0; i < tasks->len; i++)
        {
          GTask *task = g_ptr_array_index (tasks, i);
          Batch *batch = g_task_get_task_data (task);

          /* Out of the queue before its caller hears of it. */
          g_atomic_int_add (&writer->depth, -1);
          if (batch->reply != NULL)
            g_task_return_pointer (task, g_steal_pointer (&batch->reply), (GDestroyNotify) json_node_unref);
          else
            g_task_return_error (task, g_steal_pointer (&batch->error));
        }
      g_ptr_array_set_size (tasks, 0);
    }
  return NULL;
}

DisHubWriter *
dis_hub_writer_new (const char  *location,
                    GError     **error)
{
  DisHubWriter *writer;
  DisHubCheckpointer *checkpointer;
  g_autoptr(GError) local_error = NULL;
  DisHubDb *db;

  g_return_val_if_fail (location != NULL, NULL);

  /* Ours alone: opened before the thread starts, closed after it ends. */
  db = dis_hub_db_open_one_thread (location, error);
  if (db == NULL)
    return NULL;
  checkpointer = dis_hub_checkpointer_new (db, location, DIS_HUB_CHECKPOINT_PAGES,
                                           DIS_HUB_CHECKPOINT_LIMIT_PAGES, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      dis_hub_db_close (db);
      return NULL;
    }
  writer = g_new0 (DisHubWriter, 1);
  writer->db = db;
  writer->checkpointer = checkpointer;
  writer->queue = g_async_queue_new ();
  writer->thread = g_thread_new ("hub-writer", writer_thread, writer);
  return writer;
}

void
dis_hub_writer_free (DisHubWriter *writer)
{
  if (writer == NULL)
    return;
  g_async_queue_push (writer->queue, writer);
  g_thread_join (writer->thread);
  g_async_queue_unref (writer->queue);
  /* Before the writer's connection, whose hook it is. */
  g_clear_pointer (&writer->checkpointer, dis_hub_checkpointer_free);
  dis_hub_db_close (writer->db);
  g_free (writer);
}

void
dis_hub_writer_apply_async (DisHubWriter        *writer,
                            const char          *point,
                            const char          *device,
                            DisHubPush          *push,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  Batch *batch;

  g_return_if_fail (writer != NULL);
  g_return_if_fail (point != NULL && device != NULL && push != NULL);

  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, dis_hub_writer_apply_async);
  batch = g_new0 (Batch, 1);
  batch->point = g_strdup (point);
  batch->device = g_strdup (device);
  batch->push = push;
  g_task_set_task_data (task, batch, batch_free);
  g_atomic_int_inc (&writer->depth);
  /* The queue holds the reference until the writer returns the task. */
  g_async_queue_push (writer->queue, task);
}

JsonNode *
dis_hub_writer_apply_finish (DisHubWriter  *writer,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (writer != NULL, NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dis_hub_writer_apply_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
dis_hub_writer_get_depth (DisHubWriter *writer)
{
  g_return_val_if_fail (writer != NULL, 0);

  return (guint) g_atomic_int_get (&writer->depth);
}

guint
dis_hub_writer_get_groups (DisHubWriter *writer)
{
  g_return_val_if_fail (writer != NULL, 0);

  return (guint) g_atomic_int_get (&writer->groups);
}
