/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dis-cart.h"
#include "dis-tier.h"

G_BEGIN_DECLS

typedef enum
{
  DIS_PAYMENT_CASH,
  DIS_PAYMENT_CARD,
  DIS_PAYMENT_OTHER,
} DisPaymentMethod;

const char *dis_payment_method_to_code   (DisPaymentMethod method); /* "cash", "card", "other" */
gboolean    dis_payment_method_from_code (const char       *code,
                                          DisPaymentMethod *out);
const char *dis_payment_method_get_name  (DisPaymentMethod method); /* translated */

typedef struct
{
  gint64  product_id;
  char   *product_name;
  gint64  supplier_id;        /* 0 = none */
  char   *supplier_name;
  char   *unit;               /* "piece", "kg", "l" */
  gint64  quantity;           /* milli-units; negative in a refund */
  gint64  unit_price;         /* at the sale's tier */
  gint64  unit_price_equa;
  gint64  line_total;         /* round_half_up (unit_price × quantity / 1000), but see
                               * label_price, and refunds (dis_refund_amount()) */
  gint64  line_total_equa;
  gint64  tier_delta;         /* line_total − line_total_equa */
  guint   vat_rate;
  gint64  refunded_quantity;  /* filled by the store when loading a sale (≥ 0) */
  gint    line_no;            /* 1-based */
  /* A scale label's printed price at Equa, 0 for none: the line is
   * charged exactly it, line_total_equa = label_price and line_total =
   * dis_label_total () at the tier (dis-money.h), whatever the quantity. */
  gint64  label_price;
  /* Filled by the store with refunded_quantity: what earlier refunds of
   * this line paid back (≥ 0), at the tier and at Equa. */
  gint64  refunded_total;
  gint64  refunded_total_equa;
} DisSaleLine;

typedef struct
{
  DisPaymentMethod method;
  gint64           amount;    /* cents; negative in a refund */
} DisPayment;

typedef struct
{
  guint  vat_rate;
  gint64 gross;
  gint64 net;
  gint64 vat;                 /* gross − net */
} DisVatRow;

/* A sale or refund. A GObject so it can sit in a GListModel; the fields
 * are public, filled by whoever builds the sale (the domain functions
 * below, the store on a worker thread) before it is shared. */
#define DIS_TYPE_SALE (dis_sale_get_type ())
G_DECLARE_FINAL_TYPE (DisSale, dis_sale, DIS, SALE, GObject)

struct _DisSale
{
  GObject    parent_instance;

  char      *id;              /* UUID */
  char      *point_code;
  char      *point_name;
  char      *device_id;
  gint64     seq;             /* per-device receipt sequence, 1-based, gapless */
  char      *receipt_no;      /* "<point>-<device>-<seq>" */
  GDateTime *created_at;      /* local time */
  gint64     operator_id;
  char      *operator_name;
  char      *member_card;     /* NULL = anonymous */
  DisTier    tier;
  GPtrArray *lines;           /* DisSaleLine* */
  GPtrArray *payments;        /* DisPayment* */
  gint64     total;
  gint64     total_equa;
  gint64     tier_delta;
  gint64     cash_tendered;   /* 0 when not cash */
  gint64     change_due;
  char      *refund_of;       /* id of the original sale, NULL for a sale */
  char      *refund_of_receipt_no;
  char      *order_id;        /* the member order this sale hands over or pays, NULL: none */
  char      *order_label;     /* that order's label ("ORD12-C1"), for the receipt: filled by
                               * the store at commit and when loading the sale; NULL: none */
};

DisSale  *dis_sale_new               (void);

/* A sale from a cart, computing every line, total and tier delta.
 * Identity fields (id, seq, receipt_no, created_at, point, device) are
 * left for the store to fill at commit. */
DisSale  *dis_sale_new_from_cart     (DisCart    *cart);
void      dis_sale_add_payment       (DisSale          *sale,
                                      DisPaymentMethod  method,
                                      gint64            amount);
/* Sum of payments equals the total and each line adds up (priced by
 * quantity, or by its label_price); for cash, tendered ≥ cash amount and
 * change = tendered − cash amount. The amounts of a refund's lines depend
 * on the sale they refund: the store checks them against it at commit. */
gboolean  dis_sale_validate          (DisSale    *sale,
                                      GError    **error);
/* Rows sorted by rate; Σ gross == total exactly. */
GArray   *dis_sale_vat_breakdown     (DisSale    *sale);   /* of DisVatRow */
/* Builds a refund of the given quantities (positive milli-units, one per
 * line of @original, 0 = not refunded) with the same tier and prices; each
 * line pays back dis_refund_amount () of its line, at the tier and at
 * Equa, from refunded_quantity/_total/_total_equa: the last refund of a
 * line takes what is left of it, and no refund ever pays back more.
 * Fails with DIS_ERROR_REFUND_LIMIT when a quantity exceeds
 * sold − already refunded, DIS_ERROR_EMPTY when all are zero. */
DisSale  *dis_sale_new_refund        (DisSale      *original,
                                      const gint64 *quantities,
                                      guint         n_quantities,
                                      GError      **error);

/* What a refund of @qty (> 0) of @sold pays back, as negative amounts at
 * the sale's tier and at Equa: dis_refund_amount () of the line's figures
 * and its refunded_quantity/_total/_total_equa. */
void      dis_sale_line_refund_totals (const DisSaleLine *sold,
                                       gint64             qty,
                                       gint64            *out_total,
                                       gint64            *out_total_equa);

/* Added by the domain layer. Lines of a DisSale are owned by sale->lines,
 * which frees them with dis_sale_line_free() (strings with g_free()), and
 * payments by sale->payments, which frees them with g_free(): allocate
 * them with dis_sale_line_new() and g_new0 (DisPayment, 1).
 * In a refund built by dis_sale_new_refund() each line keeps the line_no
 * of the original line it refunds. dis_sale_validate() also fills
 * change_due, and cash_tendered when it was left at 0 (exact cash). */
DisSaleLine *dis_sale_line_new  (void);
void         dis_sale_line_free (DisSaleLine *line);

G_END_DECLS
