/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-operators-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-operator-form.h"
#include "dis-operator-list.h"
#include "dis-operator-row.h"
#include "dis-operators-dialog.h"
#include "dis-ui.h"

struct _DisOperatorsDialog
{
  AdwPreferencesWindow  parent_instance;

  DisStore             *store;
  DisOperator          *acting;
  GCancellable         *cancellable;
  DisOperatorList      *operators;

  GtkListBox           *operators_list;
};

G_DEFINE_FINAL_TYPE (DisOperatorsDialog, dis_operators_dialog, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ACTING,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define TRY_AGAIN N_("Try again; if it fails again, restart the till.")

/* The replies of the store do not keep the dialog: gtk_window_destroy()
 * only drops GTK's reference, and a dialog kept alive would outlive the
 * window it is over. Closing cancels what is on its way (dispose), and
 * every reply checks for that before touching the dialog. */

/* ---- The list ----------------------------------------------------------- */

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  DisOperatorsDialog *self = user_data;

  return dis_operator_row_new (item, self->acting);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DisOperatorsDialog *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dis_operator_list_load_finish (DIS_OPERATOR_LIST (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    dis_ui_show_error (GTK_WIDGET (self),
                       _("The operators could not be read. Close this window and open it again; "
                         "if it happens again, restart the till."),
                       error);
}

static void
reload (DisOperatorsDialog *self)
{
  dis_operator_list_load_async (self->operators, self->store, self->cancellable,
                                load_done_cb, self);
}

/* ---- Activating and deactivating ---------------------------------------- */

static void
set_active_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DisOperatorsDialog *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dis_store_set_operator_active_finish (DIS_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      dis_ui_show_failure (GTK_WIDGET (self), _("The operator was not changed."), _(TRY_AGAIN), error);
    }
  else
    g_signal_emit (self, signals[CHANGED], 0);

  /* Either way the rows show what the store holds now. */
  reload (self);
}

static void
set_active_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DisOperatorsDialog *self = DIS_OPERATORS_DIALOG (widget);
  gint64 id;
  gboolean active;

  g_variant_get (param, "(xb)", &id, &active);
  dis_store_set_operator_active_async (self->store, self->acting, id, active, self->cancellable,
                                       set_active_done_cb, self);
}

/* ---- Adding and changing PINs ------------------------------------------- */

/* What the reply needs to word its toast. */
typedef struct
{
  DisOperatorsDialog *self;
  char               *name;
  gboolean            adding;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->name);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static Reply *
reply_new (DisOperatorsDialog *self,
           const char         *name,
           gboolean            adding)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->self = self;
  reply->name = g_strdup (name);
  reply->adding = adding;
  return reply;
}

static void
form_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  DisOperatorsDialog *self = reply->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(DisOperator) created = NULL;
  g_autofree char *message = NULL;
  gboolean done;

  if (reply->adding)
    done = (created = dis_store_create_operator_finish (DIS_STORE (object), result, &error)) != NULL;
  else
    done = dis_store_set_operator_pin_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!done)
    {
      dis_ui_show_failure (GTK_WIDGET (self),
                           reply->adding ? _("The operator was not added.") : _("The PIN was not changed."),
                           _(TRY_AGAIN), error);
      return;
    }

  if (reply->adding)
    message = g_strdup_printf (_("“%s” can now sign in"), reply->name);
  else
    message = g_strdup_printf (_("The PIN of “%s” was changed"), reply->name);

  dis_ui_message (GTK_WIDGET (self), message);
  g_signal_emit (self, signals[CHANGED], 0);
  reload (self);
}

static void
form_response_cb (DisOperatorsDialog *self,
                  const char         *response,
                  DisOperatorForm    *form)
{
  DisOperator *operator = dis_operator_form_get_operator (form);
  const char *pin = dis_operator_form_get_pin (form);

  if (!g_str_equal (response, "apply"))
    return;

  if (operator == NULL)
    {
      g_autofree char *name = dis_operator_form_dup_name (form);

      dis_store_create_operator_async (self->store, self->acting, name, pin,
                                       dis_operator_form_get_role (form), self->cancellable,
                                       form_done_cb, reply_new (self, name, TRUE));
    }
  else
    dis_store_set_operator_pin_async (self->store, self->acting, dis_operator_get_id (operator), pin,
                                      self->cancellable, form_done_cb,
                                      reply_new (self, dis_operator_get_name (operator), FALSE));
}

/* @operator NULL: add a new operator; otherwise change its PIN. */
static void
present_form (DisOperatorsDialog *self,
              DisOperator        *operator)
{
  GtkWidget *form = dis_operator_form_new (GTK_WINDOW (self), operator);

  g_signal_connect_object (form, "response", G_CALLBACK (form_response_cb),
                           self, G_CONNECT_SWAPPED);
  /* Back to this window, keyboard included: Esc closes it next. Without
   * a window manager (a kiosk till) nothing else gives the focus back. */
  g_signal_connect_object (form, "destroy", G_CALLBACK (gtk_window_present),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (form));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  present_form (DIS_OPERATORS_DIALOG (widget), NULL);
}

static void
change_pin_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DisOperatorsDialog *self = DIS_OPERATORS_DIALOG (widget);
  DisOperator *operator = dis_operator_list_find (self->operators, g_variant_get_int64 (param));

  if (operator != NULL)
    present_form (self, operator);
}

/* ---- GObject ---------------------------------------------------------- */

static void
dis_operators_dialog_constructed (GObject *object)
{
  DisOperatorsDialog *self = (DisOperatorsDialog *)object;

  G_OBJECT_CLASS (dis_operators_dialog_parent_class)->constructed (object);

  g_return_if_fail (DIS_IS_STORE (self->store));
  g_return_if_fail (DIS_IS_OPERATOR (self->acting));

  gtk_list_box_bind_model (self->operators_list, G_LIST_MODEL (self->operators),
                           create_row, self, NULL);
  reload (self);
}

static void
dis_operators_dialog_dispose (GObject *object)
{
  DisOperatorsDialog *self = (DisOperatorsDialog *)object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (dis_operators_dialog_parent_class)->dispose (object);
}

static void
dis_operators_dialog_finalize (GObject *object)
{
  DisOperatorsDialog *self = (DisOperatorsDialog *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->acting);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->operators);

  G_OBJECT_CLASS (dis_operators_dialog_parent_class)->finalize (object);
}

static void
dis_operators_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DisOperatorsDialog *self = DIS_OPERATORS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;

    case PROP_ACTING:
      g_set_object (&self->acting, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_operators_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DisOperatorsDialog *self = DIS_OPERATORS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ACTING:
      g_value_set_object (value, self->acting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_operators_dialog_class_init (DisOperatorsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_operators_dialog_constructed;
  object_class->dispose = dis_operators_dialog_dispose;
  object_class->finalize = dis_operators_dialog_finalize;
  object_class->set_property = dis_operators_dialog_set_property;
  object_class->get_property = dis_operators_dialog_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIS_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACTING] =
    g_param_spec_object ("acting", NULL, NULL,
                         DIS_TYPE_OPERATOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DisOperatorsDialog::changed:
   *
   * An operator was added, (de)activated or got a new PIN.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/shell/dis-operators-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisOperatorsDialog, operators_list);

  gtk_widget_class_install_action (widget_class, "operators.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "operators.change-pin", "x", change_pin_action);
  gtk_widget_class_install_action (widget_class, "operators.set-active", "(xb)", set_active_action);
}

static void
dis_operators_dialog_init (DisOperatorsDialog *self)
{
  GtkEventController *escape;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Esc closes the window whatever has the focus: caught before the
   * widgets see it (a toast shown kept the window's own Esc from it). */
  escape = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (escape, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (escape),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (GTK_WIDGET (self), escape);

  self->cancellable = g_cancellable_new ();
  self->operators = dis_operator_list_new ();
}

GtkWidget *
dis_operators_dialog_new (GtkWindow   *parent,
                          DisStore    *store,
                          DisOperator *acting)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (DIS_IS_OPERATOR (acting), NULL);

  return g_object_new (DIS_TYPE_OPERATORS_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       "acting", acting,
                       NULL);
}
