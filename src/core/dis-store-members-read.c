/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-members"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-store-members.h"
#include "dis-store-private.h"

/* Finding members at the counter: by card, by name or card prefix, and a
 * new card code. */

#define DEFAULT_SEARCH_LIMIT 50

/* "DS0012", "ds 0012", "0012…": the beginning of a card code, upper-cased
 * with the prefix, or NULL when @text looks like a name. */
static char *
card_prefix (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *digits;

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (out, g_ascii_toupper (*p));
  digits = g_str_has_prefix (out->str, "DS") ? out->str + 2 : out->str;
  if (*digits == '\0' && digits == out->str)
    return NULL;
  for (const char *p = digits; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return NULL;
  /* Bare digits: at least three, so a name search is not swallowed. */
  if (digits == out->str && strlen (digits) < 3)
    return NULL;
  return g_strconcat ("DS", digits, NULL);
}

static GPtrArray *
search_members (DisDb       *db,
                const char  *text,
                guint        limit,
                GError     **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *match = NULL;
  gboolean has_row;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("The search text is not valid UTF-8"));
      return NULL;
    }

  if ((prefix = card_prefix (text)) != NULL)
    {
      g_autofree char *pattern = g_strconcat (prefix, "%", NULL);

      /* Only letters D, S and digits: no LIKE wildcard can sneak in. */
      stmt = _dis_db_prepare (db,
                              "SELECT " MEMBER_COLUMNS " FROM members m WHERE m.card_code LIKE ?2"
                              " ORDER BY m.card_code LIMIT ?1",
                              error);
      if (stmt != NULL)
        _dis_bind_text (stmt, 2, pattern);
    }
  else if ((match = _dis_store_fts_prefix_query (text)) != NULL)
    {
      stmt = _dis_db_prepare (db,
                              "SELECT " MEMBER_COLUMNS " FROM members_fts f JOIN members m ON m.id = f.rowid"
                              " WHERE members_fts MATCH ?2"
                              " ORDER BY f.rank, m.display_name COLLATE NOCASE LIMIT ?1",
                              error);
      if (stmt != NULL)
        _dis_bind_text (stmt, 2, match);
    }
  else
    {
      stmt = _dis_db_prepare (db,
                              "SELECT " MEMBER_COLUMNS " FROM members m"
                              " ORDER BY m.display_name COLLATE NOCASE, m.card_code LIMIT ?1",
                              error);
    }
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? limit : DEFAULT_SEARCH_LIMIT);

  while (_dis_db_step_row (db, stmt, &has_row, error))
    {
      if (!has_row)
        return g_steal_pointer (&results);
      g_ptr_array_add (results, _dis_store_member_from_row (stmt));
    }
  return NULL;
}

GPtrArray *
dis_store_search_members (DisStore    *self,
                          const char  *text,
                          guint        limit,
                          GError     **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return _dis_store_search (self, search_members, text, limit, error);
}

char *
dis_store_new_member_card (DisStore  *self,
                           GError   **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(DisStmt) stmt = NULL;
      g_autofree char *code = dis_member_card_new_random ();
      gboolean has_row;

      stmt = _dis_db_prepare (&self->reader, "SELECT 1 FROM members WHERE card_code = ?1", error);
      if (stmt == NULL)
        return NULL;
      _dis_bind_text (stmt, 1, code);
      if (!_dis_db_step_row (&self->reader, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        return g_steal_pointer (&code);
    }
  g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("Could not find a free card code"));
  return NULL;
}

/* ---- For the UI thread ------------------------------------------------- */

static gpointer
find_func (DisStore  *store,
           gpointer   data,
           GError   **error)
{
  return dis_store_find_member_by_card (store, data, error);
}

void
dis_store_find_member_by_card_async (DisStore            *self,
                                     const char          *card_code,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_find_member_by_card_async, .func = find_func,
                                     .data_free = g_free, .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, g_strdup (card_code), cancellable, callback, user_data);
}

DisMember *
dis_store_find_member_by_card_finish (DisStore      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_find_member_by_card_async, error);
}

void
dis_store_search_members_async (DisStore            *self,
                                const char          *text,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_search_members_async, .search = search_members };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (text != NULL);

  _dis_store_run_async (self, &call, _dis_store_args_new (NULL, NULL, text, limit),
                        cancellable, callback, user_data);
}

GPtrArray *
dis_store_search_members_finish (DisStore      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_search_members_async, error);
}

static gpointer
new_card_func (DisStore  *store,
               gpointer   data,
               GError   **error)
{
  return dis_store_new_member_card (store, error);
}

void
dis_store_new_member_card_async (DisStore            *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_new_member_card_async, .func = new_card_func,
                                     .result_free = g_free };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

char *
dis_store_new_member_card_finish (DisStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_new_member_card_async, error);
}
