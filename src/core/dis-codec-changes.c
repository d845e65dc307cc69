/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-codec"

#include "config.h"

#include <string.h>

#include "dis-codec-private.h"

/* The pull side of the protocol: the hub's changes feed and GET /me. The
 * data objects are also the rows of the hub's admin files (basket.json,
 * points.json, suppliers.json, settings.json). */

/* ---- Products and suppliers --------------------------------------------- */

static const DisField override_fields[] = {
  F_INT_BIT (DisCodecProduct, "accessibile", accessibile_bp, 0, DIS_CODEC_OVERRIDE_BP_MIN,
             DIS_CODEC_OVERRIDE_BP_MAX, overrides, DIS_CODEC_OVERRIDE_ACCESSIBILE),
  F_INT_BIT (DisCodecProduct, "impegno", impegno_bp, 0, DIS_CODEC_OVERRIDE_BP_MIN,
             DIS_CODEC_OVERRIDE_BP_MAX, overrides, DIS_CODEC_OVERRIDE_IMPEGNO),
  F_INT_BIT (DisCodecProduct, "solidale", solidale_bp, 0, DIS_CODEC_OVERRIDE_BP_MIN,
             DIS_CODEC_OVERRIDE_BP_MAX, overrides, DIS_CODEC_OVERRIDE_SOLIDALE),
};
static const DisSchema override_schema = DIS_SCHEMA (override_fields, DisCodecProduct, NULL);

static const DisField product_fields[] = {
  F_STRING (CODE, DisCodecProduct, "code", code, 0),
  F_TEXT (DisCodecProduct, "name", name, 0, DIS_CODEC_NAME_MAX),
  F_STRING (CODE, DisCodecProduct, "supplier", supplier, DIS_FIELD_NULLABLE | DIS_FIELD_OPTIONAL),
  F_TEXT (DisCodecProduct, "category", category,
          DIS_FIELD_NULLABLE | DIS_FIELD_OPTIONAL | DIS_FIELD_EMPTY_OK, DIS_CODEC_NAME_MAX),
  F_ENUM (DisCodecProduct, "unit", unit, 0, _dis_codec_unit),
  F_INT (DisCodecProduct, "vat", vat, DIS_FIELD_VAT, 0, 0),
  F_STRING (EAN, DisCodecProduct, "ean", ean, DIS_FIELD_NULLABLE | DIS_FIELD_OPTIONAL),
  F_INT (DisCodecProduct, "plu", plu, DIS_FIELD_OPTIONAL, 0, DIS_CODEC_PLU_MAX),
  F_INT (DisCodecProduct, "equa_cents", equa_cents, 0, 1, DIS_PRICE_MAX),
  F_OBJECT_ANY ("overrides", override_schema),
  /* Optional (issue 11): absent in catalogs and feeds from before. */
  { "case_size", DIS_FIELD_INT, DIS_FIELD_PRESENCE, offsetof (DisCodecProduct, case_size), 1,
    DIS_CODEC_CASE_SIZE_MAX, NULL, NULL, offsetof (DisCodecProduct, has_case_size), 0 },
};
const DisSchema _dis_codec_product_schema = DIS_SCHEMA (product_fields, DisCodecProduct, NULL);

static const DisField supplier_fields[] = {
  F_STRING (CODE, DisCodecSupplier, "code", code, 0),
  F_TEXT (DisCodecSupplier, "name", name, 0, DIS_CODEC_NAME_MAX),
};
static const DisSchema supplier_schema = DIS_SCHEMA (supplier_fields, DisCodecSupplier, NULL);

/* ---- Points ------------------------------------------------------------------ */

static const char *
point_kind_code (int value)
{
  static const char * const codes[] = { "shop", "gas", "producer", "collection" };

  return codes[value];
}

static const DisEnumType point_kind = { point_kind_code, DIS_CODEC_POINT_COLLECTION + 1 };

const char *
dis_codec_point_kind_to_string (DisCodecPointKind kind)
{
  g_return_val_if_fail ((int) kind >= 0 && (int) kind < point_kind.n_values, NULL);
  return point_kind_code (kind);
}

#define POINT_TEXT (DIS_FIELD_OPTIONAL | DIS_FIELD_EMPTY_OK)

static const DisField point_fields[] = {
  F_STRING (CODE, DisCodecPoint, "code", code, 0),
  F_TEXT (DisCodecPoint, "name", name, 0, DIS_CODEC_NAME_MAX),
  F_ENUM (DisCodecPoint, "kind", kind, 0, point_kind),
  F_TEXT (DisCodecPoint, "address", address, 0, DIS_CODEC_NAME_MAX),
  F_TEXT (DisCodecPoint, "comune", comune, 0, DIS_CODEC_NAME_MAX),
  F_DEGREES (DisCodecPoint, "lat", lat, 90),
  F_DEGREES (DisCodecPoint, "lon", lon, 180),
  F_TEXT (DisCodecPoint, "hours", hours, POINT_TEXT, DIS_CODEC_NAME_MAX),
  F_TEXT (DisCodecPoint, "phone", phone, POINT_TEXT, DIS_CODEC_NAME_MAX),
  F_TEXT (DisCodecPoint, "email", email, POINT_TEXT, DIS_CODEC_NAME_MAX),
  F_BOOL (DisCodecPoint, "home_delivery", home_delivery, DIS_FIELD_OPTIONAL),
  F_BOOL (DisCodecPoint, "collection_point", collection_point, DIS_FIELD_OPTIONAL),
};
static const DisSchema point_schema = DIS_SCHEMA (point_fields, DisCodecPoint, NULL);

/* ---- Settings ------------------------------------------------------------------ */

/* (id, member, min, max, is_bool) per group, in the order published. */
#define TIER_SETTINGS(X) \
  X (ACCESSIBILE_BP, "accessibile", -9900, 0, FALSE) \
  X (IMPEGNO_BP, "impegno", -9900, 0, FALSE) \
  X (SOLIDALE_BP, "solidale", 0, 100000, FALSE)
#define ELIGIBILITY_SETTINGS(X) \
  X (IMPEGNO_MIN_MONTHS, "impegno_min_months", 0, 120, FALSE) \
  X (IMPEGNO_VOLUME_CENTS, "impegno_volume_cents", 0, G_MAXINT32, FALSE) \
  X (IMPEGNO_NEEDS_ACTIVITY, "impegno_needs_activity", 0, 1, TRUE) \
  X (IMPEGNO_ACTIVITY_MIN, "impegno_activity_min", 0, DIS_CODEC_ACTIVITY_MAX, FALSE) \
  X (BASIS_VALIDITY_MONTHS, "basis_validity_months", 1, 120, FALSE)
#define TIER_GROUP "tier_percents"
#define ELIGIBILITY_GROUP "eligibility"

#define SETTING_FIELD(id, member, lo, hi, is_bool) \
  { member, DIS_FIELD_INT, DIS_FIELD_PRESENCE | ((is_bool) ? DIS_FIELD_JSON_BOOL : 0), \
    offsetof (DisCodecSettings, value) + DIS_CODEC_SETTING_ ## id * sizeof (gint64), lo, hi, NULL, NULL, \
    offsetof (DisCodecSettings, present), 1u << DIS_CODEC_SETTING_ ## id },
#define TIER_INFO(id, member, lo, hi, is_bool) \
  [DIS_CODEC_SETTING_ ## id] = { TIER_GROUP, member, lo, hi, is_bool },
#define ELIGIBILITY_INFO(id, member, lo, hi, is_bool) \
  [DIS_CODEC_SETTING_ ## id] = { ELIGIBILITY_GROUP, member, lo, hi, is_bool },

static const DisField tier_setting_fields[] = { TIER_SETTINGS (SETTING_FIELD) };
static const DisSchema tier_setting_schema = DIS_SCHEMA (tier_setting_fields, DisCodecSettings, NULL);
static const DisField eligibility_setting_fields[] = { ELIGIBILITY_SETTINGS (SETTING_FIELD) };
static const DisSchema eligibility_setting_schema =
  DIS_SCHEMA (eligibility_setting_fields, DisCodecSettings, NULL);

static const DisField settings_fields[] = {
  F_OBJECT_ANY (TIER_GROUP, tier_setting_schema),
  F_OBJECT_ANY (ELIGIBILITY_GROUP, eligibility_setting_schema),
};
static const DisSchema settings_schema = DIS_SCHEMA (settings_fields, DisCodecSettings, NULL);

static const DisCodecSettingInfo setting_infos[] = {
  TIER_SETTINGS (TIER_INFO)
  ELIGIBILITY_SETTINGS (ELIGIBILITY_INFO)
};

G_STATIC_ASSERT (G_N_ELEMENTS (setting_infos) == DIS_CODEC_N_SETTINGS);

const DisCodecSettingInfo *
dis_codec_setting_info (DisCodecSetting setting)
{
  g_return_val_if_fail ((guint) setting < DIS_CODEC_N_SETTINGS, NULL);
  return &setting_infos[setting];
}

/* ---- Members ------------------------------------------------------------------------ */

/* A date only when eligible. */
static gboolean
check_verdict (gconstpointer   base,
               const DisPath  *path,
               GError        **error)
{
  const DisCodecVerdict *verdict = base;

  if (verdict->eligible_until != NULL && verdict->missing != 0)
    return _dis_codec_fail (error, path, "eligible_until", "must be null when criteria are missing");
  return TRUE;
}

static const DisField verdict_fields[] = {
  F_STRING (DATE, DisCodecVerdict, "eligible_until", eligible_until, DIS_FIELD_NULLABLE),
  F_ENUM_SET (DisCodecVerdict, "missing", missing, 0, _dis_codec_criterion),
};
static const DisSchema verdict_schema = DIS_SCHEMA (verdict_fields, DisCodecVerdict, check_verdict);

static const DisField member_fields[] = {
  F_STRING (CARD, DisCodecMember, "card_code", card_code, 0),
  F_TEXT (DisCodecMember, "display_name", display_name, 0, DIS_MEMBER_NAME_MAX),
  F_ENUM (DisCodecMember, "status", status, 0, _dis_codec_member_status),
  F_ENUM (DisCodecMember, "preferred_tier", preferred_tier, 0, _dis_codec_tier),
  F_STRUCT (DisCodecMember, "impegno", impegno, verdict_schema),
  F_STRUCT (DisCodecMember, "accessibile", accessibile, verdict_schema),
};
static const DisSchema member_schema = DIS_SCHEMA (member_fields, DisCodecMember, NULL);

/* The data of a delete: the key only, under its upsert name. */
static const DisField point_key_fields[] = { F_STRING (CODE, DisCodecPoint, "code", code, 0) };
static const DisSchema point_key_schema = DIS_SCHEMA (point_key_fields, DisCodecPoint, NULL);
static const DisField member_key_fields[] = { F_STRING (CARD, DisCodecMember, "card_code", card_code, 0) };
static const DisSchema member_key_schema = DIS_SCHEMA (member_key_fields, DisCodecMember, NULL);

/* ---- Data objects ------------------------------------------------------------------- */

static gboolean
decode_data (const DisSchema  *schema,
             JsonObject       *data,
             gpointer          out,
             gsize             size,
             const char       *where,
             GError          **error)
{
  DisPath path = { NULL, where, -1 };

  memset (out, 0, size);
  return _dis_codec_decode (schema, data, out, where ? &path : NULL, error);
}

#define DATA_CODEC(name, Type, schema) \
  gboolean \
  dis_codec_ ## name ## _decode (JsonObject  *data, \
                                 Type        *out, \
                                 GError     **error) \
  { \
    g_return_val_if_fail (out != NULL, FALSE); \
    return decode_data (&schema, data, out, sizeof *out, NULL, error); \
  } \
  JsonNode * \
  dis_codec_ ## name ## _to_node (const Type  *value, \
                                  GError     **error) \
  { \
    g_return_val_if_fail (value != NULL, NULL); \
    return _dis_codec_encode (&schema, value, NULL, error); \
  }

DATA_CODEC (product, DisCodecProduct, _dis_codec_product_schema)
DATA_CODEC (supplier, DisCodecSupplier, supplier_schema)
DATA_CODEC (point, DisCodecPoint, point_schema)
DATA_CODEC (settings, DisCodecSettings, settings_schema)
DATA_CODEC (member, DisCodecMember, member_schema)

JsonNode *
dis_codec_delete_to_node (DisCodecChangeKind   kind,
                          const char          *key,
                          GError             **error)
{
  DisCodecPoint point = { .code = key };
  DisCodecMember member = { .card_code = key };

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (kind == DIS_CODEC_CHANGE_POINT || kind == DIS_CODEC_CHANGE_MEMBER, NULL);

  if (kind == DIS_CODEC_CHANGE_POINT)
    return _dis_codec_encode (&point_key_schema, &point, NULL, error);
  return _dis_codec_encode (&member_key_schema, &member, NULL, error);
}

/* ---- Changes ------------------------------------------------------------------------- */

static const char * const change_kinds[] = {
  [DIS_CODEC_CHANGE_UNKNOWN] = NULL,
  [DIS_CODEC_CHANGE_SETTINGS] = "settings",
  [DIS_CODEC_CHANGE_SUPPLIER] = "supplier",
  [DIS_CODEC_CHANGE_PRODUCT] = "product",
  [DIS_CODEC_CHANGE_POINT] = "point",
  [DIS_CODEC_CHANGE_MEMBER] = "member",
  [DIS_CODEC_CHANGE_FUND_PERIOD] = "fund_period",
  [DIS_CODEC_CHANGE_STOCK_SNAPSHOT] = "stock_snapshot",
  [DIS_CODEC_CHANGE_TRANSFER] = "transfer",
  [DIS_CODEC_CHANGE_RESTOCK_ORDER] = "restock_order",
  [DIS_CODEC_CHANGE_ORDER_CYCLE] = "order_cycle",
  [DIS_CODEC_CHANGE_CYCLE_PRODUCT] = "cycle_product",
  [DIS_CODEC_CHANGE_POINT_SCHEDULE] = "point_schedule",
  [DIS_CODEC_CHANGE_ORDER] = "order",
};

const char *
dis_codec_change_kind_to_string (DisCodecChangeKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (change_kinds), NULL);
  return change_kinds[kind];
}

static const char *
op_code (int value)
{
  static const char * const codes[] = { "upsert", "delete" };

  return codes[value];
}

static const DisEnumType change_op = { op_code, DIS_CODEC_OP_DELETE + 1 };

static const DisField change_fields[] = {
  F_INT (DisCodecChange, "seq", seq, 0, 1, DIS_CODEC_SEQ_MAX),
  F_TEXT (DisCodecChange, "kind", kind_name, 0, DIS_CODEC_TYPE_MAX),
  F_ENUM (DisCodecChange, "op", op, 0, change_op),
};
static const DisSchema change_schema = DIS_SCHEMA (change_fields, DisCodecChange, NULL);
#define CHANGE_DATA "data"

/* The schema of the data of @change's kind and op, and where it goes;
 * NULL when the feed never carries that pair. */
static const DisSchema *
data_schema (DisCodecChange  *change,
             gpointer        *out_data,
             gsize           *out_size)
{
  gboolean upsert = change->op == DIS_CODEC_OP_UPSERT;

  switch (change->kind)
    {
    case DIS_CODEC_CHANGE_SETTINGS:
      *out_data = &change->settings, *out_size = sizeof change->settings;
      return upsert ? &settings_schema : NULL;
    case DIS_CODEC_CHANGE_SUPPLIER:
      *out_data = &change->supplier, *out_size = sizeof change->supplier;
      return upsert ? &supplier_schema : NULL;
    case DIS_CODEC_CHANGE_PRODUCT:
      *out_data = &change->product, *out_size = sizeof change->product;
      return upsert ? &_dis_codec_product_schema : NULL;
    case DIS_CODEC_CHANGE_POINT:
      *out_data = &change->point, *out_size = sizeof change->point;
      return upsert ? &point_schema : &point_key_schema;
    case DIS_CODEC_CHANGE_MEMBER:
      *out_data = &change->member, *out_size = sizeof change->member;
      return upsert ? &member_schema : &member_key_schema;
    case DIS_CODEC_CHANGE_UNKNOWN:
    default:
      return NULL;
    }
}

/* The kinds whose data is built whole, not from a schema of this file:
 * a fund period's published document, the stock and order kinds. Upsert
 * only. */
static gboolean
is_whole_data (DisCodecChangeKind kind)
{
  return kind == DIS_CODEC_CHANGE_FUND_PERIOD || _dis_codec_is_stock_change (kind) ||
         _dis_codec_is_order_change (kind);
}

gboolean
dis_codec_change_decode (JsonNode        *node,
                         DisCodecChange  *out,
                         GError         **error)
{
  const DisSchema *schema;
  JsonObject *object, *data;
  gpointer slot = NULL;
  gsize size = 0;

  g_return_val_if_fail (node != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _dis_codec_fail (error, NULL, "change", "must be an object");
  object = json_node_get_object (node);
  if (!_dis_codec_decode (&change_schema, object, out, NULL, error))
    return FALSE;
  data = _dis_codec_get_object (object, CHANGE_DATA);
  if (data == NULL)
    return _dis_codec_fail (error, NULL, CHANGE_DATA, "must be an object");

  for (guint i = 1; i < G_N_ELEMENTS (change_kinds); i++)
    if (g_str_equal (out->kind_name, change_kinds[i]))
      out->kind = (DisCodecChangeKind) i;
  if (out->kind == DIS_CODEC_CHANGE_UNKNOWN)
    return TRUE;
  if (is_whole_data (out->kind))
    {
      if (out->op != DIS_CODEC_OP_UPSERT)
        return _dis_codec_fail (error, NULL, "op", "%s is not published for %s", op_code (out->op), out->kind_name);
      /* A published document, kept whole: only its key is read here. */
      if (out->kind == DIS_CODEC_CHANGE_FUND_PERIOD)
        return _dis_codec_fund_period_decode_at (data, &out->fund_period, CHANGE_DATA, error);
      if (_dis_codec_is_order_change (out->kind))
        return _dis_codec_order_change_decode (data, out, error);
      return _dis_codec_stock_change_decode (data, out, error);
    }

  schema = data_schema (out, &slot, &size);
  if (schema == NULL)
    return _dis_codec_fail (error, NULL, "op", "%s is not published for %s", op_code (out->op), out->kind_name);
  return decode_data (schema, data, slot, size, CHANGE_DATA, error);
}

static JsonNode *
whole_data_change_to_node (const DisCodecChange  *change,
                           GError               **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  JsonNode *data;

  if (change->op != DIS_CODEC_OP_UPSERT)
    return _dis_codec_fail (error, NULL, "op", "%s is not published for %s",
                            op_code (change->op), change->kind_name), NULL;
  if (!_dis_codec_check (&change_schema, change, NULL, error))
    return NULL;
  if (change->kind == DIS_CODEC_CHANGE_FUND_PERIOD)
    data = dis_codec_fund_period_to_node (&change->fund_period, error);
  else if (_dis_codec_is_order_change (change->kind))
    data = _dis_codec_order_change_data (change, error);
  else
    data = _dis_codec_stock_change_data (change, error);
  if (data == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  _dis_codec_build (&change_schema, change, builder);
  json_builder_set_member_name (builder, CHANGE_DATA);
  json_builder_add_value (builder, data);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
dis_codec_change_to_node (const DisCodecChange  *change,
                          GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  DisCodecChange copy;
  const DisSchema *schema;
  gpointer slot = NULL;
  gsize size = 0;
  DisPath path = { NULL, CHANGE_DATA, -1 };

  g_return_val_if_fail (change != NULL, NULL);
  g_return_val_if_fail (change->kind != DIS_CODEC_CHANGE_UNKNOWN, NULL);

  copy = *change;
  copy.kind_name = change_kinds[change->kind];
  if (is_whole_data (change->kind))
    return whole_data_change_to_node (&copy, error);
  schema = data_schema (&copy, &slot, &size);
  if (schema == NULL)
    return _dis_codec_fail (error, NULL, "op", "%s is not published for %s",
                            op_code (copy.op), copy.kind_name), NULL;
  if (!_dis_codec_check (&change_schema, &copy, NULL, error) ||
      !_dis_codec_check (schema, slot, &path, error))
    return NULL;

  json_builder_begin_object (builder);
  _dis_codec_build (&change_schema, &copy, builder);
  json_builder_set_member_name (builder, CHANGE_DATA);
  json_builder_begin_object (builder);
  _dis_codec_build (schema, slot, builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* change_fields' members, then the data as stored. */
void
dis_codec_change_write (GString    *out,
                        gint64      seq,
                        const char *kind_name,
                        const char *op_name,
                        const char *data_text)
{
  g_return_if_fail (out != NULL && out->len > 0);
  g_return_if_fail (kind_name != NULL && op_name != NULL && data_text != NULL);

  if (out->str[out->len - 1] != '[')
    g_string_append_c (out, ',');
  g_string_append_c (out, '{');
  _dis_codec_append_member (out, change_fields[0].name);
  g_string_append_printf (out, "%" G_GINT64_FORMAT ",", seq);
  _dis_codec_append_member (out, change_fields[1].name);
  _dis_codec_append_string (out, kind_name);
  g_string_append_c (out, ',');
  _dis_codec_append_member (out, change_fields[2].name);
  _dis_codec_append_string (out, op_name);
  g_string_append_c (out, ',');
  _dis_codec_append_member (out, CHANGE_DATA);
  g_string_append (out, data_text);
  g_string_append_c (out, '}');
}

/* ---- The page and GET /me ------------------------------------------------------------ */

typedef struct
{
  gint64   next;
  gboolean more;
} Page;

#define PAGE_CHANGES "changes"

static const DisField page_fields[] = {
  F_INT (Page, "next", next, 0, 0, DIS_CODEC_SEQ_MAX),
  F_BOOL (Page, "more", more, 0),
};
static const DisSchema page_schema = DIS_SCHEMA (page_fields, Page, NULL);

void
dis_codec_changes_page_begin (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append_c (out, '{');
  _dis_codec_append_member (out, PAGE_CHANGES);
  g_string_append_c (out, '[');
}

void
dis_codec_changes_page_end (GString  *out,
                            gint64    next,
                            gboolean  more)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "],");
  _dis_codec_append_member (out, page_fields[0].name);
  g_string_append_printf (out, "%" G_GINT64_FORMAT ",", next);
  _dis_codec_append_member (out, page_fields[1].name);
  g_string_append (out, more ? "true}" : "false}");
}

gboolean
dis_codec_changes_page_decode (JsonNode    *root,
                               JsonArray  **out_changes,
                               gint64      *out_next,
                               gboolean    *out_more,
                               GError     **error)
{
  Page page = { 0, FALSE };
  JsonNode *changes;

  g_return_val_if_fail (root != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _dis_codec_fail (error, NULL, "page", "must be an object");
  changes = json_object_get_member (json_node_get_object (root), PAGE_CHANGES);
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes))
    return _dis_codec_fail (error, NULL, PAGE_CHANGES, "must be an array");
  if (!_dis_codec_decode (&page_schema, json_node_get_object (root), &page, NULL, error))
    return FALSE;
  *out_changes = json_node_get_array (changes);
  *out_next = page.next;
  *out_more = page.more;
  return TRUE;
}

/* ---- Health ------------------------------------------------------------------ */

static const DisField limits_fields[] = {
  F_INT (DisCodecHealth, "batch_events", batch_events, 0, 1, DIS_CODEC_BATCH_EVENTS_MAX),
  F_INT (DisCodecHealth, "body_bytes", body_bytes, 0, 1, DIS_CODEC_BODY_BYTES_MAX),
};
static const DisSchema limits_schema = DIS_SCHEMA (limits_fields, DisCodecHealth, NULL);

static const DisField health_fields[] = {
  F_TEXT (DisCodecHealth, "status", status, 0, DIS_CODEC_CODE_MAX),
  F_TEXT (DisCodecHealth, "version", version, 0, DIS_CODEC_CODE_MAX),
  F_OBJECT_IF (DisCodecHealth, "limits", limits_schema, has_limits),
};
static const DisSchema health_schema = DIS_SCHEMA (health_fields, DisCodecHealth, NULL);

gboolean
dis_codec_health_decode (JsonNode        *root,
                         DisCodecHealth  *out,
                         GError         **error)
{
  g_return_val_if_fail (root != NULL && out != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _dis_codec_fail (error, NULL, "health", "must be an object");
  return decode_data (&health_schema, json_node_get_object (root), out, sizeof *out, NULL, error);
}

JsonNode *
dis_codec_health_to_node (const DisCodecHealth  *health,
                          GError               **error)
{
  g_return_val_if_fail (health != NULL, NULL);

  return _dis_codec_encode (&health_schema, health, NULL, error);
}

/* ---- Me ---------------------------------------------------------------------- */

typedef struct
{
  DisCodecPoint point;
  const char   *device;
} Me;

static const DisField me_fields[] = {
  F_STRUCT (Me, "point", point, point_schema),
  F_STRING (CODE, Me, "device", device, 0),
};
static const DisSchema me_schema = DIS_SCHEMA (me_fields, Me, NULL);

gboolean
dis_codec_me_decode (JsonNode       *root,
                     DisCodecPoint  *out_point,
                     const char    **out_device,
                     GError        **error)
{
  Me me;

  g_return_val_if_fail (root != NULL && out_point != NULL && out_device != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _dis_codec_fail (error, NULL, "me", "must be an object");
  if (!decode_data (&me_schema, json_node_get_object (root), &me, sizeof me, NULL, error))
    return FALSE;
  *out_point = me.point;
  *out_device = me.device;
  return TRUE;
}

JsonNode *
dis_codec_me_to_node (JsonNode    *point,
                      const char  *device,
                      GError     **error)
{
  Me me = { .device = device };

  g_return_val_if_fail (point != NULL && device != NULL, NULL);

  if (!decode_data (&point_schema, JSON_NODE_HOLDS_OBJECT (point) ? json_node_get_object (point) : NULL,
                    &me.point, sizeof me.point, me_fields[0].name, error))
    return NULL;
  return _dis_codec_encode (&me_schema, &me, NULL, error);
}
