/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-json.h"

G_BEGIN_DECLS

/* What the strict reader of dis-json.c builds, behind one table: json-glib
 * nodes (dis_json_parse_full()) or a DisJsonDoc (dis-json-doc.c). The
 * reader checks everything (syntax, encoding, limits, duplicate names)
 * before it calls the builder, so both trees hold exactly what the text
 * holds, or neither exists.
 *
 * Values are the builder's own pointers. A container is added to its
 * parent when it opens, its members or elements as they are read, and
 * close() is called on the innermost open one. A value that never
 * reached a parent (the reader failed) goes to drop(), and so does the
 * root on failure. */
typedef struct
{
  gpointer (*string)     (gpointer     data,
                          const char  *text,
                          gsize        length);
  gpointer (*integer)    (gpointer     data,
                          gint64       value);
  /* Also ±INFINITY, the out-of-range number (dis-json.h). */
  gpointer (*real)       (gpointer     data,
                          double       value);
  gpointer (*boolean)    (gpointer     data,
                          gboolean     value);
  gpointer (*null)       (gpointer     data);
  gpointer (*open)       (gpointer     data,
                          gboolean     object);
  /* @key: from key(), or NULL in an array; the builder owns it after. */
  void     (*add)        (gpointer     data,
                          gpointer     parent,
                          char        *key,
                          gpointer     child);
  void     (*close)      (gpointer     data,
                          gpointer     container);
  gboolean (*is_object)  (gpointer     data,
                          gpointer     container);
  /* Whether the innermost open object @object has a member @name. */
  gboolean (*has_member) (gpointer     data,
                          gpointer     object,
                          const char  *name);
  /* A member name waiting for its value; key_free() if it never gets one. */
  char    *(*key)        (gpointer     data,
                          const char  *text,
                          gsize        length);
  void     (*key_free)   (gpointer     data,
                          char        *key);
  void     (*drop)       (gpointer     data,
                          gpointer     value);
} DisJsonBuilder;

/* The reader of dis_json_parse_full() with @builder: the root, or NULL
 * with @error. */
gpointer _dis_json_parse_with (const char            *text,
                               gssize                 length,
                               const DisJsonLimits   *limits,
                               DisJsonParseFlags      flags,
                               const DisJsonBuilder  *builder,
                               gpointer               builder_data,
                               guint                 *out_n_repaired,
                               GError               **error);

G_END_DECLS
