/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-operators-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-operators-dialog.h"

struct _DisOperatorsDialog
{
  AdwPreferencesWindow  parent_instance;

  DisStore             *store;
  DisOperator          *acting;
  GCancellable         *cancellable;
  GPtrArray            *rows;

  AdwPreferencesGroup  *operators_group;
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

static void
toast (DisOperatorsDialog *self,
       const char         *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void dis_operators_dialog_reload (DisOperatorsDialog *self);

/* ---- Activating and deactivating ---------------------------------------- */

static void active_changed_cb (DisOperatorsDialog *self,
                               GParamSpec         *pspec,
                               GtkSwitch          *toggle);

static void
set_active_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DisOperatorsDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dis_store_set_operator_active_finish (DIS_STORE (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      message = g_strdup_printf (_("Could not change the operator: %s"), error->message);
      toast (self, message);
      dis_operators_dialog_reload (self);
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0);
  dis_operators_dialog_reload (self);
}

static void
active_changed_cb (DisOperatorsDialog *self,
                   GParamSpec         *pspec,
                   GtkSwitch          *toggle)
{
  DisOperator *operator = g_object_get_data (G_OBJECT (toggle), "operator");

  g_assert (DIS_IS_OPERATOR (operator));

  gtk_widget_set_sensitive (GTK_WIDGET (toggle), FALSE);
  dis_store_set_operator_active_async (self->store, self->acting, dis_operator_get_id (operator),
                                       gtk_switch_get_active (toggle), self->cancellable,
                                       set_active_done_cb, g_object_ref (self));
}

/* ---- The add / change-PIN form ------------------------------------------ */

typedef struct
{
  DisOperatorsDialog *self;
  gint64              operator_id;   /* 0 when adding */
  AdwEntryRow        *name;
  AdwComboRow        *role;
  AdwEntryRow        *pin;
  AdwEntryRow        *repeat;
  GtkLabel           *hint;
} Form;

static void
label_delegate (AdwEntryRow *row)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  if (delegate != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                    -1);
}

static AdwEntryRow *
add_entry_row (GtkListBox *list,
               gboolean    password,
               const char *title)
{
  GtkWidget *row = password ? adw_password_entry_row_new () : adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  if (password)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PIN);
  gtk_list_box_append (list, row);
  label_delegate (ADW_ENTRY_ROW (row));

  return ADW_ENTRY_ROW (row);
}

/* Returns the reason the form cannot be sent, or NULL. */
static const char *
form_problem (Form *form)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (form->pin));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (form->repeat));

  if (form->name != NULL)
    {
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->name))));

      if (name[0] == '\0')
        return _("Type the operator’s name.");
    }

  if (!dis_pin_is_well_formed (pin))
    return _("The PIN must be 4 to 8 digits.");

  if (g_strcmp0 (pin, repeat) != 0)
    return _("The two PINs are different.");

  return NULL;
}

static void
form_changed_cb (AdwMessageDialog *dialog)
{
  Form *form = g_object_get_data (G_OBJECT (dialog), "form");
  const char *problem = form_problem (form);

  gtk_label_set_label (form->hint, problem ? problem : "");
  adw_message_dialog_set_response_enabled (dialog, "apply", problem == NULL);
}

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
  g_object_unref (reply->self);
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

  reply->self = g_object_ref (self);
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
  g_autofree char *message = NULL;
  gboolean adding = reply->adding;
  const char *name = reply->name;
  g_autoptr(DisOperator) created = NULL;
  gboolean done;

  if (adding)
    {
      created = dis_store_create_operator_finish (DIS_STORE (object), result, &error);
      done = created != NULL;
    }
  else
    done = dis_store_set_operator_pin_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!done)
    {
      if (adding)
        message = g_strdup_printf (_("Could not add the operator: %s"), error->message);
      else
        message = g_strdup_printf (_("Could not change the PIN: %s"), error->message);
      toast (self, message);
      return;
    }

  if (adding)
    message = g_strdup_printf (_("“%s” can now sign in"), name);
  else
    message = g_strdup_printf (_("The PIN of “%s” was changed"), name);

  toast (self, message);
  g_signal_emit (self, signals[CHANGED], 0);
  dis_operators_dialog_reload (self);
}

static void
form_response_cb (AdwMessageDialog *dialog,
                  const char       *response)
{
  Form *form = g_object_get_data (G_OBJECT (dialog), "form");
  DisOperatorsDialog *self = form->self;
  const char *pin;

  /* libadwaita 1.2's AdwEntryRow crashes when destroyed while focused
   * (it was, when Enter chose the default response). */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);

  if (!g_str_equal (response, "apply") || form_problem (form) != NULL)
    return;

  pin = gtk_editable_get_text (GTK_EDITABLE (form->pin));

  if (form->name != NULL)
    {
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->name))));

      dis_store_create_operator_async (self->store, self->acting, name, pin,
                                       (DisRole)adw_combo_row_get_selected (form->role),
                                       self->cancellable, form_done_cb, reply_new (self, name, TRUE));
    }
  else
    {
      const char *name = g_object_get_data (G_OBJECT (dialog), "operator-name");

      dis_store_set_operator_pin_async (self->store, self->acting, form->operator_id, pin,
                                        self->cancellable, form_done_cb, reply_new (self, name, FALSE));
    }
}

/* @operator NULL: add a new operator; otherwise change its PIN. */
static void
present_form (DisOperatorsDialog *self,
              DisOperator        *operator)
{
  AdwMessageDialog *dialog;
  GtkListBox *list;
  GtkWidget *box;
  Form *form;

  form = g_new0 (Form, 1);
  form->self = self;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (list), "boxed-list");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (list));

  if (operator == NULL)
    {
      g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

      /* Positions match DisRole. */
      gtk_string_list_append (roles, dis_role_get_name (DIS_ROLE_VOLONTARIO));
      gtk_string_list_append (roles, dis_role_get_name (DIS_ROLE_RESPONSABILE));
      gtk_string_list_append (roles, dis_role_get_name (DIS_ROLE_COORDINATORE));

      form->name = add_entry_row (list, FALSE, _("Name"));
      form->role = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->role), _("Role"));
      adw_combo_row_set_model (form->role, G_LIST_MODEL (roles));
      adw_combo_row_set_selected (form->role, DIS_ROLE_VOLONTARIO);
      gtk_list_box_append (list, GTK_WIDGET (form->role));
    }
  else
    form->operator_id = dis_operator_get_id (operator);

  form->pin = add_entry_row (list, TRUE, _("PIN"));
  form->repeat = add_entry_row (list, TRUE, _("Repeat PIN"));

  form->hint = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->hint, TRUE);
  gtk_label_set_xalign (form->hint, 0);
  gtk_widget_add_css_class (GTK_WIDGET (form->hint), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form->hint));

  if (operator == NULL)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Add Operator"),
                                                           _("The new operator signs in with this PIN.")));
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Cancel"),
                                        "apply", _("_Add"),
                                        NULL);
    }
  else
    {
      g_autofree char *body = g_strdup_printf (_("Choose the new PIN of “%s”."),
                                               dis_operator_get_name (operator));

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Change PIN"), body));
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Cancel"),
                                        "apply", _("_Change PIN"),
                                        NULL);
      g_object_set_data_full (G_OBJECT (dialog), "operator-name",
                              g_strdup (dis_operator_get_name (operator)), g_free);
    }

  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "apply");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data_full (G_OBJECT (dialog), "form", form, g_free);

  if (form->name != NULL)
    g_signal_connect_swapped (form->name, "changed", G_CALLBACK (form_changed_cb), dialog);
  g_signal_connect_swapped (form->pin, "changed", G_CALLBACK (form_changed_cb), dialog);
  g_signal_connect_swapped (form->repeat, "changed", G_CALLBACK (form_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (form_response_cb), NULL);

  form_changed_cb (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (form->name ? form->name : form->pin));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  present_form (DIS_OPERATORS_DIALOG (widget), NULL);
}

static void
change_pin_clicked_cb (DisOperatorsDialog *self,
                       GtkButton          *button)
{
  present_form (self, g_object_get_data (G_OBJECT (button), "operator"));
}

/* ---- The list ----------------------------------------------------------- */

static GtkWidget *
create_row (DisOperatorsDialog *self,
            DisOperator        *operator)
{
  GtkWidget *row;
  GtkWidget *button;
  GtkWidget *toggle;
  g_autofree char *subtitle = NULL;
  gboolean active = dis_operator_get_active (operator);
  gboolean is_me = dis_operator_get_id (operator) == dis_operator_get_id (self->acting);

  if (active)
    subtitle = g_strdup (dis_role_get_name (dis_operator_get_role (operator)));
  else
    /* Translators: role, then a state, e.g. "Volontario — inactive" */
    subtitle = g_strdup_printf (_("%s — inactive"), dis_role_get_name (dis_operator_get_role (operator)));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dis_operator_get_name (operator));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             adw_avatar_new (32, dis_operator_get_name (operator), TRUE));

  button = gtk_button_new_from_icon_name ("dialog-password-symbolic");
  gtk_widget_set_tooltip_text (button, _("Change PIN"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Change PIN"),
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "operator", g_object_ref (operator), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (change_pin_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  toggle = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Active"),
                                  -1);
  /* Nobody locks themselves out. */
  gtk_widget_set_sensitive (toggle, !is_me);
  if (is_me)
    gtk_widget_set_tooltip_text (toggle, _("You cannot deactivate yourself"));
  g_object_set_data_full (G_OBJECT (toggle), "operator", g_object_ref (operator), g_object_unref);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (active_changed_cb),
                           self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);

  return row;
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DisOperatorsDialog) self = user_data;
  g_autoptr(GPtrArray) operators = NULL;
  g_autoptr(GError) error = NULL;

  operators = dis_store_list_operators_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->operators_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (operators == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The operators could not be read: %s"), error->message);

      toast (self, message);
      return;
    }

  for (guint i = 0; i < operators->len; i++)
    {
      GtkWidget *row = create_row (self, g_ptr_array_index (operators, i));

      adw_preferences_group_add (self->operators_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
dis_operators_dialog_reload (DisOperatorsDialog *self)
{
  dis_store_list_operators_async (self->store, self->cancellable, list_done_cb, g_object_ref (self));
}

/* ---- GObject ---------------------------------------------------------- */

static void
dis_operators_dialog_constructed (GObject *object)
{
  DisOperatorsDialog *self = (DisOperatorsDialog *)object;

  G_OBJECT_CLASS (dis_operators_dialog_parent_class)->constructed (object);

  g_return_if_fail (DIS_IS_STORE (self->store));
  g_return_if_fail (DIS_IS_OPERATOR (self->acting));

  dis_operators_dialog_reload (self);
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
  g_clear_pointer (&self->rows, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, DisOperatorsDialog, operators_group);

  gtk_widget_class_install_action (widget_class, "operators.add", NULL, add_action);
}

static void
dis_operators_dialog_init (DisOperatorsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
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
