/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-store-private.h"

static DisOperator *
operator_from_row (DisStmt *stmt)
{
  DisRole role = DIS_ROLE_VOLONTARIO;

  /* Columns: id, name, role, active */
  dis_role_from_code ((const char *) sqlite3_column_text (stmt, 2), &role);
  return dis_operator_new (sqlite3_column_int64 (stmt, 0),
                           (const char *) sqlite3_column_text (stmt, 1),
                           role,
                           sqlite3_column_int (stmt, 3) != 0);
}

/* Reads the operator as stored; NULL with DIS_ERROR_NOT_FOUND. */
static DisOperator *
read_operator (DisDb    *db,
               gint64    operator_id,
               char    **out_pin_hash,
               GError  **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db, "SELECT id, name, role, active, pin_hash FROM operators WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, operator_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_NOT_FOUND, _("Operator not found"));
      return NULL;
    }
  if (out_pin_hash != NULL)
    *out_pin_hash = _dis_column_dup (stmt, 4);
  return operator_from_row (stmt);
}

/* The caller's DisOperator may be stale (deactivated, role changed since
 * sign-in): the stored row decides. */
gboolean
_dis_store_check_acting (DisDb          *db,
                         DisOperator    *acting,
                         DisPermission   permission,
                         GError        **error)
{
  g_autoptr(DisOperator) stored = NULL;
  g_autoptr(GError) local_error = NULL;

  if (acting == NULL)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_PERMISSION,
                           _("Sign in first"));
      return FALSE;
    }

  stored = read_operator (db, dis_operator_get_id (acting), NULL, &local_error);
  if (stored == NULL)
    {
      if (g_error_matches (local_error, DIS_ERROR, DIS_ERROR_NOT_FOUND))
        g_set_error (error, DIS_ERROR, DIS_ERROR_PERMISSION,
                     _("%s is not an operator of this point"), dis_operator_get_name (acting));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!dis_operator_get_active (stored))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_PERMISSION,
                   _("%s is no longer active"), dis_operator_get_name (stored));
      return FALSE;
    }
  if (!dis_role_can (dis_operator_get_role (stored), permission))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_PERMISSION,
                   /* Translators: %s is the operator's role */
                   _("The role %s does not allow this; ask a responsabile"),
                   dis_role_get_name (dis_operator_get_role (stored)));
      return FALSE;
    }
  return TRUE;
}

static gboolean
count_operators (DisDb    *db,
                 gint64   *out,
                 GError  **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db, "SELECT count(*) FROM operators", error);
  if (stmt == NULL || !_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
dis_store_has_operators (DisStore  *self,
                         GError   **error)
{
  gint64 n = 0;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  DIS_DB_LOCK (&self->reader);

  return count_operators (&self->reader, &n, error) && n > 0;
}

static gboolean
name_taken (DisDb       *db,
            const char  *name,
            gboolean    *out,
            GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db, "SELECT 1 FROM operators WHERE name = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, name);
  return _dis_db_step_row (db, stmt, out, error);
}

static DisOperator *
create_in_transaction (DisDb        *db,
                       DisOperator  *acting,
                       const char   *name,
                       const char   *pin_hash,
                       DisRole       role,
                       GError      **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *now = _dis_now_iso8601 ();
  gboolean taken;
  gint64 n;

  if (!count_operators (db, &n, error))
    return NULL;

  if (n == 0)
    {
      /* Somebody has to be able to manage the others. */
      if (acting != NULL || role != DIS_ROLE_RESPONSABILE)
        {
          g_set_error_literal (error, DIS_ERROR, DIS_ERROR_PERMISSION,
                               _("The first operator must be a responsabile"));
          return NULL;
        }
    }
  else if (!_dis_store_check_acting (db, acting, DIS_PERMISSION_MANAGE_OPERATORS, error))
    return NULL;

  if (!name_taken (db, name, &taken, error))
    return NULL;
  if (taken)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("There is already an operator called %s"), name);
      return NULL;
    }

  stmt = _dis_db_prepare (db,
                          "INSERT INTO operators (name, role, pin_hash, active, created_at)"
                          " VALUES (?1, ?2, ?3, 1, ?4) RETURNING id, name, role, active",
                          error);
  if (stmt == NULL)
    return NULL;
  _dis_bind_text (stmt, 1, name);
  _dis_bind_text (stmt, 2, dis_role_to_code (role));
  _dis_bind_text (stmt, 3, pin_hash);
  _dis_bind_text (stmt, 4, now);
  if (!_dis_db_step_returning (db, stmt, error))
    return NULL;
  return operator_from_row (stmt);
}

DisOperator *
dis_store_create_operator (DisStore     *self,
                           DisOperator  *acting,
                           const char   *name,
                           const char   *pin,
                           DisRole       role,
                           GError      **error)
{
  g_autoptr(DisOperator) created = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *pin_hash = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (acting == NULL || DIS_IS_OPERATOR (acting), NULL);

  clean_name = g_strstrip (g_strdup (name ? name : ""));
  if (*clean_name == '\0' || g_utf8_strlen (clean_name, -1) > 64)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("An operator needs a name of at most 64 characters"));
      return NULL;
    }
  if (role != DIS_ROLE_VOLONTARIO && role != DIS_ROLE_RESPONSABILE && role != DIS_ROLE_COORDINATORE)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("Unknown role"));
      return NULL;
    }

  /* Hashing is slow on purpose: do it before holding the writer. */
  pin_hash = dis_pin_hash (pin, error);
  if (pin_hash == NULL)
    return NULL;

  {
    DIS_DB_LOCK (&self->writer);

    if (!_dis_db_begin (&self->writer, error))
      return NULL;
    created = create_in_transaction (&self->writer, acting, clean_name, pin_hash, role, error);
    if (created == NULL || !_dis_db_commit (&self->writer, error))
      {
        _dis_db_rollback (&self->writer);
        return NULL;
      }
  }

  return g_steal_pointer (&created);
}

GPtrArray *
dis_store_list_operators (DisStore  *self,
                          GError   **error)
{
  g_autoptr(GPtrArray) operators = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader,
                          "SELECT id, name, role, active FROM operators ORDER BY name COLLATE NOCASE",
                          error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (operators, operator_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _dis_db_error (&self->reader, error);
      return NULL;
    }
  return g_steal_pointer (&operators);
}

DisOperator *
dis_store_sign_in (DisStore    *self,
                   gint64       operator_id,
                   const char  *pin,
                   GError     **error)
{
  g_autoptr(DisOperator) operator = NULL;
  g_autofree char *pin_hash = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  {
    DIS_DB_LOCK (&self->reader);
    operator = read_operator (&self->reader, operator_id, &pin_hash, error);
  }
  if (operator == NULL)
    return NULL;

  if (!dis_operator_get_active (operator))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_PERMISSION,
                   _("%s is no longer active"), dis_operator_get_name (operator));
      return NULL;
    }
  /* Verified without holding the connection: Argon2id takes a while. */
  if (!dis_pin_verify (pin_hash, pin))
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_WRONG_PIN, _("Wrong PIN"));
      return NULL;
    }

  return g_steal_pointer (&operator);
}

/* TRUE when @operator_id is the only active responsabile left. */
static gboolean
is_last_manager (DisDb     *db,
                 gint64     operator_id,
                 gboolean  *out,
                 GError   **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db,
                          "SELECT count(*) = 0 FROM operators"
                          " WHERE role = 'responsabile' AND active = 1 AND id <> ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, operator_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  *out = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

static gboolean
set_active_in_transaction (DisDb        *db,
                           DisOperator  *acting,
                           gint64        operator_id,
                           gboolean      active,
                           GError      **error)
{
  g_autoptr(DisOperator) target = NULL;
  g_autoptr(DisStmt) stmt = NULL;
  gboolean last;

  if (!_dis_store_check_acting (db, acting, DIS_PERMISSION_MANAGE_OPERATORS, error))
    return FALSE;
  target = read_operator (db, operator_id, NULL, error);
  if (target == NULL)
    return FALSE;

  if (!active && dis_operator_get_role (target) == DIS_ROLE_RESPONSABILE)
    {
      if (!is_last_manager (db, operator_id, &last, error))
        return FALSE;
      if (last)
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                       _("%s is the last active responsabile and cannot be deactivated"),
                       dis_operator_get_name (target));
          return FALSE;
        }
    }

  stmt = _dis_db_prepare (db, "UPDATE operators SET active = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, operator_id);
  sqlite3_bind_int (stmt, 2, active ? 1 : 0);
  return _dis_db_step_done (db, stmt, error);
}

gboolean
dis_store_set_operator_active (DisStore     *self,
                               DisOperator  *acting,
                               gint64        operator_id,
                               gboolean      active,
                               GError      **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (acting == NULL || DIS_IS_OPERATOR (acting), FALSE);
  DIS_DB_LOCK (&self->writer);

  if (!_dis_db_begin (&self->writer, error))
    return FALSE;
  if (!set_active_in_transaction (&self->writer, acting, operator_id, active, error) ||
      !_dis_db_commit (&self->writer, error))
    {
      _dis_db_rollback (&self->writer);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_pin_in_transaction (DisDb        *db,
                        DisOperator  *acting,
                        gint64        operator_id,
                        const char   *pin_hash,
                        GError      **error)
{
  g_autoptr(DisOperator) target = NULL;
  g_autoptr(DisStmt) stmt = NULL;

  /* Anyone may change their own PIN; others' need a manager. */
  if (acting != NULL && dis_operator_get_id (acting) == operator_id)
    {
      if (!_dis_store_check_acting (db, acting, DIS_PERMISSION_SELL, error))
        return FALSE;
    }
  else if (!_dis_store_check_acting (db, acting, DIS_PERMISSION_MANAGE_OPERATORS, error))
    return FALSE;

  target = read_operator (db, operator_id, NULL, error);
  if (target == NULL)
    return FALSE;

  stmt = _dis_db_prepare (db, "UPDATE operators SET pin_hash = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, operator_id);
  _dis_bind_text (stmt, 2, pin_hash);
  return _dis_db_step_done (db, stmt, error);
}

gboolean
dis_store_set_operator_pin (DisStore     *self,
                            DisOperator  *acting,
                            gint64        operator_id,
                            const char   *pin,
                            GError      **error)
{
  g_autofree char *pin_hash = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (acting == NULL || DIS_IS_OPERATOR (acting), FALSE);

  pin_hash = dis_pin_hash (pin, error);
  if (pin_hash == NULL)
    return FALSE;

  {
    DIS_DB_LOCK (&self->writer);

    if (!_dis_db_begin (&self->writer, error))
      return FALSE;
    if (!set_pin_in_transaction (&self->writer, acting, operator_id, pin_hash, error) ||
        !_dis_db_commit (&self->writer, error))
      {
        _dis_db_rollback (&self->writer);
        return FALSE;
      }
  }
  return TRUE;
}

/* ---- For the UI thread ------------------------------------------------- */

/* A PIN travels to the worker in DisStoreArgs, which wipes it. */
static DisStoreArgs *
operator_args_new (DisOperator *acting,
                   gint64       operator_id,
                   const char  *pin)
{
  DisStoreArgs *args = _dis_store_args_new (acting, NULL, NULL, operator_id);

  args->pin = g_strdup (pin);
  return args;
}

static gpointer
has_operators_func (DisStore  *store,
                    gpointer   data,
                    GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean has = dis_store_has_operators (store, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_memdup2 (&has, sizeof has);
}

void
dis_store_has_operators_async (DisStore            *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_has_operators_async, .func = has_operators_func,
                                     .result_free = g_free };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

gboolean
dis_store_has_operators_finish (DisStore      *self,
                                GAsyncResult  *result,
                                gboolean      *out_has_operators,
                                GError       **error)
{
  g_autofree gboolean *has = NULL;

  g_return_val_if_fail (out_has_operators != NULL, FALSE);

  has = _dis_store_run_finish (self, result, dis_store_has_operators_async, error);
  if (has == NULL)
    return FALSE;
  *out_has_operators = *has;
  return TRUE;
}

static gpointer
create_func (DisStore  *store,
             gpointer   data,
             GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_create_operator (store, args->acting, args->text, args->pin, args->number2, error);
}

void
dis_store_create_operator_async (DisStore            *self,
                                 DisOperator         *acting,
                                 const char          *name,
                                 const char          *pin,
                                 DisRole              role,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_create_operator_async, .write = TRUE,
                                     .func = create_func, .data_free = _dis_store_args_free,
                                     .result_free = g_object_unref };
  DisStoreArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (acting == NULL || DIS_IS_OPERATOR (acting));

  args = operator_args_new (acting, 0, pin);
  args->text = g_strdup (name);
  args->number2 = role;
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

DisOperator *
dis_store_create_operator_finish (DisStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_create_operator_async, error);
}

static gpointer
list_func (DisStore  *store,
           gpointer   data,
           GError   **error)
{
  return dis_store_list_operators (store, error);
}

void
dis_store_list_operators_async (DisStore            *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_list_operators_async, .func = list_func,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

GPtrArray *
dis_store_list_operators_finish (DisStore      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_list_operators_async, error);
}

static gpointer
sign_in_func (DisStore  *store,
              gpointer   data,
              GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_sign_in (store, args->number, args->pin, error);
}

void
dis_store_sign_in_async (DisStore            *self,
                         gint64               operator_id,
                         const char          *pin,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_sign_in_async, .func = sign_in_func,
                                     .data_free = _dis_store_args_free,
                                     .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, operator_args_new (NULL, operator_id, pin),
                        cancellable, callback, user_data);
}

DisOperator *
dis_store_sign_in_finish (DisStore      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_sign_in_async, error);
}

static gpointer
sign_in_by_name_func (DisStore  *store,
                      gpointer   data,
                      GError   **error)
{
  DisStoreArgs *args = data;
  g_autoptr(GPtrArray) operators = dis_store_list_operators (store, error);

  if (operators == NULL)
    return NULL;

  for (guint i = 0; i < operators->len; i++)
    {
      DisOperator *operator = g_ptr_array_index (operators, i);

      if (g_strcmp0 (dis_operator_get_name (operator), args->text) == 0)
        return dis_store_sign_in (store, dis_operator_get_id (operator), args->pin, error);
    }

  g_set_error_literal (error, DIS_ERROR, DIS_ERROR_NOT_FOUND, _("Operator not found"));
  return NULL;
}

void
dis_store_sign_in_by_name_async (DisStore            *self,
                                 const char          *name,
                                 const char          *pin,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_sign_in_by_name_async, .func = sign_in_by_name_func,
                                     .data_free = _dis_store_args_free,
                                     .result_free = g_object_unref };
  DisStoreArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (name != NULL);

  args = operator_args_new (NULL, 0, pin);
  args->text = g_strdup (name);
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

DisOperator *
dis_store_sign_in_by_name_finish (DisStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_sign_in_by_name_async, error);
}

static gboolean
set_active_func (DisStore  *store,
                 gpointer   data,
                 GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_set_operator_active (store, args->acting, args->number, args->number2, error);
}

void
dis_store_set_operator_active_async (DisStore            *self,
                                     DisOperator         *acting,
                                     gint64               operator_id,
                                     gboolean             active,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_set_operator_active_async, .write = TRUE,
                                     .bool_func = set_active_func,
                                     .data_free = _dis_store_args_free };
  DisStoreArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (DIS_IS_OPERATOR (acting));

  args = operator_args_new (acting, operator_id, NULL);
  args->number2 = active;
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

gboolean
dis_store_set_operator_active_finish (DisStore      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _dis_store_run_boolean_finish (self, result, dis_store_set_operator_active_async, error);
}

static gboolean
set_pin_func (DisStore  *store,
              gpointer   data,
              GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_set_operator_pin (store, args->acting, args->number, args->pin, error);
}

void
dis_store_set_operator_pin_async (DisStore            *self,
                                  DisOperator         *acting,
                                  gint64               operator_id,
                                  const char          *pin,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_set_operator_pin_async, .write = TRUE,
                                     .bool_func = set_pin_func,
                                     .data_free = _dis_store_args_free };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (DIS_IS_OPERATOR (acting));

  _dis_store_run_async (self, &call, operator_args_new (acting, operator_id, pin),
                        cancellable, callback, user_data);
}

gboolean
dis_store_set_operator_pin_finish (DisStore      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _dis_store_run_boolean_finish (self, result, dis_store_set_operator_pin_async, error);
}
