/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-count-dialog.h"
#include "dis-import-dialog.h"
#include "dis-receive-dialog.h"
#include "dis-restock-dialog.h"
#include "dis-stock-export.h"
#include "dis-stock-move-dialog.h"
#include "dis-transfers-dialog.h"
#include "dis-store-points.h"
#include "dis-stock-page-private.h"
#include "dis-ui.h"

/* The page's actions: what each opens, and when each can be used. */

static gboolean
can_act (DisStockPage *self)
{
  return self->store != NULL && self->operator != NULL;
}

void
_dis_stock_page_update_actions (DisStockPage *self)
{
  gboolean can = can_act (self);
  gboolean chosen = can && _dis_stock_page_get_selected (self) != NULL;

  g_assert (DIS_IS_STOCK_PAGE (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stock.reload", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stock.count", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stock.receive", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stock.restock", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stock.incoming", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stock.export", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stock.import", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stock.waste", chosen);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stock.transfer", chosen);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stock.levels", chosen);
}

static void
search_focus_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  dis_stock_page_focus_search (DIS_STOCK_PAGE (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _dis_stock_page_reload (DIS_STOCK_PAGE (widget));
}

/* The categories of the products listed, sorted, for a count's scope. */
static GStrv
list_categories (DisStockPage *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GPtrArray *levels = dis_stock_rows_get_all (self->filtered);
  GStrv categories;

  for (guint i = 0; i < levels->len; i++)
    {
      DisStockLevel *level = g_ptr_array_index (levels, i);
      const char *category = level->category;

      if (category != NULL && *category != '\0' && g_hash_table_add (seen, (gpointer) category))
        g_strv_builder_add (builder, category);
    }
  categories = g_strv_builder_end (builder);
  qsort (categories, g_strv_length (categories), sizeof (char *), (GCompareFunc) g_utf8_collate);
  return categories;
}

static void
count_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DisStockPage *self = DIS_STOCK_PAGE (widget);
  g_auto(GStrv) categories = NULL;
  GtkWidget *dialog;

  if (!can_act (self))
    return;

  categories = list_categories (self);
  dialog = dis_count_dialog_new (dis_ui_get_parent_window (widget), self->store, self->operator,
                                 (const char * const *) categories);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
receive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DisStockPage *self = DIS_STOCK_PAGE (widget);
  GtkWidget *dialog;

  if (!can_act (self))
    return;

  dialog = dis_receive_dialog_new (dis_ui_get_parent_window (widget), self->store, self->operator);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restock_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DisStockPage *self = DIS_STOCK_PAGE (widget);
  GtkWidget *dialog;

  if (!can_act (self))
    return;

  dialog = dis_restock_dialog_new (dis_ui_get_parent_window (widget), self->store, self->operator);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
incoming_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DisStockPage *self = DIS_STOCK_PAGE (widget);
  GtkWidget *dialog;

  if (!can_act (self))
    return;

  dialog = dis_transfers_dialog_new (dis_ui_get_parent_window (widget), self->store, self->operator);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Waste, transfer, minimum and target of the product shown ----------- */

typedef struct
{
  DisStockPage  *self;
  DisStockLevel *level;
} Move;

static void
move_free (Move *move)
{
  g_clear_object (&move->self);
  g_clear_object (&move->level);
  g_free (move);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Move, move_free)

static Move *
move_new (DisStockPage  *self,
          DisStockLevel *level)
{
  Move *move = g_new0 (Move, 1);

  move->self = g_object_ref (self);
  move->level = g_object_ref (level);
  return move;
}

static void
moved (Move         *move,
       gboolean      done,
       const GError *error,
       const char   *what_failed,
       const char   *message)
{
  if (!done)
    dis_ui_show_failure (GTK_WIDGET (move->self), what_failed,
                         _("Nothing was written. Try again; if it fails again, restart the till."), error);
  else
    dis_ui_message (GTK_WIDGET (move->self), message);
}

static void
wasted_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Move) move = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done = dis_store_stock_record_waste_finish (DIS_STORE (object), result, &error);
  /* Translators: %s is a product's name */
  g_autofree char *message = g_strdup_printf (_("Waste of %s recorded"), move->level->name);

  moved (move, done, error, _("The waste was not recorded."), message);
}

static void
transferred_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Move) move = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = dis_store_stock_send_transfer_finish (DIS_STORE (object), result, &error);
  g_autofree char *message = g_strdup_printf (_("Transfer of %s sent: the other point confirms what arrives"),
                                              move->level->name);

  moved (move, id != NULL, error, _("The transfer was not sent."), message);
}

static void
limits_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Move) move = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done = dis_store_stock_set_limits_finish (DIS_STORE (object), result, &error);
  g_autofree char *message = g_strdup_printf (_("Minimum and target of %s saved"), move->level->name);

  moved (move, done, error, _("The minimum and target were not saved."), message);
}

static void
move_response_cb (DisStockMoveDialog *dialog,
                  const char         *response,
                  gpointer            user_data)
{
  g_autoptr(Move) move = user_data;
  DisStockPage *self = move->self;
  gint64 product_id = move->level->product_id;

  if (!g_str_equal (response, "apply") || !can_act (self))
    return;

  switch (dis_stock_move_dialog_get_kind (dialog))
    {
    case DIS_STOCK_MOVE_WASTE:
      {
        g_autofree char *reason = dis_stock_move_dialog_get_reason (dialog);

        dis_store_stock_record_waste_async (self->store, self->operator, product_id,
                                            dis_stock_move_dialog_get_qty (dialog), reason,
                                            self->cancellable, wasted_cb, g_steal_pointer (&move));
      }
      break;

    case DIS_STOCK_MOVE_TRANSFER:
      {
        DisStockTransferItem item = { product_id, dis_stock_move_dialog_get_qty (dialog) };

        dis_store_stock_send_transfer_async (self->store, self->operator, dis_stock_move_dialog_get_point (dialog),
                                             &item, 1, self->cancellable, transferred_cb, g_steal_pointer (&move));
      }
      break;

    case DIS_STOCK_MOVE_LEVELS:
      dis_store_stock_set_limits_async (self->store, self->operator, product_id,
                                        dis_stock_move_dialog_get_min (dialog),
                                        dis_stock_move_dialog_get_target (dialog),
                                        self->cancellable, limits_cb, g_steal_pointer (&move));
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
show_move_dialog (DisStockPage     *self,
                  DisStockMoveKind  kind,
                  GPtrArray        *points)
{
  DisStockLevel *level = _dis_stock_page_get_selected (self);
  GtkWidget *dialog;

  if (!can_act (self) || level == NULL)
    return;

  dialog = dis_stock_move_dialog_new (dis_ui_get_parent_window (GTK_WIDGET (self)), kind, level->name,
                                      level->unit, points, level->min_qty, level->target_qty);
  g_signal_connect (dialog, "response", G_CALLBACK (move_response_cb), move_new (self, level));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
waste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  show_move_dialog (DIS_STOCK_PAGE (widget), DIS_STOCK_MOVE_WASTE, NULL);
}

static void
levels_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  show_move_dialog (DIS_STOCK_PAGE (widget), DIS_STOCK_MOVE_LEVELS, NULL);
}

/* The other points of the network, for a transfer: read first. */
static void
points_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DisStockPage) self = dis_ui_weak_take (user_data);
  g_autoptr(GPtrArray) points = NULL;
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_point_record_free);
  g_autoptr(GError) error = NULL;

  points = dis_store_list_points_finish (DIS_STORE (object), result, &error);
  /* Its window closed meanwhile: no dialog without one. */
  if (self == NULL)
    return;
  if (points == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dis_ui_show_error (GTK_WIDGET (self), _("The points of the network could not be read. Try again."), error);
      return;
    }
  for (guint i = 0; i < points->len; i++)
    {
      DisPointRecord *point = g_ptr_array_index (points, i);

      if (g_strcmp0 (point->code, self->point_code) != 0)
        g_ptr_array_add (others, dis_point_record_copy (point));
    }
  show_move_dialog (self, DIS_STOCK_MOVE_TRANSFER, others);
}

static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DisStockPage *self = DIS_STOCK_PAGE (widget);

  if (!can_act (self) || _dis_stock_page_get_selected (self) == NULL)
    return;
  dis_store_list_points_async (self->store, self->cancellable, points_cb, dis_ui_weak_new (self));
}

/* ---- Export ------------------------------------------------------------- */

typedef struct
{
  DisStockPage *self;
  GFile        *file;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->self);
  g_clear_object (&export->file);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = dis_store_count_export_levels_finish (DIS_STORE (object), result, &error);
  if (bytes == NULL)
    {
      dis_ui_show_error (GTK_WIDGET (export->self),
                         _("The stock could not be read for the export. Try again; if it fails again, restart the till."),
                         error);
      return;
    }
  dis_stock_export_write (GTK_WIDGET (export->self), export->file, bytes);
}

void
_dis_stock_page_export_to (DisStockPage *self,
                           GFile        *file,
                           char          separator)
{
  DisStockCsvOptions options = { .separator = separator, .bom = TRUE };
  Export *export;

  g_return_if_fail (DIS_IS_STOCK_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (separator == ',' || separator == ';');

  export = g_new0 (Export, 1);
  export->self = g_object_ref (self);
  export->file = g_object_ref (file);
  dis_store_count_export_levels_async (self->store, &options, self->cancellable, exported_cb, export);
}

static void
export_chosen (GFile    *file,
               char      separator,
               gpointer  user_data)
{
  _dis_stock_page_export_to (DIS_STOCK_PAGE (user_data), file, separator);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  if (!can_act (DIS_STOCK_PAGE (widget)))
    return;

  /* Translators: the file name offered for the stock export */
  dis_stock_export_choose (widget, _("Export the Stock"), _("stock.csv"), export_chosen,
                           g_object_ref (widget), g_object_unref);
}

/* ---- Import: file → the open count → preview → apply ------------------ */

typedef struct
{
  DisStockPage *self;
  GBytes       *bytes;
} Import;

static void
import_free (Import *import)
{
  g_clear_object (&import->self);
  g_clear_pointer (&import->bytes, g_bytes_unref);
  g_free (import);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Import, import_free)

static void
imported_cb (DisImportDialog *dialog,
             DisCount        *count,
             DisStockPage    *self)
{
  /* Translators: after importing a count sheet, "312 of 480 counted" follows */
  g_autofree char *message = g_strdup_printf (_("Count sheet imported: %u of %u counted. Open the count (Ctrl+I) to validate it."),
                                              dis_count_get_n_counted (count), dis_count_get_n_total (count));

  dis_ui_message (GTK_WIDGET (self), message);
}

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Import) import = user_data;
  g_autoptr(DisCountImport) preview = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  preview = dis_store_count_import_preview_finish (DIS_STORE (object), result, &error);
  if (preview == NULL)
    {
      /* A bad row names its row and column in the error's own message. */
      dis_ui_show_failure (GTK_WIDGET (import->self), _("The count sheet was not imported; nothing was changed."),
                           _("Check that the file is a count sheet and try again."), error);
      return;
    }
  /* Its window closed meanwhile: no dialog without one. */
  if (import->self->operator == NULL || dis_ui_get_parent_window (GTK_WIDGET (import->self)) == NULL)
    return;
  dialog = dis_import_dialog_new (dis_ui_get_parent_window (GTK_WIDGET (import->self)), import->self->store,
                                  import->self->operator, preview);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (imported_cb), import->self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_count_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Import) import = user_data;
  g_autoptr(DisCount) count = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;
  GCancellable *cancellable;

  count = dis_store_count_get_open_finish (DIS_STORE (object), result, &error);
  if (count == NULL)
    {
      if (error != NULL)
        dis_ui_show_error (GTK_WIDGET (import->self), _("The open count could not be read. Try again."), error);
      else
        dis_ui_warning (GTK_WIDGET (import->self),
                        _("No count is open: start one with Count… (Ctrl+I), then import its sheet."));
      return;
    }
  bytes = import->bytes;
  cancellable = import->self->cancellable;
  dis_store_count_import_preview_async (DIS_STORE (object), dis_count_get_id (count), bytes, cancellable,
                                        preview_cb, g_steal_pointer (&import));
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Import) import = user_data;
  g_autoptr(GError) error = NULL;
  DisStockPage *self;

  import->bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  if (import->bytes == NULL)
    {
      dis_ui_show_error (GTK_WIDGET (import->self), _("The file could not be read. Choose it again."), error);
      return;
    }
  self = import->self;
  dis_store_count_get_open_async (self->store, self->cancellable, open_count_cb, g_steal_pointer (&import));
}

void
_dis_stock_page_import_from (DisStockPage *self,
                             GFile        *file)
{
  Import *import;

  g_return_if_fail (DIS_IS_STOCK_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  import = g_new0 (Import, 1);
  import->self = g_object_ref (self);
  g_file_load_bytes_async (file, self->cancellable, loaded_cb, import);
}

static void
import_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(DisStockPage) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        _dis_stock_page_import_from (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DisStockPage *self = DIS_STOCK_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (!can_act (self))
    return;

  chooser = gtk_file_chooser_native_new (_("Import a Count Sheet"), dis_ui_get_parent_window (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (import_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_dis_stock_page_class_init_actions (GtkWidgetClass *widget_class)
{
  static const char *views[] = { "all", "below-min", "out", "missing-basket", "expiring", "negative" };

  gtk_widget_class_install_action (widget_class, "stock.search-focus", NULL, search_focus_action);
  gtk_widget_class_install_action (widget_class, "stock.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "stock.count", NULL, count_action);
  gtk_widget_class_install_action (widget_class, "stock.receive", NULL, receive_action);
  gtk_widget_class_install_action (widget_class, "stock.restock", NULL, restock_action);
  gtk_widget_class_install_action (widget_class, "stock.waste", NULL, waste_action);
  gtk_widget_class_install_action (widget_class, "stock.incoming", NULL, incoming_action);
  gtk_widget_class_install_action (widget_class, "stock.transfer", NULL, transfer_action);
  gtk_widget_class_install_action (widget_class, "stock.levels", NULL, levels_action);
  gtk_widget_class_install_action (widget_class, "stock.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "stock.import", NULL, import_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "stock.search-focus", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "stock.count", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "stock.receive", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "stock.restock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "stock.waste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "stock.transfer", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "stock.levels", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "stock.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "stock.import", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK, "stock.view", "s", views[i]);
}
