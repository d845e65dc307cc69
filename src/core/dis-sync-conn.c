/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sync"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dis-codec.h"
#include "dis-error.h"
#include "dis-sync-private.h"

/* One connection to the hub (TLS pinning, the bearer token, plain words
 * for every failure) and the hub settings saved next to the token. */

const char *
_dis_sync_error_to_words (const GError *error)
{
  if (error->domain == DIS_SYNC_ERROR)
    switch ((DisSyncError) error->code)
      {
      case DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE:
        return _("The hub’s certificate is not trusted");
      case DIS_SYNC_ERROR_CERTIFICATE_CHANGED:
        return _("The hub’s certificate changed: enrol this till again to trust the new one");
      case DIS_SYNC_ERROR_UNAUTHORIZED:
        return _("The hub refused this device’s token");
      case DIS_SYNC_ERROR_REVOKED:
        return _("The hub revoked this device’s token");
      case DIS_SYNC_ERROR_NETWORK:
        return _("The hub could not be reached");
      case DIS_SYNC_ERROR_SERVER:
        return _("The hub has a problem and could not take the data");
      case DIS_SYNC_ERROR_PROTOCOL:
        return _("The hub sent a reply this till does not understand");
      case DIS_SYNC_ERROR_INVALID_URL:
        return _("The hub address is not valid");
      default:
        break;
      }
  if (error->domain == DIS_ERROR)
    return _("The local database could not be updated");
  return _("Synchronization failed");
}

gboolean
_dis_sync_fail (GError       **error,
                DisSyncError   code)
{
  GError *tmp = g_error_new_literal (DIS_SYNC_ERROR, code, "");

  g_free (tmp->message);
  tmp->message = g_strdup (_dis_sync_error_to_words (tmp));
  g_propagate_error (error, tmp);
  return FALSE;
}

/* ---- HTTP ----------------------------------------------------------------- */

void
_dis_sync_conn_clear (DisSyncConn *conn)
{
  g_clear_object (&conn->session);
  g_clear_object (&conn->cancellable);
  g_clear_pointer (&conn->base_url, g_free);
  g_clear_pointer (&conn->token, g_free);
  g_clear_pointer (&conn->pin, g_free);
  g_clear_pointer (&conn->offered, g_free);
  if (conn->coordinator != NULL)
    memset (conn->coordinator, 0, strlen (conn->coordinator));
  g_clear_pointer (&conn->coordinator, g_free);
}

static char *
fingerprint_of (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  GString *out = g_string_new (NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der != NULL)
    g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &length);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, i ? ":%02X" : "%02X", digest[i]);
  return g_string_free (out, FALSE);
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       DisSyncConn          *conn)
{
  g_autofree char *fingerprint = fingerprint_of (certificate);

  if (conn->pin != NULL && g_ascii_strcasecmp (conn->pin, fingerprint) == 0)
    return TRUE;
  g_free (conn->offered);
  conn->offered = g_steal_pointer (&fingerprint);
  return FALSE;
}

char *
_dis_sync_normalize_url (const char  *text,
                         GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *trimmed = NULL;

  if (text == NULL)
    return _dis_sync_fail (error, DIS_SYNC_ERROR_INVALID_URL), NULL;
  trimmed = g_strstrip (g_strdup (text));
  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    return _dis_sync_fail (error, DIS_SYNC_ERROR_INVALID_URL), NULL;
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';
  return g_steal_pointer (&trimmed);
}

const char *
_dis_sync_error_code_of (JsonNode *root)
{
  JsonObject *object, *error;
  JsonNode *code;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "error") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
    return NULL;
  error = json_object_get_object_member (object, "error");
  code = json_object_get_member (error, "code");
  if (code == NULL || !JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (code);
}

JsonNode *
_dis_sync_conn_request (DisSyncConn  *conn,
                        const char   *method,
                        const char   *path,
                        GBytes       *body,
                        guint        *out_status,
                        GError      **error)
{
  g_autofree char *url = g_strconcat (conn->base_url, path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", conn->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root = NULL;
  const char *code;
  const char *data;
  gsize length;
  guint status;

  *out_status = 0;
  if (msg == NULL)
    return _dis_sync_fail (error, DIS_SYNC_ERROR_INVALID_URL), NULL;
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), conn);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (conn->coordinator != NULL && *conn->coordinator != '\0')
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Disotto-Coordinator",
                                  conn->coordinator);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);

  g_clear_pointer (&conn->offered, g_free);
  reply = soup_session_send_and_read (conn->session, msg, conn->cancellable, &local_error);
  if (reply == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (conn->offered != NULL)
        return _dis_sync_fail (error, conn->pin != NULL ? DIS_SYNC_ERROR_CERTIFICATE_CHANGED
                                              : DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE), NULL;
      g_debug ("%s %s: %s", method, path, local_error->message);
      return _dis_sync_fail (error, DIS_SYNC_ERROR_NETWORK), NULL;
    }

  status = soup_message_get_status (msg);
  *out_status = status;
  data = g_bytes_get_data (reply, &length);
  if (length > 0)
    root = dis_codec_parse (data, (gssize) length, NULL);
  code = _dis_sync_error_code_of (root);

  /* A coordinator's refusal is the caller's to read; the device's own
   * are not. */
  if (conn->coordinator != NULL && SOUP_STATUS_IS_CLIENT_ERROR (status) && code != NULL &&
      !g_str_equal (code, "unauthorized") && !g_str_equal (code, "token_revoked"))
    return root;
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      /* @code lives in @root. */
      DisSyncError kind = g_strcmp0 (code, "token_revoked") == 0 ? DIS_SYNC_ERROR_REVOKED
                                                                 : DIS_SYNC_ERROR_UNAUTHORIZED;

      g_clear_pointer (&root, json_node_unref);
      return _dis_sync_fail (error, kind), NULL;
    }
  if (SOUP_STATUS_IS_SERVER_ERROR (status))
    {
      g_clear_pointer (&root, json_node_unref);
      return _dis_sync_fail (error, DIS_SYNC_ERROR_SERVER), NULL;
    }
  if (root == NULL || (!SOUP_STATUS_IS_SUCCESSFUL (status) && status != SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE))
    {
      g_debug ("%s %s: status %u, error code %s", method, path, status, code ? code : "none");
      g_clear_pointer (&root, json_node_unref);
      return _dis_sync_fail (error, DIS_SYNC_ERROR_PROTOCOL), NULL;
    }
  return root;
}

void
_dis_sync_conn_init_session (DisSyncConn *conn,
                             guint        timeout_s)
{
  conn->session = soup_session_new_with_options ("timeout", timeout_s,
                                                 "idle-timeout", 60,
                                                 "user-agent", "disotto-punto/" PACKAGE_VERSION,
                                                 NULL);
}

/* ---- Config --------------------------------------------------------------- */

void
_dis_sync_config_clear (DisSyncConfig *config)
{
  g_clear_pointer (&config->url, g_free);
  if (config->token != NULL)
    memset (config->token, 0, strlen (config->token));
  g_clear_pointer (&config->token, g_free);
  g_clear_pointer (&config->pin, g_free);
}

void
_dis_sync_config_load (const char    *dir,
                       DisSyncConfig *out)
{
  g_autofree char *ini_path = g_build_filename (dir, "hub.ini", NULL);
  g_autofree char *token_path = g_build_filename (dir, "token", NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autofree char *token = NULL;

  if (!g_key_file_load_from_file (ini, ini_path, G_KEY_FILE_NONE, NULL))
    return;
  out->url = g_key_file_get_string (ini, "hub", "url", NULL);
  out->pin = g_key_file_get_string (ini, "hub", "fingerprint", NULL);
  if (out->pin != NULL && *out->pin == '\0')
    g_clear_pointer (&out->pin, g_free);
  if (g_file_get_contents (token_path, &token, NULL, NULL))
    out->token = g_strdup (g_strstrip (token));
  if (out->token != NULL && *out->token == '\0')
    g_clear_pointer (&out->token, g_free);
}

gboolean
_dis_sync_config_save (const char  *dir,
                       const char  *url,
                       const char  *token,
                       const char  *pin,
                       GError     **error)
{
  g_autofree char *ini_path = g_build_filename (dir, "hub.ini", NULL);
  g_autofree char *token_path = g_build_filename (dir, "token", NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autofree char *ini_text = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize ini_length;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  g_key_file_set_string (ini, "hub", "url", url);
  g_key_file_set_string (ini, "hub", "fingerprint", pin ? pin : "");
  ini_text = g_key_file_to_data (ini, &ini_length, NULL);

  /* The token first: a hub.ini without its token is just "not enrolled". */
  if (!g_file_set_contents_full (token_path, token, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error) ||
      !g_file_set_contents_full (ini_path, ini_text, ini_length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      /* The message names a path, never the token. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not save the hub settings in %s"), dir);
      return FALSE;
    }
  return TRUE;
}

/* ---- Helpers for other downloads from the hub (the map pack) -------------- */

gboolean
dis_sync_config_read (const char  *config_dir,
                      char       **out_url,
                      char       **out_token,
                      char       **out_pin)
{
  DisSyncConfig config = { NULL, NULL, NULL };
  g_autofree char *url = NULL;

  g_return_val_if_fail (config_dir != NULL, FALSE);

  _dis_sync_config_load (config_dir, &config);
  if (config.url == NULL || config.token == NULL ||
      (url = _dis_sync_normalize_url (config.url, NULL)) == NULL)
    {
      _dis_sync_config_clear (&config);
      return FALSE;
    }
  if (out_url)
    *out_url = g_steal_pointer (&url);
  if (out_token)
    *out_token = g_strdup (config.token);
  if (out_pin)
    *out_pin = g_strdup (config.pin);
  _dis_sync_config_clear (&config);
  return TRUE;
}

gboolean
dis_sync_certificate_is_pinned (GTlsCertificate *certificate,
                                const char      *pin)
{
  g_autofree char *fingerprint = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), FALSE);

  if (pin == NULL || *pin == '\0')
    return FALSE;
  fingerprint = fingerprint_of (certificate);
  return g_ascii_strcasecmp (pin, fingerprint) == 0;
}

