/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>

#include "dis-codec.h"
#include "dis-json-doc.h"

G_BEGIN_DECLS

/* The schema engine behind dis-codec.h: a table of fields per object
 * (name, kind, bounds, where it lives in the struct) drives decoding,
 * checking and encoding alike, so a field's name and bounds are written
 * once. */

typedef enum
{
  DIS_FIELD_TEXT,      /* const char *: 1 … max characters */
  DIS_FIELD_CODE,      /* const char *: 1 … DIS_CODEC_CODE_MAX of A–Z a–z 0–9 . _ - */
  DIS_FIELD_UUID,      /* const char * */
  DIS_FIELD_CARD,      /* const char *: a member card code */
  DIS_FIELD_DATE,      /* const char *: YYYY-MM-DD */
  DIS_FIELD_TIME,      /* const char *: ISO 8601 with a zone */
  DIS_FIELD_EAN,       /* const char *: EAN-8 or EAN-13 with its check digit */
  DIS_FIELD_INT,       /* gint64 in [min, max] */
  DIS_FIELD_BOOL,      /* gboolean */
  DIS_FIELD_DEGREES,   /* double, finite, |x| ≤ max */
  DIS_FIELD_ENUM,      /* int, one of enum_type's codes */
  DIS_FIELD_OBJECT,    /* a nested object, its struct at offset (0: fields of the same struct) */
  DIS_FIELD_ARRAY,     /* GArray * of schema->size elements, min … max of them */
  DIS_FIELD_ENUM_SET,  /* guint32 bits 1 << value: an array of enum_type's codes, each once,
                          written in the enum's order */
  DIS_FIELD_NAMES,     /* GArray * of const char *: min … max names of 1 … DIS_CODEC_NAME_MAX
                          characters; NULL when absent or null */
} DisFieldKind;

typedef enum
{
  DIS_FIELD_NULLABLE  = 1 << 0,  /* JSON null ↔ NULL (strings, names); with PRESENCE, null ↔
                                    absent, and absent is written null */
  DIS_FIELD_OPTIONAL  = 1 << 1,  /* absent (or null) reads NULL, "" with EMPTY_OK, 0 or FALSE */
  DIS_FIELD_PRESENCE  = 1 << 2,  /* written only when present (strings: not NULL) */
  DIS_FIELD_EMPTY_OK  = 1 << 3,  /* text may be empty */
  DIS_FIELD_NONZERO   = 1 << 4,  /* int: never 0 */
  DIS_FIELD_JSON_BOOL = 1 << 5,  /* int 0/1 read and written as false/true */
  DIS_FIELD_VAT       = 1 << 6,  /* int: 4, 5, 10 or 22 */
} DisFieldFlags;

typedef struct
{
  const char *(*to_code) (int value);
  int          n_values;
} DisEnumType;

typedef struct _DisSchema DisSchema;

typedef struct
{
  const char        *name;
  DisFieldKind       kind;
  guint              flags;
  gsize              offset;
  gint64             min;          /* INT bounds; TEXT and ARRAY: min … max count */
  gint64             max;
  const DisEnumType *enum_type;
  const DisSchema   *schema;       /* OBJECT, ARRAY */
  gssize             present_offset; /* PRESENCE: a guint32 mask (present_bit) or a
                                        gboolean (present_bit 0); -1 for strings
                                        and for an OBJECT present when any field is */
  guint32            present_bit;
} DisField;

/* A field's place in its struct. */
#define SLOT(base, field, type) ((type *) (gpointer) ((char *) (base) + (field)->offset))
#define CSLOT(base, field, type) ((const type *) (gconstpointer) ((const char *) (base) + (field)->offset))

static inline gboolean
_dis_field_is_string_kind (DisFieldKind kind)
{
  return kind <= DIS_FIELD_EAN;
}

/* The path of a field for messages: "payload.lines[2].quantity". */
typedef struct _DisPath DisPath;
struct _DisPath
{
  const DisPath *parent;
  const char    *name;
  int            index;    /* -1: not an array element */
};

struct _DisSchema
{
  const DisField *fields;
  guint           n_fields;
  gsize           size;    /* of one element, for arrays */
  /* Rules between fields, after each field passed its own checks. */
  gboolean      (*check) (gconstpointer   base,
                          const DisPath  *path,
                          GError        **error);
};

#define DIS_SCHEMA(fields_, type_, check_) \
  { fields_, G_N_ELEMENTS (fields_), sizeof (type_), check_ }

/* Table rows: F_TEXT (Struct, "json_name", member, flags, max_chars), … */
#define F_TEXT(T, name, m, flags, max) \
  { name, DIS_FIELD_TEXT, flags, offsetof (T, m), 0, max, NULL, NULL, -1, 0 }
#define F_STRING(kind, T, name, m, flags) \
  { name, DIS_FIELD_ ## kind, flags, offsetof (T, m), 0, 0, NULL, NULL, -1, 0 }
#define F_INT(T, name, m, flags, min, max) \
  { name, DIS_FIELD_INT, flags, offsetof (T, m), min, max, NULL, NULL, -1, 0 }
#define F_INT_BIT(T, name, m, flags, min, max, mask, bit) \
  { name, DIS_FIELD_INT, (flags) | DIS_FIELD_PRESENCE, offsetof (T, m), min, max, NULL, NULL, \
    offsetof (T, mask), bit }
#define F_BOOL(T, name, m, flags) \
  { name, DIS_FIELD_BOOL, flags, offsetof (T, m), 0, 0, NULL, NULL, -1, 0 }
#define F_DEGREES(T, name, m, max) \
  { name, DIS_FIELD_DEGREES, 0, offsetof (T, m), 0, max, NULL, NULL, -1, 0 }
#define F_ENUM(T, name, m, flags, type) \
  { name, DIS_FIELD_ENUM, flags, offsetof (T, m), 0, 0, &type, NULL, -1, 0 }
#define F_ENUM_IF(T, name, m, type, has) \
  { name, DIS_FIELD_ENUM, DIS_FIELD_PRESENCE, offsetof (T, m), 0, 0, &type, NULL, offsetof (T, has), 0 }
#define F_ENUM_SET(T, name, m, flags, type) \
  { name, DIS_FIELD_ENUM_SET, flags, offsetof (T, m), 0, 0, &type, NULL, -1, 0 }
#define F_OBJECT(name, schema) \
  { name, DIS_FIELD_OBJECT, 0, 0, 0, 0, NULL, &schema, -1, 0 }
#define F_STRUCT(T, name, m, schema) \
  { name, DIS_FIELD_OBJECT, 0, offsetof (T, m), 0, 0, NULL, &schema, -1, 0 }
/* Written only when one of its fields is present. */
#define F_OBJECT_ANY(name, schema) \
  { name, DIS_FIELD_OBJECT, DIS_FIELD_PRESENCE, 0, 0, 0, NULL, &schema, -1, 0 }
#define F_OBJECT_IF(T, name, schema, has) \
  { name, DIS_FIELD_OBJECT, DIS_FIELD_PRESENCE, 0, 0, 0, NULL, &schema, offsetof (T, has), 0 }
#define F_STRUCT_IF(T, name, m, schema, has) \
  { name, DIS_FIELD_OBJECT, DIS_FIELD_PRESENCE, offsetof (T, m), 0, 0, NULL, &schema, offsetof (T, has), 0 }
#define F_ARRAY(T, name, m, schema, min, max) \
  { name, DIS_FIELD_ARRAY, 0, offsetof (T, m), min, max, NULL, &schema, -1, 0 }
#define F_NAMES(T, name, m, flags, min, max) \
  { name, DIS_FIELD_NAMES, flags, offsetof (T, m), min, max, NULL, NULL, -1, 0 }
/* An integer or object written null when absent: @has a gboolean. */
#define F_INT_OR_NULL(T, name, m, min, max, has) \
  { name, DIS_FIELD_INT, DIS_FIELD_NULLABLE | DIS_FIELD_PRESENCE, offsetof (T, m), min, max, NULL, NULL, \
    offsetof (T, has), 0 }
#define F_OBJECT_OR_NULL(T, name, schema, has) \
  { name, DIS_FIELD_OBJECT, DIS_FIELD_NULLABLE | DIS_FIELD_PRESENCE, 0, 0, 0, NULL, &schema, offsetof (T, has), 0 }

extern const DisEnumType _dis_codec_tier;
extern const DisEnumType _dis_codec_unit;
extern const DisEnumType _dis_codec_payment_method;
extern const DisEnumType _dis_codec_member_kind;
extern const DisEnumType _dis_codec_member_status;
extern const DisEnumType _dis_codec_basis_kind;
extern const DisEnumType _dis_codec_criterion;
/* A row of basket.json (dis-codec-changes.c), also inside product.declared. */
extern const DisSchema _dis_codec_product_schema;

/* dis_codec_fund_period_decode(), its messages under @where ("data"). */
gboolean  _dis_codec_fund_period_decode_at (JsonObject          *data,
                                            DisCodecFundPeriod  *out,
                                            const char          *where,
                                            GError             **error);

/* The stock kinds of change (dis-codec-stock.c): stock_snapshot,
 * transfer, restock_order; their data into @out's member of the kind,
 * and back. */
gboolean  _dis_codec_is_stock_change     (DisCodecChangeKind     kind);
gboolean  _dis_codec_stock_change_decode (JsonObject            *data,
                                          DisCodecChange        *out,
                                          GError               **error);
JsonNode *_dis_codec_stock_change_data   (const DisCodecChange  *change,
                                          GError               **error);

/* The order kinds of change (dis-codec-orders.c): order_cycle,
 * cycle_product, point_schedule, order; the same way. */
gboolean  _dis_codec_is_order_change     (DisCodecChangeKind     kind);
gboolean  _dis_codec_order_change_decode (JsonObject            *data,
                                          DisCodecChange        *out,
                                          GError               **error);
JsonNode *_dis_codec_order_change_data   (const DisCodecChange  *change,
                                          GError               **error);

/* Decodes @object with @schema into @out (@size bytes), its messages
 * under @where; on failure frees a half-read array through @clear (may
 * be NULL) and zeroes @out. */
gboolean  _dis_codec_decode_whole  (const DisSchema  *schema,
                                    JsonObject       *object,
                                    gpointer          out,
                                    gsize             size,
                                    const char       *where,
                                    void            (*clear) (gpointer),
                                    GError          **error);
/* _dis_codec_encode() under @where. */
JsonNode *_dis_codec_encode_at     (const DisSchema  *schema,
                                    gconstpointer     value,
                                    const char       *where,
                                    GError          **error);
/* Each code once in @elements (a GArray of structs holding a code at
 * @code_offset): a second line of the same product would be counted
 * twice by whoever applies it. Fails naming @field[i].@member. */
gboolean  _dis_codec_check_unique  (const GArray     *elements,
                                    gsize             code_offset,
                                    const DisPath    *path,
                                    const char       *field,
                                    const char       *member,
                                    GError          **error);

/* FALSE with DIS_CODEC_ERROR_INVALID: "<path>.<field>: <what>". */
gboolean  _dis_codec_fail          (GError        **error,
                                    const DisPath  *path,
                                    const char     *field,
                                    const char     *format,
                                    ...) G_GNUC_PRINTF (4, 5);

/* Reads @object's fields into @base (types only), then checks them. */
gboolean  _dis_codec_decode        (const DisSchema *schema,
                                    JsonObject      *object,
                                    gpointer         base,
                                    const DisPath   *path,
                                    GError         **error);
/* The same from a DisJsonDoc object (dis-json-doc.h): the same fields,
 * the same errors; strings then point into the document. */
gboolean  _dis_codec_decode_doc    (const DisSchema     *schema,
                                    const DisJsonValue  *object,
                                    gpointer             base,
                                    const DisPath       *path,
                                    GError             **error);
/* The field checks and the schema's rules, without JSON. */
gboolean  _dis_codec_check         (const DisSchema *schema,
                                    gconstpointer    base,
                                    const DisPath   *path,
                                    GError         **error);
/* Checks, then builds the object. */
JsonNode *_dis_codec_encode        (const DisSchema *schema,
                                    gconstpointer    base,
                                    const DisPath   *path,
                                    GError         **error);
void      _dis_codec_build         (const DisSchema *schema,
                                    gconstpointer    base,
                                    JsonBuilder     *builder);
/* The object member @name when it is an object, else NULL. */
JsonObject *_dis_codec_get_object  (JsonObject      *object,
                                    const char      *name);

/* Text as json-glib's generator writes it, for the writers that skip the
 * tree: the same escapes, so their bytes match the generic encoder's. */
void      _dis_codec_append_string (GString         *out,
                                    const char      *text);
void      _dis_codec_append_member (GString         *out,
                                    const char      *name);

G_END_DECLS
