/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-test-gui.h"

G_BEGIN_DECLS

/* Receipt text, PDF output and the receipt, refund and day dialogs under
 * Xvfb: the fixture and the helpers the tests share. */

#define POINT_CODE "TO-CHI"
#define POINT_NAME "Bottega Solidale di Chieri"

typedef struct
{
  char        *dir;
  DisStore    *store;
  DisOperator *manager;
  DisOperator *volunteer;
  gint64       bread_id;    /* piece, VAT 4 %, Equa € 3,50 */
  gint64       apples_id;   /* kg, VAT 4 %, Equa € 2,00/kg */
  gint64       soap_id;     /* piece, VAT 22 %, Equa € 5,00 */
} Fixture;

void wait_for (DisTestCheck condition, gpointer data, const char *what);
void iterate_a_little (void);
gboolean flag_is_set (gpointer data);
gboolean pointer_is_null (gpointer data);
GtkWidget *template_child (gpointer widget, GType type, const char *name);
void maybe_screenshot (GtkWindow *window, const char *name);
void fixture_setup (Fixture *fixture, gconstpointer data);
void fixture_teardown (Fixture *fixture, gconstpointer data);
DisSale *new_sale (Fixture *fixture, DisTier tier);
void commit (Fixture *fixture, DisSale *sale);
DisSale *commit_sale (Fixture *fixture, DisTier tier, gboolean card);
void assert_pdf (const char *path, const char *must_contain);
void wait_for_stack (GtkWidget *stack, const char *page);

void receipt_add_refund_tests (void);
void receipt_add_day_tests (void);
void receipt_add_print_tests (void);

G_END_DECLS
