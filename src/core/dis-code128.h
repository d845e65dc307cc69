/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Code 128, code set B: printable ASCII (32 … 126). */

/* The width in modules of the quiet zone a reader needs either side. */
#define DIS_CODE128_QUIET_ZONE 10

/* Module widths (guint8, 1 … 4) of @text's barcode: bars and spaces
 * alternating, starting with a bar, start B, data, check symbol and
 * stop included (11 modules a symbol, 13 the stop). NULL when @text is
 * empty or holds a character outside 32 … 126. */
GArray  *dis_code128_encode        (const char *text);
/* The total width in modules of dis_code128_encode (@text), quiet
 * zones not included: 11 × (length + 2) + 13. */
guint    dis_code128_width_modules (const char *text);

G_END_DECLS
