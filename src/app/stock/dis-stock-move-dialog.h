/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

typedef enum
{
  DIS_STOCK_MOVE_WASTE,     /* a quantity and a reason */
  DIS_STOCK_MOVE_TRANSFER,  /* a point and a quantity */
  DIS_STOCK_MOVE_LEVELS,    /* a minimum and a target */
} DisStockMoveKind;

#define DIS_TYPE_STOCK_MOVE_DIALOG (dis_stock_move_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisStockMoveDialog, dis_stock_move_dialog, DIS, STOCK_MOVE_DIALOG, AdwMessageDialog)

/* What the manager types for one product before the page writes it:
 * waste with its reason, a transfer to another point, or the minimum
 * and target. The "apply" response stays disabled, with a sentence
 * saying what to type, until the input is right; "cancel" (Esc) writes
 * nothing. @unit is the product's; @points (DisPointRecord, other
 * points of the network) only for a transfer; @min and @target (-1: not
 * set) prefill the levels. */
GtkWidget   *dis_stock_move_dialog_new        (GtkWindow        *parent,
                                               DisStockMoveKind  kind,
                                               const char       *product_name,
                                               DisUnit           unit,
                                               GPtrArray        *points,
                                               gint64            min,
                                               gint64            target);
DisStockMoveKind dis_stock_move_dialog_get_kind (DisStockMoveDialog *self);
/* Valid once "apply" is enabled. */
gint64       dis_stock_move_dialog_get_qty    (DisStockMoveDialog *self);
/* The reason chosen, with the note when one was typed ("Expired: yogurt
 * left in the sun"). */
char        *dis_stock_move_dialog_get_reason (DisStockMoveDialog *self);
const char  *dis_stock_move_dialog_get_point  (DisStockMoveDialog *self);
gint64       dis_stock_move_dialog_get_min    (DisStockMoveDialog *self);
gint64       dis_stock_move_dialog_get_target (DisStockMoveDialog *self);
/* Sets the text of the quantity entry (tests). */
void         dis_stock_move_dialog_set_qty_text (DisStockMoveDialog *self,
                                                 const char         *text);
void         dis_stock_move_dialog_set_levels_text (DisStockMoveDialog *self,
                                                    const char         *min,
                                                    const char         *target);

G_END_DECLS
