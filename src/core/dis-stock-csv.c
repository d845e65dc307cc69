/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock-csv"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-money.h"
#include "dis-stock-csv.h"

#define BOM "\xEF\xBB\xBF"

static gboolean
separator_is_valid (char separator)
{
  return separator == ',' || separator == ';';
}

/* ---- Writing ------------------------------------------------------------- */

struct _DisStockCsvWriter
{
  GString  *text;
  char      separator;
  gboolean  row_started;
  gboolean  first_row;
};

DisStockCsvWriter *
dis_stock_csv_writer_new (const DisStockCsvOptions *options)
{
  DisStockCsvWriter *self;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (separator_is_valid (options->separator), NULL);

  self = g_new0 (DisStockCsvWriter, 1);
  self->text = g_string_new (options->bom ? BOM : "");
  self->separator = options->separator;
  self->first_row = TRUE;
  return self;
}

void
dis_stock_csv_writer_free (DisStockCsvWriter *self)
{
  if (self == NULL)
    return;
  g_string_free (self->text, TRUE);
  g_free (self);
}

static void
begin_field (DisStockCsvWriter *self)
{
  if (self->row_started)
    g_string_append_c (self->text, self->separator);
  self->row_started = TRUE;
}

static void
append_field (DisStockCsvWriter *self,
              const char        *prefix,
              const char        *field)
{
  gboolean quote;

  begin_field (self);
  if (field == NULL)
    return;

  /* In the first row either separator is quoted, so that the reader's
   * guess of the separator cannot go wrong on our own files; spaces at
   * either end too, as some spreadsheets trim them. */
  quote = strchr (field, self->separator) != NULL || strpbrk (field, "\"\r\n") != NULL ||
          (self->first_row && strpbrk (field, ",;") != NULL) ||
          g_ascii_isspace (field[0]) || (field[0] != '\0' && g_ascii_isspace (field[strlen (field) - 1]));
  if (!quote)
    {
      g_string_append (self->text, prefix);
      g_string_append (self->text, field);
      return;
    }

  g_string_append_c (self->text, '"');
  g_string_append (self->text, prefix);
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (self->text, '"');
      g_string_append_c (self->text, *p);
    }
  g_string_append_c (self->text, '"');
}

void
dis_stock_csv_writer_add (DisStockCsvWriter *self,
                          const char        *field)
{
  g_return_if_fail (self != NULL);

  append_field (self, "", field);
}

void
dis_stock_csv_writer_add_text (DisStockCsvWriter *self,
                               const char        *text)
{
  g_return_if_fail (self != NULL);

  /* A cell starting like a formula is run as one when the file is
   * opened: a name of an own product must stay a name. */
  append_field (self, text != NULL && strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0' ? "'" : "",
                text);
}

void
dis_stock_csv_writer_add_qty (DisStockCsvWriter *self,
                              gint64             qty_milli,
                              gboolean           whole_units)
{
  guint64 magnitude;
  guint64 units;
  guint frac;
  char decimal_mark;
  char buffer[48];

  g_return_if_fail (self != NULL);

  magnitude = qty_milli < 0 ? (guint64) -(qty_milli + 1) + 1 : (guint64) qty_milli;
  units = magnitude / 1000;
  frac = (guint) (magnitude % 1000);
  decimal_mark = self->separator == ';' ? ',' : '.';
  if (whole_units && frac == 0)
    g_snprintf (buffer, sizeof buffer, "%s%" G_GUINT64_FORMAT, qty_milli < 0 ? "-" : "", units);
  else
    g_snprintf (buffer, sizeof buffer, "%s%" G_GUINT64_FORMAT "%c%03u",
                qty_milli < 0 ? "-" : "", units, decimal_mark, frac);
  append_field (self, "", buffer);
}

void
dis_stock_csv_writer_add_int (DisStockCsvWriter *self,
                              gint64             value)
{
  char buffer[24];

  g_return_if_fail (self != NULL);

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  append_field (self, "", buffer);
}

void
dis_stock_csv_writer_end_row (DisStockCsvWriter *self)
{
  g_return_if_fail (self != NULL);

  g_string_append (self->text, "\r\n");
  self->row_started = FALSE;
  self->first_row = FALSE;
}

GBytes *
dis_stock_csv_writer_finish (DisStockCsvWriter *self)
{
  GBytes *bytes;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (!self->row_started, NULL);

  bytes = g_string_free_to_bytes (self->text);
  g_free (self);
  return bytes;
}

/* ---- Reading ------------------------------------------------------------- */

struct _DisStockCsv
{
  char       separator;
  GPtrArray *rows;   /* GStrv each */
};

void
dis_stock_csv_free (DisStockCsv *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->rows);
  g_free (self);
}

/* The one of ',' and ';' the first record uses more, outside quotes. */
static char
guess_separator (const char *p,
                 const char *end)
{
  gboolean quoted = FALSE;
  guint n_commas = 0;
  guint n_semicolons = 0;

  for (; p < end; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == '\n' || *p == '\r'))
        break;
      else if (!quoted && *p == ',')
        n_commas++;
      else if (!quoted && *p == ';')
        n_semicolons++;
    }
  return n_semicolons > n_commas ? ';' : ',';
}

typedef struct
{
  GPtrArray *fields;   /* of the record being read */
  GString   *field;
  guint      row;
} Reader;

static void
reader_end_field (Reader *reader)
{
  g_ptr_array_add (reader->fields, g_strdup (reader->field->str));
  g_string_truncate (reader->field, 0);
}

static gboolean
reader_end_record (Reader       *reader,
                   DisStockCsv  *csv,
                   GError      **error)
{
  reader_end_field (reader);
  for (guint i = 0; i < reader->fields->len; i++)
    if (!g_utf8_validate (g_ptr_array_index (reader->fields, i), -1, NULL))
      {
        g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                     _("Row %u is not UTF-8 text: save the file as “CSV UTF-8”"), reader->row);
        return FALSE;
      }
  g_ptr_array_add (reader->fields, NULL);
  g_ptr_array_add (csv->rows, g_ptr_array_steal (reader->fields, NULL));
  reader->row++;
  return TRUE;
}

/* Past a line end at @p (CRLF, LF or a lone CR). */
static const char *
skip_line_end (const char *p,
               const char *end)
{
  if (*p == '\r' && p + 1 < end && p[1] == '\n')
    return p + 2;
  return p + 1;
}

/* A quoted field from just after its opening quote: its text into
 * reader->field, then past its closing quote. NULL with @error when
 * it is not closed or something other than a separator or a line end
 * follows the closing quote. */
static const char *
read_quoted (Reader      *reader,
             const char  *p,
             const char  *end,
             char         separator,
             GError     **error)
{
  guint first_row = reader->row;

  for (; p < end; p++)
    {
      if (*p != '"')
        {
          g_string_append_c (reader->field, *p);
          continue;
        }
      if (p + 1 < end && p[1] == '"')
        {
          g_string_append_c (reader->field, '"');
          p++;
          continue;
        }
      p++;
      if (p < end && *p != separator && *p != '\r' && *p != '\n')
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                       _("Row %u: text after the closing quote of a cell"), reader->row);
          return NULL;
        }
      return p;
    }
  g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
               _("Row %u: a quote opened there is never closed"), first_row);
  return NULL;
}

DisStockCsv *
dis_stock_csv_parse (const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_autoptr(DisStockCsv) csv = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  Reader reader = { fields, field, 1 };
  const char *p;
  const char *end;
  gboolean in_record = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (data == NULL)
    data = "";
  p = data;
  end = data + length;

  if (length >= 3 && memcmp (data, BOM, 3) == 0)
    p += 3;

  csv = g_new0 (DisStockCsv, 1);
  csv->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  csv->separator = guess_separator (p, end);

  while (p < end)
    {
      in_record = TRUE;
      if (*p == '"' && field->len == 0)
        {
          p = read_quoted (&reader, p + 1, end, csv->separator, error);
          if (p == NULL)
            return NULL;
        }
      else if (*p == csv->separator)
        {
          reader_end_field (&reader);
          p++;
        }
      else if (*p == '\r' || *p == '\n')
        {
          if (!reader_end_record (&reader, csv, error))
            return NULL;
          p = skip_line_end (p, end);
          in_record = FALSE;
        }
      else
        g_string_append_c (field, *p++);
    }

  /* The last record, when the file does not end with a line end. */
  if (in_record && !reader_end_record (&reader, csv, error))
    return NULL;

  return g_steal_pointer (&csv);
}

char
dis_stock_csv_get_separator (DisStockCsv *self)
{
  g_return_val_if_fail (self != NULL, ',');

  return self->separator;
}

guint
dis_stock_csv_get_n_rows (DisStockCsv *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows->len;
}

const char * const *
dis_stock_csv_get_row (DisStockCsv *self,
                       guint        row,
                       guint       *out_n_fields)
{
  const char * const *fields;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row >= 1 && row <= self->rows->len, NULL);

  fields = g_ptr_array_index (self->rows, row - 1);
  if (out_n_fields != NULL)
    *out_n_fields = g_strv_length ((GStrv) fields);
  return fields;
}

gboolean
dis_stock_csv_row_is_blank (DisStockCsv *self,
                            guint        row)
{
  const char * const *fields = dis_stock_csv_get_row (self, row, NULL);

  g_return_val_if_fail (fields != NULL, TRUE);

  for (guint i = 0; fields[i] != NULL; i++)
    for (const char *p = fields[i]; *p != '\0'; p++)
      if (!g_ascii_isspace (*p))
        return FALSE;
  return TRUE;
}

/* ---- Quantities -------------------------------------------------------- */

gboolean
dis_stock_csv_parse_qty (const char *text,
                         gint64      max_milli,
                         gint64     *out_milli)
{
  g_autofree char *copy = NULL;
  const char *digits;
  gboolean negative = FALSE;
  gint64 value;

  g_return_val_if_fail (out_milli != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  digits = copy;
  if (*digits == '-' || *digits == '+')
    negative = *digits++ == '-';

  if (!dis_decimal_parse (digits, 3, &value) || value > max_milli)
    return FALSE;

  *out_milli = negative ? -value : value;
  return TRUE;
}
