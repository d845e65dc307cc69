/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-pack-manager"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dis-pack-manager-private.h"
#include "dis-sync.h"

/* Downloading the hub's region pack. The download streams into
 * "<active>.part" (with the hub's ETag in "<active>.part.etag", so a cut
 * download resumes with Range + If-Range); only a file that passed
 * dis_pack_validate() is renamed over the active path. The ETag of the
 * active pack is kept in "<active>.etag" for If-None-Match. */

#define CHUNK_SIZE (64 * 1024)

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
  GBytes        *chunk;         /* being written: the stream reads from it */
  gboolean       appending;     /* to the .part, after a 206 */
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
  g_clear_pointer (&download->chunk, g_bytes_unref);
  g_free (download);
}

static void start_request (GTask *task);

/* Tells the manager how far the download is. */
static void
report_progress (GTask *task)
{
  Download *download = g_task_get_task_data (task);

  _dis_pack_manager_set_progress (g_task_get_source_object (task), download->received, download->total);
}

static void
download_fail (GTask      *task,
               const char *message)
{
  _dis_pack_manager_end_update (task, FALSE, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, message));
}

static void
download_save_failed (GTask  *task,
                      GError *error)
{
  g_autofree char *message = g_strdup_printf (_("The map pack could not be saved: %s"), error->message);

  download_fail (task, message);
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
  Download *download = task_data;

  /* The .part is consumed either way: its ETag goes with it. */
  g_unlink (download->part_etag_path);
  _dis_pack_manager_install_in_task (task, download->part_path, download->etag);
}

static void
output_closed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      download_save_failed (task, error);
      return;
    }
  _dis_pack_manager_install_async (task, NULL, install_thread, g_task_get_task_data (task), NULL);
}

static void read_next (GTask *task);

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  g_clear_pointer (&download->chunk, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _dis_pack_manager_end_update (task, FALSE, g_steal_pointer (&error));
      else
        download_save_failed (task, error);
      return;
    }
  download->received += written;
  report_progress (task);
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
          _dis_pack_manager_end_update (task, FALSE, g_steal_pointer (&error));
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
  /* @data belongs to @bytes: keep it alive until the write is done. */
  download->chunk = g_steal_pointer (&bytes);
  g_output_stream_write_all_async (download->output, data, size, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), written_cb,
                                   g_object_ref (task));
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

  output = download->appending
             ? g_file_append_to_finish (G_FILE (object), result, &error)
             : g_file_replace_finish (G_FILE (object), result, &error);
  if (output == NULL)
    {
      download_save_failed (task, error);
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
        _dis_pack_manager_end_update (task, FALSE, g_steal_pointer (&error));
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
      download->received = download->total = 0;
      report_progress (task);
      _dis_pack_manager_end_update (task, FALSE, NULL);
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
      download->appending = TRUE;
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
  report_progress (task);

  part = g_file_new_for_path (download->part_path);
  cancellable = g_task_get_cancellable (task);
  if (download->appending)
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
  g_autofree char *etag_path = _dis_pack_manager_sidecar (self, ".etag");
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
  g_autoptr(GError) error = NULL;
  g_autofree char *hub_url = NULL;
  Download *download;

  g_return_if_fail (DIS_IS_PACK_MANAGER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _dis_pack_manager_new_update (self, dis_pack_manager_download_async,
                                       cancellable, callback, user_data);
  if (task == NULL)
    return;
  download = g_new0 (Download, 1);
  g_task_set_task_data (task, download, download_free);
  if (!dis_sync_config_read (self->config_dir, &hub_url, &download->token, &download->pin))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("This point is not connected to a hub: the map pack can only be imported from a file"));
      return;
    }
  if (!_dis_pack_manager_ensure_dir (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  download->url = g_strconcat (hub_url, "/api/v1/map/pack", NULL);
  download->part_path = _dis_pack_manager_sidecar (self, ".part");
  download->part_etag_path = _dis_pack_manager_sidecar (self, ".part.etag");
  self->busy = TRUE;
  _dis_pack_manager_set_progress (self, 0, 0);
  _dis_pack_manager_set_downloading (self, TRUE);
  start_request (g_steal_pointer (&task));
}

gboolean
dis_pack_manager_download_finish (DisPackManager  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return _dis_pack_manager_update_finish (self, result, dis_pack_manager_download_async, error);
}
