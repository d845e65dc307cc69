/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-product-search"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dis-member.h"
#include "dis-order.h"
#include "dis-product-results.h"
#include "dis-product-search.h"
#include "dis-ui.h"

#define SEARCH_LIMIT 30

struct _DisProductSearch
{
  GtkWidget           parent_instance;

  DisStore           *store;
  DisProductResults  *results_view;

  /* Scans in flight; cancelled in dispose. */
  GCancellable       *cancellable;
  /* The search in flight, cancelled by the next keystroke. */
  GCancellable       *search_cancellable;
  char               *search_text;   /* the query asked or answered last */
  char               *put_back;      /* the unknown code left in the entry */
  GListStore         *results;       /* DisProduct */
  GtkSingleSelection *selection;
  /* Enter was pressed before the search answered: take the first result. */
  guint               activate_pending : 1;
  guint               disposed : 1;

  GtkSearchEntry     *entry;
};

G_DEFINE_FINAL_TYPE (DisProductSearch, dis_product_search, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_RESULTS,
  N_PROPS
};

enum {
  PRODUCT_CHOSEN,
  CARD_SCANNED,
  ORDER_SCANNED,
  QUANTITY_TYPED,
  MOVE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_all_digits (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

/* "DS" and 8 digits that fail the check digit: a mistyped card. */
static gboolean
looks_like_card (const char *text)
{
  guint digits = 0;

  if (g_ascii_strncasecmp (text, "DS", 2) != 0)
    return FALSE;

  for (const char *p = text + 2; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p != ' ' && *p != '-')
        return FALSE;
    }

  return digits == DIS_MEMBER_CARD_LENGTH - 2;
}

static char *
get_text (DisProductSearch *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
}

static void
choose (DisProductSearch *self,
        DisProduct       *product,
        gint64            quantity,
        gboolean          from_barcode,
        gint64            label_price)
{
  g_signal_emit (self, signals[PRODUCT_CHOSEN], 0, product, quantity, from_barcode, label_price);
}

/* ---- Results ------------------------------------------------------------ */

static gboolean
results_shown (DisProductSearch *self)
{
  return self->results_view != NULL && dis_product_results_is_revealed (self->results_view);
}

static void
reveal_results (DisProductSearch *self,
                gboolean          reveal)
{
  if (self->results_view != NULL)
    dis_product_results_reveal (self->results_view, reveal);
}

void
dis_product_search_hide_results (DisProductSearch *self)
{
  g_return_if_fail (DIS_IS_PRODUCT_SEARCH (self));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->search_text, g_free);
  self->activate_pending = FALSE;
  reveal_results (self, FALSE);
  g_list_store_remove_all (self->results);
}

static void
take_selected_result (DisProductSearch *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  g_autoptr(DisProduct) product = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  product = g_list_model_get_item (G_LIST_MODEL (self->results), position);
  if (product == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  dis_product_search_hide_results (self);
  /* Weighed products have no quantity yet: the page asks for it. */
  choose (self, product, 1000, FALSE, 0);
}

static void
on_result_activate (DisProductSearch *self,
                    guint             position)
{
  gtk_single_selection_set_selected (self->selection, position);
  take_selected_result (self);
}

/* ---- Searching ---------------------------------------------------------- */

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DisProductSearch) self = user_data;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  products = dis_store_search_products_finish (DIS_STORE (object), result, &error);

  /* Cancelled: a newer query is on its way, or the results were closed. */
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->search_cancellable);

  if (products == NULL)
    {
      self->activate_pending = FALSE;
      dis_ui_show_error (GTK_WIDGET (self),
                         _("The catalog could not be searched. Try again, or scan the barcode."),
                         error);
      return;
    }

  g_list_store_splice (self->results, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       products->pdata, products->len);

  if (products->len == 0)
    {
      reveal_results (self, FALSE);
      if (self->activate_pending)
        gtk_widget_error_bell (GTK_WIDGET (self));
      self->activate_pending = FALSE;
      return;
    }

  gtk_single_selection_set_selected (self->selection, 0);

  if (self->activate_pending)
    {
      self->activate_pending = FALSE;
      take_selected_result (self);
      return;
    }

  reveal_results (self, TRUE);
}

static void
on_search_changed (DisProductSearch *self)
{
  g_autofree char *text = get_text (self);

  g_assert (DIS_IS_PRODUCT_SEARCH (self));

  if (g_utf8_strlen (text, -1) < 2 || is_all_digits (text) || self->store == NULL)
    {
      dis_product_search_hide_results (self);
      return;
    }

  /* Enter may have asked already, before the entry's own delay ran out. */
  if (g_strcmp0 (text, self->search_text) == 0)
    return;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  g_free (self->search_text);
  self->search_text = g_strdup (text);

  dis_store_search_products_async (self->store, text, SEARCH_LIMIT,
                                   self->search_cancellable, search_cb, g_object_ref (self));
}

/* ---- Scanning ----------------------------------------------------------- */

typedef struct
{
  DisProductSearch *self;
  char             *code;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  g_clear_object (&data->self);
  g_free (data->code);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScanData, scan_data_free)

static void
show_unknown_code (DisProductSearch *self,
                   const char       *code,
                   const GError     *error)
{
  if (error == NULL ||
      g_error_matches (error, DIS_ERROR, DIS_ERROR_NOT_FOUND) ||
      g_error_matches (error, DIS_ERROR, DIS_ERROR_BARCODE))
    {
      /* Translators: a scanned barcode that is not in the catalog */
      g_autofree char *message = g_strdup_printf (_("Unknown code %s"), code);

      dis_ui_warning (GTK_WIDGET (self), message);
    }
  else
    {
      /* Translators: %s is a scanned barcode */
      g_autofree char *message = g_strdup_printf (_("The code %s could not be looked up. Scan it again; if it keeps failing, restart the till."),
                                                   code);

      dis_ui_show_error (GTK_WIDGET (self), message, error);
    }

  gtk_widget_error_bell (GTK_WIDGET (self));
  dis_product_search_put_back (self, code);
}

static void
resolve_scan_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ScanData) data = user_data;
  g_autoptr(DisScan) scan = NULL;
  g_autoptr(GError) error = NULL;

  scan = dis_store_resolve_scan_finish (DIS_STORE (object), result, &error);

  if (data->self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (scan == NULL)
    show_unknown_code (data->self, data->code, error);
  else
    choose (data->self, scan->product, scan->quantity, scan->from_barcode, scan->label_price);
}

static void
scan (DisProductSearch *self,
      const char       *code)
{
  ScanData *data;
  gsize len = strlen (code);

  g_assert (DIS_IS_PRODUCT_SEARCH (self));

  /* Clear at once: a scanner may type the next code before we answer. */
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");

  if (len != 8 && len != 13)
    {
      show_unknown_code (self, code, NULL);
      return;
    }

  data = g_new0 (ScanData, 1);
  data->self = g_object_ref (self);
  data->code = g_strdup (code);

  dis_store_resolve_scan_async (self->store, code, self->cancellable, resolve_scan_cb, data);
}

/* A member card: "DS" and 8 digits, never an EAN. TRUE when @text was
 * one, valid or not. */
static gboolean
take_card (DisProductSearch *self,
           const char       *text)
{
  g_autofree char *card = dis_member_card_normalize (text);

  if (card == NULL && !looks_like_card (text))
    return FALSE;

  dis_product_search_hide_results (self);

  if (card == NULL)
    {
      /* Translators: %s is what was scanned or typed */
      g_autofree char *message = g_strdup_printf (_("%s is not a valid member card: check the digits"), text);

      gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
      dis_ui_message (GTK_WIDGET (self), message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return TRUE;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  g_signal_emit (self, signals[CARD_SCANNED], 0, card);

  return TRUE;
}

/* An order's label: "ORD", its number and its till (the Code 128 under
 * the bars). TRUE when @text was one. */
static gboolean
take_order_label (DisProductSearch *self,
                  const char       *text)
{
  g_autofree char *code = NULL;
  g_autofree char *till = NULL;
  guint number;

  if (!dis_order_barcode_parse (text, &number, &till))
    return FALSE;

  code = dis_order_barcode_for_number (number, till);
  dis_product_search_hide_results (self);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  g_signal_emit (self, signals[ORDER_SCANNED], 0, code);

  return TRUE;
}

static void
on_search_activate (DisProductSearch *self)
{
  g_autofree char *text = get_text (self);

  g_assert (DIS_IS_PRODUCT_SEARCH (self));

  if (text[0] == '\0' || self->store == NULL)
    return;

  if (take_card (self, text) || take_order_label (self, text))
    return;

  if (is_all_digits (text))
    {
      dis_product_search_hide_results (self);
      scan (self, text);
      return;
    }

  /* Typed and Enter at once: search now and take the first result. */
  if (g_strcmp0 (text, self->search_text) != 0)
    on_search_changed (self);

  if (self->search_cancellable != NULL)
    self->activate_pending = TRUE;
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
    take_selected_result (self);
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
on_search_stop (DisProductSearch *self)
{
  g_assert (DIS_IS_PRODUCT_SEARCH (self));

  if (results_shown (self))
    dis_product_search_hide_results (self);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

/* Nothing, or a number as typed before "*": "3", "0,5", "1.25". */
static gboolean
is_quantity_text (const char *text)
{
  guint digits = 0;
  guint separators = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == ',' || *p == '.')
        separators++;
      else
        return FALSE;
    }

  /* A barcode is no quantity: keep it short. */
  return separators <= 1 && digits <= 7 && (digits > 0 || separators == 0);
}

static gboolean
take_quantity_key (DisProductSearch *self)
{
  g_autofree char *text = get_text (self);

  if (!is_quantity_text (text))
    return FALSE;

  dis_product_search_hide_results (self);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  g_signal_emit (self, signals[QUANTITY_TYPED], 0, text);

  return TRUE;
}

static gboolean
on_key_pressed (DisProductSearch      *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint selected;

  if ((keyval == GDK_KEY_asterisk || keyval == GDK_KEY_KP_Multiply) &&
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) == 0)
    return take_quantity_key (self) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;

  if (!results_shown (self) || n == 0)
    {
      switch (keyval)
        {
        case GDK_KEY_Up:
        case GDK_KEY_KP_Up:
          g_signal_emit (self, signals[MOVE], 0, -1);
          return GDK_EVENT_STOP;

        case GDK_KEY_Down:
        case GDK_KEY_KP_Down:
          g_signal_emit (self, signals[MOVE], 0, 1);
          return GDK_EVENT_STOP;

        default:
          return GDK_EVENT_PROPAGATE;
        }
    }

  selected = gtk_single_selection_get_selected (self->selection);

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      selected = selected == GTK_INVALID_LIST_POSITION ? 0 : MIN (selected + 1, n - 1);
      break;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      selected = selected == GTK_INVALID_LIST_POSITION || selected == 0 ? 0 : selected - 1;
      break;

    default:
      return GDK_EVENT_PROPAGATE;
    }

  gtk_single_selection_set_selected (self->selection, selected);
  dis_product_results_scroll_to (self->results_view, selected);

  return GDK_EVENT_STOP;
}

/* ---- GObject ------------------------------------------------------------ */

static gboolean
dis_product_search_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (DIS_PRODUCT_SEARCH (widget)->entry));
}

static void
dis_product_search_dispose (GObject *object)
{
  DisProductSearch *self = DIS_PRODUCT_SEARCH (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_PRODUCT_SEARCH);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }

  g_clear_object (&self->store);
  g_clear_object (&self->results_view);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->put_back, g_free);

  G_OBJECT_CLASS (dis_product_search_parent_class)->dispose (object);
}

static void
dis_product_search_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DisProductSearch *self = DIS_PRODUCT_SEARCH (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_RESULTS:
      g_value_set_object (value, self->results_view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_product_search_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DisProductSearch *self = DIS_PRODUCT_SEARCH (object);

  switch (prop_id)
    {
    case PROP_STORE:
      dis_product_search_set_store (self, g_value_get_object (value));
      break;

    case PROP_RESULTS:
      dis_product_search_set_results (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_product_search_class_init (DisProductSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_product_search_dispose;
  object_class->get_property = dis_product_search_get_property;
  object_class->set_property = dis_product_search_set_property;
  widget_class->grab_focus = dis_product_search_grab_focus;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIS_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RESULTS] =
    g_param_spec_object ("results", NULL, NULL,
                         DIS_TYPE_PRODUCT_RESULTS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PRODUCT_CHOSEN] =
    g_signal_new ("product-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, DIS_TYPE_PRODUCT, G_TYPE_INT64, G_TYPE_BOOLEAN, G_TYPE_INT64);
  signals[CARD_SCANNED] =
    g_signal_new ("card-scanned",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  signals[ORDER_SCANNED] =
    g_signal_new ("order-scanned",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[QUANTITY_TYPED] =
    g_signal_new ("quantity-typed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[MOVE] =
    g_signal_new ("move",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-product-search.ui");
  gtk_widget_class_bind_template_child (widget_class, DisProductSearch, entry);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_key_pressed);
}

static void
dis_product_search_init (DisProductSearch *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->results = g_list_store_new (DIS_TYPE_PRODUCT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
}

void
dis_product_search_set_store (DisProductSearch *self,
                              DisStore         *store)
{
  g_return_if_fail (DIS_IS_PRODUCT_SEARCH (self));
  g_return_if_fail (!store || DIS_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  dis_product_search_hide_results (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
dis_product_search_set_results (DisProductSearch  *self,
                                DisProductResults *results)
{
  g_return_if_fail (DIS_IS_PRODUCT_SEARCH (self));
  g_return_if_fail (!results || DIS_IS_PRODUCT_RESULTS (results));

  if (self->results_view == results)
    return;

  if (self->results_view != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->results_view, on_result_activate, self);
      dis_product_results_set_model (self->results_view, NULL);
    }

  g_set_object (&self->results_view, results);

  if (results != NULL)
    {
      dis_product_results_set_model (results, GTK_SELECTION_MODEL (self->selection));
      g_signal_connect_object (results, "activate",
                               G_CALLBACK (on_result_activate),
                               self, G_CONNECT_SWAPPED);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULTS]);
}

void
dis_product_search_focus (DisProductSearch *self)
{
  g_return_if_fail (DIS_IS_PRODUCT_SEARCH (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  /* An unknown code still there is replaced by the next scan rather than
   * glued to it: the focus may come back from a dialog with the selection
   * gone. Anything else typed is left as it is: it may be the next scan
   * under way. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), self->put_back) == 0)
    gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

void
dis_product_search_put_back (DisProductSearch *self,
                             const char       *text)
{
  g_return_if_fail (DIS_IS_PRODUCT_SEARCH (self));
  g_return_if_fail (text != NULL);

  /* Unless the next scan is already being typed. */
  if (gtk_editable_get_text (GTK_EDITABLE (self->entry))[0] == '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
      gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
      g_free (self->put_back);
      self->put_back = g_strdup (text);
    }
  dis_product_search_focus (self);
}
