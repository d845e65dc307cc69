/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-day-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-plain-number.h"
#include "dis-day-dialog.h"
#include "dis-receipt.h"
#include "dis-ui.h"

struct _DisDayDialog
{
  AdwWindow            parent_instance;

  DisStore            *store;
  DisOperator         *operator;
  DisDayDialogMode     mode;
  GCancellable        *cancellable;

  DisDayReport        *report;      /* the open day, then the closed one */
  gboolean             counted_ok;
  gint64               counted;
  gboolean             busy;
  gboolean             closed;

  AdwWindowTitle      *window_title;
  GtkStack            *stack;
  AdwStatusPage       *status_page;
  GtkEntry            *float_entry;
  GtkLabel            *open_error_label;
  GtkButton           *open_button;
  AdwPreferencesGroup *cash_group;
  GtkLabel            *float_label;
  GtkLabel            *cash_sales_label;
  GtkLabel            *cash_refunds_label;
  GtkLabel            *expected_label;
  GtkEntry            *counted_entry;
  GtkLabel            *difference_label;
  AdwPreferencesGroup *pending_group;
  AdwActionRow        *pending_row;
  AdwPreferencesGroup *tier_group;
  AdwPreferencesGroup *payment_group;
  AdwPreferencesGroup *vat_group;
  GtkButton           *close_button;
  GtkLabel            *report_label;
  GtkButton           *done_button;
};

G_DEFINE_FINAL_TYPE (DisDayDialog, dis_day_dialog, ADW_TYPE_WINDOW)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (DisDayDialog *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean open_day = self->report != NULL;

  gtk_widget_action_set_enabled (widget, "day.open",
                                 self->mode == DIS_DAY_DIALOG_OPEN && !self->busy && !self->closed);
  gtk_widget_action_set_enabled (widget, "day.close",
                                 self->mode == DIS_DAY_DIALOG_CLOSE && open_day && self->counted_ok
                                 && !self->busy && !self->closed);
  gtk_widget_action_set_enabled (widget, "day.print", open_day && !self->busy);
  gtk_widget_action_set_enabled (widget, "day.save-pdf", open_day && !self->busy);
}

static void
show_status (DisDayDialog *self,
             const char   *icon_name,
             const char   *title,
             const char   *description)
{
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static char *
describe_error (const GError *error)
{
  if (error->domain == DIS_ERROR)
    {
      switch ((DisError) error->code)
        {
        case DIS_ERROR_PERMISSION:
          return g_strdup (_("Only a point manager can close the day."));
        case DIS_ERROR_DAY_CLOSED:
          return g_strdup (_("The day is already closed."));
        case DIS_ERROR_INVALID:
          return g_strdup (_("A business day is already open."));
        case DIS_ERROR_NOT_FOUND:
        case DIS_ERROR_PRICE_ORDER:
        case DIS_ERROR_BARCODE:
        case DIS_ERROR_WRONG_PIN:
        case DIS_ERROR_REFUND_LIMIT:
        case DIS_ERROR_PAYMENT:
        case DIS_ERROR_TIER_NOT_ALLOWED:
        case DIS_ERROR_DATABASE:
        case DIS_ERROR_EMPTY:
        default:
          break;
        }
    }

  return g_strdup (_("The till could not save this. Try again; if it keeps failing, tell the point manager."));
}

/* ---- Open --------------------------------------------------------------- */

static void
show_open_error (DisDayDialog *self,
                 const char   *message)
{
  gtk_label_set_text (self->open_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->open_error_label), message != NULL);

  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->float_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->float_entry), "error");
}

static void
on_float_entry_changed (DisDayDialog *self)
{
  show_open_error (self, NULL);
}

static void
on_day_opened (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DisDayDialog) self = user_data;
  g_autoptr(DisDayReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = dis_store_open_day_finish (DIS_STORE (object), result, &error);
  self->busy = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (report == NULL)
    {
      g_autofree char *message = NULL;

      if (error != NULL)
        g_warning ("Could not open the day: %s", error->message);
      message = error != NULL ? describe_error (error) : g_strdup (_("The day could not be opened."));
      show_open_error (self, message);
      update_actions (self);
      return;
    }

  self->closed = TRUE;
  g_signal_emit (self, signals[DONE], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
dis_day_dialog_open (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DisDayDialog *self = DIS_DAY_DIALOG (widget);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->float_entry))));
  gint64 amount;

  if (self->busy)
    return;

  if (text[0] == '\0')
    {
      show_open_error (self, _("Enter the cash in the drawer. Type 0 if it is empty."));
      gtk_widget_grab_focus (GTK_WIDGET (self->float_entry));
      return;
    }

  if (!dis_money_parse (text, &amount))
    {
      show_open_error (self, _("That is not an amount. Type it like 50 or 50,00."));
      gtk_widget_grab_focus (GTK_WIDGET (self->float_entry));
      return;
    }

  self->busy = TRUE;
  update_actions (self);

  dis_store_open_day_async (self->store, self->operator, amount,
                            self->cancellable, on_day_opened, g_object_ref (self));
}

/* ---- Close -------------------------------------------------------------- */

static void
set_money (GtkLabel *label,
           gint64    cents)
{
  g_autofree char *text = dis_money_format (cents);

  gtk_label_set_text (label, text);
}

static GtkWidget *
add_amount_row (AdwPreferencesGroup *group,
                const char          *title,
                const char          *subtitle,
                const char          *amount)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (amount);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);

  return row;
}

static void
fill_totals (DisDayDialog *self)
{
  DisDayReport *report = self->report;

  for (guint t = 0; t < DIS_N_TIERS; t++)
    {
      const DisDayTierRow *row = &report->by_tier[t];
      g_autofree char *gross = dis_money_format (row->gross);
      g_autofree char *delta = dis_money_format_signed (row->tier_delta);
      g_autofree char *subtitle = NULL;
      g_autofree char *n_sales = NULL;
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, row->n_sales);

      /* Translators: %s is a number of sales */
      n_sales = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s sale", "%s sales",
                                              (gulong) row->n_sales),
                                 n);
      if (t == DIS_TIER_EQUA)
        subtitle = g_steal_pointer (&n_sales);
      else
        /* Translators: "3 sales · tier difference −€ 1,20" */
        subtitle = g_strdup_printf (_("%s · tier difference %s"), n_sales, delta);

      add_amount_row (self->tier_group, dis_tier_get_name (t), subtitle, gross);
    }

  for (guint m = DIS_PAYMENT_CASH; m <= DIS_PAYMENT_OTHER; m++)
    {
      g_autofree char *amount = NULL;

      if (m == DIS_PAYMENT_OTHER && report->by_payment[m] == 0)
        continue;

      amount = dis_money_format (report->by_payment[m]);
      add_amount_row (self->payment_group, dis_payment_method_get_name (m), NULL, amount);
    }

  if (report->by_vat == NULL || report->by_vat->len == 0)
    {
      add_amount_row (self->vat_group, _("No sales yet"), NULL, "");
      return;
    }

  for (guint i = 0; i < report->by_vat->len; i++)
    {
      const DisVatRow *row = &g_array_index (report->by_vat, DisVatRow, i);
      g_autofree char *title = g_strdup_printf (_("VAT %u%%"), row->vat_rate);
      g_autofree char *net = dis_money_format (row->net);
      g_autofree char *vat = dis_money_format (row->vat);
      g_autofree char *gross = dis_money_format (row->gross);
      g_autofree char *subtitle = g_strdup_printf (_("Net %s · VAT %s"), net, vat);

      add_amount_row (self->vat_group, title, subtitle, gross);
    }
}

static void
update_difference (DisDayDialog *self)
{
  GtkWidget *label = GTK_WIDGET (self->difference_label);

  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "warning");

  if (self->report == NULL)
    return;

  self->report->has_counted = self->counted_ok;
  self->report->counted_cash = self->counted_ok ? self->counted : 0;
  self->report->difference = self->counted_ok ? self->counted - self->report->expected_cash : 0;

  if (!self->counted_ok)
    {
      gtk_label_set_text (self->difference_label, "—");
      return;
    }

  {
    g_autofree char *text = dis_money_format_signed (self->report->difference);

    gtk_label_set_text (self->difference_label, text);
    gtk_widget_add_css_class (label, self->report->difference == 0 ? "success" : "warning");
  }
}

static void
on_counted_entry_changed (DisDayDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->counted_entry))));

  self->counted_ok = text[0] != '\0' && dis_money_parse (text, &self->counted);

  if (text[0] != '\0' && !self->counted_ok)
    gtk_widget_add_css_class (GTK_WIDGET (self->counted_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->counted_entry), "error");

  update_difference (self);
  update_actions (self);
}

static void
show_open_day (DisDayDialog *self)
{
  DisDayReport *report = self->report;
  g_autofree char *day = dis_plain_day (report->business_date);
  g_autofree char *opened = dis_plain_date_time (report->opened_at);
  g_autofree char *description = NULL;

  /* Translators: "05/12/2026, opened 05/12/2026 08:05 by Maria" */
  description = g_strdup_printf (_("%s, opened %s by %s"),
                                 day, opened,
                                 report->opened_by != NULL ? report->opened_by : "");
  adw_preferences_group_set_description (self->cash_group, description);
  adw_window_title_set_subtitle (self->window_title, day);

  set_money (self->float_label, report->opening_float);
  set_money (self->cash_sales_label, report->cash_sales);
  set_money (self->cash_refunds_label, -report->cash_refunds);
  set_money (self->expected_label, report->expected_cash);

  if (report->pending_events > 0)
    {
      g_autofree char *pending = NULL;
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, report->pending_events);

      /* Translators: %s is a number of sales */
      pending = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s sale is not yet synced with the network",
                                              "%s sales are not yet synced with the network",
                                              (gulong) report->pending_events),
                                 n);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pending_row), pending);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->pending_group), report->pending_events > 0);

  fill_totals (self);
  on_counted_entry_changed (self);

  gtk_stack_set_visible_child_name (self->stack, "close");
  gtk_widget_grab_focus (GTK_WIDGET (self->counted_entry));
}

static void
on_open_day_loaded (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DisDayDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  DisDayReport *report;

  report = dis_store_get_open_day_finish (DIS_STORE (object), result, &error);
  self->busy = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_warning ("Could not load the open day: %s", error->message);
      show_status (self, "dialog-error-symbolic", _("The Day Could Not Be Loaded"),
                   _("Close this window and try again. If it keeps failing, tell the point manager."));
      update_actions (self);
      return;
    }

  if (report == NULL)
    {
      show_status (self, "x-office-calendar-symbolic", _("No Business Day Is Open"),
                   _("There is nothing to close. A day is opened when the first operator signs in."));
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->report, dis_day_report_free);
  self->report = report;
  show_open_day (self);
  update_actions (self);
}

static void
on_day_closed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DisDayDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  DisDayReport *report;

  report = dis_store_close_day_finish (DIS_STORE (object), result, &error);
  self->busy = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (report == NULL)
    {
      g_autofree char *message = NULL;

      message = error != NULL ? describe_error (error) : g_strdup (_("The day could not be closed."));
      dis_ui_show_error (GTK_WIDGET (self), message, error);
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->report, dis_day_report_free);
  self->report = report;
  self->closed = TRUE;

  text = dis_day_report_format_text (report, 42);
  gtk_label_set_text (self->report_label, text);
  gtk_window_set_title (GTK_WINDOW (self), _("Day Closed"));
  adw_window_title_set_title (self->window_title, _("Day Closed"));
  gtk_stack_set_visible_child_name (self->stack, "report");
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->done_button));
  gtk_widget_grab_focus (GTK_WIDGET (self->done_button));
  update_actions (self);

  g_signal_emit (self, signals[DONE], 0);
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     DisDayDialog     *self)
{
  if (g_strcmp0 (response, "close") != 0 || self->busy || self->closed || !self->counted_ok)
    return;

  self->busy = TRUE;
  update_actions (self);

  dis_store_close_day_async (self->store, self->operator, self->counted,
                             self->cancellable, on_day_closed, g_object_ref (self));
}

static void
dis_day_dialog_close_day (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  DisDayDialog *self = DIS_DAY_DIALOG (widget);
  g_autofree char *counted = NULL;
  g_autofree char *difference = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->report == NULL || !self->counted_ok || self->busy)
    return;

  counted = dis_money_format (self->counted);
  difference = dis_money_format_signed (self->counted - self->report->expected_cash);
  /* Translators: counted cash, then the difference from the expected cash */
  body = g_strdup_printf (_("A closed day cannot be changed. Counted cash: %s, difference: %s."),
                          counted, difference);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Close the Day?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("_Close Day"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Print and save ----------------------------------------------------- */

static void
dis_day_dialog_print (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  DisDayDialog *self = DIS_DAY_DIALOG (widget);

  if (self->report != NULL)
    dis_day_report_print (self->report, dis_receipt_get_paper_layout (), GTK_WINDOW (self));
}

static void
dis_day_dialog_save_pdf (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  DisDayDialog *self = DIS_DAY_DIALOG (widget);
  g_autofree char *name = NULL;

  if (self->report == NULL)
    return;

  /* Translators: file name of the saved report; %s is the date */
  name = g_strdup_printf (_("day-report-%s.pdf"),
                          self->report->business_date != NULL ? self->report->business_date : "");
  dis_paper_ask_save_pdf (GTK_WINDOW (self), _("Save Day Report as PDF"), name,
                          (DisPaperSaveFunc) dis_day_report_save_pdf, self->report,
                          _("Choose a folder on this computer to save the report"),
                          _("Could not save the report there. Try another folder."));
}

static void
dis_day_dialog_dismiss (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_day_dialog_dispose (GObject *object)
{
  DisDayDialog *self = DIS_DAY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (dis_day_dialog_parent_class)->dispose (object);
}

static void
dis_day_dialog_finalize (GObject *object)
{
  DisDayDialog *self = DIS_DAY_DIALOG (object);

  g_clear_pointer (&self->report, dis_day_report_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->operator);

  G_OBJECT_CLASS (dis_day_dialog_parent_class)->finalize (object);
}

static void
dis_day_dialog_class_init (DisDayDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_day_dialog_dispose;
  object_class->finalize = dis_day_dialog_finalize;

  /**
   * DisDayDialog::done:
   *
   * Emitted after the day was opened or closed.
   */
  signals[DONE] = g_signal_new ("done",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL,
                                G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-day-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, status_page);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, float_entry);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, open_error_label);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, open_button);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, cash_group);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, float_label);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, cash_sales_label);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, cash_refunds_label);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, expected_label);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, counted_entry);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, difference_label);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, pending_group);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, pending_row);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, tier_group);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, payment_group);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, vat_group);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, report_label);
  gtk_widget_class_bind_template_child (widget_class, DisDayDialog, done_button);
  gtk_widget_class_bind_template_callback (widget_class, on_float_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_counted_entry_changed);

  gtk_widget_class_install_action (widget_class, "day.open", NULL, dis_day_dialog_open);
  gtk_widget_class_install_action (widget_class, "day.close", NULL, dis_day_dialog_close_day);
  gtk_widget_class_install_action (widget_class, "day.print", NULL, dis_day_dialog_print);
  gtk_widget_class_install_action (widget_class, "day.save-pdf", NULL, dis_day_dialog_save_pdf);
  gtk_widget_class_install_action (widget_class, "day.dismiss", NULL, dis_day_dialog_dismiss);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "day.dismiss", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "day.print", NULL);
}

static void
dis_day_dialog_init (DisDayDialog *self)
{
  g_autofree char *zero = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  /* "0,00" in Italian, "0.00" in English: as the amount is typed. */
  zero = dis_plain_money (0);
  gtk_entry_set_placeholder_text (self->float_entry, zero);
  gtk_entry_set_placeholder_text (self->counted_entry, zero);
}

GtkWidget *
dis_day_dialog_new (GtkWindow        *parent,
                    DisStore         *store,
                    DisOperator      *operator,
                    DisDayDialogMode  mode)
{
  DisDayDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), NULL);

  self = g_object_new (DIS_TYPE_DAY_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->operator = g_object_ref (operator);
  self->mode = mode;

  if (mode == DIS_DAY_DIALOG_OPEN)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Open the Day"));
      adw_window_title_set_title (self->window_title, _("Open the Day"));
      gtk_window_set_default_size (GTK_WINDOW (self), 480, 560);
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->open_button));
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->float_entry));
      gtk_stack_set_visible_child_name (self->stack, "open");
    }
  else if (!dis_operator_can (operator, DIS_PERMISSION_CLOSE_DAY))
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Close the Day"));
      adw_window_title_set_title (self->window_title, _("Close the Day"));
      show_status (self, "dialog-password-symbolic", _("Closing the Day Needs a Point Manager"),
                   _("Ask a point manager to sign in and close the day."));
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Close the Day"));
      adw_window_title_set_title (self->window_title, _("Close the Day"));
      gtk_stack_set_visible_child_name (self->stack, "loading");
      self->busy = TRUE;
      dis_store_get_open_day_async (store, self->cancellable, on_open_day_loaded,
                                    g_object_ref (self));
    }

  update_actions (self);

  return GTK_WIDGET (self);
}
