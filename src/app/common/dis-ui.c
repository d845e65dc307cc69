/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-ui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dis-ui.h"

#define MESSAGE_TIMEOUT_SECONDS 4

GtkWindow *
dis_ui_get_parent_window (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The first toast overlay inside @widget, depth first. */
static AdwToastOverlay *
find_overlay_below (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return ADW_TOAST_OVERLAY (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *overlay = find_overlay_below (child);

      if (overlay != NULL)
        return overlay;
    }

  return NULL;
}

static gboolean
add_to_window (GtkWindow *window,
               AdwToast  *toast)
{
  AdwToastOverlay *overlay;

  if (ADW_IS_PREFERENCES_WINDOW (window))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), toast);
      return TRUE;
    }

  overlay = find_overlay_below (GTK_WIDGET (window));
  if (overlay == NULL)
    return FALSE;

  adw_toast_overlay_add_toast (overlay, toast);
  return TRUE;
}

void
dis_ui_toast (GtkWidget *widget,
              AdwToast  *toast)
{
  g_autoptr(AdwToast) owned = toast;
  GtkWidget *overlay;
  GtkWindow *window;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_steal_pointer (&owned));
      return;
    }

  /* A dialog without an overlay of its own shows its toasts in the window
   * it belongs to. */
  for (window = dis_ui_get_parent_window (widget);
       window != NULL;
       window = gtk_window_get_transient_for (window))
    {
      if (add_to_window (window, owned))
        {
          g_steal_pointer (&owned);
          return;
        }
    }

  g_debug ("No toast overlay for “%s”", adw_toast_get_title (toast));
}

/* libadwaita 1.2 reads a toast's title as Pango markup (a member called
 * "Rossi & figli" would not show at all) and cuts it to one line (the
 * second half of a sentence saying what to do would be lost): the text
 * goes in a label of its own that wraps. */
static AdwToast *
toast_new_plain (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  adw_toast_set_custom_title (toast, label);

  return toast;
}

static void
show_message (GtkWidget       *widget,
              const char      *message,
              AdwToastPriority priority)
{
  AdwToast *toast = toast_new_plain (message);

  adw_toast_set_priority (toast, priority);
  adw_toast_set_timeout (toast, MESSAGE_TIMEOUT_SECONDS);
  dis_ui_toast (widget, toast);
}

void
dis_ui_message (GtkWidget  *widget,
                const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  show_message (widget, message, ADW_TOAST_PRIORITY_NORMAL);
}

void
dis_ui_warning (GtkWidget  *widget,
                const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  show_message (widget, message, ADW_TOAST_PRIORITY_HIGH);
}

#define ERROR_TIMEOUT_SECONDS 8

typedef struct
{
  char      *sentence;
  char      *details;
  GtkWindow *parent;   /* weak */
} Details;

static void
details_free (gpointer  data,
              GClosure *closure)
{
  Details *d = data;

  g_clear_weak_pointer (&d->parent);
  g_free (d->sentence);
  g_free (d->details);
  g_free (d);
}

static void
present_details (GtkWindow  *parent,
                 const char *sentence,
                 const char *details)
{
  GtkWidget *dialog;

  /* The heading and body of a message dialog are plain text. */
  dialog = adw_message_dialog_new (parent, sentence, details);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
dis_ui_show_details (GtkWidget  *widget,
                     const char *sentence,
                     const char *details)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (sentence != NULL);

  present_details (dis_ui_get_parent_window (widget), sentence, details);
}

static void
show_details (AdwToast *toast,
              Details  *d)
{
  present_details (d->parent, d->sentence, d->details);
}

void
dis_ui_show_error (GtkWidget    *widget,
                   const char   *sentence,
                   const GError *error)
{
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (sentence != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  toast = toast_new_plain (sentence);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, ERROR_TIMEOUT_SECONDS);
  if (error != NULL)
    {
      Details *d = g_new0 (Details, 1);

      g_message ("%s (%s)", sentence, error->message);
      d->sentence = g_strdup (sentence);
      d->details = g_strdup (error->message);
      g_set_weak_pointer (&d->parent, dis_ui_get_parent_window (widget));
      adw_toast_set_button_label (toast, _("_Details"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (show_details),
                             d, details_free, 0);
    }
  dis_ui_toast (widget, toast);
}

void
dis_ui_show_failure (GtkWidget    *widget,
                     const char   *what_failed,
                     const char   *what_to_do,
                     const GError *error)
{
  g_autofree char *sentence = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (what_failed != NULL && what_to_do != NULL);
  g_return_if_fail (error != NULL);

  if (error->domain == DIS_ERROR && error->code != DIS_ERROR_DATABASE)
    {
      gsize len = strlen (error->message);
      gboolean stop = len > 0 && strchr (".!?", error->message[len - 1]) != NULL;

      /* Translators: what failed, then why, e.g. "The operator was not
       * added. There is already an operator called Bruno." */
      AdwToast *toast;

      sentence = g_strdup_printf (stop ? _("%s %s") : _("%s %s."), what_failed, error->message);
      toast = toast_new_plain (sentence);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, ERROR_TIMEOUT_SECONDS);
      dis_ui_toast (widget, toast);
      return;
    }

  /* Translators: what failed, then what to do */
  sentence = g_strdup_printf (_("%s %s"), what_failed, what_to_do);
  dis_ui_show_error (widget, sentence, error);
}

/* The eye that shows a secret: GTK and libadwaita draw it with the
 * "view-reveal"/"view-conceal" icons, as an image or a button's image. */
static gboolean
is_peek_icon (GtkWidget *widget)
{
  const char *icon = NULL;

  if (GTK_IS_IMAGE (widget))
    icon = gtk_image_get_icon_name (GTK_IMAGE (widget));
  else if (GTK_IS_BUTTON (widget))
    icon = gtk_button_get_icon_name (GTK_BUTTON (widget));

  return icon != NULL && g_str_has_prefix (icon, "view-");
}

static GtkWidget *
find_peek_icon (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *peek = is_peek_icon (child) ? child : find_peek_icon (child);

      if (peek != NULL)
        return peek;
    }

  return NULL;
}

static void
label_peek_icon (GtkWidget  *peek,
                 const char *secret)
{
  g_autofree char *label = NULL;

  /* Tab goes from the secret to the next field: the eye is for the
   * pointer, Enter on it showed the PIN to whoever stood behind. */
  gtk_widget_set_focusable (peek, FALSE);
  gtk_widget_set_focus_on_click (peek, FALSE);

  /* Translators: the name a screen reader says for the eye next to a
   * secret; %s is the secret's field ("PIN") */
  label = g_strdup_printf (_("Show or Hide %s"), secret);
  gtk_accessible_update_property (GTK_ACCESSIBLE (peek), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
dis_ui_label_entry_row (AdwEntryRow *row)
{
  GtkEditable *delegate;
  const char *title;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));
  if (delegate != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    -1);

  if (ADW_IS_PASSWORD_ENTRY_ROW (row))
    {
      GtkWidget *peek = find_peek_icon (GTK_WIDGET (row));

      g_return_if_fail (peek != NULL);
      label_peek_icon (peek, title);
    }
}

void
dis_ui_label_password_entry (GtkPasswordEntry *entry,
                             const char       *secret)
{
  GtkWidget *peek;

  g_return_if_fail (GTK_IS_PASSWORD_ENTRY (entry));
  g_return_if_fail (secret != NULL);

  peek = find_peek_icon (GTK_WIDGET (entry));
  if (peek != NULL)
    label_peek_icon (peek, secret);
}

void
dis_ui_search_escape (GtkSearchEntry *entry)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_SEARCH_ENTRY (entry));

  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      return;
    }
  root = gtk_widget_get_root (GTK_WIDGET (entry));
  if (GTK_IS_WINDOW (root))
    gtk_window_close (GTK_WINDOW (root));
}

void
dis_ui_close_popovers (GtkWidget *widget)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_POPOVER (widget) && gtk_widget_get_visible (widget))
    gtk_popover_popdown (GTK_POPOVER (widget));

  /* A popover's "closed" may take a child away: the walk ends there. */
  child = gtk_widget_get_first_child (widget);
  while (child != NULL)
    {
      g_autoptr(GtkWidget) held = g_object_ref (child);

      dis_ui_close_popovers (held);
      child = gtk_widget_get_next_sibling (held);
    }
}

gpointer
dis_ui_weak_new (gpointer object)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);

  g_weak_ref_init (weak, object);
  return weak;
}

gpointer
dis_ui_weak_take (gpointer weak)
{
  gpointer object;

  g_return_val_if_fail (weak != NULL, NULL);

  object = g_weak_ref_get (weak);
  g_weak_ref_clear (weak);
  g_free (weak);
  return object;
}
