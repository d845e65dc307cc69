/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-pack-manager"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "dis-pack-manager-private.h"
#include "dis-sync.h"

/* The region pack of this point: its state, the active pack's info, and
 * importing a file. Downloading is in dis-pack-manager-download.c; both
 * put a pack in place only through _dis_pack_manager_install_candidate(),
 * after dis_pack_validate(). */

G_DEFINE_FINAL_TYPE (DisPackManager, dis_pack_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE_PATH,
  PROP_DOWNLOADING,
  PROP_PROGRESS,
  PROP_BYTES_RECEIVED,
  PROP_BYTES_TOTAL,
  PROP_LAST_ERROR,
  PROP_INFO,
  N_PROPS
};

enum {
  PACK_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- State ---------------------------------------------------------------- */

char *
_dis_pack_manager_sidecar (DisPackManager *self,
                           const char     *suffix)
{
  return g_strconcat (self->active_path, suffix, NULL);
}

void
_dis_pack_manager_set_downloading (DisPackManager *self,
                                   gboolean        downloading)
{
  if (self->downloading == downloading)
    return;
  self->downloading = downloading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOADING]);
}

void
_dis_pack_manager_set_progress (DisPackManager *self,
                                guint64         received,
                                guint64         total)
{
  gboolean changed = FALSE;

  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_TOTAL]);
      changed = TRUE;
    }
  if (self->received != received)
    {
      self->received = received;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
      changed = TRUE;
    }
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
_dis_pack_manager_set_last_error (DisPackManager *self,
                                  const char     *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_info (DisPackManager *self,
          DisPackInfo    *info)
{
  g_clear_pointer (&self->info, dis_pack_info_free);
  self->info = info;
  self->info_serial++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}

/* Called on the owner's context once a new pack is in place. */
void
_dis_pack_manager_pack_replaced (DisPackManager *self,
                                 DisPackInfo    *info)
{
  gboolean had = self->has_active;

  self->has_active = TRUE;
  if (info != NULL)
    {
      g_free (info->path);
      info->path = g_strdup (self->active_path);
    }
  set_info (self, info);
  if (!had)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_PATH]);
  g_signal_emit (self, signals[PACK_CHANGED], 0);
}

/* ---- Reading the active pack's info in the background --------------------- */

static void
info_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DisPackInfo *info = NULL;
  GError *error = NULL;

  /* Checked fully when it was installed: the quick check is enough here. */
  if (dis_pack_validate_full (task_data, TRUE, &info, &error))
    g_task_return_pointer (task, info, (GDestroyNotify) dis_pack_info_free);
  else
    g_task_return_error (task, error);
}

static void
info_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DisPackManager *self = DIS_PACK_MANAGER (object);
  g_autoptr(GError) error = NULL;
  DisPackInfo *info = g_task_propagate_pointer (G_TASK (result), &error);

  /* A download or import may have replaced the pack meanwhile. */
  if (GPOINTER_TO_UINT (user_data) != self->info_serial)
    {
      g_clear_pointer (&info, dis_pack_info_free);
      return;
    }
  if (info == NULL)
    {
      g_warning ("Active region pack %s: %s", self->active_path, error->message);
      _dis_pack_manager_set_last_error (self, error->message);
      return;
    }
  set_info (self, info);
}

static void
load_info (DisPackManager *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, info_done_cb, GUINT_TO_POINTER (self->info_serial));

  g_task_set_source_tag (task, load_info);
  g_task_set_task_data (task, g_strdup (self->active_path), g_free);
  g_task_run_in_thread (task, info_thread);
}

/* ---- Installing a checked file (worker thread) ---------------------------- */

/* Validates @candidate (a file in the active pack's directory) and renames
 * it over the active pack; on failure removes it. */
static DisPackInfo *
install_candidate (const char  *candidate,
                   const char  *active_path,
                   const char  *etag,
                   GError     **error)
{
  g_autofree char *etag_path = g_strconcat (active_path, ".etag", NULL);
  g_autoptr(GError) local_error = NULL;
  DisPackInfo *info = NULL;

  if (!dis_pack_validate (candidate, &info, &local_error))
    {
      g_unlink (candidate);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The new map pack was refused: %s. The current map stays in use."),
                   local_error->message);
      return NULL;
    }
  /* Forget the old ETag first: a stale one must never skip a download. */
  g_unlink (etag_path);
  if (g_rename (candidate, active_path) != 0)
    {
      int saved = errno;

      g_unlink (candidate);
      dis_pack_info_free (info);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The map pack could not be put in place: %s"), g_strerror (saved));
      return NULL;
    }
  if (etag != NULL)
    g_file_set_contents (etag_path, etag, -1, NULL);
  return info;
}

void
_dis_pack_manager_install_in_task (GTask      *task,
                                   const char *candidate,
                                   const char *etag)
{
  DisPackManager *self = g_task_get_source_object (task);
  GError *error = NULL;
  DisPackInfo *info = install_candidate (candidate, self->active_path, etag, &error);

  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) dis_pack_info_free);
}

gboolean
_dis_pack_manager_ensure_dir (DisPackManager  *self,
                              GError         **error)
{
  g_autofree char *dir = g_path_get_dirname (self->active_path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The map folder could not be created: %s"), g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

GTask *
_dis_pack_manager_new_update (DisPackManager      *self,
                              gpointer             source_tag,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The map pack is already being updated"));
      return NULL;
    }
  return g_steal_pointer (&task);
}

void
_dis_pack_manager_end_update (GTask    *task,
                              gboolean  replaced,
                              GError   *error)
{
  DisPackManager *self = g_task_get_source_object (task);

  self->busy = FALSE;
  _dis_pack_manager_set_downloading (self, FALSE);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _dis_pack_manager_set_last_error (self, error->message);
      g_task_return_error (task, error);
    }
  else
    {
      _dis_pack_manager_set_last_error (self, NULL);
      g_task_return_boolean (task, replaced);
    }
}

static void
install_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DisPackManager *self = DIS_PACK_MANAGER (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DisPackInfo *info = g_task_propagate_pointer (G_TASK (result), &error);

  if (info == NULL)
    {
      _dis_pack_manager_end_update (task, FALSE, error);
      return;
    }
  _dis_pack_manager_pack_replaced (self, info);
  _dis_pack_manager_end_update (task, TRUE, NULL);
}

void
_dis_pack_manager_install_async (GTask            *task,
                                 GCancellable     *cancellable,
                                 GTaskThreadFunc   thread,
                                 gpointer          data,
                                 GDestroyNotify    data_free)
{
  g_autoptr(GTask) worker = g_task_new (g_task_get_source_object (task), cancellable,
                                        install_done_cb, g_object_ref (task));

  g_task_set_source_tag (worker, thread);
  g_task_set_task_data (worker, data, data_free);
  g_task_run_in_thread (worker, thread);
}

gboolean
_dis_pack_manager_update_finish (DisPackManager  *self,
                                 GAsyncResult    *result,
                                 gpointer         source_tag,
                                 GError         **error)
{
  g_return_val_if_fail (DIS_IS_PACK_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Import --------------------------------------------------------------- */

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DisPackManager *self = source_object;
  GFile *source = task_data;
  g_autofree char *dir = g_path_get_dirname (self->active_path);
  g_autofree char *tmp_path = NULL;
  g_autoptr(GFile) tmp = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  if (!_dis_pack_manager_ensure_dir (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Check the source first, for a clear message before any copying. */
  {
    g_autofree char *source_path = g_file_get_path (source);

    if (source_path == NULL)
      {
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("Only map packs stored on this computer can be imported"));
        return;
      }
    if (!dis_pack_validate (source_path, NULL, &error))
      {
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                 _("This file cannot be used as a map pack: %s"), error->message);
        return;
      }
  }

  tmp_path = g_build_filename (dir, ".region-import-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_RDWR, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("The map pack could not be copied: %s"), g_strerror (saved));
      return;
    }
  close (fd);
  tmp = g_file_new_for_path (tmp_path);
  if (!g_file_copy (source, tmp, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, &error))
    {
      g_unlink (tmp_path);
      g_task_return_new_error (task, error->domain, error->code,
                               _("The map pack could not be copied: %s"), error->message);
      return;
    }
  /* The copy is what goes in place: check it, not just the source. */
  _dis_pack_manager_install_in_task (task, tmp_path, NULL);
}

void
dis_pack_manager_import_async (DisPackManager      *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DIS_IS_PACK_MANAGER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _dis_pack_manager_new_update (self, dis_pack_manager_import_async,
                                       cancellable, callback, user_data);
  if (task == NULL)
    return;
  self->busy = TRUE;
  _dis_pack_manager_install_async (task, cancellable, import_thread, g_object_ref (file), g_object_unref);
}

gboolean
dis_pack_manager_import_finish (DisPackManager  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return _dis_pack_manager_update_finish (self, result, dis_pack_manager_import_async, error);
}

/* ---- Accessors ------------------------------------------------------------ */

const char *
dis_pack_manager_get_active_path (DisPackManager *self)
{
  g_return_val_if_fail (DIS_IS_PACK_MANAGER (self), NULL);

  return self->has_active ? self->active_path : NULL;
}

gboolean
dis_pack_manager_get_downloading (DisPackManager *self)
{
  g_return_val_if_fail (DIS_IS_PACK_MANAGER (self), FALSE);

  return self->downloading;
}

double
dis_pack_manager_get_progress (DisPackManager *self)
{
  g_return_val_if_fail (DIS_IS_PACK_MANAGER (self), 0.0);

  if (self->total == 0)
    return 0.0;
  return CLAMP ((double) self->received / (double) self->total, 0.0, 1.0);
}

guint64
dis_pack_manager_get_bytes_received (DisPackManager *self)
{
  g_return_val_if_fail (DIS_IS_PACK_MANAGER (self), 0);

  return self->received;
}

guint64
dis_pack_manager_get_bytes_total (DisPackManager *self)
{
  g_return_val_if_fail (DIS_IS_PACK_MANAGER (self), 0);

  return self->total;
}

const char *
dis_pack_manager_get_last_error (DisPackManager *self)
{
  g_return_val_if_fail (DIS_IS_PACK_MANAGER (self), NULL);

  return self->last_error;
}

const DisPackInfo *
dis_pack_manager_get_info (DisPackManager *self)
{
  g_return_val_if_fail (DIS_IS_PACK_MANAGER (self), NULL);

  return self->info;
}

void
dis_pack_manager_set_config_dir (DisPackManager *self,
                                 const char     *config_dir)
{
  g_return_if_fail (DIS_IS_PACK_MANAGER (self));
  g_return_if_fail (config_dir != NULL);

  g_free (self->config_dir);
  self->config_dir = g_strdup (config_dir);
}

gboolean
dis_pack_manager_can_download (DisPackManager *self)
{
  g_return_val_if_fail (DIS_IS_PACK_MANAGER (self), FALSE);

  return dis_sync_config_read (self->config_dir, NULL, NULL, NULL);
}

/* ---- GObject -------------------------------------------------------------- */

DisPackManager *
dis_pack_manager_new (const char *active_path)
{
  DisPackManager *self;

  g_return_val_if_fail (active_path != NULL, NULL);

  self = g_object_new (DIS_TYPE_PACK_MANAGER, NULL);
  self->active_path = g_strdup (active_path);
  self->has_active = g_file_test (active_path, G_FILE_TEST_IS_REGULAR);
  if (self->has_active)
    load_info (self);
  return self;
}

DisPackManager *
dis_pack_manager_get_default (void)
{
  static DisPackManager *instance;

  if (instance == NULL)
    {
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), "disotto", "region.mbtiles", NULL);

      instance = dis_pack_manager_new (path);
      g_object_add_weak_pointer (G_OBJECT (instance), (gpointer *) &instance);
    }
  return instance;
}

static void
dis_pack_manager_finalize (GObject *object)
{
  DisPackManager *self = DIS_PACK_MANAGER (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->info, dis_pack_info_free);
  g_free (self->active_path);
  g_free (self->config_dir);
  g_free (self->last_error);

  G_OBJECT_CLASS (dis_pack_manager_parent_class)->finalize (object);
}

static void
dis_pack_manager_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DisPackManager *self = DIS_PACK_MANAGER (object);

  switch (prop_id)
    {
    case PROP_ACTIVE_PATH:
      g_value_set_string (value, dis_pack_manager_get_active_path (self));
      break;
    case PROP_DOWNLOADING:
      g_value_set_boolean (value, self->downloading);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, dis_pack_manager_get_progress (self));
      break;
    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->received);
      break;
    case PROP_BYTES_TOTAL:
      g_value_set_uint64 (value, self->total);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_INFO:
      g_value_set_pointer (value, self->info);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_pack_manager_class_init (DisPackManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_pack_manager_finalize;
  object_class->get_property = dis_pack_manager_get_property;

  properties[PROP_ACTIVE_PATH] =
    g_param_spec_string ("active-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOWNLOADING] =
    g_param_spec_boolean ("downloading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES_TOTAL] =
    g_param_spec_uint64 ("bytes-total", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INFO] =
    g_param_spec_pointer ("info", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PACK_CHANGED] =
    g_signal_new ("pack-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
dis_pack_manager_init (DisPackManager *self)
{
  self->config_dir = g_build_filename (g_get_user_config_dir (), "disotto", NULL);
  /* A 10 MB pack over a slow link: no overall timeout, only idle ones. */
  self->session = soup_session_new_with_options ("idle-timeout", 60,
                                                 "user-agent", "disotto-punto/" PACKAGE_VERSION,
                                                 NULL);
}
