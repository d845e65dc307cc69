/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DIS_ERROR (dis_error_quark ())

/* Stable error codes shared by core, the app and (later) the hub. */
typedef enum
{
  DIS_ERROR_INVALID,          /* bad input from the user or a file */
  DIS_ERROR_NOT_FOUND,
  DIS_ERROR_PRICE_ORDER,      /* accessibile ≤ impegno ≤ equa ≤ solidale violated */
  DIS_ERROR_BARCODE,          /* malformed barcode or wrong check digit */
  DIS_ERROR_PERMISSION,       /* the operator's role does not allow it */
  DIS_ERROR_WRONG_PIN,
  DIS_ERROR_REFUND_LIMIT,     /* more than sold minus already refunded */
  DIS_ERROR_DAY_CLOSED,       /* the business day is closed or not open */
  DIS_ERROR_PAYMENT,          /* payments do not cover the total */
  DIS_ERROR_TIER_NOT_ALLOWED, /* the buyer is not eligible for the tier */
  DIS_ERROR_DATABASE,
  DIS_ERROR_EMPTY,            /* empty cart */
} DisError;

GQuark dis_error_quark (void);

G_END_DECLS
