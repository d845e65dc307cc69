/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-buyer-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-buyer-popover.h"
#include "dis-buyer-row.h"
#include "dis-store-members.h"
#include "dis-ui.h"

#define SEARCH_LIMIT 20

struct _DisBuyerPopover
{
  GtkPopover      parent_instance;

  DisStore       *store;
  GListStore     *members;      /* DisMember, the last answer */
  /* The search in flight, replaced by the next keystroke. */
  GCancellable   *cancellable;

  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkLabel       *hint_label;
  GtkListBox     *list;
};

G_DEFINE_FINAL_TYPE (DisBuyerPopover, dis_buyer_popover, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  CARD_CHOSEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_hint (DisBuyerPopover *self,
           const char      *hint)
{
  gtk_label_set_label (self->hint_label, hint);
  gtk_stack_set_visible_child_name (self->stack, "hint");
}

static void
choose_card (DisBuyerPopover *self,
             const char      *card)
{
  g_assert (DIS_IS_BUYER_POPOVER (self));

  g_signal_emit (self, signals[CARD_CHOSEN], 0, card);
  gtk_popover_popdown (GTK_POPOVER (self));
}


static void
cancel_search (DisBuyerPopover *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  /* Held weakly: closing its window must not keep the popover alive
   * until the store answers. */
  g_autoptr(DisBuyerPopover) self = dis_ui_weak_take (user_data);
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;

  members = dis_store_search_members_finish (DIS_STORE (object), result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (members == NULL)
    {
      const char *sentence = _("The members could not be searched. Try again, or scan the card.");

      g_list_store_remove_all (self->members);
      show_hint (self, sentence);
      dis_ui_show_error (GTK_WIDGET (self), sentence, error);
      return;
    }

  g_list_store_splice (self->members, 0, g_list_model_get_n_items (G_LIST_MODEL (self->members)),
                       members->pdata, members->len);

  if (members->len == 0)
    show_hint (self, _("No members found"));
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
on_search_changed (DisBuyerPopover *self)
{
  g_autofree char *text = NULL;

  g_assert (DIS_IS_BUYER_POPOVER (self));

  cancel_search (self);
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (text[0] == '\0' || self->store == NULL)
    {
      g_list_store_remove_all (self->members);
      show_hint (self, _("Type a name or scan the card"));
      return;
    }

  self->cancellable = g_cancellable_new ();
  dis_store_search_members_async (self->store, text, SEARCH_LIMIT, self->cancellable,
                                  search_cb, dis_ui_weak_new (self));
}

static void
on_search_activate (DisBuyerPopover *self)
{
  g_autofree char *card = dis_member_card_normalize (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  /* A card scanned into the popover counts even before the search answers. */
  if (card != NULL)
    {
      cancel_search (self);
      choose_card (self, card);
      return;
    }

  /* Otherwise the first member found, as a click on it would. */
  {
    g_autoptr(DisMember) first = g_list_model_get_item (G_LIST_MODEL (self->members), 0);

    if (first != NULL)
      choose_card (self, first->card_code);
  }
}

static void
on_row_activated (DisBuyerPopover *self,
                  GtkListBoxRow   *row)
{
  choose_card (self, dis_buyer_row_get_member (DIS_BUYER_ROW (row))->card_code);
}

/* Down from the search goes to the members found, where Enter chooses
 * one, as in any list with a search above it. */
static gboolean
on_search_key_pressed (DisBuyerPopover *self,
                       guint            keyval,
                       guint            keycode,
                       GdkModifierType  state)
{
  GtkListBoxRow *first;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  first = gtk_list_box_get_row_at_index (self->list, 0);
  if (first == NULL || !gtk_widget_get_mapped (GTK_WIDGET (first)))
    return GDK_EVENT_PROPAGATE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return GDK_EVENT_STOP;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return dis_buyer_row_new (DIS_MEMBER (item));
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_buyer_popover_show (GtkWidget *widget)
{
  DisBuyerPopover *self = DIS_BUYER_POPOVER (widget);

  GTK_WIDGET_CLASS (dis_buyer_popover_parent_class)->show (widget);

  /* Every buyer starts from an empty search. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  on_search_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
dis_buyer_popover_unroot (GtkWidget *widget)
{
  DisBuyerPopover *self = DIS_BUYER_POPOVER (widget);

  /* Left open, the popover would outlive its window: see
   * dis_ui_close_popovers(). A search under way has no one left to
   * show its members to. */
  cancel_search (self);
  dis_ui_close_popovers (widget);

  GTK_WIDGET_CLASS (dis_buyer_popover_parent_class)->unroot (widget);
}

static void
dis_buyer_popover_dispose (GObject *object)
{
  DisBuyerPopover *self = DIS_BUYER_POPOVER (object);

  cancel_search (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_BUYER_POPOVER);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dis_buyer_popover_parent_class)->dispose (object);
}

static void
dis_buyer_popover_finalize (GObject *object)
{
  DisBuyerPopover *self = DIS_BUYER_POPOVER (object);

  g_clear_object (&self->members);

  G_OBJECT_CLASS (dis_buyer_popover_parent_class)->finalize (object);
}

static void
dis_buyer_popover_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DisBuyerPopover *self = DIS_BUYER_POPOVER (object);

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
dis_buyer_popover_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DisBuyerPopover *self = DIS_BUYER_POPOVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      dis_buyer_popover_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_buyer_popover_class_init (DisBuyerPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_buyer_popover_dispose;
  object_class->finalize = dis_buyer_popover_finalize;
  object_class->get_property = dis_buyer_popover_get_property;
  object_class->set_property = dis_buyer_popover_set_property;
  widget_class->show = dis_buyer_popover_show;
  widget_class->unroot = dis_buyer_popover_unroot;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIS_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CARD_CHOSEN] =
    g_signal_new ("card-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-buyer-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, DisBuyerPopover, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DisBuyerPopover, stack);
  gtk_widget_class_bind_template_child (widget_class, DisBuyerPopover, hint_label);
  gtk_widget_class_bind_template_child (widget_class, DisBuyerPopover, list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
dis_buyer_popover_init (DisBuyerPopover *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  keys = gtk_event_controller_key_new ();
  /* Before the entry, which takes Down to move its cursor. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  self->members = g_list_store_new (DIS_TYPE_MEMBER);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->members), create_row, NULL, NULL);
}

void
dis_buyer_popover_set_store (DisBuyerPopover *self,
                             DisStore        *store)
{
  g_return_if_fail (DIS_IS_BUYER_POPOVER (self));
  g_return_if_fail (!store || DIS_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  cancel_search (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}
