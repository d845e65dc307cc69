/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-db"

#include "config.h"

#include <string.h>

#include "dis-hub-db-private.h"

/* The hub's transactions, on either engine. */

/* Transactions nest: the hub's writer commits several batches in one
 * transaction (group commit, dis-hub-writer.c), and each batch's own
 * begin/commit/rollback (dis_hub_events_apply()) becomes a savepoint
 * inside it, so a failed batch rolls back only itself. */
static char *
nest_name (guint depth)
{
  return g_strdup_printf ("nest%u", depth);
}

gboolean
dis_hub_db_begin (DisHubDb  *db,
                  GError   **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (db != NULL, FALSE);

  if (db->depth > 0 && !db->backend->in_transaction (db))
    db->depth = 0;  /* the engine rolled the transaction back on its own */
  if (db->depth == 0 ? !db->backend->begin (db, error)
                     : !dis_hub_db_savepoint (db, (name = nest_name (db->depth)), error))
    return FALSE;
  db->depth++;
  return TRUE;
}

gboolean
dis_hub_db_commit (DisHubDb  *db,
                   GError   **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (db != NULL, FALSE);

  /* On failure the caller rolls back at the same depth. */
  if (db->depth > 1)
    {
      if (!dis_hub_db_release (db, (name = nest_name (db->depth - 1)), error))
        return FALSE;
      db->depth--;
      return TRUE;
    }
  if (!dis_hub_db_exec (db, "COMMIT", error))
    return FALSE;
  db->depth = 0;
  return TRUE;
}

void
dis_hub_db_rollback (DisHubDb *db)
{
  g_return_if_fail (db != NULL);

  if (db->depth > 1 && db->backend->in_transaction (db))
    {
      g_autofree char *name = nest_name (db->depth - 1);
      g_autoptr(GError) error = NULL;

      db->depth--;
      dis_hub_db_rollback_to (db, name);
      if (dis_hub_db_release (db, name, &error))
        return;
      g_warning ("rolling back to a savepoint: %s", error->message);
    }
  db->depth = 0;
  /* A failed statement may already have rolled the transaction back. */
  if (db->backend->in_transaction (db))
    db->backend->exec (db, "ROLLBACK", NULL);
}

gboolean
dis_hub_db_in_transaction (DisHubDb *db)
{
  g_return_val_if_fail (db != NULL, FALSE);

  return db->backend->in_transaction (db);
}

/* Savepoint names go into the SQL text: ours only, never from outside. */
static gboolean
is_savepoint_name (const char *name)
{
  if (name == NULL || *name == '\0' || g_ascii_isdigit (*name))
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_')
      return FALSE;
  return TRUE;
}

static gboolean
savepoint_exec (DisHubDb    *db,
                const char  *verb,
                const char  *name,
                GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("%s %s", verb, name);

  return db->backend->exec (db, sql, error);
}

gboolean
dis_hub_db_savepoint (DisHubDb    *db,
                      const char  *name,
                      GError     **error)
{
  g_return_val_if_fail (db != NULL && is_savepoint_name (name), FALSE);
  g_return_val_if_fail (dis_hub_db_in_transaction (db), FALSE);

  return savepoint_exec (db, "SAVEPOINT", name, error);
}

gboolean
dis_hub_db_release (DisHubDb    *db,
                    const char  *name,
                    GError     **error)
{
  g_return_val_if_fail (db != NULL && is_savepoint_name (name), FALSE);

  return savepoint_exec (db, "RELEASE SAVEPOINT", name, error);
}

void
dis_hub_db_rollback_to (DisHubDb   *db,
                        const char *name)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (db != NULL && is_savepoint_name (name));

  /* Nothing to undo when a failure already ended the transaction. */
  if (dis_hub_db_in_transaction (db) &&
      !savepoint_exec (db, "ROLLBACK TO SAVEPOINT", name, &error))
    g_warning ("cannot roll back to %s: %s", name, error->message);
}
