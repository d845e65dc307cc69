/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-count.h"
#include "dis-stock-csv.h"
#include "dis-store.h"

G_BEGIN_DECLS

/* Stock counts (inventario) and the stock CSV files (issue 11 "Counting",
 * "Import and export"). Blocking and thread-safe like every dis_store_*()
 * function; the UI calls the _async/_finish pairs (reads on the read
 * worker, writes on the write worker).
 *
 * A count covers every product, or the products of one category, as
 * they are when it starts (a product of its scope that arrives later
 * with the catalog joins it when counted). At most one count is open at
 * a time. Everything is in the point's database, committed as it is
 * recorded: a count works offline and survives a restart or a crash,
 * and dis_store_count_get_open() finds it again.
 *
 * Recording a counted quantity stores, with it, the product's level at
 * that moment (the expected quantity). Validating writes, for each
 * counted line whose counted and expected quantities differ, ONE
 * "adjust" movement of (counted − expected) with the document
 * "count:<id>", announced to the hub as "stock.moved", in one
 * transaction with the count's state: sales committed between counting
 * a line and validating the count move the level as they should and are
 * no difference. Lines not counted write nothing.
 *
 * Writes need an active operator who may manage stock (a responsabile or
 * a coordinatore; else DIS_ERROR_PERMISSION), checked against the
 * database. Bad input fails with DIS_ERROR_INVALID and a message for
 * people, and writes nothing; an unknown count or product is
 * DIS_ERROR_NOT_FOUND. */

/* ---- Sessions ------------------------------------------------------------- */

/* Opens a count over every product (@category NULL) or those of
 * @category, blind (expected quantities hidden until validated) or not.
 * DIS_ERROR_INVALID when a count is open already or the scope has no
 * product. */
DisCount       *dis_store_count_start        (DisStore      *self,
                                              DisOperator   *acting,
                                              const char    *category,
                                              gboolean       blind,
                                              GError       **error);
/* The open count with its progress, NULL without an error when there is
 * none. */
DisCount       *dis_store_count_get_open     (DisStore      *self,
                                              GError       **error);
/* A count by id (any state) with its progress. */
DisCount       *dis_store_count_get          (DisStore      *self,
                                              gint64         count_id,
                                              GError       **error);

/* Records @counted_milli (≥ 0, ≤ DIS_QUANTITY_MAX; whole pieces for
 * products sold by the piece) of @product_id in the open count
 * @count_id, with the product's level now as its expected quantity;
 * counting a line again replaces both. Returns the line as the page may
 * show it (no expected quantity in a blind count).
 * DIS_ERROR_INVALID: the count is not open, the product is outside its
 * category, a bad quantity. */
DisCountLine   *dis_store_count_record       (DisStore      *self,
                                              DisOperator   *acting,
                                              gint64         count_id,
                                              gint64         product_id,
                                              gint64         counted_milli,
                                              GError       **error);

typedef enum
{
  DIS_COUNT_LINES_ALL,
  DIS_COUNT_LINES_NOT_COUNTED,   /* what is left to count */
  DIS_COUNT_LINES_COUNTED,
} DisCountLinesFilter;

/* The lines of @count_id, by product name: a GPtrArray of DisCountLine. */
GPtrArray      *dis_store_count_list_lines   (DisStore            *self,
                                              gint64               count_id,
                                              DisCountLinesFilter  filter,
                                              GError             **error);

/* Validates the open count @count_id as described above and closes it.
 * The result lists the differences in quantity and in cents at each
 * product's current purchase cost. */
DisCountResult *dis_store_count_validate     (DisStore      *self,
                                              DisOperator   *acting,
                                              gint64         count_id,
                                              GError       **error);
/* Closes the open count @count_id without writing any movement. */
gboolean        dis_store_count_abandon      (DisStore      *self,
                                              DisOperator   *acting,
                                              gint64         count_id,
                                              GError       **error);

/* ---- CSV ------------------------------------------------------------------ */

/* The levels of every product as a CSV file for a spreadsheet: a header
 * row, then per product (by name) code, name, category, unit, kind
 * ("basket" or "own"), supplier, quantity, minimum, target (empty when
 * not set). */
GBytes         *dis_store_count_export_levels (DisStore                 *self,
                                               const DisStockCsvOptions *options,
                                               GError                  **error);
/* The sheet of @count_id to fill in: a header row, then per line (by
 * category, then name) code, name, category, unit, the expected quantity
 * (only when the count is not blind: the level now) and counted (what is
 * counted so far, empty otherwise). */
GBytes         *dis_store_count_export_sheet  (DisStore                 *self,
                                               gint64                    count_id,
                                               const DisStockCsvOptions *options,
                                               GError                  **error);

/* Reads a filled count sheet (as exported, or any CSV with the columns
 * "code" and "counted", in English or as exported in the user's
 * language, in any order, with ',' or ';') against the open count
 * @count_id and answers what importing it would change, writing
 * nothing. A row with an empty counted cell is left alone; a row that
 * counts what the count already has is no change, so the same file
 * imported twice changes nothing the second time. The first bad row
 * fails the whole file with DIS_ERROR_INVALID and a message naming its
 * row (as the spreadsheet numbers it) and its column: an unknown or
 * repeated code, a product outside the count, a bad quantity. */
DisCountImport *dis_store_count_import_preview (DisStore      *self,
                                                gint64         count_id,
                                                GBytes        *data,
                                                GError       **error);
/* Writes the changes of @import, all or none, each as
 * dis_store_count_record() would (the expected quantity being the level
 * at this moment). Returns the count with its progress.
 * DIS_ERROR_INVALID when the count is no longer open. */
DisCount       *dis_store_count_import_apply   (DisStore        *self,
                                                DisOperator     *acting,
                                                DisCountImport  *import,
                                                GError         **error);

/* ---- For the UI thread ---------------------------------------------------- *
 * The same, on the store's workers; arguments copied (objects and bytes
 * referenced). Each _finish returns what the blocking call does. */

void            dis_store_count_start_async          (DisStore            *self,
                                                      DisOperator         *acting,
                                                      const char          *category,
                                                      gboolean             blind,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
DisCount       *dis_store_count_start_finish         (DisStore            *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* NULL without an error: no count is open. */
void            dis_store_count_get_open_async       (DisStore            *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
DisCount       *dis_store_count_get_open_finish      (DisStore            *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void            dis_store_count_get_async            (DisStore            *self,
                                                      gint64               count_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
DisCount       *dis_store_count_get_finish           (DisStore            *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void            dis_store_count_record_async         (DisStore            *self,
                                                      DisOperator         *acting,
                                                      gint64               count_id,
                                                      gint64               product_id,
                                                      gint64               counted_milli,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
DisCountLine   *dis_store_count_record_finish        (DisStore            *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void            dis_store_count_list_lines_async     (DisStore            *self,
                                                      gint64               count_id,
                                                      DisCountLinesFilter  filter,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray      *dis_store_count_list_lines_finish    (DisStore            *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void            dis_store_count_validate_async       (DisStore            *self,
                                                      DisOperator         *acting,
                                                      gint64               count_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
DisCountResult *dis_store_count_validate_finish      (DisStore            *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void            dis_store_count_abandon_async        (DisStore            *self,
                                                      DisOperator         *acting,
                                                      gint64               count_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        dis_store_count_abandon_finish       (DisStore            *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void            dis_store_count_export_levels_async  (DisStore                 *self,
                                                      const DisStockCsvOptions *options,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
GBytes         *dis_store_count_export_levels_finish (DisStore            *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void            dis_store_count_export_sheet_async   (DisStore                 *self,
                                                      gint64                    count_id,
                                                      const DisStockCsvOptions *options,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
GBytes         *dis_store_count_export_sheet_finish  (DisStore            *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void            dis_store_count_import_preview_async  (DisStore            *self,
                                                       gint64               count_id,
                                                       GBytes              *data,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
DisCountImport *dis_store_count_import_preview_finish (DisStore            *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void            dis_store_count_import_apply_async    (DisStore            *self,
                                                       DisOperator         *acting,
                                                       DisCountImport      *import,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
DisCount       *dis_store_count_import_apply_finish   (DisStore            *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
