/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-count-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-count-dialog.h"
#include "dis-money.h"
#include "dis-stock-export.h"
#include "dis-stock-search.h"
#include "dis-ui.h"

struct _DisCountDialog
{
  AdwWindow           parent_instance;

  DisStore           *store;
  DisOperator        *operator;
  GStrv               categories;
  GCancellable       *cancellable;     /* cancelled in dispose */

  DisCount           *count;
  GListStore         *not_counted;     /* DisCountLine */
  GtkCustomFilter    *line_filter;
  GtkFilterListModel *shown_lines;
  DisStockQuery      *query;

  /* The product whose quantity is being typed. */
  gint64              chosen_id;
  char               *chosen_name;
  DisUnit             chosen_unit;
  guint               busy : 1;

  GtkStack           *stack;
  AdwComboRow        *scope_row;
  GtkSwitch          *blind_switch;
  GtkLabel           *progress_label;
  GtkProgressBar     *progress_bar;
  GtkSearchEntry     *product_entry;
  GtkWidget          *qty_box;
  GtkLabel           *chosen_label;
  GtkEntry           *qty_entry;
  GtkListView        *lines_view;
  AdwStatusPage      *result_page;
};

G_DEFINE_FINAL_TYPE (DisCountDialog, dis_count_dialog, ADW_TYPE_WINDOW)

static void update_actions (DisCountDialog *self);

/* ---- Progress and the lines left ---------------------------------------- */

static void
show_count (DisCountDialog *self,
            DisCount       *count)
{
  guint total, counted;
  g_autofree char *progress = NULL;

  g_set_object (&self->count, count);
  total = dis_count_get_n_total (count);
  counted = dis_count_get_n_counted (count);
  /* Translators: the progress of a stock count, "312 of 480 counted" */
  progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u counted", "%u of %u counted", total),
                              counted, total);
  gtk_label_set_label (self->progress_label, progress);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) counted / total : 0);
  gtk_stack_set_visible_child_name (self->stack, "counting");
  update_actions (self);
}

static void
lines_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DisCountDialog) self = user_data;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;

  lines = dis_store_count_list_lines_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (lines == NULL)
    {
      dis_ui_show_error (GTK_WIDGET (self), _("The products left to count could not be read. Close the count and open it again."), error);
      return;
    }
  g_list_store_splice (self->not_counted, 0, g_list_model_get_n_items (G_LIST_MODEL (self->not_counted)),
                       lines->pdata, lines->len);
}

static void
read_lines (DisCountDialog *self)
{
  dis_store_count_list_lines_async (self->store, dis_count_get_id (self->count), DIS_COUNT_LINES_NOT_COUNTED,
                                    self->cancellable, lines_cb, g_object_ref (self));
}

static void
open_count_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DisCountDialog) self = user_data;
  g_autoptr(DisCount) count = NULL;
  g_autoptr(GError) error = NULL;

  count = dis_store_count_get_open_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "start");
      dis_ui_show_error (GTK_WIDGET (self), _("The open count could not be read. Close this window and try again."), error);
      return;
    }
  if (count == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "start");
      update_actions (self);
      return;
    }

  show_count (self, count);
  read_lines (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->product_entry));
}

/* ---- Starting ----------------------------------------------------------- */

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DisCountDialog) self = user_data;
  g_autoptr(DisCount) count = NULL;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  count = dis_store_count_start_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (count == NULL)
    {
      dis_ui_show_failure (GTK_WIDGET (self), _("The count was not started."),
                           _("Try again; if it fails again, restart the till."), error);
      update_actions (self);
      return;
    }

  show_count (self, count);
  read_lines (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->product_entry));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DisCountDialog *self = DIS_COUNT_DIALOG (widget);
  guint scope = adw_combo_row_get_selected (self->scope_row);
  const char *category = scope > 0 && scope != GTK_INVALID_LIST_POSITION ? self->categories[scope - 1] : NULL;

  self->busy = TRUE;
  update_actions (self);
  dis_store_count_start_async (self->store, self->operator, category,
                               gtk_switch_get_active (self->blind_switch),
                               self->cancellable, start_cb, g_object_ref (self));
}

/* ---- Choosing a product and recording it -------------------------------- */

static void
choose (DisCountDialog *self,
        gint64          product_id,
        const char     *name,
        DisUnit         unit)
{
  g_autofree char *label = NULL;

  self->chosen_id = product_id;
  g_free (self->chosen_name);
  self->chosen_name = g_strdup (name);
  self->chosen_unit = unit;

  if (dis_unit_is_measured (unit))
    /* Translators: a product being counted, by weight or volume */
    label = g_strdup_printf (unit == DIS_UNIT_KG ? _("%s — weight in kg") : _("%s — litres"), name);
  else
    /* Translators: a product being counted, by the piece */
    label = g_strdup_printf (_("%s — pieces"), name);
  gtk_label_set_label (self->chosen_label, label);
  gtk_widget_set_sensitive (self->qty_box, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->qty_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->qty_entry));
  update_actions (self);
}

static void
choose_line (DisCountDialog *self,
             DisCountLine   *line)
{
  DisUnit unit = DIS_UNIT_PIECE;

  dis_unit_from_code (dis_count_line_get_unit (line), &unit);
  choose (self, dis_count_line_get_product_id (line), dis_count_line_get_name (line), unit);
}

static gboolean
line_matches (gpointer item,
              gpointer user_data)
{
  DisCountDialog *self = user_data;
  g_autofree char *text = NULL;
  g_autofree char *folded = NULL;

  if (self->query == NULL)
    return TRUE;
  text = g_strjoin (" ", dis_count_line_get_name (item), dis_count_line_get_code (item), NULL);
  folded = dis_stock_search_fold (text);
  return dis_stock_query_matches (self->query, folded);
}

static void
on_product_changed (DisCountDialog *self)
{
  dis_stock_query_free (self->query);
  self->query = dis_stock_query_new (gtk_editable_get_text (GTK_EDITABLE (self->product_entry)));
  gtk_filter_changed (GTK_FILTER (self->line_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DisCountDialog) self = user_data;
  g_autoptr(DisScan) scan = NULL;
  g_autoptr(GError) error = NULL;

  scan = dis_store_resolve_scan_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (scan == NULL)
    {
      dis_ui_warning (GTK_WIDGET (self), _("No product has this barcode. Scan it again or type its name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->product_entry));
      return;
    }

  choose (self, dis_product_get_id (scan->product), dis_product_get_name (scan->product),
          dis_product_get_unit (scan->product));
}

static void
on_product_activate (DisCountDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->product_entry))));
  g_autoptr(DisCountLine) first = NULL;

  if (self->count == NULL)
    return;

  /* A scanner types digits and Enter: counted products can be scanned
   * again, so the barcode is looked up, not only the lines left. */
  if (dis_stock_search_is_barcode (text))
    {
      dis_store_resolve_scan_async (self->store, text, self->cancellable, scan_cb, g_object_ref (self));
      return;
    }

  first = g_list_model_get_item (G_LIST_MODEL (self->shown_lines), 0);
  if (first == NULL)
    {
      dis_ui_warning (GTK_WIDGET (self), _("No product left to count matches. Scan its barcode to count it again."));
      return;
    }
  choose_line (self, first);
}

static void
on_line_activate (DisCountDialog *self,
                  guint           position)
{
  g_autoptr(DisCountLine) line = g_list_model_get_item (G_LIST_MODEL (self->shown_lines), position);

  if (line != NULL)
    choose_line (self, line);
}

static void
on_line_setup (DisCountDialog *self,
               GtkListItem    *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
on_line_bind (DisCountDialog *self,
              GtkListItem    *item)
{
  DisCountLine *line = gtk_list_item_get_item (item);
  /* Translators: a product left to count: its name and code */
  g_autofree char *text = g_strdup_printf (_("%s (%s)"), dis_count_line_get_name (line), dis_count_line_get_code (line));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
progress_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisCountDialog) self = user_data;
  g_autoptr(DisCount) count = dis_store_count_get_finish (DIS_STORE (object), result, NULL);

  if (count != NULL)
    show_count (self, count);
}

static void
record_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DisCountDialog) self = user_data;
  g_autoptr(DisCountLine) line = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *qty = NULL;
  g_autofree char *message = NULL;

  self->busy = FALSE;
  line = dis_store_count_record_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  update_actions (self);
  if (line == NULL)
    {
      dis_ui_show_failure (GTK_WIDGET (self), _("The quantity was not recorded."),
                           _("Try again; if it fails again, restart the till."), error);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->not_counted)); i++)
    {
      g_autoptr(DisCountLine) left = g_list_model_get_item (G_LIST_MODEL (self->not_counted), i);

      if (dis_count_line_get_product_id (left) == dis_count_line_get_product_id (line))
        {
          g_list_store_remove (self->not_counted, i);
          break;
        }
    }

  qty = dis_qty_format (dis_count_line_get_counted (line), dis_count_line_get_unit (line));
  /* Translators: after recording a count, "Pasta: 12 counted" */
  message = g_strdup_printf (_("%s: %s counted"), dis_count_line_get_name (line), qty);
  dis_ui_message (GTK_WIDGET (self), message);

  /* The keyboard leaves the quantity before it turns insensitive. */
  gtk_editable_set_text (GTK_EDITABLE (self->product_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->product_entry));
  self->chosen_id = 0;
  gtk_widget_set_sensitive (self->qty_box, FALSE);
  gtk_label_set_label (self->chosen_label, _("Choose a product first"));
  gtk_editable_set_text (GTK_EDITABLE (self->qty_entry), "");
  dis_store_count_get_async (self->store, dis_count_get_id (self->count), self->cancellable,
                             progress_cb, g_object_ref (self));
}

/* A counted quantity may be 0 (an empty shelf), never negative; pieces
 * are whole. */
static gboolean
parse_counted (DisCountDialog *self,
               const char     *text,
               gint64         *out_qty)
{
  if (!dis_stock_csv_parse_qty (text, DIS_QUANTITY_MAX, out_qty) || *out_qty < 0)
    return FALSE;
  return dis_unit_is_measured (self->chosen_unit) || *out_qty % 1000 == 0;
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DisCountDialog *self = DIS_COUNT_DIALOG (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->qty_entry));
  gint64 qty;

  if (!parse_counted (self, text, &qty))
    {
      dis_ui_warning (GTK_WIDGET (self),
                      dis_unit_is_measured (self->chosen_unit)
                      ? _("Type the quantity counted, e.g. 3,050 (up to three decimals), or 0 for none.")
                      : _("Type the number of pieces counted, e.g. 12, or 0 for none."));
      gtk_widget_grab_focus (GTK_WIDGET (self->qty_entry));
      return;
    }

  self->busy = TRUE;
  update_actions (self);
  dis_store_count_record_async (self->store, self->operator, dis_count_get_id (self->count), self->chosen_id,
                                qty, self->cancellable, record_cb, g_object_ref (self));
}

static void
on_qty_activate (DisCountDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "count.record", NULL);
}

/* ---- Validating and abandoning ------------------------------------------ */

static void
validate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisCountDialog) self = user_data;
  g_autoptr(DisCountResult) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *money = NULL;
  g_autofree char *description = NULL;
  guint adjusted;

  self->busy = FALSE;
  done = dis_store_count_validate_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  update_actions (self);
  if (done == NULL)
    {
      dis_ui_show_failure (GTK_WIDGET (self), _("The count was not validated."),
                           _("Nothing was written. Try again; if it fails again, restart the till."), error);
      return;
    }

  adjusted = dis_count_result_get_n_adjusted (done);
  money = dis_money_format_signed (dis_count_result_get_difference_cents (done));
  if (adjusted == 0)
    description = g_strdup (_("Every counted product matched the stock: nothing was adjusted."));
  else
    /* Translators: after a count, "3 products adjusted, difference at purchase cost −€ 12,50" */
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u product adjusted, difference at purchase cost %s",
                                                "%u products adjusted, difference at purchase cost %s", adjusted),
                                   adjusted, money);
  if (dis_count_result_get_n_without_cost (done) > 0)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s\n%u of them has no purchase cost and is left out of the amount.",
                                                            "%s\n%u of them have no purchase cost and are left out of the amount.",
                                                            dis_count_result_get_n_without_cost (done)),
                                               description, dis_count_result_get_n_without_cost (done));

      g_free (description);
      description = g_steal_pointer (&more);
    }
  adw_status_page_set_description (self->result_page, description);
  g_clear_object (&self->count);
  gtk_stack_set_visible_child_name (self->stack, "result");
  update_actions (self);
}

static void
abandon_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DisCountDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!dis_store_count_abandon_finish (DIS_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dis_ui_show_failure (GTK_WIDGET (self), _("The count was not abandoned."),
                             _("Try again; if it fails again, restart the till."), error);
      update_actions (self);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
confirm_cb (AdwMessageDialog *dialog,
            const char       *response,
            gpointer          user_data)
{
  g_autoptr(DisCountDialog) self = user_data;

  if (self->count == NULL || self->busy)
    return;
  self->busy = TRUE;
  update_actions (self);
  if (g_str_equal (response, "validate"))
    dis_store_count_validate_async (self->store, self->operator, dis_count_get_id (self->count),
                                    self->cancellable, validate_cb, g_object_ref (self));
  else if (g_str_equal (response, "abandon"))
    dis_store_count_abandon_async (self->store, self->operator, dis_count_get_id (self->count),
                                   self->cancellable, abandon_cb, g_object_ref (self));
  else
    {
      self->busy = FALSE;
      update_actions (self);
    }
}

static void
confirm (DisCountDialog *self,
         gboolean        validate)
{
  AdwMessageDialog *dialog;
  guint left = g_list_model_get_n_items (G_LIST_MODEL (self->not_counted));
  g_autofree char *body = NULL;

  if (validate)
    body = left == 0
      ? g_strdup (_("Every product was counted. The differences are written as adjustments to the stock."))
      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u product was not counted and stays as it is. The differences of the others are written as adjustments to the stock.",
                                      "%u products were not counted and stay as they are. The differences of the others are written as adjustments to the stock.",
                                      left), left);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       validate ? _("Validate the Count?") : _("Abandon the Count?"),
                                                       validate ? body : _("What was counted is thrown away and the stock is not changed.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    validate ? "validate" : "abandon",
                                    validate ? _("_Validate") : _("_Abandon"), NULL);
  adw_message_dialog_set_response_appearance (dialog, validate ? "validate" : "abandon",
                                              validate ? ADW_RESPONSE_SUGGESTED : ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, validate ? "validate" : "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_cb), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
validate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  confirm (DIS_COUNT_DIALOG (widget), TRUE);
}

static void
abandon_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  confirm (DIS_COUNT_DIALOG (widget), FALSE);
}

/* ---- The count sheet ---------------------------------------------------- */

typedef struct
{
  DisCountDialog *self;
  GFile          *file;
} Sheet;

static void
sheet_free (Sheet *sheet)
{
  g_clear_object (&sheet->self);
  g_clear_object (&sheet->file);
  g_free (sheet);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sheet, sheet_free)

static void
sheet_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Sheet) sheet = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = dis_store_count_export_sheet_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      dis_ui_show_error (GTK_WIDGET (sheet->self), _("The count sheet could not be made. Try again."), error);
      return;
    }
  dis_stock_export_write (GTK_WIDGET (sheet->self), sheet->file, bytes);
}

static void
sheet_chosen (GFile    *file,
              char      separator,
              gpointer  user_data)
{
  DisCountDialog *self = user_data;
  DisStockCsvOptions options = { .separator = separator, .bom = TRUE };
  Sheet *sheet;

  if (self->count == NULL)
    return;
  sheet = g_new0 (Sheet, 1);
  sheet->self = g_object_ref (self);
  sheet->file = g_object_ref (file);
  dis_store_count_export_sheet_async (self->store, dis_count_get_id (self->count), &options, self->cancellable,
                                      sheet_cb, sheet);
}

static void
export_sheet_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  /* Translators: the file name offered for a count sheet */
  dis_stock_export_choose (widget, _("Export the Count Sheet"), _("count-sheet.csv"), sheet_chosen,
                           g_object_ref (widget), g_object_unref);
}

static void
update_actions (DisCountDialog *self)
{
  gboolean open = self->count != NULL && !self->busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "count.start", self->count == NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "count.record", open && self->chosen_id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "count.validate", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "count.abandon", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "count.export-sheet", open);
}

/* ---- Tests -------------------------------------------------------------- */

DisCount *
dis_count_dialog_get_count (DisCountDialog *self)
{
  g_return_val_if_fail (DIS_IS_COUNT_DIALOG (self), NULL);

  return self->count;
}

GListModel *
dis_count_dialog_get_not_counted (DisCountDialog *self)
{
  g_return_val_if_fail (DIS_IS_COUNT_DIALOG (self), NULL);

  return G_LIST_MODEL (self->not_counted);
}

void
dis_count_dialog_count (DisCountDialog *self,
                        const char     *code,
                        const char     *text)
{
  g_return_if_fail (DIS_IS_COUNT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->product_entry), code);
  on_product_activate (self);
  gtk_editable_set_text (GTK_EDITABLE (self->qty_entry), text);
  on_qty_activate (self);
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_count_dialog_dispose (GObject *object)
{
  DisCountDialog *self = DIS_COUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_COUNT_DIALOG);
  g_clear_object (&self->shown_lines);
  g_clear_object (&self->line_filter);
  g_clear_object (&self->not_counted);
  g_clear_object (&self->count);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->operator);
  g_clear_object (&self->store);
  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->chosen_name, g_free);
  g_clear_pointer (&self->query, dis_stock_query_free);

  G_OBJECT_CLASS (dis_count_dialog_parent_class)->dispose (object);
}

static void
dis_count_dialog_class_init (DisCountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_count_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-count-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisCountDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DisCountDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, DisCountDialog, blind_switch);
  gtk_widget_class_bind_template_child (widget_class, DisCountDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, DisCountDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DisCountDialog, product_entry);
  gtk_widget_class_bind_template_child (widget_class, DisCountDialog, qty_box);
  gtk_widget_class_bind_template_child (widget_class, DisCountDialog, chosen_label);
  gtk_widget_class_bind_template_child (widget_class, DisCountDialog, qty_entry);
  gtk_widget_class_bind_template_child (widget_class, DisCountDialog, lines_view);
  gtk_widget_class_bind_template_child (widget_class, DisCountDialog, result_page);
  gtk_widget_class_bind_template_callback (widget_class, on_product_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_product_activate);
  gtk_widget_class_bind_template_callback_full (widget_class, "dis_ui_search_escape", G_CALLBACK (dis_ui_search_escape));
  gtk_widget_class_bind_template_callback (widget_class, on_qty_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_line_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_line_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_line_activate);

  gtk_widget_class_install_action (widget_class, "count.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "count.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "count.validate", NULL, validate_action);
  gtk_widget_class_install_action (widget_class, "count.abandon", NULL, abandon_action);
  gtk_widget_class_install_action (widget_class, "count.export-sheet", NULL, export_sheet_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dis_count_dialog_init (DisCountDialog *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->not_counted = g_list_store_new (DIS_TYPE_COUNT_LINE);
  self->line_filter = gtk_custom_filter_new (line_matches, self, NULL);
  self->shown_lines = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->not_counted)),
                                                 g_object_ref (GTK_FILTER (self->line_filter)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown_lines)));
  gtk_list_view_set_model (self->lines_view, GTK_SELECTION_MODEL (selection));
}

GtkWidget *
dis_count_dialog_new (GtkWindow          *parent,
                      DisStore           *store,
                      DisOperator        *operator,
                      const char * const *categories)
{
  DisCountDialog *self;
  g_autoptr(GtkStringList) scopes = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), NULL);

  self = g_object_new (DIS_TYPE_COUNT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->operator = g_object_ref (operator);
  self->categories = g_strdupv ((char **) categories);

  scopes = gtk_string_list_new (NULL);
  gtk_string_list_append (scopes, _("Every product"));
  for (guint i = 0; self->categories != NULL && self->categories[i] != NULL; i++)
    {
      /* Translators: the scope of a count, one category of products */
      g_autofree char *scope = g_strdup_printf (_("Category: %s"), self->categories[i]);

      gtk_string_list_append (scopes, scope);
    }
  adw_combo_row_set_model (self->scope_row, G_LIST_MODEL (scopes));
  update_actions (self);

  dis_store_count_get_open_async (store, self->cancellable, open_count_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}
