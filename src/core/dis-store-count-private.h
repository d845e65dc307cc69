/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-store-count.h"
#include "dis-store-private.h"

G_BEGIN_DECLS

/* What the count's files share: dis-store-count.c (sessions),
 * dis-store-count-validate.c, dis-store-count-csv.c (files). */

/* Counting is the Stock page's work: a responsabile's or a
 * coordinatore's, not a volontario's. */
#define DIS_PERMISSION_COUNT DIS_PERMISSION_SETTINGS

/* The arguments of every count call on the workers, copied. */
typedef struct
{
  DisOperator         *acting;
  gint64               count_id;
  gint64               product_id;
  gint64               qty;
  char                *category;
  gboolean             blind;
  DisCountLinesFilter  filter;
  DisStockCsvOptions   options;
  GBytes              *data;
  DisCountImport      *import;
} DisCountArgs;

DisCountArgs *_dis_count_args_new  (DisOperator  *acting,
                                    gint64        count_id);
void          _dis_count_args_free (gpointer      args);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisCountArgs, _dis_count_args_free)

/* Runs @body inside one write transaction on the writer; rolls back
 * when it fails (returns NULL) or the commit does. Returns its object. */
typedef gpointer (*DisCountWriteBody) (DisDb         *db,
                                       DisCountArgs  *args,
                                       GError       **error);
gpointer      _dis_store_count_write      (DisStore          *self,
                                           DisCountWriteBody  body,
                                           DisCountArgs      *args,
                                           GError           **error);

/* Why @counted cannot be the count of the product @name sold by @unit,
 * translated, or NULL when it can. */
char         *_dis_count_qty_problem      (const char    *name,
                                           const char    *unit,
                                           gint64         counted);
/* Why the product @name of @category is not part of @count, or NULL. */
char         *_dis_count_scope_problem    (DisCount      *count,
                                           const char    *name,
                                           const char    *category);

/* The count @count_id with its progress; DIS_ERROR_NOT_FOUND. */
DisCount     *_dis_store_count_read       (DisDb         *db,
                                           gint64         count_id,
                                           GError       **error);
/* As _read(), and DIS_ERROR_INVALID unless it is open. */
DisCount     *_dis_store_count_read_open  (DisDb         *db,
                                           gint64         count_id,
                                           GError       **error);

/* Inside a write transaction on an open @count: @counted of @product_id,
 * with the level now as its expected quantity. Checks the product (it
 * exists: DIS_ERROR_NOT_FOUND; in the count's category, the quantity:
 * DIS_ERROR_INVALID). */
gboolean      _dis_store_count_write_line (DisDb         *db,
                                           DisCount      *count,
                                           gint64         product_id,
                                           gint64         counted,
                                           gint64         operator_id,
                                           const char    *at,
                                           GError       **error);

/* The lines of @count (DisCountLine, by product name), as the page may
 * see them: no expected quantity while a blind count is open. */
GPtrArray    *_dis_store_count_read_lines (DisDb               *db,
                                           DisCount            *count,
                                           DisCountLinesFilter  filter,
                                           GError             **error);

G_END_DECLS
