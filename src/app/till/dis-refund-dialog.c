/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-refund-dialog"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dis-plain-number.h"
#include "dis-receipt-dialog.h"
#include "dis-refund-dialog.h"
#include "dis-refund-line-row.h"
#include "dis-refund-sale-row.h"
#include "dis-ui.h"

struct _DisRefundDialog
{
  AdwWindow        parent_instance;

  DisStore        *store;
  DisOperator     *operator;
  GCancellable    *cancellable;

  GListStore      *sales;       /* DisSale: today's */
  DisSale         *sale;        /* the original, with refunded quantities */
  GListStore      *lines;       /* DisRefundLine: the lines of @sale */
  DisSale         *refund;      /* built from the chosen quantities, or NULL */
  DisSale         *committing;  /* the refund being committed */
  gboolean         busy;
  gboolean         sales_loaded;
  gint64           pending_seq;  /* a short number typed before the list came */

  GtkStack        *stack;
  AdwStatusPage   *denied_page;
  GtkSearchEntry  *receipt_entry;
  GtkStack        *sales_stack;
  GtkListBox      *sales_list;
  GtkLabel        *sales_status_label;
  GtkStack        *sale_stack;
  GtkLabel        *sale_title_label;
  GtkLabel        *sale_subtitle_label;
  GtkListBox      *lines_list;
  GtkLabel        *error_label;
  GtkLabel        *total_label;
  GtkToggleButton *cash_toggle;
  GtkToggleButton *card_toggle;
  GtkToggleButton *split_toggle;
  GtkLabel        *split_label;
};

G_DEFINE_FINAL_TYPE (DisRefundDialog, dis_refund_dialog, ADW_TYPE_WINDOW)

enum {
  REFUNDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_refund (DisRefundDialog *self);
static void load_sale     (DisRefundDialog *self,
                           const char      *id_or_receipt_no);
static void load_short    (DisRefundDialog *self,
                           gint64           seq,
                           const char      *typed);

/* ---- Messages ----------------------------------------------------------- */

static char *
describe_error (const GError *error,
                const char   *receipt_no)
{
  if (error->domain == DIS_ERROR)
    {
      switch ((DisError) error->code)
        {
        case DIS_ERROR_REFUND_LIMIT:
          return g_strdup (_("That is more than was sold, minus what was already refunded. Lower the quantity."));
        case DIS_ERROR_EMPTY:
          return g_strdup (_("Choose at least one quantity to refund."));
        case DIS_ERROR_PERMISSION:
          return g_strdup (_("Only a point manager can refund a sale."));
        case DIS_ERROR_DAY_CLOSED:
          return g_strdup (_("The business day is not open. Open the day before refunding."));
        case DIS_ERROR_NOT_FOUND:
          return g_strdup_printf (_("There is no sale with receipt number “%s”. Check the number on the receipt."),
                                  receipt_no != NULL ? receipt_no : "");
        case DIS_ERROR_INVALID:
        case DIS_ERROR_PRICE_ORDER:
        case DIS_ERROR_BARCODE:
        case DIS_ERROR_WRONG_PIN:
        case DIS_ERROR_PAYMENT:
        case DIS_ERROR_TIER_NOT_ALLOWED:
        case DIS_ERROR_DATABASE:
        default:
          break;
        }
    }

  return g_strdup (_("The refund could not be saved. Try again; if it keeps failing, write down the receipt number and tell the point manager."));
}

static void
show_error (DisRefundDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* ---- Today's sales ------------------------------------------------------ */

static GtkWidget *
create_sale_row (gpointer item,
                 gpointer user_data)
{
  return dis_refund_sale_row_new (DIS_SALE (item));
}

static void
on_sales_today_loaded (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DisRefundDialog) self = user_data;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GError) error = NULL;

  sales = dis_store_list_sales_today_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (sales == NULL)
    {
      g_warning ("Could not list today's sales: %s", error->message);
      g_list_store_remove_all (self->sales);
      gtk_label_set_text (self->sales_status_label,
                          _("Today’s sales could not be listed. Type the receipt number instead."));
      gtk_stack_set_visible_child_name (self->sales_stack, "none");
      self->sales_loaded = TRUE;
      self->pending_seq = 0;
      return;
    }

  g_list_store_splice (self->sales, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sales)),
                       sales->pdata, sales->len);
  gtk_stack_set_visible_child_name (self->sales_stack, sales->len > 0 ? "list" : "none");

  self->sales_loaded = TRUE;
  if (self->pending_seq > 0)
    {
      g_autofree char *typed = g_strdup_printf ("%" G_GINT64_FORMAT, self->pending_seq);
      gint64 seq = self->pending_seq;

      self->pending_seq = 0;
      load_short (self, seq, typed);
    }
}

static void
reload_sales_today (DisRefundDialog *self)
{
  dis_store_list_sales_today_async (self->store, self->cancellable, on_sales_today_loaded,
                                    g_object_ref (self));
}

/* Highlights the sale in today's list when it is there. */
static void
select_sale_row (DisRefundDialog *self,
                 const char      *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sales));

  gtk_list_box_unselect_all (self->sales_list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisSale) sale = g_list_model_get_item (G_LIST_MODEL (self->sales), i);

      if (g_strcmp0 (sale->id, id) == 0)
        {
          gtk_list_box_select_row (self->sales_list, gtk_list_box_get_row_at_index (self->sales_list, (int) i));
          break;
        }
    }
}

/* ---- The chosen sale ---------------------------------------------------- */

static GtkWidget *
create_line_row (gpointer item,
                 gpointer user_data)
{
  return dis_refund_line_row_new (DIS_REFUND_LINE (item));
}

/* What the sale was paid with, in cash and by card. */
static void
paid_by (DisSale *sale,
         gint64  *cash,
         gint64  *card)
{
  *cash = *card = 0;

  for (guint i = 0; sale->payments != NULL && i < sale->payments->len; i++)
    {
      const DisPayment *payment = g_ptr_array_index (sale->payments, i);

      if (payment->method == DIS_PAYMENT_CASH)
        *cash += payment->amount;
      else if (payment->method == DIS_PAYMENT_CARD)
        *card += payment->amount;
    }
}

/* A refund of @total (negative) paid back as the sale was paid: in cash
 * and by card in the same proportion, the cash part rounded half up to
 * the cent and the card part the rest. */
static void
split_refund (DisSale *sale,
              gint64   total,
              gint64  *out_cash,
              gint64  *out_card)
{
  gint64 cash_paid, card_paid, paid, back, cash;

  paid_by (sale, &cash_paid, &card_paid);
  paid = cash_paid + card_paid;
  back = -total;
  /* Totals stay under DIS_SALE_TOTAL_MAX: no overflow here. */
  cash = paid > 0 ? (2 * back * cash_paid + paid) / (2 * paid) : back;

  *out_cash = -cash;
  *out_card = -(back - cash);
}

/* "€ 2,50 in cash and € 6,50 by card", while both parts are chosen. */
static void
update_split_label (DisRefundDialog *self)
{
  gboolean shown = self->sale != NULL && self->refund != NULL &&
                   gtk_toggle_button_get_active (self->split_toggle);

  if (shown)
    {
      gint64 cash, card;
      g_autofree char *cash_text = NULL;
      g_autofree char *card_text = NULL;
      g_autofree char *text = NULL;

      split_refund (self->sale, self->refund->total, &cash, &card);
      cash_text = dis_money_format (-cash);
      card_text = dis_money_format (-card);
      /* Translators: how a refund is paid back, e.g.
       * "€ 2,50 in cash and € 6,50 by card" */
      text = g_strdup_printf (_("%s in cash and %s by card"), cash_text, card_text);
      gtk_label_set_text (self->split_label, text);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->split_label), shown);
}

static void
on_method_toggled (DisRefundDialog *self)
{
  update_split_label (self);
}

/* Back the way it was paid: a sale paid partly in cash and partly by
 * card is refunded in the same proportion. */
static void
choose_method (DisRefundDialog *self,
               DisSale         *sale)
{
  gint64 cash, card;
  GtkToggleButton *method;

  paid_by (sale, &cash, &card);
  gtk_widget_set_visible (GTK_WIDGET (self->split_toggle), cash > 0 && card > 0);

  if (cash > 0 && card > 0)
    method = self->split_toggle;
  else if (card > cash)
    method = self->card_toggle;
  else
    method = self->cash_toggle;

  gtk_toggle_button_set_active (method, TRUE);
}

static void
set_sale (DisRefundDialog *self,
          DisSale         *sale)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *when = NULL;
  g_autofree char *total = NULL;
  g_autofree char *subtitle = NULL;

  g_set_object (&self->sale, sale);
  g_clear_object (&self->refund);
  show_error (self, NULL);

  for (guint i = 0; sale != NULL && sale->lines != NULL && i < sale->lines->len; i++)
    {
      DisRefundLine *line = dis_refund_line_new (sale, i);

      /* Every quantity chosen rebuilds the refund. */
      g_signal_connect_object (line, "notify", G_CALLBACK (update_refund), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (lines, line);
    }
  g_list_store_splice (self->lines, 0, g_list_model_get_n_items (G_LIST_MODEL (self->lines)),
                       lines->pdata, lines->len);

  if (sale == NULL)
    {
      gtk_stack_set_visible_child_name (self->sale_stack, "empty");
      update_refund (self);
      return;
    }

  when = dis_plain_date_time (sale->created_at);
  total = dis_money_format (sale->total);
  /* Translators: date · tier · total of the sale to refund */
  subtitle = g_strdup_printf ("%s · %s · %s", when, dis_tier_get_name (sale->tier), total);
  gtk_label_set_text (self->sale_title_label, sale->receipt_no);
  gtk_label_set_text (self->sale_subtitle_label, subtitle);

  choose_method (self, sale);

  select_sale_row (self, sale->id);
  gtk_stack_set_visible_child_name (self->sale_stack, "sale");
  update_refund (self);

  if (sale->refund_of != NULL)
    show_error (self, _("This receipt is itself a refund. Choose the original sale."));
}

/* Collects the chosen quantities; FALSE when one cannot be read. */
static gboolean
collect_quantities (DisRefundDialog  *self,
                    gint64           *quantities,
                    gboolean         *any)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));

  *any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisRefundLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      if (!dis_refund_line_get_quantity (line, &quantities[i]))
        {
          g_autofree char *message = NULL;

          /* Translators: %s is what the user typed, e.g. "1,2,3" */
          message = g_strdup_printf (_("“%s” is not a quantity. Type it like 0,350."),
                                     dis_refund_line_get_text (line));
          show_error (self, message);
          return FALSE;
        }

      if (quantities[i] != 0)
        *any = TRUE;
    }

  return TRUE;
}

/* Rebuilds the refund from the chosen quantities so the total shown is
 * exactly what will be committed. */
static void
update_refund (DisRefundDialog *self)
{
  g_autofree gint64 *quantities = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *total = NULL;
  gboolean any = FALSE;

  /* Quantities are frozen while a refund is being committed. */
  if (self->busy)
    return;

  g_clear_object (&self->refund);

  if (self->sale == NULL || self->sale->refund_of != NULL)
    goto out;

  show_error (self, NULL);
  quantities = g_new0 (gint64, MAX (1, self->sale->lines->len));

  if (!collect_quantities (self, quantities, &any) || !any)
    goto out;

  self->refund = dis_sale_new_refund (self->sale, quantities, self->sale->lines->len, &error);
  if (self->refund == NULL)
    {
      g_autofree char *message = describe_error (error, self->sale->receipt_no);

      show_error (self, message);
    }

out:
  total = dis_money_format (self->refund != NULL ? -self->refund->total : 0);
  gtk_label_set_text (self->total_label, total);
  update_split_label (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "refund.commit",
                                 self->refund != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "refund.all",
                                 self->sale != NULL && self->sale->refund_of == NULL && !self->busy);
}

typedef struct
{
  DisRefundDialog *self;
  char            *key;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_free (data->key);
  g_free (data);
}

static void
on_sale_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LoadData *data = user_data;
  DisRefundDialog *self = data->self;
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  sale = dis_store_load_sale_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  if (sale == NULL)
    {
      g_autofree char *message = NULL;

      if (error == NULL)
        g_set_error_literal (&error, DIS_ERROR, DIS_ERROR_NOT_FOUND, "not found");

      message = describe_error (error, data->key);
      /* Not finding a receipt number is no fault: no details for it. */
      if (g_error_matches (error, DIS_ERROR, DIS_ERROR_NOT_FOUND))
        dis_ui_message (GTK_WIDGET (self), message);
      else
        dis_ui_show_error (GTK_WIDGET (self), message, error);
      goto out;
    }

  set_sale (self, sale);

out:
  load_data_free (data);
}

/* "2" or "000002": the per-device number printed at the end of the
 * receipt number, read among today's sales. */
static gboolean
parse_short_number (const char *key,
                    gint64     *out_seq)
{
  gsize len = strlen (key);
  guint64 seq;

  if (len == 0 || len > 6)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (key[i]))
      return FALSE;

  seq = g_ascii_strtoull (key, NULL, 10);
  if (seq == 0)
    return FALSE;

  *out_seq = (gint64) seq;
  return TRUE;
}

static void
load_short (DisRefundDialog *self,
            gint64           seq,
            const char      *typed)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sales));
  g_autoptr(DisSale) found = NULL;

  /* The list may still be on its way: the number waits for it. */
  if (!self->sales_loaded)
    {
      self->pending_seq = seq;
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisSale) sale = g_list_model_get_item (G_LIST_MODEL (self->sales), i);

      if (sale->seq == seq)
        {
          g_set_object (&found, sale);
          break;
        }
    }

  if (found == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the short number typed, e.g. "2" */
      message = g_strdup_printf (_("No sale of today has the number %s. For an older sale, type the whole receipt number printed on the receipt."),
                                 typed);
      dis_ui_message (GTK_WIDGET (self), message);
      return;
    }

  load_sale (self, found->id);
}

static void
load_sale (DisRefundDialog *self,
           const char      *id_or_receipt_no)
{
  LoadData *data;
  g_autofree char *key = g_strstrip (g_strdup (id_or_receipt_no));
  gint64 seq;

  if (key[0] == '\0')
    return;

  if (parse_short_number (key, &seq))
    {
      load_short (self, seq, key);
      return;
    }

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->key = g_strdup (key);

  dis_store_load_sale_async (self->store, key, self->cancellable, on_sale_loaded, data);
}

static void
on_receipt_entry_activate (DisRefundDialog *self,
                           GtkSearchEntry  *entry)
{
  load_sale (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_sales_list_row_activated (DisRefundDialog *self,
                             GtkListBoxRow   *row,
                             GtkListBox      *list)
{
  load_sale (self, dis_refund_sale_row_get_sale (DIS_REFUND_SALE_ROW (row))->id);
}

/* ---- Actions ------------------------------------------------------------ */

static void
dis_refund_dialog_all (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  DisRefundDialog *self = DIS_REFUND_DIALOG (widget);

  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisRefundLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      dis_refund_line_choose_all (line);
    }

  update_refund (self);
}

static void
on_commit_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DisRefundDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DisSale) refund = NULL;
  GtkWindow *parent;
  GtkWidget *receipt;

  refund = g_steal_pointer (&self->committing);
  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->lines_list), TRUE);

  if (!dis_store_commit_sale_finish (DIS_STORE (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      message = describe_error (error, self->sale != NULL ? self->sale->receipt_no : NULL);

      /* Someone may have refunded meanwhile: show the fresh figures but
       * keep the explanation visible. */
      if (self->sale != NULL)
        {
          update_refund (self);
          if (g_error_matches (error, DIS_ERROR, DIS_ERROR_REFUND_LIMIT))
            load_sale (self, self->sale->id);
        }
      /* An unexpected failure keeps its reason under Details. */
      if (error->domain != DIS_ERROR || error->code == DIS_ERROR_DATABASE)
        dis_ui_show_error (GTK_WIDGET (self), message, error);
      else
        dis_ui_message (GTK_WIDGET (self), message);
      return;
    }

  g_signal_emit (self, signals[REFUNDED], 0, refund);

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  receipt = dis_receipt_dialog_new (parent, refund);
  gtk_window_present (GTK_WINDOW (receipt));

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
dis_refund_dialog_commit (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  DisRefundDialog *self = DIS_REFUND_DIALOG (widget);
  DisPaymentMethod method;

  if (self->refund == NULL || self->busy)
    return;

  if (!dis_operator_can (self->operator, DIS_PERMISSION_REFUND))
    {
      show_error (self, _("Only a point manager can refund a sale."));
      return;
    }

  /* The refund's total is negative: money goes back to the buyer. */
  if (gtk_toggle_button_get_active (self->split_toggle))
    {
      gint64 cash, card;

      split_refund (self->sale, self->refund->total, &cash, &card);
      if (cash != 0)
        dis_sale_add_payment (self->refund, DIS_PAYMENT_CASH, cash);
      if (card != 0)
        dis_sale_add_payment (self->refund, DIS_PAYMENT_CARD, card);
    }
  else
    {
      method = gtk_toggle_button_get_active (self->card_toggle) ? DIS_PAYMENT_CARD : DIS_PAYMENT_CASH;
      dis_sale_add_payment (self->refund, method, self->refund->total);
    }

  self->busy = TRUE;
  self->committing = g_steal_pointer (&self->refund);
  gtk_widget_set_sensitive (GTK_WIDGET (self->lines_list), FALSE);
  gtk_widget_action_set_enabled (widget, "refund.commit", FALSE);
  gtk_widget_action_set_enabled (widget, "refund.all", FALSE);

  dis_store_commit_sale_async (self->store, self->committing, self->operator,
                               self->cancellable, on_commit_done, g_object_ref (self));
}

static void
dis_refund_dialog_close (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_refund_dialog_dispose (GObject *object)
{
  DisRefundDialog *self = DIS_REFUND_DIALOG (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (dis_refund_dialog_parent_class)->dispose (object);
}

static void
dis_refund_dialog_finalize (GObject *object)
{
  DisRefundDialog *self = DIS_REFUND_DIALOG (object);

  g_clear_object (&self->sales);
  g_clear_object (&self->lines);
  g_clear_object (&self->sale);
  g_clear_object (&self->refund);
  g_clear_object (&self->committing);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->operator);

  G_OBJECT_CLASS (dis_refund_dialog_parent_class)->finalize (object);
}

static void
dis_refund_dialog_class_init (DisRefundDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_refund_dialog_dispose;
  object_class->finalize = dis_refund_dialog_finalize;

  /**
   * DisRefundDialog::refunded:
   * @refund: the committed refund sale
   *
   * Emitted after the refund was committed.
   */
  signals[REFUNDED] = g_signal_new ("refunded",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, DIS_TYPE_SALE);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-refund-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, denied_page);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, receipt_entry);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, sales_stack);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, sales_list);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, sales_status_label);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, sale_stack);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, sale_title_label);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, sale_subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, lines_list);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, total_label);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, cash_toggle);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, card_toggle);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, split_toggle);
  gtk_widget_class_bind_template_child (widget_class, DisRefundDialog, split_label);
  gtk_widget_class_bind_template_callback (widget_class, on_method_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_receipt_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_sales_list_row_activated);

  gtk_widget_class_install_action (widget_class, "refund.all", NULL, dis_refund_dialog_all);
  gtk_widget_class_install_action (widget_class, "refund.commit", NULL, dis_refund_dialog_commit);
  gtk_widget_class_install_action (widget_class, "refund.close", NULL, dis_refund_dialog_close);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "refund.close", NULL);
}

static void
dis_refund_dialog_init (DisRefundDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->sales = g_list_store_new (DIS_TYPE_SALE);
  self->lines = g_list_store_new (DIS_TYPE_REFUND_LINE);
  gtk_list_box_bind_model (self->sales_list, G_LIST_MODEL (self->sales), create_sale_row, NULL, NULL);
  gtk_list_box_bind_model (self->lines_list, G_LIST_MODEL (self->lines), create_line_row, NULL, NULL);
  update_refund (self);
}

GtkWidget *
dis_refund_dialog_new (GtkWindow   *parent,
                       DisStore    *store,
                       DisOperator *operator)
{
  DisRefundDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), NULL);

  self = g_object_new (DIS_TYPE_REFUND_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->operator = g_object_ref (operator);

  if (!dis_operator_can (operator, DIS_PERMISSION_REFUND))
    {
      adw_status_page_set_description (self->denied_page,
                                       _("Only a point manager can refund a sale. Ask a point manager to sign in and refund it."));
      gtk_stack_set_visible_child_name (self->stack, "denied");
      return GTK_WIDGET (self);
    }

  gtk_stack_set_visible_child_name (self->stack, "main");
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->receipt_entry));
  reload_sales_today (self);

  return GTK_WIDGET (self);
}
