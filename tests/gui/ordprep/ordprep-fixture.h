/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-store-orders.h"

G_BEGIN_DECLS

/* The demo point TO-CEN (it delivers), a day opened by Anna, the
 * eligible test member, an open cycle of two demo products (one by the
 * piece, one by weight), the pickup window W1 and the delivery slot S1,
 * and orders the hub accepted:
 *   pickup[0]    in W1, ready, the weighed product weighed;
 *   pickup[1]    in W1, accepted;
 *   delivery[0]  in S1, ready, an address with a position;
 *   delivery[1]  in S1, ready, an address with a position;
 *   delivery[2]  in S1, accepted, an address without a position. */
typedef struct
{
  char        *dir;
  char        *path;
  DisStore    *store;
  DisOperator *anna;
  char        *piece_code;      /* a demo product by the piece */
  char        *weighed_code;    /* a demo product by the kg */
  DisOrder    *pickup[2];
  DisOrder    *delivery[3];
  GtkWindow   *window;
} Fixture;

void      fixture_setup     (Fixture       *f,
                             gconstpointer  data);
void      fixture_teardown  (Fixture       *f,
                             gconstpointer  data);

/* @order as the store has it now. */
DisOrder *fixture_reread    (Fixture       *f,
                             DisOrder      *order);
/* "/Type /Page" objects in the PDF at @path. */
guint     pdf_count_pages   (const char    *path);
/* Fails unless the PDF's text holds @text (when pdftotext is installed). */
void      pdf_assert_text   (const char    *path,
                             const char    *text);
/* Keeps a PNG of @widget in $DIS_SCREENSHOT_DIR when it is set. */
void      keep_screenshot   (GtkWidget     *widget,
                             const char    *name);

G_END_DECLS
