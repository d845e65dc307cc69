/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-pack-manager"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "dis-pack-manager.h"
#include "dis-sync.h"

/* The region pack of this point. Downloads stream into "<active>.part"
 * (with the hub's ETag in "<active>.part.etag", so a cut download resumes
 * with Range + If-Range); only a file that passed dis_pack_validate() is
 * renamed over the active path. The ETag of the active pack is kept in
 * "<active>.etag" for If-None-Match. */

#define CHUNK_SIZE (64 * 1024)

struct _DisPackManager
{
  GObject       parent_instance;

  char         *active_path;
  char         *config_dir;
  gboolean      has_active;
  DisPackInfo  *info;
  guint         info_serial;

  SoupSession  *session;
  gboolean      busy;           /* a download or an import is running */
  gboolean      downloading;
  guint64       received;
  guint64       total;
  char         *last_error;
};

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

static char *
sidecar (DisPackManager *self,
         const char     *suffix)
{
  return g_strconcat (self->active_path, suffix, NULL);
}

static void
set_downloading (DisPackManager *self,
                 gboolean        downloading)
{
  if (self->downloading == downloading)
    return;
  self->downloading = downloading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOADING]);
}

static void
set_progress (DisPackManager *self,
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

static void
set_last_error (DisPackManager *self,
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
static void
pack_replaced (DisPackManager *self,
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
      set_last_error (self, error->message);
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
 * it over the active pack; on failure removes it. @etag: the hub's ETag to
 * remember for If-None-Match, or NULL (an imported file). */
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

/* ---- Download ------------------------------------------------------------- */

typedef struct
{
  char          *url;
  char          *token;
  char          *pin;
  char          *part_path;
  char          *part_etag_path;
  char          *etag;          /* of the response being saved */
  SoupMessage   *msg;
  GInputStream  *input;
  GOutputStream *output;
  guint64        received;
  guint64        total;
  gboolean       restarted;     /* after a 416, once */
  gboolean       certificate_refused;
} Download;

static void
download_free (gpointer data)
{
  Download *download = data;

  if (download->token != NULL)
    memset (download->token, 0, strlen (download->token));
  g_free (download->url);
  g_free (download->token);
  g_free (download->pin);
  g_free (download->part_path);
  g_free (download->part_etag_path);
  g_free (download->etag);
  g_clear_object (&download->msg);
  g_clear_object (&download->input);
  g_clear_object (&download->output);
  g_free (download);
}

static void start_request (GTask *task);

/* Ends the download: records the error in plain words, or clears it. */
static void
download_return (GTask    *task,
                 gboolean  replaced,
                 GError   *error)
{
  DisPackManager *self = g_task_get_source_object (task);

  self->busy = FALSE;
  set_downloading (self, FALSE);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_last_error (self, error->message);
      g_task_return_error (task, error);
    }
  else
    {
      set_last_error (self, NULL);
      g_task_return_boolean (task, replaced);
    }
}

static void
download_fail (GTask      *task,
               const char *message)
{
  download_return (task, FALSE, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, message));
}

/* The connection broke mid-way: keep the .part for the next attempt. */
static void
download_interrupted (GTask *task)
{
  Download *download = g_task_get_task_data (task);

  if (download->output != NULL)
    g_output_stream_close (download->output, NULL, NULL);
  download_fail (task, _("The map download was interrupted. It will resume where it stopped next time."));
}

static void
install_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DisPackManager *self = source_object;
  Download *download = task_data;
  GError *error = NULL;
  DisPackInfo *info;

  info = install_candidate (download->part_path, self->active_path, download->etag, &error);
  g_unlink (download->part_etag_path);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) dis_pack_info_free);
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
      download_return (task, FALSE, error);
      return;
    }
  pack_replaced (self, info);
  download_return (task, TRUE, NULL);
}

static void
output_closed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GTask) install = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The map pack could not be saved: %s"), error->message);

      download_fail (task, message);
      return;
    }
  install = g_task_new (g_task_get_source_object (task), NULL, install_done_cb, g_object_ref (task));
  g_task_set_source_tag (install, install_thread);
  g_task_set_task_data (install, download, NULL);
  g_task_run_in_thread (install, install_thread);
}

static void read_next (GTask *task);

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  DisPackManager *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          download_return (task, FALSE, g_steal_pointer (&error));
          return;
        }
      message = g_strdup_printf (_("The map pack could not be saved: %s"), error->message);
      download_fail (task, message);
      return;
    }
  download->received += written;
  set_progress (self, download->received, download->total);
  read_next (g_steal_pointer (&task));
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  gsize size;
  gconstpointer data;

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_output_stream_close (download->output, NULL, NULL);
          download_return (task, FALSE, g_steal_pointer (&error));
          return;
        }
      g_debug ("map pack download: %s", error->message);
      download_interrupted (task);
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      /* The end: short of the announced size means the connection was cut. */
      if (download->total > 0 && download->received < download->total)
        {
          download_interrupted (task);
          return;
        }
      g_output_stream_close_async (download->output, G_PRIORITY_DEFAULT, NULL,
                                   output_closed_cb, g_steal_pointer (&task));
      return;
    }
  g_output_stream_write_all_async (download->output, data, size, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), written_cb,
                                   g_object_ref (task));
  /* @data belongs to @bytes: keep it alive until the write is done. */
  g_object_set_data_full (G_OBJECT (task), "chunk", g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
read_next (GTask *task)
{
  Download *download = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (download->input, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
output_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GFileOutputStream *output;

  output = g_object_get_data (G_OBJECT (task), "appending")
             ? g_file_append_to_finish (G_FILE (object), result, &error)
             : g_file_replace_finish (G_FILE (object), result, &error);
  if (output == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The map pack could not be saved: %s"), error->message);

      download_fail (task, message);
      return;
    }
  download->output = G_OUTPUT_STREAM (output);
  read_next (g_steal_pointer (&task));
}

/* "bytes START-END/TOTAL" → START and TOTAL. */
static gboolean
parse_content_range (const char *text,
                     guint64    *out_start,
                     guint64    *out_total)
{
  const char *slash;
  char *end;

  if (text == NULL || !g_str_has_prefix (text, "bytes ") || (slash = strchr (text, '/')) == NULL)
    return FALSE;
  *out_start = g_ascii_strtoull (text + 6, &end, 10);
  if (end == text + 6 || *end != '-')
    return FALSE;
  *out_total = g_ascii_strtoull (slash + 1, &end, 10);
  return end != slash + 1 && *end == '\0';
}

static void
reset_part (Download *download)
{
  g_unlink (download->part_path);
  g_unlink (download->part_etag_path);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  DisPackManager *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) part = NULL;
  GCancellable *cancellable;
  SoupMessageHeaders *headers;
  guint status;
  guint64 start = 0, total = 0;

  download->input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (download->input == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        download_return (task, FALSE, g_steal_pointer (&error));
      else if (download->certificate_refused)
        download_fail (task, download->pin != NULL
                             ? _("The hub’s certificate changed since enrolment: the map pack was not downloaded")
                             : _("The hub’s certificate is not trusted: the map pack was not downloaded"));
      else
        {
          g_debug ("map pack download: %s", error->message);
          download_fail (task, _("The hub could not be reached. Check the network and try again."));
        }
      return;
    }

  status = soup_message_get_status (download->msg);
  headers = soup_message_get_response_headers (download->msg);
  switch (status)
    {
    case SOUP_STATUS_NOT_MODIFIED:
      /* The active pack is the hub's: nothing to do. */
      reset_part (download);
      set_progress (self, 0, 0);
      download_return (task, FALSE, NULL);
      return;

    case SOUP_STATUS_OK:
      total = soup_message_headers_get_content_length (headers);
      break;

    case SOUP_STATUS_PARTIAL_CONTENT:
      if (!parse_content_range (soup_message_headers_get_one (headers, "Content-Range"), &start, &total) ||
          start != download->received)
        {
          reset_part (download);
          download_fail (task, _("The hub sent an unexpected part of the map pack. Try again."));
          return;
        }
      g_object_set_data (G_OBJECT (task), "appending", GINT_TO_POINTER (TRUE));
      break;

    case SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE:
      /* Our partial copy does not fit the hub's pack: start again, once. */
      reset_part (download);
      if (!download->restarted)
        {
          download->restarted = TRUE;
          g_input_stream_close (download->input, NULL, NULL);
          g_clear_object (&download->input);
          start_request (g_steal_pointer (&task));
          return;
        }
      G_GNUC_FALLTHROUGH;

    default:
      if (status == SOUP_STATUS_UNAUTHORIZED)
        download_fail (task, _("The hub refused this device’s token: the map pack was not downloaded"));
      else if (status == SOUP_STATUS_NOT_FOUND)
        download_fail (task, _("The hub has no map pack yet"));
      else
        {
          g_autofree char *message =
            g_strdup_printf (_("The hub could not send the map pack (error %u). Try again later."), status);

          download_fail (task, message);
        }
      return;
    }

  g_free (download->etag);
  download->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  if (status == SOUP_STATUS_OK)
    {
      /* A fresh start: remember the ETag so a cut download can resume. */
      download->received = 0;
      g_unlink (download->part_etag_path);
      if (download->etag != NULL)
        g_file_set_contents (download->part_etag_path, download->etag, -1, NULL);
    }
  download->total = total;
  set_progress (self, download->received, download->total);

  part = g_file_new_for_path (download->part_path);
  cancellable = g_task_get_cancellable (task);
  if (status == SOUP_STATUS_PARTIAL_CONTENT)
    g_file_append_to_async (part, G_FILE_CREATE_PRIVATE, G_PRIORITY_DEFAULT,
                            cancellable, output_opened_cb, g_steal_pointer (&task));
  else
    g_file_replace_async (part, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                          G_PRIORITY_DEFAULT, cancellable,
                          output_opened_cb, g_steal_pointer (&task));
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       Download             *download)
{
  if (dis_sync_certificate_is_pinned (certificate, download->pin))
    return TRUE;
  download->certificate_refused = TRUE;
  return FALSE;
}

static void
start_request (GTask *task)
{
  DisPackManager *self = g_task_get_source_object (task);
  Download *download = g_task_get_task_data (task);
  g_autofree char *auth = g_strconcat ("Bearer ", download->token, NULL);
  g_autofree char *part_etag = NULL;
  g_autofree char *active_etag = NULL;
  g_autofree char *etag_path = sidecar (self, ".etag");
  SoupMessageHeaders *headers;
  GStatBuf st;

  g_clear_object (&download->msg);
  download->msg = soup_message_new (SOUP_METHOD_GET, download->url);
  if (download->msg == NULL)
    {
      download_fail (task, _("The hub address in the sync settings is not valid"));
      return;
    }
  g_signal_connect (download->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), download);
  headers = soup_message_get_request_headers (download->msg);
  soup_message_headers_replace (headers, "Authorization", auth);

  if (self->has_active && g_file_get_contents (etag_path, &active_etag, NULL, NULL) && *active_etag != '\0')
    soup_message_headers_replace (headers, "If-None-Match", g_strstrip (active_etag));

  /* Resume only a partial copy of a known version of the pack. */
  download->received = 0;
  if (g_stat (download->part_path, &st) == 0 && st.st_size > 0 &&
      g_file_get_contents (download->part_etag_path, &part_etag, NULL, NULL) && *g_strstrip (part_etag) != '\0')
    {
      g_autofree char *range = g_strdup_printf ("bytes=%" G_GINT64_FORMAT "-", (gint64) st.st_size);

      soup_message_headers_replace (headers, "Range", range);
      soup_message_headers_replace (headers, "If-Range", part_etag);
      download->received = st.st_size;
    }

  soup_session_send_async (self->session, download->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), sent_cb, task);
}

void
dis_pack_manager_download_async (DisPackManager      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *hub_url = NULL;
  Download *download;

  g_return_if_fail (DIS_IS_PACK_MANAGER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dis_pack_manager_download_async);

  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The map pack is already being updated"));
      return;
    }
  download = g_new0 (Download, 1);
  g_task_set_task_data (task, download, download_free);
  if (!dis_sync_config_read (self->config_dir, &hub_url, &download->token, &download->pin))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("This point is not connected to a hub: the map pack can only be imported from a file"));
      return;
    }
  dir = g_path_get_dirname (self->active_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("The map folder could not be created: %s"), g_strerror (saved));
      return;
    }

  download->url = g_strconcat (hub_url, "/api/v1/map/pack", NULL);
  download->part_path = sidecar (self, ".part");
  download->part_etag_path = sidecar (self, ".part.etag");
  self->busy = TRUE;
  set_progress (self, 0, 0);
  set_downloading (self, TRUE);
  start_request (g_steal_pointer (&task));
}

gboolean
dis_pack_manager_download_finish (DisPackManager  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (DIS_IS_PACK_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

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
  GError *install_error = NULL;
  DisPackInfo *info;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("The map folder could not be created: %s"), g_strerror (saved));
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
  info = install_candidate (tmp_path, self->active_path, NULL, &install_error);
  if (info == NULL)
    g_task_return_error (task, install_error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) dis_pack_info_free);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DisPackManager *self = DIS_PACK_MANAGER (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DisPackInfo *info = g_task_propagate_pointer (G_TASK (result), &error);

  self->busy = FALSE;
  if (info == NULL)
    {
      set_last_error (self, error->message);
      g_task_return_error (task, error);
      return;
    }
  set_last_error (self, NULL);
  pack_replaced (self, info);
  g_task_return_boolean (task, TRUE);
}

void
dis_pack_manager_import_async (DisPackManager      *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;

  g_return_if_fail (DIS_IS_PACK_MANAGER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dis_pack_manager_import_async);
  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The map pack is already being updated"));
      return;
    }
  self->busy = TRUE;
  worker = g_task_new (self, cancellable, import_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, import_thread);
  g_task_set_task_data (worker, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (worker, import_thread);
}

gboolean
dis_pack_manager_import_finish (DisPackManager  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (DIS_IS_PACK_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
