/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-till-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-cart-row.h"
#include "dis-quantity-dialog.h"
#include "dis-till-page-private.h"
#include "dis-ui.h"

/* The cart of the till page: adding products, the line chosen (the one
 * just added or changed, or moved to with Up and Down) and its quantity
 * from the keyboard, removing a line and its Undo, the rows. */

/* ---- The line chosen ---------------------------------------------------- */

static void
scroll_to_chosen (DisTillPage *self)
{
  guint position = gtk_single_selection_get_selected (self->cart_selection);

  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->cart_view),
                                "list.scroll-to-item", "u", position);
}

/* The list scrolls on the heights it guesses for rows not laid out yet:
 * once they are, scroll again so the line is wholly in sight. */
static gboolean
scroll_again (gpointer data)
{
  DisTillPage *self = data;

  self->scroll_source = 0;
  scroll_to_chosen (self);

  return G_SOURCE_REMOVE;
}

/* Chooses the line at @position and scrolls the cart to it, so the line
 * just added or changed is always in sight. */
static void
show_line (DisTillPage *self,
           guint        position)
{
  g_assert (DIS_IS_TILL_PAGE (self));

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->cart)))
    return;

  gtk_single_selection_set_selected (self->cart_selection, position);
  scroll_to_chosen (self);
  if (self->scroll_source == 0)
    self->scroll_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scroll_again, self, NULL);
}

void
_dis_till_page_show_line (DisTillPage *self,
                          guint        position)
{
  show_line (self, position);
}

static gboolean
find_line (DisTillPage *self,
           DisCartLine *line,
           guint       *out_position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cart));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisCartLine) item = g_list_model_get_item (G_LIST_MODEL (self->cart), i);

      if (item == line)
        {
          *out_position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
on_move (DisTillPage *self,
         int          delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cart));
  guint selected = gtk_single_selection_get_selected (self->cart_selection);

  if (n == 0 || self->paying || self->committing)
    return;

  if (selected == GTK_INVALID_LIST_POSITION)
    selected = delta > 0 ? 0 : n - 1;
  else if (delta < 0)
    selected = selected > 0 ? selected - 1 : 0;
  else
    selected = MIN (selected + 1, n - 1);

  show_line (self, selected);
}

static void
set_quantity (DisTillPage *self,
              DisCartLine *line,
              gint64       quantity)
{
  guint position;

  if (quantity != dis_cart_line_get_quantity (line))
    dis_cart_line_set_quantity (line, quantity);
  if (find_line (self, line, &position))
    show_line (self, position);
  dis_till_page_focus_search (self);
}

static void
on_quantity_response (DisQuantityDialog *dialog,
                      const char        *response,
                      DisTillPage       *self)
{
  gint64 quantity;

  if (g_strcmp0 (response, "add") == 0 && !self->paying && !self->committing &&
      dis_quantity_dialog_get_quantity (dialog, &quantity))
    set_quantity (self, dis_quantity_dialog_get_line (dialog), quantity);
}

/* "*" in the search: @text is the quantity typed before it, or "" to ask
 * for one. */
static void
on_quantity_typed (DisTillPage *self,
                   const char  *text)
{
  DisCartLine *line;
  DisProduct *product;
  gint64 quantity;

  if (self->paying || self->committing)
    return;

  line = gtk_single_selection_get_selected_item (self->cart_selection);
  if (line == NULL)
    {
      dis_ui_message (_dis_till_page_messages (self),
                      _("No line is chosen: scan a product first, or choose a line with the Up and Down keys, then type its quantity and *."));
      gtk_widget_error_bell (GTK_WIDGET (self));
      dis_product_search_put_back (self->product_search, text);
      return;
    }

  product = dis_cart_line_get_product (line);

  if (text[0] == '\0')
    {
      GtkWidget *dialog = dis_quantity_dialog_new_for_line (dis_ui_get_parent_window (GTK_WIDGET (self)), line);

      g_signal_connect_object (dialog, "response", G_CALLBACK (on_quantity_response), self, 0);
      _dis_till_page_present_dialog (self, dialog);
      return;
    }

  if (!dis_qty_parse (text, dis_unit_to_code (dis_product_get_unit (product)), &quantity))
    {
      g_autofree char *message = NULL;

      if (dis_unit_is_measured (dis_product_get_unit (product)))
        /* Translators: a quantity typed before "*", then a product name */
        message = g_strdup_printf (_("%s is not a quantity of %s"), text, dis_product_get_name (product));
      else
        /* Translators: a quantity typed before "*", then a product name */
        message = g_strdup_printf (_("%s is not a number of pieces of %s"), text, dis_product_get_name (product));
      dis_ui_message (_dis_till_page_messages (self), message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      dis_product_search_put_back (self->product_search, text);
      return;
    }

  set_quantity (self, line, quantity);
}

/* ---- Adding products ---------------------------------------------------- */

static void
dis_till_page_add_line (DisTillPage *self,
                        DisProduct  *product,
                        gint64       quantity,
                        gboolean     from_barcode,
                        gint64       label_price)
{
  guint position;

  g_assert (DIS_IS_TILL_PAGE (self));
  g_assert (DIS_IS_PRODUCT (product));

  /* A price label is charged its price, not its weight at the tier. */
  if (label_price > 0)
    position = dis_cart_add_label (self->cart, product, quantity, label_price);
  else
    position = dis_cart_add (self->cart, product, quantity, from_barcode);
  show_line (self, position);
  dis_till_page_focus_search (self);
}

static void
on_weight_response (DisQuantityDialog *dialog,
                    const char        *response,
                    DisTillPage       *self)
{
  gint64 quantity;

  if (g_strcmp0 (response, "add") == 0 &&
      !self->paying && !self->committing &&
      dis_quantity_dialog_get_quantity (dialog, &quantity))
    dis_till_page_add_line (self, dis_quantity_dialog_get_product (dialog), quantity, FALSE, 0);
  else
    dis_till_page_focus_search (self);
}

static void
on_product_chosen (DisTillPage *self,
                   DisProduct  *product,
                   gint64       quantity,
                   gboolean     from_barcode,
                   gint64       label_price)
{
  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->paying || self->committing)
    return;

  /* Weighed products from the search or a plain EAN have no quantity
   * yet: ask the scale's reading. */
  if (dis_unit_is_measured (dis_product_get_unit (product)) && !from_barcode)
    {
      GtkWidget *dialog = dis_quantity_dialog_new (dis_ui_get_parent_window (GTK_WIDGET (self)), product);

      g_signal_connect_object (dialog, "response", G_CALLBACK (on_weight_response), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  dis_till_page_add_line (self, product, quantity, from_barcode, label_price);
}

/* ---- The cart and its Undo ---------------------------------------------- */

static void
forget_removed_line (DisTillPage *self)
{
  g_clear_object (&self->removed_line);

  /* The toast offers an Undo that is no more. */
  if (self->undo_toast != NULL)
    {
      AdwToast *toast = self->undo_toast;

      g_clear_weak_pointer (&self->undo_toast);
      adw_toast_dismiss (toast);
    }
}

static void
on_undo_toast_dismissed (DisTillPage *self,
                         AdwToast    *toast)
{
  if (self->undo_toast != toast)
    return;

  g_clear_weak_pointer (&self->undo_toast);
  g_clear_object (&self->removed_line);
  _dis_till_page_update_actions (self);
}

void
_dis_till_page_undo_remove (DisTillPage *self)
{
  g_autoptr(DisCartLine) line = NULL;
  guint n;

  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->removed_line == NULL || self->paying || self->committing)
    return;

  line = g_object_ref (self->removed_line);
  forget_removed_line (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->cart));
  dis_cart_insert (self->cart, MIN (self->removed_position, n), line);
  show_line (self, MIN (self->removed_position, n));

  dis_till_page_focus_search (self);
  _dis_till_page_update_actions (self);
}

static void
dis_till_page_remove_line (DisTillPage *self,
                           DisCartLine *line)
{
  g_autofree char *title = NULL;
  AdwToast *toast;
  guint n;

  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->paying || self->committing)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->cart));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisCartLine) item = g_list_model_get_item (G_LIST_MODEL (self->cart), i);

      if (item != line)
        continue;

      forget_removed_line (self);
      self->removed_line = dis_cart_take (self->cart, i);
      self->removed_position = i;

      /* Translators: toast after removing a cart line, with an Undo button */
      title = g_strdup_printf (_("Removed %s"),
                               dis_product_get_name (dis_cart_line_get_product (self->removed_line)));
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_signal_connect_object (toast, "button-clicked",
                               G_CALLBACK (_dis_till_page_undo_remove),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (toast, "dismissed",
                               G_CALLBACK (on_undo_toast_dismissed),
                               self, G_CONNECT_SWAPPED);
      g_set_weak_pointer (&self->undo_toast, toast);
      dis_ui_toast (_dis_till_page_messages (self), toast);
      break;
    }

  _dis_till_page_update_actions (self);
  dis_till_page_focus_search (self);
}

static void
on_row_remove (DisTillPage *self,
               DisCartRow  *row)
{
  DisCartLine *line = dis_cart_row_get_line (row);

  if (line != NULL)
    dis_till_page_remove_line (self, line);
}

static void
on_cart_row_setup (DisTillPage *self,
                   GtkListItem *item)
{
  GtkWidget *row = dis_cart_row_new ();

  g_signal_connect_object (row, "remove", G_CALLBACK (on_row_remove), self, G_CONNECT_SWAPPED);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, row);
}

static void
on_cart_row_bind (DisTillPage *self,
                  GtkListItem *item)
{
  dis_cart_row_set_line (DIS_CART_ROW (gtk_list_item_get_child (item)),
                         gtk_list_item_get_item (item));
}

static void
on_cart_row_unbind (DisTillPage *self,
                    GtkListItem *item)
{
  dis_cart_row_set_line (DIS_CART_ROW (gtk_list_item_get_child (item)), NULL);
}

void
_dis_till_page_clear_sale (DisTillPage *self)
{
  g_assert (DIS_IS_TILL_PAGE (self));

  forget_removed_line (self);
  dis_cart_clear (self->cart);
  dis_till_page_set_buyer (self, NULL);
  _dis_till_page_update_actions (self);
}

void
_dis_till_page_init_cart (DisTillPage *self)
{
  /* The line chosen is the one just added or changed; none at first. */
  self->cart_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->cart)));
  gtk_single_selection_set_autoselect (self->cart_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->cart_selection, TRUE);
  gtk_list_view_set_model (self->cart_view, GTK_SELECTION_MODEL (self->cart_selection));
}

static void
till_quantity_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  on_quantity_typed (DIS_TILL_PAGE (widget), "");
}

void
_dis_till_page_class_init_cart (GtkWidgetClass *widget_class)
{
  /* "*" in the search is caught there, with the number typed before it;
   * these serve the menu and the focus elsewhere in the page. */
  gtk_widget_class_install_action (widget_class, "till.quantity", NULL, till_quantity_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_asterisk, 0, "till.quantity", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Multiply, 0, "till.quantity", NULL);

  gtk_widget_class_bind_template_callback (widget_class, on_product_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_quantity_typed);
  gtk_widget_class_bind_template_callback (widget_class, on_move);
  gtk_widget_class_bind_template_callback (widget_class, on_cart_row_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_cart_row_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_cart_row_unbind);
}
