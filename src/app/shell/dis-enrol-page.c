/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-enrol-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dis-enrol-page.h"
#include "dis-form.h"
#include "dis-settings.h"
#include "dis-ui.h"

struct _DisEnrolPage
{
  GtkWidget      parent_instance;

  DisSyncClient *client;
  GCancellable  *cancellable;

  /* The attempt being made or confirmed; the token is wiped when done. */
  char          *hub_url;
  char          *token;
  char          *fingerprint;
  /* The technical cause of the error shown, for "Details". */
  char          *error_details;

  GtkStack      *stack;
  AdwEntryRow   *url_row;
  AdwEntryRow   *token_row;
  GtkLabel      *error_label;
  GtkButton     *details_button;
  GtkButton     *connect_button;
  GtkSpinner    *spinner;
  GtkWidget     *offline_box;
  AdwStatusPage *certificate_page;
  GtkLabel      *fingerprint_label;
  GtkLabel      *certificate_error_label;
  GtkButton     *trust_button;
  GtkButton     *cancel_button;
  GtkLabel      *done_label;
  GtkLabel      *done_hub_label;
  GtkButton     *continue_button;

  guint          busy : 1;
  guint          allow_offline : 1;
};

G_DEFINE_FINAL_TYPE (DisEnrolPage, dis_enrol_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ALLOW_OFFLINE,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
wipe (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

char *
dis_enrol_page_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == DIS_SYNC_ERROR)
    {
      switch ((DisSyncError) error->code)
        {
        case DIS_SYNC_ERROR_UNAUTHORIZED:
          return g_strdup (_("The hub does not know this enrolment token. Check that it "
                             "was typed exactly, or ask the network administrator for a new one."));
        case DIS_SYNC_ERROR_REVOKED:
          return g_strdup (_("The hub has revoked this point’s access. Ask the network "
                             "administrator for a new enrolment token."));
        case DIS_SYNC_ERROR_NETWORK:
          return g_strdup (_("The hub cannot be reached at this address. Check the address "
                             "and that this computer is connected to the internet, then try again."));
        case DIS_SYNC_ERROR_INVALID_URL:
          return g_strdup (_("This is not a valid hub address. It looks like "
                             "https://hub.example.org."));
        case DIS_SYNC_ERROR_CERTIFICATE_CHANGED:
          return g_strdup (_("The hub’s certificate is not the one this till trusted before. "
                             "Do not go on before the network administrator confirms the change."));
        case DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE:
          return g_strdup (_("The hub’s certificate is not trusted by this computer."));
        case DIS_SYNC_ERROR_SERVER:
          return g_strdup (_("The hub has a problem right now. Try again in a few minutes; "
                             "if it lasts, tell the network administrator."));
        case DIS_SYNC_ERROR_PROTOCOL:
          return g_strdup (_("Something answers at this address, but not as a DiSoTTo hub "
                             "does. Check the address."));
        default:
          break;
        }
    }

  return g_strdup (_("The till could not connect to the hub. Check the address and try again; "
                     "if it fails again, tell the network administrator."));
}

static void
set_busy (DisEnrolPage *self,
          gboolean      busy)
{
  self->busy = !!busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->trust_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->offline_box), !busy);
  dis_form_set_busy (self->spinner, busy, self->url_row, self->token_row, NULL);
}

static void
show_form_error (DisEnrolPage *self,
                 AdwEntryRow  *row,
                 const char   *message)
{
  gtk_stack_set_visible_child_name (self->stack, "form");
  dis_form_show_error (self->error_label, row, message);
}

/* An attempt failed: the sentence, and the cause behind "Details". */
static void
show_attempt_error (DisEnrolPage *self,
                    AdwEntryRow  *row,
                    const GError *error)
{
  g_autofree char *message = dis_enrol_page_describe_error (error);

  show_form_error (self, row, message);
  g_free (self->error_details);
  self->error_details = g_strdup (error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->details_button), TRUE);
}

static void
details_cb (DisEnrolPage *self)
{
  dis_ui_show_details (GTK_WIDGET (self), gtk_label_get_label (self->error_label),
                       self->error_details);
}

static void
clear_error_cb (DisEnrolPage *self)
{
  dis_form_clear_errors (self->error_label, self->url_row, self->token_row, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->details_button), FALSE);
  g_clear_pointer (&self->error_details, g_free);
}

static void
url_activated_cb (DisEnrolPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
}

/* "AB:CD:…" (32 bytes) as four lines of two groups of four bytes, easy to
 * read out over the phone group by group. */
static char *
format_fingerprint (const char *fingerprint)
{
  g_auto(GStrv) bytes = g_strsplit (fingerprint, ":", -1);
  GString *text = g_string_new (NULL);
  guint n = g_strv_length (bytes);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        {
          if (i % 8 == 0)
            g_string_append_c (text, '\n');
          else if (i % 4 == 0)
            g_string_append (text, "   ");
          else
            g_string_append_c (text, ':');
        }
      g_string_append (text, bytes[i]);
    }

  return g_string_free (text, FALSE);
}

static void
show_certificate (DisEnrolPage *self,
                  const char   *fingerprint)
{
  g_autofree char *grouped = format_fingerprint (fingerprint);
  g_autofree char *escaped = g_markup_escape_text (self->hub_url ? self->hub_url : "", -1);
  g_autofree char *description = NULL;

  g_free (self->fingerprint);
  self->fingerprint = g_strdup (fingerprint);

  /* Translators: %s is the hub address */
  description = g_strdup_printf (_("This computer does not know the security certificate of "
                                   "<b>%s</b>. Ask the hub administrator to read out its SHA-256 "
                                   "fingerprint and check that it matches this one."),
                                 escaped);
  adw_status_page_set_description (self->certificate_page, description);
  gtk_label_set_label (self->fingerprint_label, grouped);
  gtk_widget_set_visible (GTK_WIDGET (self->certificate_error_label), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "certificate");
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
}

static void
show_done (DisEnrolPage           *self,
           const DisSyncEnrolment *enrolment)
{
  g_autofree char *text = NULL;
  g_autofree char *hub = NULL;

  /* Translators: "This till is now Bottega DiSoTTo Centro (TO-CEN), device C1." */
  text = g_strdup_printf (_("This till is now %s (%s), device %s."),
                          enrolment->point_name ? enrolment->point_name : enrolment->point_code,
                          enrolment->point_code,
                          enrolment->device_id);
  gtk_label_set_label (self->done_label, text);

  /* Translators: %s is the hub address */
  hub = g_strdup_printf (_("Its sales are sent to the hub at %s, and the catalog comes from there."),
                         enrolment->hub_url);
  gtk_label_set_label (self->done_hub_label, hub);

  gtk_stack_set_visible_child_name (self->stack, "done");
  gtk_widget_grab_focus (GTK_WIDGET (self->continue_button));
}

static void
enrol_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DisEnrolPage) self = user_data;
  g_autoptr(DisSyncEnrolment) enrolment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  enrolment = dis_sync_client_enrol_finish (DIS_SYNC_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (enrolment != NULL)
    {
      wipe (&self->token);
      gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
      dis_settings_set_offline_only (dis_settings_get_default (), FALSE);
      show_done (self, enrolment);
      return;
    }

  if (g_error_matches (error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE) &&
      dis_sync_client_get_offered_fingerprint (DIS_SYNC_CLIENT (object)) != NULL)
    {
      show_certificate (self, dis_sync_client_get_offered_fingerprint (DIS_SYNC_CLIENT (object)));
      return;
    }

  g_debug ("Enrolment failed: %s", error->message);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "certificate") == 0 &&
      !g_error_matches (error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_UNAUTHORIZED) &&
      !g_error_matches (error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_REVOKED))
    {
      message = dis_enrol_page_describe_error (error);
      gtk_label_set_label (self->certificate_error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->certificate_error_label), TRUE);
      return;
    }

  if (g_error_matches (error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_REVOKED))
    show_attempt_error (self, self->token_row, error);
  else if (g_error_matches (error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_INVALID_URL) ||
           g_error_matches (error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_PROTOCOL) ||
           g_error_matches (error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_NETWORK))
    show_attempt_error (self, self->url_row, error);
  else
    show_attempt_error (self, NULL, error);
}

static void
enrol (DisEnrolPage *self,
       const char   *pinned_fingerprint)
{
  g_assert (self->client != NULL);
  g_assert (self->hub_url != NULL && self->token != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_busy (self, TRUE);
  dis_sync_client_enrol_async (self->client, self->hub_url, self->token, pinned_fingerprint,
                               self->cancellable, enrol_cb, g_object_ref (self));
}

/* People type "hub.example.org": the hub is reached over TLS unless the
 * address says otherwise. */
static char *
normalize_url (const char *text)
{
  g_autofree char *url = g_strstrip (g_strdup (text));

  if (*url != '\0' && strstr (url, "://") == NULL)
    return g_strconcat ("https://", url, NULL);

  return g_steal_pointer (&url);
}

static void
connect_cb (DisEnrolPage *self)
{
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  g_autofree char *url = normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  g_autofree char *stripped_token = NULL;

  if (self->busy || self->client == NULL)
    return;

  clear_error_cb (self);

  if (*url == '\0')
    {
      show_form_error (self, self->url_row, _("Type the hub address given by the network administrator."));
      return;
    }

  stripped_token = g_strstrip (g_strdup (token));
  if (*stripped_token == '\0')
    {
      wipe (&stripped_token);
      show_form_error (self, self->token_row, _("Type the enrolment token given by the network administrator."));
      return;
    }

  g_free (self->hub_url);
  self->hub_url = g_steal_pointer (&url);
  wipe (&self->token);
  self->token = g_steal_pointer (&stripped_token);

  enrol (self, NULL);
}

static void
trust_cb (DisEnrolPage *self)
{
  if (self->busy || self->fingerprint == NULL || self->token == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->certificate_error_label), FALSE);
  enrol (self, self->fingerprint);
}

static void
cancel_certificate_cb (DisEnrolPage *self)
{
  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE);
  g_clear_pointer (&self->fingerprint, g_free);
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

static void
continue_cb (DisEnrolPage *self)
{
  g_signal_emit (self, signals[FINISHED], 0, TRUE);
}

static void
offline_cb (DisEnrolPage *self)
{
  if (self->busy || !self->allow_offline)
    return;

  dis_settings_set_offline_only (dis_settings_get_default (), TRUE);
  wipe (&self->token);
  g_signal_emit (self, signals[FINISHED], 0, FALSE);
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_enrol_page_dispose (GObject *object)
{
  DisEnrolPage *self = (DisEnrolPage *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_ENROL_PAGE);

  G_OBJECT_CLASS (dis_enrol_page_parent_class)->dispose (object);
}

static void
dis_enrol_page_finalize (GObject *object)
{
  DisEnrolPage *self = (DisEnrolPage *)object;

  wipe (&self->token);
  g_clear_pointer (&self->hub_url, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->error_details, g_free);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dis_enrol_page_parent_class)->finalize (object);
}

static void
dis_enrol_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DisEnrolPage *self = DIS_ENROL_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ALLOW_OFFLINE:
      g_value_set_boolean (value, self->allow_offline);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_enrol_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DisEnrolPage *self = DIS_ENROL_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      dis_enrol_page_set_client (self, g_value_get_object (value));
      break;

    case PROP_ALLOW_OFFLINE:
      dis_enrol_page_set_allow_offline (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_enrol_page_class_init (DisEnrolPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_enrol_page_dispose;
  object_class->finalize = dis_enrol_page_finalize;
  object_class->get_property = dis_enrol_page_get_property;
  object_class->set_property = dis_enrol_page_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         DIS_TYPE_SYNC_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ALLOW_OFFLINE] =
    g_param_spec_boolean ("allow-offline", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DisEnrolPage::finished:
   * @enrolled: TRUE after a successful enrolment, FALSE for "Work Offline"
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/shell/dis-enrol-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, token_row);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, offline_box);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, certificate_page);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, details_button);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, certificate_error_label);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, trust_button);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, done_label);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, done_hub_label);
  gtk_widget_class_bind_template_child (widget_class, DisEnrolPage, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, clear_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_cb);
  gtk_widget_class_bind_template_callback (widget_class, trust_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_certificate_cb);
  gtk_widget_class_bind_template_callback (widget_class, continue_cb);
  gtk_widget_class_bind_template_callback (widget_class, offline_cb);
  gtk_widget_class_bind_template_callback (widget_class, details_cb);
}

static void
dis_enrol_page_init (DisEnrolPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dis_ui_label_entry_row (self->token_row);

  self->allow_offline = TRUE;
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
dis_enrol_page_new (void)
{
  return g_object_new (DIS_TYPE_ENROL_PAGE, NULL);
}

void
dis_enrol_page_set_client (DisEnrolPage  *self,
                           DisSyncClient *client)
{
  g_return_if_fail (DIS_IS_ENROL_PAGE (self));
  g_return_if_fail (!client || DIS_IS_SYNC_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

void
dis_enrol_page_set_allow_offline (DisEnrolPage *self,
                                  gboolean      allow_offline)
{
  g_return_if_fail (DIS_IS_ENROL_PAGE (self));

  allow_offline = !!allow_offline;
  if (self->allow_offline == (guint) allow_offline)
    return;

  self->allow_offline = allow_offline;
  gtk_widget_set_visible (self->offline_box, allow_offline);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_OFFLINE]);
}

void
dis_enrol_page_reset (DisEnrolPage *self)
{
  g_return_if_fail (DIS_IS_ENROL_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE);
  wipe (&self->token);
  g_clear_pointer (&self->fingerprint, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  if (self->client != NULL && dis_sync_client_get_hub_url (self->client) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), dis_sync_client_get_hub_url (self->client));
  clear_error_cb (self);
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

void
dis_enrol_page_show_failure (DisEnrolPage *self,
                             const char   *hub_url,
                             const char   *token,
                             const GError *error)
{
  g_return_if_fail (DIS_IS_ENROL_PAGE (self));
  g_return_if_fail (error != NULL);

  dis_enrol_page_reset (self);

  g_free (self->hub_url);
  self->hub_url = g_strdup (hub_url);
  self->token = g_strdup (token);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), hub_url ? hub_url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), token ? token : "");

  if (g_error_matches (error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE) &&
      self->client != NULL &&
      dis_sync_client_get_offered_fingerprint (self->client) != NULL)
    {
      show_certificate (self, dis_sync_client_get_offered_fingerprint (self->client));
      return;
    }

  if (g_error_matches (error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_REVOKED))
    show_attempt_error (self, self->token_row, error);
  else
    show_attempt_error (self, self->url_row, error);
}
