/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-parked-carts-button"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-parked-cart-row.h"
#include "dis-parked-carts-button.h"
#include "dis-ui.h"

struct _DisParkedCartsButton
{
  GtkWidget      parent_instance;

  DisStore      *store;
  GListStore    *parked;        /* DisParkedCart, as the store answered last */
  GCancellable  *cancellable;
  /* The list was opened: focus its first row once it is read. */
  guint          focus_pending : 1;

  GtkMenuButton *button;
  GtkLabel      *count_label;
  GtkPopover    *popover;
  GtkStack      *stack;
  GtkListBox    *list;
};

G_DEFINE_FINAL_TYPE (DisParkedCartsButton, dis_parked_carts_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  RESUME,
  CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_parked_changed (DisParkedCartsButton *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->parked));

  if (n > 0)
    {
      g_autofree char *count = g_strdup_printf ("%u", n);

      gtk_label_set_label (self->count_label, count);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), n > 0);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
list_parked_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  /* Held weakly: closing the window must not keep the button, and its
   * popover, alive until the store answers. */
  g_autoptr(DisParkedCartsButton) self = dis_ui_weak_take (user_data);
  g_autoptr(GPtrArray) parked = NULL;
  g_autoptr(GError) error = NULL;

  parked = dis_store_list_parked_carts_finish (DIS_STORE (object), result, &error);

  /* Gone with its window: the next one reads the list again. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (parked == NULL)
    {
      /* The count and the list stay as they were, and may be old: say
       * so rather than let them pass for true. Opening the list asks
       * again. */
      self->focus_pending = FALSE;
      dis_ui_show_error (GTK_WIDGET (self),
                         _("The parked carts could not be read. Try again; if it fails again, restart the till."),
                         error);
      return;
    }

  g_list_store_splice (self->parked, 0, g_list_model_get_n_items (G_LIST_MODEL (self->parked)),
                       parked->pdata, parked->len);

  if (self->focus_pending && gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list, 0);

      if (first != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (first));
    }
  self->focus_pending = FALSE;
}

void
dis_parked_carts_button_refresh (DisParkedCartsButton *self)
{
  g_return_if_fail (DIS_IS_PARKED_CARTS_BUTTON (self));

  if (self->store == NULL)
    return;

  dis_store_list_parked_carts_async (self->store, self->cancellable, list_parked_cb,
                                     dis_ui_weak_new (self));
}

static void
on_popover_show (DisParkedCartsButton *self)
{
  self->focus_pending = TRUE;
  dis_parked_carts_button_refresh (self);
}

static void
on_popover_closed (DisParkedCartsButton *self)
{
  self->focus_pending = FALSE;
  g_signal_emit (self, signals[CLOSED], 0);
}

static void
on_row_activated (DisParkedCartsButton *self,
                  GtkListBoxRow        *row)
{
  g_autoptr(DisParkedCart) parked = g_object_ref (dis_parked_cart_row_get_parked_cart (DIS_PARKED_CART_ROW (row)));

  gtk_popover_popdown (self->popover);
  g_signal_emit (self, signals[RESUME], 0, parked);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return dis_parked_cart_row_new (DIS_PARKED_CART (item));
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_parked_carts_button_unroot (GtkWidget *widget)
{
  DisParkedCartsButton *self = DIS_PARKED_CARTS_BUTTON (widget);

  /* Left open, the popover would outlive the window: see
   * dis_ui_close_popovers(). */
  dis_ui_close_popovers (GTK_WIDGET (self->popover));

  GTK_WIDGET_CLASS (dis_parked_carts_button_parent_class)->unroot (widget);
}

static void
dis_parked_carts_button_dispose (GObject *object)
{
  DisParkedCartsButton *self = DIS_PARKED_CARTS_BUTTON (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_PARKED_CARTS_BUTTON);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dis_parked_carts_button_parent_class)->dispose (object);
}

static void
dis_parked_carts_button_finalize (GObject *object)
{
  DisParkedCartsButton *self = DIS_PARKED_CARTS_BUTTON (object);

  g_clear_object (&self->parked);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dis_parked_carts_button_parent_class)->finalize (object);
}

static void
dis_parked_carts_button_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  DisParkedCartsButton *self = DIS_PARKED_CARTS_BUTTON (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_parked_carts_button_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  DisParkedCartsButton *self = DIS_PARKED_CARTS_BUTTON (object);

  switch (prop_id)
    {
    case PROP_STORE:
      dis_parked_carts_button_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_parked_carts_button_class_init (DisParkedCartsButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_parked_carts_button_dispose;
  object_class->finalize = dis_parked_carts_button_finalize;
  object_class->get_property = dis_parked_carts_button_get_property;
  object_class->set_property = dis_parked_carts_button_set_property;

  widget_class->unroot = dis_parked_carts_button_unroot;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIS_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RESUME] =
    g_signal_new ("resume",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DIS_TYPE_PARKED_CART);
  signals[CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-parked-carts-button.ui");
  gtk_widget_class_bind_template_child (widget_class, DisParkedCartsButton, button);
  gtk_widget_class_bind_template_child (widget_class, DisParkedCartsButton, count_label);
  gtk_widget_class_bind_template_child (widget_class, DisParkedCartsButton, popover);
  gtk_widget_class_bind_template_child (widget_class, DisParkedCartsButton, stack);
  gtk_widget_class_bind_template_child (widget_class, DisParkedCartsButton, list);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_closed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
dis_parked_carts_button_init (DisParkedCartsButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->parked = g_list_store_new (DIS_TYPE_PARKED_CART);
  g_signal_connect_object (self->parked, "items-changed",
                           G_CALLBACK (on_parked_changed),
                           self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->parked), create_row, NULL, NULL);
}

void
dis_parked_carts_button_set_store (DisParkedCartsButton *self,
                                   DisStore             *store)
{
  g_return_if_fail (DIS_IS_PARKED_CARTS_BUTTON (self));
  g_return_if_fail (!store || DIS_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_list_store_remove_all (self->parked);
  dis_parked_carts_button_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
dis_parked_carts_button_popup (DisParkedCartsButton *self)
{
  g_return_if_fail (DIS_IS_PARKED_CARTS_BUTTON (self));

  gtk_menu_button_popup (self->button);
}
