/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sync-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-sync-popover.h"

struct _DisSyncPopover
{
  GtkPopover  parent_instance;

  GtkImage   *state_image;
  GtkLabel   *state_label;
  GtkLabel   *detail_label;
  GtkLabel   *pending_label;
  GtkLabel   *last_success_label;
  GtkLabel   *error_caption;
  GtkLabel   *error_label;
  GtkLabel   *hub_caption;
  GtkLabel   *hub_label;
  GtkLabel   *unapplied_caption;
  GtkLabel   *unapplied_label;
  GtkWidget  *dead_letters_box;
  GtkButton  *dead_letters_button;
  GtkLabel   *dead_letters_label;
};

G_DEFINE_FINAL_TYPE (DisSyncPopover, dis_sync_popover, GTK_TYPE_POPOVER)

char *
dis_sync_format_ago (gint64 unix_time,
                     gint64 now)
{
  gint64 seconds = MAX (0, now - unix_time);
  gint64 n;

  if (seconds < 60)
    return g_strdup (_("just now"));

  if (seconds < 60 * 60)
    {
      n = seconds / 60;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d minute ago", "%d minutes ago", (gulong) n),
                              (int) n);
    }

  if (seconds < 24 * 60 * 60)
    {
      n = seconds / (60 * 60);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d hour ago", "%d hours ago", (gulong) n),
                              (int) n);
    }

  n = MIN (seconds / (24 * 60 * 60), G_MAXINT);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%d day ago", "%d days ago", (gulong) n),
                          (int) n);
}

static const char *
describe_state (DisSyncState state)
{
  switch (state)
    {
    case DIS_SYNC_STATE_SYNCED:
      return _("Every sale of this till has reached the hub.");
    case DIS_SYNC_STATE_SYNCING:
      return _("Exchanging sales and catalog changes with the hub.");
    case DIS_SYNC_STATE_OFFLINE:
      return _("The hub cannot be reached. The till keeps working and "
               "sends everything as soon as the hub answers again.");
    case DIS_SYNC_STATE_ERROR:
      return _("The hub refused this till: ask the network administrator. "
               "Sales are kept on this till.");
    case DIS_SYNC_STATE_NOT_ENROLLED:
    default:
      return _("This till is not connected to a hub: its sales stay on this computer. "
               "A point manager can connect it in the preferences.");
    }
}

/* Changes from the hub this till could not apply are kept and tried
 * again at every pull; until then they are shown, each with its reason,
 * never skipped in silence (issue 9, item 11). */
static void
update_unapplied (DisSyncPopover *self,
                  DisSyncClient  *client)
{
  gint64 n = client ? dis_sync_client_get_unapplied_changes (client) : 0;
  const char * const *reasons = client ? dis_sync_client_get_unapplied_reasons (client) : NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *count = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->unapplied_caption), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->unapplied_label), n > 0);
  if (n <= 0)
    return;

  count = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  text = g_string_new (NULL);
  /* Translators: %s is a number of changes */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "%s change from the hub, tried again at every sync:",
                                             "%s changes from the hub, tried again at every sync:",
                                             (gulong) MIN (n, G_MAXLONG)),
                          count);
  for (guint i = 0; reasons != NULL && reasons[i] != NULL; i++)
    g_string_append_printf (text, "\n• %s", reasons[i]);
  gtk_label_set_label (self->unapplied_label, text->str);
}

void
dis_sync_popover_update (DisSyncPopover *self,
                         DisSyncClient  *client,
                         const char     *icon_name,
                         const char     *summary,
                         gboolean        can_manage)
{
  DisSyncState state = client ? dis_sync_client_get_state (client) : DIS_SYNC_STATE_NOT_ENROLLED;
  gint64 pending = client ? dis_sync_client_get_pending_events (client) : 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 oldest = client ? dis_sync_client_get_oldest_pending (client) : 0;
  gint64 last_success = client ? dis_sync_client_get_last_success (client) : 0;
  gint64 dead = client ? dis_sync_client_get_dead_letters (client) : 0;
  const char *error = client ? dis_sync_client_get_last_error (client) : NULL;
  const char *hub_url = client ? dis_sync_client_get_hub_url (client) : NULL;
  gboolean enrolled = state != DIS_SYNC_STATE_NOT_ENROLLED;
  g_autofree char *pending_text = NULL;
  g_autofree char *last_text = NULL;
  g_autofree char *n_pending = g_strdup_printf ("%" G_GINT64_FORMAT, pending);
  g_autofree char *n_dead = g_strdup_printf ("%" G_GINT64_FORMAT, dead);

  g_return_if_fail (DIS_IS_SYNC_POPOVER (self));
  g_return_if_fail (!client || DIS_IS_SYNC_CLIENT (client));

  gtk_image_set_from_icon_name (self->state_image, icon_name);
  gtk_label_set_label (self->state_label, summary);
  gtk_label_set_label (self->detail_label, describe_state (state));

  if (pending <= 0)
    pending_text = g_strdup (_("Nothing"));
  else if (oldest > 0)
    {
      g_autofree char *ago = dis_sync_format_ago (oldest, now);

      /* Translators: "3 events, the oldest from 12 minutes ago" */
      pending_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s event, from %s",
                                                   "%s events, the oldest from %s",
                                                   (gulong) pending),
                                      n_pending, ago);
    }
  else
    pending_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s event", "%s events",
                                                 (gulong) pending),
                                    n_pending);
  gtk_label_set_label (self->pending_label, pending_text);

  if (!enrolled)
    last_text = g_strdup (_("Not connected to a hub"));
  else if (last_success > 0)
    last_text = dis_sync_format_ago (last_success, now);
  else
    last_text = g_strdup (_("Never"));
  gtk_label_set_label (self->last_success_label, last_text);

  gtk_label_set_label (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL && *error != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->error_caption), error != NULL && *error != '\0');

  gtk_label_set_label (self->hub_label, hub_url ? hub_url : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hub_label), hub_url != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->hub_caption), hub_url != NULL);

  if (dead > 0)
    {
      g_autofree char *text =
        /* Translators: %s is a number of events */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%s event rejected by the hub…",
                                      "%s events rejected by the hub…",
                                      (gulong) dead),
                         n_dead);

      gtk_label_set_label (self->dead_letters_label, text);
    }
  /* The button too: whoever may not act on them does not see them. */
  gtk_widget_set_visible (self->dead_letters_box, dead > 0 && can_manage);
  gtk_widget_set_visible (GTK_WIDGET (self->dead_letters_button), dead > 0 && can_manage);

  update_unapplied (self, client);
}

static void
dis_sync_popover_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_SYNC_POPOVER);

  G_OBJECT_CLASS (dis_sync_popover_parent_class)->dispose (object);
}

static void
dis_sync_popover_class_init (DisSyncPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_sync_popover_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/sync/dis-sync-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, state_image);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, state_label);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, detail_label);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, pending_label);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, last_success_label);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, error_caption);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, error_label);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, hub_caption);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, hub_label);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, unapplied_caption);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, unapplied_label);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, dead_letters_box);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, dead_letters_button);
  gtk_widget_class_bind_template_child (widget_class, DisSyncPopover, dead_letters_label);
}

static void
dis_sync_popover_init (DisSyncPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_sync_popover_new (void)
{
  return g_object_new (DIS_TYPE_SYNC_POPOVER, NULL);
}
