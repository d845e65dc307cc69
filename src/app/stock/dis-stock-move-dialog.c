/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock-move-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-plain-number.h"
#include "dis-stock-move-dialog.h"

struct _DisStockMoveDialog
{
  AdwMessageDialog  parent_instance;

  DisStockMoveKind  kind;
  DisUnit           unit;
  GPtrArray        *points;      /* DisPointRecord */
  gint64            qty;
  gint64            min;
  gint64            target;

  GtkLabel         *point_label;
  GtkDropDown      *point_dropdown;
  GtkLabel         *qty_label;
  GtkEntry         *qty_entry;
  GtkLabel         *reason_label;
  GtkDropDown      *reason_dropdown;
  GtkLabel         *note_label;
  GtkEntry         *note_entry;
  GtkLabel         *min_label;
  GtkEntry         *min_entry;
  GtkLabel         *target_label;
  GtkEntry         *target_entry;
  GtkLabel         *problem_label;
};

G_DEFINE_FINAL_TYPE (DisStockMoveDialog, dis_stock_move_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The reasons of waste the hub sees, in the person's language. */
static const char *reasons[] = {
  N_("Expired"),
  N_("Damaged or broken"),
  N_("Spoiled"),
  N_("Missing"),
  N_("Other"),
};

static const char *
example (DisUnit unit)
{
  return dis_unit_is_measured (unit) ? _("e.g. 1,250 (up to three decimals)") : _("a whole number, e.g. 2");
}

/* An empty level is "not set" (-1); otherwise ≥ 0. */
static gboolean
parse_level (const char *text,
             DisUnit     unit,
             gint64     *out)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (*trimmed == '\0')
    {
      *out = -1;
      return TRUE;
    }
  if (g_str_equal (trimmed, "0"))
    {
      *out = 0;
      return TRUE;
    }
  return dis_qty_parse (trimmed, dis_unit_to_code (unit), out);
}

static char *
check (DisStockMoveDialog *self)
{
  const char *qty = gtk_editable_get_text (GTK_EDITABLE (self->qty_entry));

  if (self->kind == DIS_STOCK_MOVE_LEVELS)
    {
      if (!parse_level (gtk_editable_get_text (GTK_EDITABLE (self->min_entry)), self->unit, &self->min))
        /* Translators: %s is an example such as "e.g. 2" */
        return g_strdup_printf (_("Type the minimum as a quantity, %s, or leave it empty."), example (self->unit));
      if (!parse_level (gtk_editable_get_text (GTK_EDITABLE (self->target_entry)), self->unit, &self->target))
        return g_strdup_printf (_("Type the target as a quantity, %s, or leave it empty."), example (self->unit));
      if (self->min >= 0 && self->target >= 0 && self->target < self->min)
        return g_strdup (_("The target cannot be below the minimum: orders bring the stock up to the target."));
      return NULL;
    }

  if (*qty == '\0')
    return g_strdup ("");   /* nothing typed yet: nothing to say */
  if (!dis_qty_parse (qty, dis_unit_to_code (self->unit), &self->qty))
    return g_strdup_printf (_("Type the quantity, %s."), example (self->unit));
  if (self->kind == DIS_STOCK_MOVE_TRANSFER && self->points->len == 0)
    return g_strdup (_("No other point is known yet: the network's points arrive with the hub's changes."));
  return NULL;
}

static void
on_changed (DisStockMoveDialog *self)
{
  g_autofree char *problem = check (self);

  gtk_label_set_label (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL && *problem != '\0');
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "apply", problem == NULL);
}

DisStockMoveKind
dis_stock_move_dialog_get_kind (DisStockMoveDialog *self)
{
  g_return_val_if_fail (DIS_IS_STOCK_MOVE_DIALOG (self), DIS_STOCK_MOVE_WASTE);

  return self->kind;
}

gint64
dis_stock_move_dialog_get_qty (DisStockMoveDialog *self)
{
  g_return_val_if_fail (DIS_IS_STOCK_MOVE_DIALOG (self), 0);

  return self->qty;
}

char *
dis_stock_move_dialog_get_reason (DisStockMoveDialog *self)
{
  guint chosen;
  g_autofree char *note = NULL;
  const char *reason;

  g_return_val_if_fail (DIS_IS_STOCK_MOVE_DIALOG (self), NULL);

  chosen = gtk_drop_down_get_selected (self->reason_dropdown);
  reason = _(reasons[chosen < G_N_ELEMENTS (reasons) ? chosen : G_N_ELEMENTS (reasons) - 1]);
  note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry))));
  if (*note == '\0')
    return g_strdup (reason);
  /* Translators: a reason of waste and the note typed with it */
  return g_strdup_printf (_("%s: %s"), reason, note);
}

const char *
dis_stock_move_dialog_get_point (DisStockMoveDialog *self)
{
  guint chosen;

  g_return_val_if_fail (DIS_IS_STOCK_MOVE_DIALOG (self), NULL);

  chosen = gtk_drop_down_get_selected (self->point_dropdown);
  if (self->points == NULL || chosen >= self->points->len)
    return NULL;
  return ((DisPointRecord *) g_ptr_array_index (self->points, chosen))->code;
}

gint64
dis_stock_move_dialog_get_min (DisStockMoveDialog *self)
{
  g_return_val_if_fail (DIS_IS_STOCK_MOVE_DIALOG (self), -1);

  return self->min;
}

gint64
dis_stock_move_dialog_get_target (DisStockMoveDialog *self)
{
  g_return_val_if_fail (DIS_IS_STOCK_MOVE_DIALOG (self), -1);

  return self->target;
}

void
dis_stock_move_dialog_set_qty_text (DisStockMoveDialog *self,
                                    const char         *text)
{
  g_return_if_fail (DIS_IS_STOCK_MOVE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->qty_entry), text);
}

void
dis_stock_move_dialog_set_levels_text (DisStockMoveDialog *self,
                                       const char         *min,
                                       const char         *target)
{
  g_return_if_fail (DIS_IS_STOCK_MOVE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->min_entry), min);
  gtk_editable_set_text (GTK_EDITABLE (self->target_entry), target);
}

static void
dis_stock_move_dialog_dispose (GObject *object)
{
  DisStockMoveDialog *self = DIS_STOCK_MOVE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_STOCK_MOVE_DIALOG);
  g_clear_pointer (&self->points, g_ptr_array_unref);

  G_OBJECT_CLASS (dis_stock_move_dialog_parent_class)->dispose (object);
}

static void
dis_stock_move_dialog_class_init (DisStockMoveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_stock_move_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-stock-move-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, point_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, point_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, qty_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, qty_entry);
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, reason_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, note_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, note_entry);
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, min_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, min_entry);
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, target_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, target_entry);
  gtk_widget_class_bind_template_child (widget_class, DisStockMoveDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
}

static void
dis_stock_move_dialog_init (DisStockMoveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
show_only (DisStockMoveDialog *self,
           gboolean            point,
           gboolean            qty,
           gboolean            reason,
           gboolean            levels)
{
  gtk_widget_set_visible (GTK_WIDGET (self->point_label), point);
  gtk_widget_set_visible (GTK_WIDGET (self->point_dropdown), point);
  gtk_widget_set_visible (GTK_WIDGET (self->qty_label), qty);
  gtk_widget_set_visible (GTK_WIDGET (self->qty_entry), qty);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_dropdown), reason);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), reason);
  gtk_widget_set_visible (GTK_WIDGET (self->note_entry), reason);
  gtk_widget_set_visible (GTK_WIDGET (self->min_label), levels);
  gtk_widget_set_visible (GTK_WIDGET (self->min_entry), levels);
  gtk_widget_set_visible (GTK_WIDGET (self->target_label), levels);
  gtk_widget_set_visible (GTK_WIDGET (self->target_entry), levels);
}

GtkWidget *
dis_stock_move_dialog_new (GtkWindow        *parent,
                           DisStockMoveKind  kind,
                           const char       *product_name,
                           DisUnit           unit,
                           GPtrArray        *points,
                           gint64            min,
                           gint64            target)
{
  DisStockMoveDialog *self;
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *qty_label = dis_unit_is_measured (unit) ? _("_Quantity") : _("_Pieces");

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (product_name != NULL, NULL);
  g_return_val_if_fail (kind != DIS_STOCK_MOVE_TRANSFER || points != NULL, NULL);

  self = g_object_new (DIS_TYPE_STOCK_MOVE_DIALOG, "transient-for", parent, NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->kind = kind;
  self->unit = unit;
  self->points = points != NULL ? g_ptr_array_ref (points) : g_ptr_array_new ();
  self->min = min;
  self->target = target;
  gtk_label_set_label (self->qty_label, qty_label);

  switch (kind)
    {
    case DIS_STOCK_MOVE_WASTE:
      /* Translators: %s is a product's name */
      heading = g_strdup_printf (_("Waste of %s"), product_name);
      adw_message_dialog_set_body (dialog, _("What was thrown away or broken comes off the stock, with its reason."));
      adw_message_dialog_set_response_label (dialog, "apply", _("_Record Waste"));
      for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
        gtk_string_list_append (names, _(reasons[i]));
      gtk_drop_down_set_model (self->reason_dropdown, G_LIST_MODEL (names));
      show_only (self, FALSE, TRUE, TRUE, FALSE);
      break;

    case DIS_STOCK_MOVE_TRANSFER:
      heading = g_strdup_printf (_("Transfer %s"), product_name);
      adw_message_dialog_set_body (dialog, _("The quantity leaves this point's stock now; the other point confirms what arrives."));
      adw_message_dialog_set_response_label (dialog, "apply", _("_Send"));
      for (guint i = 0; i < self->points->len; i++)
        {
          DisPointRecord *point = g_ptr_array_index (self->points, i);
          /* Translators: a point of the network: its name and code */
          g_autofree char *name = g_strdup_printf (_("%s (%s)"), point->name, point->code);

          gtk_string_list_append (names, name);
        }
      gtk_drop_down_set_model (self->point_dropdown, G_LIST_MODEL (names));
      show_only (self, TRUE, TRUE, FALSE, FALSE);
      break;

    case DIS_STOCK_MOVE_LEVELS:
      heading = g_strdup_printf (_("Minimum and Target of %s"), product_name);
      adw_message_dialog_set_body (dialog, _("Below the minimum, the product is suggested for the next order, up to the target. Leave a field empty to unset it."));
      adw_message_dialog_set_response_label (dialog, "apply", _("_Save"));
      if (min >= 0)
        {
          g_autofree char *text = dis_plain_quantity (min, unit);

          gtk_editable_set_text (GTK_EDITABLE (self->min_entry), text);
        }
      if (target >= 0)
        {
          g_autofree char *text = dis_plain_quantity (target, unit);

          gtk_editable_set_text (GTK_EDITABLE (self->target_entry), text);
        }
      show_only (self, FALSE, FALSE, FALSE, TRUE);
      break;

    default:
      g_assert_not_reached ();
    }

  adw_message_dialog_set_heading (dialog, heading);
  on_changed (self);
  return GTK_WIDGET (self);
}
