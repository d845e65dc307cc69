/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_REFUND_LINE (dis_refund_line_get_type ())
G_DECLARE_FINAL_TYPE (DisRefundLine, dis_refund_line, DIS, REFUND_LINE, GObject)

/* A line of a sale being refunded and how much of it to give back: an
 * item of the refund dialog's list. Pieces are counted ("pieces", int);
 * weights and volumes are typed ("text", as the person wrote it, "" for
 * none). Both notify, whoever changes them. */
DisRefundLine     *dis_refund_line_new           (DisSale       *sale,
                                                  guint          index);
const DisSaleLine *dis_refund_line_get_line      (DisRefundLine *self);
/* The position of the line in its sale. */
guint              dis_refund_line_get_index     (DisRefundLine *self);
/* Sold by weight or volume: the quantity is typed, not counted. */
gboolean           dis_refund_line_is_measured   (DisRefundLine *self);
/* Sold minus already refunded, in milli-units. */
gint64             dis_refund_line_get_remaining (DisRefundLine *self);
const char        *dis_refund_line_get_text      (DisRefundLine *self);
/* The quantity chosen in milli-units (0 for none); FALSE when the typed
 * text is not a quantity. */
gboolean           dis_refund_line_get_quantity  (DisRefundLine *self,
                                                  gint64        *out_quantity);
/* Chooses all that is left of the line. */
void               dis_refund_line_choose_all    (DisRefundLine *self);

G_END_DECLS
