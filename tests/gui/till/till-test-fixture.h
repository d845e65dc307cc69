/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-park-dialog.h"
#include "dis-till-page.h"

G_BEGIN_DECLS

/* Iterates the main context until @cond holds; fails after 5 s. */
#define WAIT_UNTIL(cond) DIS_TEST_WAIT_UNTIL (cond, 5)

enum {
  P_CAFFE,      /* piece, 4,50 */
  P_PASSATA,    /* piece, 2,00 */
  P_PASTA,      /* piece, 1,80 */
  P_RISO,       /* piece, 3,20 */
  P_MIELE,      /* piece, 7,00 */
  P_VINO,       /* piece, 9,00 */
  P_CECI,       /* piece, 2,60 */
  P_OLIO,       /* l, 10,00/l */
  P_MELE,       /* kg, 2,40/kg, PLU 123 */
  P_FORMAGGIO,  /* kg, 18,00/kg, PLU 456, no EAN */
  N_PRODUCTS
};

typedef struct {
  const char *code;
  const char *name;
  DisUnit     unit;
  guint       vat;
  const char *ean12;     /* without check digit, NULL = none */
  guint       plu;
  gint64      equa;
} TillTestProduct;

/* The fixture's catalog: what each product is and costs. */
extern const TillTestProduct catalog[N_PRODUCTS];

/* Fixture data: the day is left closed. */
#define NO_OPEN_DAY GINT_TO_POINTER (1)

typedef struct
{
  char        *dir;
  DisStore    *store;
  DisOperator *operator;
  GtkWindow   *window;
  AdwToastOverlay *window_overlay;
  DisTillPage *page;
  DisCart     *cart;
  char        *eans[N_PRODUCTS];
  gint64       ids[N_PRODUCTS];
} Fixture;

char *make_ean (const char *ean12);
void fixture_setup (Fixture *f, gconstpointer data);
void fixture_teardown (Fixture *f, gconstpointer data);
GtkEditable *search_entry (Fixture *f);
void type_and_enter (Fixture *f, const char *text);
gint64 line_quantity (Fixture *f, guint position);
gint64 line_product (Fixture *f, guint position);
guint n_lines (Fixture *f);
void scan (Fixture *f, guint product);
DisParkDialog *wait_park_dialog (void);
void respond_park_dialog (const char *label);
guint count_toplevels (GType type);

/* At the counter (test-till-counter.c): toasts, focus, the business day,
 * the line in sight, the keyboard. */
void test_toast_tier_refused (Fixture *f, gconstpointer data);
void test_toast_unknown_code (Fixture *f, gconstpointer data);
void test_unknown_code_not_queued (Fixture *f, gconstpointer data);
void test_focus_after_dialog (Fixture *f, gconstpointer data);
void test_focus_after_menu (Fixture *f, gconstpointer data);
void test_no_open_day (Fixture *f, gconstpointer data);
void test_park_label (Fixture *f, gconstpointer data);
void test_leftover_code_after_dialog (Fixture *f, gconstpointer data);
void test_parked_list_fails (Fixture *f, gconstpointer data);
void test_parked_closed_with_window (Fixture *f, gconstpointer data);
void test_buyer_closed_with_window (Fixture *f, gconstpointer data);
void test_menu_closed_with_window (Fixture *f, gconstpointer data);
void test_quantity_closed_with_window (Fixture *f, gconstpointer data);
void test_refund_needs_manager (Fixture *f, gconstpointer data);
void test_added_in_sight (Fixture *f, gconstpointer data);
void test_undo_in_sight (Fixture *f, gconstpointer data);
void test_resume_in_sight (Fixture *f, gconstpointer data);
void test_changed_in_sight (Fixture *f, gconstpointer data);
void test_quantity_key (Fixture *f, gconstpointer data);
void test_quantity_shortcut_listed (Fixture *f, gconstpointer data);
void test_accessible_names (Fixture *f, gconstpointer data);
void test_focus_after_row_click (Fixture *f, gconstpointer data);

G_END_DECLS
