/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A stock count (inventario, DESIGN.md §3 "Stock", issue 11 "Counting"):
 * the items the store answers with (dis-store-count.h), immutable
 * snapshots the page shows in GListModels. Quantities in milli-units,
 * money in cents. */

typedef enum
{
  DIS_COUNT_OPEN,
  DIS_COUNT_VALIDATED,
  DIS_COUNT_ABANDONED,
} DisCountState;

const char *dis_count_state_to_code   (DisCountState  state);  /* "open", "validated", "abandoned" */
gboolean    dis_count_state_from_code (const char    *code,
                                       DisCountState *out_state);

/* ---- DisCount: a count session and its progress ------------------------ *
 * Properties (read-only): id, category (NULL: every product), blind,
 * state, started-at (ISO 8601 UTC), started-by (operator name, NULL when
 * unknown), n-total (products in the count), n-counted ("312 of 480"). */

#define DIS_TYPE_COUNT (dis_count_get_type ())
G_DECLARE_FINAL_TYPE (DisCount, dis_count, DIS, COUNT, GObject)

DisCount      *dis_count_new            (gint64         id,
                                         const char    *category,
                                         gboolean       blind,
                                         DisCountState  state,
                                         const char    *started_at,
                                         const char    *started_by,
                                         guint          n_total,
                                         guint          n_counted);
gint64         dis_count_get_id         (DisCount *self);
const char    *dis_count_get_category   (DisCount *self);
gboolean       dis_count_get_blind      (DisCount *self);
DisCountState  dis_count_get_state      (DisCount *self);
const char    *dis_count_get_started_at (DisCount *self);
const char    *dis_count_get_started_by (DisCount *self);
guint          dis_count_get_n_total    (DisCount *self);
guint          dis_count_get_n_counted  (DisCount *self);

/* ---- DisCountLine: one product of a count ----------------------------- *
 * Properties (read-only): product-id, code, name, unit ("piece" "kg"
 * "l"), category, is-counted, counted, counted-at, has-expected,
 * expected, difference, unit-cost, difference-cents.
 *
 * expected is the level at the moment the line was counted (so sales
 * made afterwards are no difference); for a line not counted yet of an
 * open count that is not blind, the level now. has-expected is FALSE
 * while a blind count is open, for every line (the store does not hand
 * out what a blind count hides), and for lines a closed count never
 * counted. difference = counted − expected when both are known, else 0.
 * unit-cost is the purchase cost, in cents per unit (per kg or l for
 * weighed products), a validated count valued the line's difference at;
 * -1 when unknown or not valued (yet); difference-cents = round_half_up
 * (unit-cost × difference / 1000), 0 when the cost is unknown (has-cost
 * FALSE). */

#define DIS_TYPE_COUNT_LINE (dis_count_line_get_type ())
G_DECLARE_FINAL_TYPE (DisCountLine, dis_count_line, DIS, COUNT_LINE, GObject)

typedef struct
{
  gint64      product_id;
  const char *code;
  const char *name;
  const char *unit;
  const char *category;     /* may be NULL */
  gboolean    is_counted;
  gint64      counted;      /* milli-units ≥ 0 when is_counted */
  const char *counted_at;   /* NULL when not counted */
  gboolean    has_expected;
  gint64      expected;     /* milli-units, may be negative */
  gint64      unit_cost;    /* cents, -1 unknown */
} DisCountLineRecord;

DisCountLine *dis_count_line_new                  (const DisCountLineRecord *record);
gint64        dis_count_line_get_product_id       (DisCountLine *self);
const char   *dis_count_line_get_code             (DisCountLine *self);
const char   *dis_count_line_get_name             (DisCountLine *self);
const char   *dis_count_line_get_unit             (DisCountLine *self);
const char   *dis_count_line_get_category         (DisCountLine *self);
gboolean      dis_count_line_get_is_counted       (DisCountLine *self);
gint64        dis_count_line_get_counted          (DisCountLine *self);
const char   *dis_count_line_get_counted_at       (DisCountLine *self);
gboolean      dis_count_line_get_has_expected     (DisCountLine *self);
gint64        dis_count_line_get_expected         (DisCountLine *self);
gint64        dis_count_line_get_difference       (DisCountLine *self);
gint64        dis_count_line_get_unit_cost        (DisCountLine *self);
gboolean      dis_count_line_get_has_cost         (DisCountLine *self);
gint64        dis_count_line_get_difference_cents (DisCountLine *self);

/* The value of a difference at purchase cost: round_half_up (unit cost
 * × difference / 1000), half away from zero so a surplus and a shortage
 * of the same quantity weigh the same. 0 when @unit_cost < 0. */
gint64        dis_count_difference_cents          (gint64  difference_milli,
                                                   gint64  unit_cost);

/* ---- DisCountResult: what validating a count wrote --------------------- *
 * Properties (read-only): count-id, n-counted (lines counted), n-adjusted
 * (lines with a difference, each written as one "adjust" movement),
 * difference-cents (their sum at purchase cost, surpluses positive),
 * n-without-cost (lines with a difference but no known purchase cost,
 * left out of that sum), lines (a GListModel of the DisCountLine with a
 * difference, by product name). */

#define DIS_TYPE_COUNT_RESULT (dis_count_result_get_type ())
G_DECLARE_FINAL_TYPE (DisCountResult, dis_count_result, DIS, COUNT_RESULT, GObject)

/* Takes the lines (DisCountLine, those with a difference) of @lines,
 * whose free function must be g_object_unref(), and empties it; the
 * totals are computed from them. */
DisCountResult *dis_count_result_new                  (gint64          count_id,
                                                       guint           n_counted,
                                                       GPtrArray      *lines);
gint64          dis_count_result_get_count_id         (DisCountResult *self);
guint           dis_count_result_get_n_counted        (DisCountResult *self);
guint           dis_count_result_get_n_adjusted       (DisCountResult *self);
gint64          dis_count_result_get_difference_cents (DisCountResult *self);
guint           dis_count_result_get_n_without_cost   (DisCountResult *self);
GListModel     *dis_count_result_get_lines            (DisCountResult *self);

/* ---- DisCountImport: a count sheet read, not yet written -------------- *
 * Properties (read-only): count-id, n-rows (data rows read, the header
 * and blank rows not included), n-unchanged (rows that count what the
 * count already has), n-blank-counted (rows of products left without a
 * counted quantity: not counted, not changed), changes (a GListModel of
 * DisCountChange, in the order of the file). Applying it writes exactly
 * the changes. */

#define DIS_TYPE_COUNT_CHANGE (dis_count_change_get_type ())
G_DECLARE_FINAL_TYPE (DisCountChange, dis_count_change, DIS, COUNT_CHANGE, GObject)

/* One row that changes the count. Properties (read-only): row (as the
 * spreadsheet numbers it, the header being row 1), product-id, code,
 * name, unit, was-counted, previous (the counted quantity before, when
 * was-counted), counted (the file's). */
DisCountChange *dis_count_change_new             (guint        row,
                                                  gint64       product_id,
                                                  const char  *code,
                                                  const char  *name,
                                                  const char  *unit,
                                                  gboolean     was_counted,
                                                  gint64       previous,
                                                  gint64       counted);
guint           dis_count_change_get_row         (DisCountChange *self);
gint64          dis_count_change_get_product_id  (DisCountChange *self);
const char     *dis_count_change_get_code        (DisCountChange *self);
const char     *dis_count_change_get_name        (DisCountChange *self);
const char     *dis_count_change_get_unit        (DisCountChange *self);
gboolean        dis_count_change_get_was_counted (DisCountChange *self);
gint64          dis_count_change_get_previous    (DisCountChange *self);
gint64          dis_count_change_get_counted     (DisCountChange *self);

#define DIS_TYPE_COUNT_IMPORT (dis_count_import_get_type ())
G_DECLARE_FINAL_TYPE (DisCountImport, dis_count_import, DIS, COUNT_IMPORT, GObject)

/* Takes @changes (DisCountChange) as dis_count_result_new() takes its
 * lines. */
DisCountImport *dis_count_import_new                 (gint64          count_id,
                                                      guint           n_rows,
                                                      guint           n_unchanged,
                                                      guint           n_blank_counted,
                                                      GPtrArray      *changes);
gint64          dis_count_import_get_count_id        (DisCountImport *self);
guint           dis_count_import_get_n_rows          (DisCountImport *self);
guint           dis_count_import_get_n_unchanged     (DisCountImport *self);
guint           dis_count_import_get_n_blank_counted (DisCountImport *self);
GListModel     *dis_count_import_get_changes         (DisCountImport *self);

G_END_DECLS
