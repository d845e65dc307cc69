/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-window"

#include "config.h"

#include "dis-settings.h"
#include "dis-window-private.h"

/* The idle lock: a till left signed in returns to the sign-in page. */

static gint64
idle_limit_usec (DisWindow *self)
{
  if (self->idle_lock_seconds > 0)
    return self->idle_lock_seconds * G_USEC_PER_SEC;

  return (gint64) dis_settings_get_idle_lock_minutes (dis_settings_get_default ()) * 60 * G_USEC_PER_SEC;
}

static void schedule (DisWindow *self);

static gboolean
idle_lock_cb (gpointer user_data)
{
  DisWindow *self = user_data;
  gint64 limit = idle_limit_usec (self);

  self->idle_source = 0;

  if (limit == 0 || !_dis_window_is_main (self))
    return G_SOURCE_REMOVE;

  if (g_get_monotonic_time () - self->last_activity >= limit)
    {
      g_debug ("Idle for %" G_GINT64_FORMAT " s, locking", limit / G_USEC_PER_SEC);
      dis_window_lock (self);
    }
  else
    schedule (self);

  return G_SOURCE_REMOVE;
}

/* One timer for the remaining time since the last activity, rather than
 * restarting a timer on every pointer motion. */
static void
schedule (DisWindow *self)
{
  gint64 limit = idle_limit_usec (self);
  gint64 remaining;

  if (self->idle_source != 0 || limit == 0 || !_dis_window_is_main (self))
    return;

  remaining = MAX (0, self->last_activity + limit - g_get_monotonic_time ());
  self->idle_source = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                          (guint) (remaining / 1000) + 1,
                                          idle_lock_cb, self, NULL);
}

void
_dis_window_idle_restart (DisWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
  g_clear_handle_id (&self->idle_source, g_source_remove);
  schedule (self);
}

void
_dis_window_idle_stop (DisWindow *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
}

static void
note_activity (DisWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
  schedule (self);
}

static gboolean
activity_key_cb (DisWindow             *self,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 GtkEventControllerKey *controller)
{
  note_activity (self);
  return GDK_EVENT_PROPAGATE;
}

void
_dis_window_idle_init (DisWindow *self)
{
  GtkEventController *controller;

  /* Capture phase: we only watch, whatever widget handles the event. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (activity_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (note_activity), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), 0);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (note_activity), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (dis_settings_get_default (), "notify::idle-lock-minutes",
                           G_CALLBACK (_dis_window_idle_restart), self,
                           G_CONNECT_SWAPPED);

  self->last_activity = g_get_monotonic_time ();
}

void
dis_window_set_idle_lock_seconds (DisWindow *self,
                                  guint      seconds)
{
  g_return_if_fail (DIS_IS_WINDOW (self));

  self->idle_lock_seconds = seconds;
  _dis_window_idle_restart (self);
}
