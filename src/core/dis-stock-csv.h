/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* CSV as spreadsheets write and read it (RFC 4180): fields separated by
 * ',' or ';' (what Italian spreadsheets use, their decimal mark being
 * the comma), quoted with '"' when they hold a separator, a quote or a
 * line break, records ended by CRLF, UTF-8 text, optionally with a byte
 * order mark so that spreadsheets do not guess another encoding.
 * Quantities are milli-units written and read as decimals, exactly,
 * without floating point. Pure functions: no I/O, no store. */

typedef struct
{
  char     separator;  /* ',' or ';'; the decimal mark is then '.' or ',' */
  gboolean bom;        /* start with U+FEFF (EF BB BF) */
} DisStockCsvOptions;

/* ---- Writing ------------------------------------------------------------- */

typedef struct _DisStockCsvWriter DisStockCsvWriter;

DisStockCsvWriter *dis_stock_csv_writer_new     (const DisStockCsvOptions *options);
/* A field as it is (NULL: empty), quoted when it needs to be. */
void               dis_stock_csv_writer_add     (DisStockCsvWriter  *self,
                                                 const char         *field);
/* Free text from people (names, categories): as _add(), but a text a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a
 * carriage return) gets a leading apostrophe, which spreadsheets hide. */
void               dis_stock_csv_writer_add_text(DisStockCsvWriter  *self,
                                                 const char         *text);
/* A quantity in milli-units: "12" when whole and @whole_units, else
 * three decimals ("3.050" or "3,050" by the separator); a minus sign
 * when negative. */
void               dis_stock_csv_writer_add_qty (DisStockCsvWriter  *self,
                                                 gint64              qty_milli,
                                                 gboolean            whole_units);
void               dis_stock_csv_writer_add_int (DisStockCsvWriter  *self,
                                                 gint64              value);
void               dis_stock_csv_writer_end_row (DisStockCsvWriter  *self);
/* The file's bytes; frees @self. */
GBytes            *dis_stock_csv_writer_finish  (DisStockCsvWriter  *self);
void               dis_stock_csv_writer_free    (DisStockCsvWriter  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisStockCsvWriter, dis_stock_csv_writer_free)

/* ---- Reading ------------------------------------------------------------- */

typedef struct _DisStockCsv DisStockCsv;

/* Parses a whole file: an optional BOM, CRLF or LF line ends, the
 * separator guessed from the first record (the one of ',' and ';' that
 * occurs more often outside quotes; ',' when neither does). Rows are
 * numbered as a spreadsheet shows them, the first one 1, a quoted line
 * break staying inside its row. DIS_ERROR_INVALID, naming the row, for
 * text that is not UTF-8, a quote left open, or text after a closing
 * quote. */
DisStockCsv        *dis_stock_csv_parse          (const char   *data,
                                                  gsize         length,
                                                  GError      **error);
void                dis_stock_csv_free           (DisStockCsv  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisStockCsv, dis_stock_csv_free)

char                dis_stock_csv_get_separator  (DisStockCsv  *self);
guint               dis_stock_csv_get_n_rows     (DisStockCsv  *self);
/* The fields of row @row (1 … n_rows), NULL-terminated; an empty line
 * is one empty field. */
const char * const *dis_stock_csv_get_row        (DisStockCsv  *self,
                                                  guint         row,
                                                  guint        *out_n_fields);
/* TRUE when every field of @row is empty or blank. */
gboolean            dis_stock_csv_row_is_blank   (DisStockCsv  *self,
                                                  guint         row);

/* ---- Quantities -------------------------------------------------------- */

/* A decimal as people type it in a spreadsheet cell, to milli-units:
 * "12", "3,05", "3.050", "0,5", "-2" (surrounding spaces ignored), with
 * '.' or ',' as the decimal mark whatever the separator, at most three
 * decimals, no thousands grouping, |value| ≤ @max_milli. FALSE for
 * anything else. */
gboolean dis_stock_csv_parse_qty (const char  *text,
                                  gint64       max_milli,
                                  gint64      *out_milli);

G_END_DECLS
