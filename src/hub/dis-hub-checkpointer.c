/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-db"

#include "config.h"

#include <sqlite3.h>

#include "dis-hub-checkpointer.h"
#include "dis-hub-db-private.h"

/* How long the writer's own checkpoint waits for readers still in the
 * log: a reader that takes longer (a long export) keeps the log from
 * being started over whoever waits, and the pushes must not wait on it. */
#define RESTART_WAIT_MS 100

struct _DisHubCheckpointer
{
  sqlite3   *writer;       /* the writer's connection: its wal_hook is ours */
  DisHubDb  *db;           /* the thread's own connection */
  GThread   *thread;
  GMutex     lock;
  GCond      cond;
  int        pages;        /* the log's size that wakes the thread */
  int        limit_pages;  /* the size past which the writer checkpoints */
  int        next_limit;   /* the writer's thread only: the size of its next try */
  gboolean   due;          /* under @lock: the log passed DIS_HUB_CHECKPOINT_PAGES */
  gboolean   running;      /* under @lock: the thread is checkpointing */
  gboolean   stop;         /* under @lock */
  gint       passes;       /* atomic */
  gint       inline_passes; /* atomic */
};

/* The writer's thread, after each of its commits, with the log's size:
 * wakes the thread, or past the limit checkpoints here. */
static int
wal_hook (void       *data,
          sqlite3    *handle,
          const char *name,
          int         pages)
{
  DisHubCheckpointer *self = data;

  if (pages >= self->next_limit)
    {
      int rc;

      /* Once the thread's pass is over (it copied most of the log: what
       * is left is quick), and before it starts another: due is only
       * ever set here, on the writer's thread. RESTART then waits a
       * little for the readers still in the log, so that the next commit
       * starts it over; when one stays, it is tried again only once the
       * log has grown by another DIS_HUB_CHECKPOINT_PAGES. */
      g_mutex_lock (&self->lock);
      self->due = FALSE;
      while (self->running)
        g_cond_wait (&self->cond, &self->lock);
      g_mutex_unlock (&self->lock);
      g_atomic_int_inc (&self->inline_passes);
      sqlite3_busy_timeout (handle, RESTART_WAIT_MS);
      rc = sqlite3_wal_checkpoint_v2 (handle, name, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
      sqlite3_busy_timeout (handle, DIS_HUB_DB_SQLITE_BUSY_MS);
      self->next_limit = rc == SQLITE_OK ? self->limit_pages : pages + self->pages;
      return SQLITE_OK;
    }
  if (pages >= self->pages)
    {
      g_mutex_lock (&self->lock);
      self->due = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
    }
  return SQLITE_OK;
}

static gpointer
checkpoint_thread (gpointer data)
{
  DisHubCheckpointer *self = data;
  sqlite3 *handle = _dis_hub_db_sqlite_get_handle (self->db);

  g_mutex_lock (&self->lock);
  for (;;)
    {
      while (!self->due && !self->stop)
        g_cond_wait (&self->cond, &self->lock);
      if (self->stop)
        break;
      self->due = FALSE;
      self->running = TRUE;
      g_mutex_unlock (&self->lock);

      /* PASSIVE copies what no reader still needs and never waits: a
       * busy log is simply left for the next pass. */
      if (sqlite3_wal_checkpoint_v2 (handle, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) != SQLITE_OK &&
          sqlite3_errcode (handle) != SQLITE_BUSY)
        g_warning ("checkpoint: %s", sqlite3_errmsg (handle));
      g_atomic_int_inc (&self->passes);

      g_mutex_lock (&self->lock);
      self->running = FALSE;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

DisHubCheckpointer *
dis_hub_checkpointer_new (DisHubDb    *writer,
                          const char  *location,
                          guint        pages,
                          guint        limit_pages,
                          GError     **error)
{
  DisHubCheckpointer *self;
  DisHubDb *db;

  g_return_val_if_fail (writer != NULL && location != NULL, NULL);
  g_return_val_if_fail (pages > 0 && limit_pages > pages && limit_pages <= G_MAXINT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (dis_hub_db_get_engine (writer) != DIS_HUB_ENGINE_SQLITE)
    return NULL;
  /* Used by the thread alone, which starts after and ends before it. */
  db = dis_hub_db_open_one_thread (location, error);
  if (db == NULL)
    return NULL;

  self = g_new0 (DisHubCheckpointer, 1);
  self->writer = _dis_hub_db_sqlite_get_handle (writer);
  self->db = db;
  self->pages = (int) pages;
  self->limit_pages = (int) limit_pages;
  self->next_limit = (int) limit_pages;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("hub-checkpoint", checkpoint_thread, self);
  /* In place of SQLite's auto-checkpoint, which is a wal_hook too. */
  sqlite3_wal_hook (self->writer, wal_hook, self);
  return self;
}

void
dis_hub_checkpointer_free (DisHubCheckpointer *self)
{
  if (self == NULL)
    return;
  g_debug ("log checkpoints: %d by the checkpointer, %d by the writer",
           g_atomic_int_get (&self->passes), g_atomic_int_get (&self->inline_passes));
  sqlite3_wal_autocheckpoint (self->writer, DIS_HUB_CHECKPOINT_PAGES);
  g_mutex_lock (&self->lock);
  self->stop = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  dis_hub_db_close (self->db);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

guint
dis_hub_checkpointer_get_passes (DisHubCheckpointer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return (guint) g_atomic_int_get (&self->passes);
}

guint
dis_hub_checkpointer_get_inline (DisHubCheckpointer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return (guint) g_atomic_int_get (&self->inline_passes);
}
