/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-order"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dis-code.h"
#include "dis-codec.h"
#include "dis-money.h"
#include "dis-order-private.h"

/* Member orders: their states, barcodes, and the immutable DisOrder and
 * DisOrderLine the store builds. Cycles and the schedule are in
 * dis-order-cycle.c. */

/* ---- States ------------------------------------------------------------- */

static const struct
{
  const char *code;
  const char *name;
} states[DIS_ORDER_N_STATES] = {
  /* Translators: a member order saved here that the network has not confirmed yet */
  [DIS_ORDER_WAITING]          = { "waiting",          N_("Waiting for the network") },
  /* Translators: the state of a member order the network confirmed */
  [DIS_ORDER_ACCEPTED]         = { "accepted",         N_("Confirmed") },
  /* Translators: the state of a member order the network refused */
  [DIS_ORDER_REFUSED]          = { "refused",          N_("Refused") },
  /* Translators: the state of a member order: prepared, waiting for the member */
  [DIS_ORDER_READY]            = { "ready",            N_("Ready") },
  /* Translators: the state of a member order: collected and paid */
  [DIS_ORDER_HANDED_OVER]      = { "handed_over",      N_("Handed over") },
  /* Translators: the state of a member order: on its way to the member's home */
  [DIS_ORDER_OUT_FOR_DELIVERY] = { "out_for_delivery", N_("Out for delivery") },
  /* Translators: the state of a member order: brought to the member's home */
  [DIS_ORDER_DELIVERED]        = { "delivered",        N_("Delivered") },
  /* Translators: the state of a member order */
  [DIS_ORDER_CANCELLED]        = { "cancelled",        N_("Cancelled") },
};

const char *
dis_order_state_to_code (DisOrderState state)
{
  g_return_val_if_fail (state < DIS_ORDER_N_STATES, NULL);

  return states[state].code;
}

gboolean
dis_order_state_from_code (const char    *code,
                           DisOrderState *out_state)
{
  int i = DIS_CODE_INDEX (states, code);

  if (i >= 0 && out_state != NULL)
    *out_state = (DisOrderState) i;
  return i >= 0;
}

const char *
dis_order_state_get_name (DisOrderState state)
{
  g_return_val_if_fail (state < DIS_ORDER_N_STATES, NULL);

  return _(states[state].name);
}

gboolean
dis_order_state_can_move (DisOrderState from,
                          DisOrderState to,
                          gboolean      delivery)
{
  switch (to)
    {
    case DIS_ORDER_READY:
      return from == DIS_ORDER_ACCEPTED;
    case DIS_ORDER_HANDED_OVER:
      return from == DIS_ORDER_READY;
    case DIS_ORDER_OUT_FOR_DELIVERY:
      return delivery && from == DIS_ORDER_READY;
    case DIS_ORDER_DELIVERED:
      return delivery && from == DIS_ORDER_OUT_FOR_DELIVERY;
    case DIS_ORDER_WAITING:
    case DIS_ORDER_ACCEPTED:
    case DIS_ORDER_REFUSED:
    case DIS_ORDER_CANCELLED:
    default:
      return FALSE;
    }
}

static const char * const fulfilments[] = {
  [DIS_FULFILMENT_PICKUP] = "pickup",
  [DIS_FULFILMENT_DELIVERY] = "delivery",
};

const char *
dis_fulfilment_to_code (DisFulfilment fulfilment)
{
  g_return_val_if_fail (fulfilment <= DIS_FULFILMENT_DELIVERY, NULL);

  return fulfilments[fulfilment];
}

gboolean
dis_fulfilment_from_code (const char    *code,
                          DisFulfilment *out_fulfilment)
{
  int i = DIS_CODE_INDEX (fulfilments, code);

  if (i >= 0 && out_fulfilment != NULL)
    *out_fulfilment = (DisFulfilment) i;
  return i >= 0;
}

/* ---- Barcodes ---------------------------------------------------------------- */

#define BARCODE_PREFIX "ORD"

char *
dis_order_barcode_for_number (guint        number,
                              const char  *till)
{
  g_autofree char *reference = dis_order_reference_for_number (number, till);

  return reference != NULL ? g_strconcat (BARCODE_PREFIX, reference, NULL) : NULL;
}

char *
dis_order_reference_for_number (guint        number,
                                const char  *till)
{
  g_return_val_if_fail (number > 0 && number <= DIS_ORDER_NUMBER_MAX, NULL);
  g_return_val_if_fail (till == NULL || dis_codec_is_code (till), NULL);

  if (till == NULL)
    return g_strdup_printf ("%u", number);
  return g_strdup_printf ("%u-%s", number, till);
}

gboolean
dis_order_barcode_parse (const char  *text,
                         guint       *out_number,
                         char       **out_till)
{
  g_autofree char *trimmed = NULL;
  const char *digits, *till;
  gsize n_digits;
  guint64 number = 0;

  if (text == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (text));
  if (g_ascii_strncasecmp (trimmed, BARCODE_PREFIX, strlen (BARCODE_PREFIX)) != 0)
    return FALSE;
  digits = trimmed + strlen (BARCODE_PREFIX);
  n_digits = strspn (digits, "0123456789");
  /* Digits only: no sign, no spaces, no leading zero, within the bound;
   * then nothing, or "-" and a device code (which may hold "-" too). */
  if (n_digits == 0 || *digits == '0' || n_digits > 10)
    return FALSE;
  till = digits + n_digits;
  if (*till != '\0' && (*till != '-' || !dis_codec_is_code (till + 1)))
    return FALSE;
  number = g_ascii_strtoull (digits, NULL, 10);
  if (number == 0 || number > DIS_ORDER_NUMBER_MAX)
    return FALSE;
  if (out_number != NULL)
    *out_number = (guint) number;
  if (out_till != NULL)
    *out_till = *till != '\0' ? g_strdup (till + 1) : NULL;
  return TRUE;
}

/* ---- DisOrderLine -------------------------------------------------------------- */

struct _DisOrderLine
{
  GObject          parent_instance;

  DisOrderLineData data;   /* the strings owned */
};

G_DEFINE_FINAL_TYPE (DisOrderLine, dis_order_line, G_TYPE_OBJECT)

enum {
  LINE_PROP_0,
  LINE_PROP_LINE_NO,
  LINE_PROP_PRODUCT_ID,
  LINE_PROP_PRODUCT_CODE,
  LINE_PROP_PRODUCT_NAME,
  LINE_PROP_UNIT,
  LINE_PROP_ORDERED,
  LINE_PROP_ALLOTTED,
  LINE_PROP_WEIGHED,
  LINE_PROP_QUANTITY,
  LINE_PROP_UNIT_PRICE,
  LINE_PROP_TOTAL,
  LINE_PROP_ESTIMATED,
  LINE_N_PROPS
};

static GParamSpec *line_properties[LINE_N_PROPS];

static void
dis_order_line_finalize (GObject *object)
{
  DisOrderLine *self = DIS_ORDER_LINE (object);

  g_free ((char *) self->data.product_code);
  g_free ((char *) self->data.product_name);

  G_OBJECT_CLASS (dis_order_line_parent_class)->finalize (object);
}

static void
dis_order_line_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DisOrderLine *self = DIS_ORDER_LINE (object);
  const DisOrderLineData *d = &self->data;

  switch (prop_id)
    {
    case LINE_PROP_LINE_NO:      g_value_set_uint (value, d->line_no); break;
    case LINE_PROP_PRODUCT_ID:   g_value_set_int64 (value, d->product_id); break;
    case LINE_PROP_PRODUCT_CODE: g_value_set_string (value, d->product_code); break;
    case LINE_PROP_PRODUCT_NAME: g_value_set_string (value, d->product_name); break;
    case LINE_PROP_UNIT:         g_value_set_uint (value, d->unit); break;
    case LINE_PROP_ORDERED:      g_value_set_int64 (value, d->ordered); break;
    case LINE_PROP_ALLOTTED:     g_value_set_int64 (value, d->allotted); break;
    case LINE_PROP_WEIGHED:      g_value_set_int64 (value, d->weighed); break;
    case LINE_PROP_QUANTITY:     g_value_set_int64 (value, dis_order_line_get_quantity (self)); break;
    case LINE_PROP_UNIT_PRICE:   g_value_set_int64 (value, d->unit_price); break;
    case LINE_PROP_TOTAL:        g_value_set_int64 (value, dis_order_line_get_total (self)); break;
    case LINE_PROP_ESTIMATED:    g_value_set_boolean (value, dis_order_line_get_estimated (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

GParamSpec *
_dis_order_int64_property (const char *name,
                           gint64      minimum)
{
  return g_param_spec_int64 (name, NULL, NULL, minimum, G_MAXINT64, MAX (minimum, 0),
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

GParamSpec *
_dis_order_uint_property (const char *name,
                          guint       maximum)
{
  return g_param_spec_uint (name, NULL, NULL, 0, maximum, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

GParamSpec *
_dis_order_string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

GParamSpec *
_dis_order_boolean_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

GDateTime *
_dis_order_now_or (GDateTime *now)
{
  return now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
}

static void
dis_order_line_class_init (DisOrderLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_order_line_finalize;
  object_class->get_property = dis_order_line_get_property;

  line_properties[LINE_PROP_LINE_NO] = _dis_order_uint_property ("line-no", G_MAXUINT);
  line_properties[LINE_PROP_PRODUCT_ID] = _dis_order_int64_property ("product-id", 0);
  line_properties[LINE_PROP_PRODUCT_CODE] = _dis_order_string_property ("product-code");
  line_properties[LINE_PROP_PRODUCT_NAME] = _dis_order_string_property ("product-name");
  /* A DisUnit; a plain uint since DisUnit has no registered enum type. */
  line_properties[LINE_PROP_UNIT] = _dis_order_uint_property ("unit", DIS_UNIT_L);
  line_properties[LINE_PROP_ORDERED] = _dis_order_int64_property ("ordered", 0);
  line_properties[LINE_PROP_ALLOTTED] = _dis_order_int64_property ("allotted", -1);
  line_properties[LINE_PROP_WEIGHED] = _dis_order_int64_property ("weighed", -1);
  line_properties[LINE_PROP_QUANTITY] = _dis_order_int64_property ("quantity", 0);
  line_properties[LINE_PROP_UNIT_PRICE] = _dis_order_int64_property ("unit-price", 0);
  line_properties[LINE_PROP_TOTAL] = _dis_order_int64_property ("total", G_MININT64);
  line_properties[LINE_PROP_ESTIMATED] = _dis_order_boolean_property ("estimated");

  g_object_class_install_properties (object_class, LINE_N_PROPS, line_properties);
}

static void
dis_order_line_init (DisOrderLine *self)
{
}

DisOrderLine *
dis_order_line_new (const DisOrderLineData *data)
{
  DisOrderLine *self;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (data->product_code != NULL, NULL);

  self = g_object_new (DIS_TYPE_ORDER_LINE, NULL);
  self->data = *data;
  self->data.product_code = g_strdup (data->product_code);
  /* A product not in this catalog still shows, by its code. */
  self->data.product_name = g_strdup (data->product_name != NULL ? data->product_name : data->product_code);
  return self;
}

#define LINE_GETTER(type, field, fallback) \
  type \
  dis_order_line_get_ ## field (DisOrderLine *self) \
  { \
    g_return_val_if_fail (DIS_IS_ORDER_LINE (self), fallback); \
    return self->data.field; \
  }

LINE_GETTER (guint, line_no, 0)
LINE_GETTER (gint64, product_id, 0)
LINE_GETTER (const char *, product_code, NULL)
LINE_GETTER (const char *, product_name, NULL)
LINE_GETTER (DisUnit, unit, DIS_UNIT_PIECE)
LINE_GETTER (gint64, ordered, 0)
LINE_GETTER (gint64, allotted, -1)
LINE_GETTER (gint64, weighed, -1)
LINE_GETTER (gint64, unit_price, 0)

gint64
dis_order_line_get_quantity (DisOrderLine *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_LINE (self), 0);

  if (self->data.weighed >= 0)
    return self->data.weighed;
  if (self->data.allotted >= 0)
    return self->data.allotted;
  return self->data.ordered;
}

gint64
dis_order_line_get_total (DisOrderLine *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_LINE (self), 0);

  return dis_line_total (self->data.unit_price, dis_order_line_get_quantity (self));
}

gboolean
dis_order_line_get_estimated (DisOrderLine *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_LINE (self), FALSE);

  /* Nothing of it came: there is nothing left to weigh. */
  return dis_unit_is_measured (self->data.unit) && self->data.weighed < 0 && self->data.allotted != 0;
}

/* ---- DisOrder -------------------------------------------------------------------- */

struct _DisOrder
{
  GObject       parent_instance;

  DisOrderData  data;      /* the strings owned, the times referenced */
  char         *barcode;
  GListStore   *lines;
};

G_DEFINE_FINAL_TYPE (DisOrder, dis_order, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_TILL,
  PROP_BARCODE,
  PROP_REFERENCE,
  PROP_CYCLE_ID,
  PROP_CYCLE_NAME,
  PROP_MEMBER_CARD,
  PROP_MEMBER_NAME,
  PROP_TIER,
  PROP_FULFILMENT,
  PROP_PLACE_CODE,
  PROP_ADDRESS,
  PROP_STATE,
  PROP_REASON_CODE,
  PROP_REASON_MESSAGE,
  PROP_REVISION,
  PROP_ACCEPTED_REVISION,
  PROP_SALE_ID,
  PROP_N_LINES,
  PROP_TOTAL,
  PROP_TOTAL_ESTIMATED,
  PROP_TOTAL_AT_ORDER,
  PROP_PAID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The strings of DisOrderData, for copying and freeing them alike. */
#define ORDER_STRINGS(d) \
  &(d)->id, &(d)->cycle_name, &(d)->member_card, &(d)->member_name, &(d)->place_code, \
  &(d)->address, &(d)->comune, &(d)->note, &(d)->reason_code, &(d)->reason_message, \
  &(d)->sale_id, &(d)->operator_name, &(d)->till
#define ORDER_TIMES(d) \
  &(d)->cycle_closes, &(d)->place_starts, &(d)->place_ends, &(d)->place_cutoff, \
  &(d)->created_at, &(d)->updated_at

static void
dis_order_finalize (GObject *object)
{
  DisOrder *self = DIS_ORDER (object);
  const char **strings[] = { ORDER_STRINGS (&self->data) };
  GDateTime **times[] = { ORDER_TIMES (&self->data) };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    g_free ((char *) *strings[i]);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    g_clear_pointer (times[i], g_date_time_unref);
  g_free (self->barcode);
  g_clear_object (&self->lines);

  G_OBJECT_CLASS (dis_order_parent_class)->finalize (object);
}

static void
dis_order_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DisOrder *self = DIS_ORDER (object);
  const DisOrderData *d = &self->data;

  switch (prop_id)
    {
    case PROP_ID:                g_value_set_string (value, d->id); break;
    case PROP_NUMBER:            g_value_set_uint (value, d->number); break;
    case PROP_TILL:              g_value_set_string (value, d->till); break;
    case PROP_BARCODE:           g_value_set_string (value, self->barcode); break;
    case PROP_REFERENCE:         g_value_set_string (value, dis_order_get_reference (self)); break;
    case PROP_CYCLE_ID:          g_value_set_int64 (value, d->cycle_id); break;
    case PROP_CYCLE_NAME:        g_value_set_string (value, d->cycle_name); break;
    case PROP_MEMBER_CARD:       g_value_set_string (value, d->member_card); break;
    case PROP_MEMBER_NAME:       g_value_set_string (value, d->member_name); break;
    case PROP_TIER:              g_value_set_uint (value, d->tier); break;
    case PROP_FULFILMENT:        g_value_set_uint (value, d->fulfilment); break;
    case PROP_PLACE_CODE:        g_value_set_string (value, d->place_code); break;
    case PROP_ADDRESS:           g_value_set_string (value, d->address); break;
    case PROP_STATE:             g_value_set_uint (value, d->state); break;
    case PROP_REASON_CODE:       g_value_set_string (value, d->reason_code); break;
    case PROP_REASON_MESSAGE:    g_value_set_string (value, d->reason_message); break;
    case PROP_REVISION:          g_value_set_uint (value, d->revision); break;
    case PROP_ACCEPTED_REVISION: g_value_set_uint (value, d->accepted_revision); break;
    case PROP_SALE_ID:           g_value_set_string (value, d->sale_id); break;
    case PROP_N_LINES:           g_value_set_uint (value, dis_order_get_n_lines (self)); break;
    case PROP_TOTAL:             g_value_set_int64 (value, dis_order_get_total (self)); break;
    case PROP_TOTAL_ESTIMATED:   g_value_set_boolean (value, dis_order_get_total_estimated (self)); break;
    case PROP_TOTAL_AT_ORDER:    g_value_set_int64 (value, d->total_at_order); break;
    case PROP_PAID:              g_value_set_boolean (value, dis_order_get_paid (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_order_class_init (DisOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_order_finalize;
  object_class->get_property = dis_order_get_property;

  properties[PROP_ID] = _dis_order_string_property ("id");
  properties[PROP_NUMBER] = _dis_order_uint_property ("number", G_MAXUINT);
  properties[PROP_TILL] = _dis_order_string_property ("till");
  properties[PROP_BARCODE] = _dis_order_string_property ("barcode");
  properties[PROP_REFERENCE] = _dis_order_string_property ("reference");
  properties[PROP_CYCLE_ID] = _dis_order_int64_property ("cycle-id", 0);
  properties[PROP_CYCLE_NAME] = _dis_order_string_property ("cycle-name");
  properties[PROP_MEMBER_CARD] = _dis_order_string_property ("member-card");
  properties[PROP_MEMBER_NAME] = _dis_order_string_property ("member-name");
  /* DisTier, DisFulfilment, DisOrderState: plain uints, no registered enum types. */
  properties[PROP_TIER] = _dis_order_uint_property ("tier", DIS_N_TIERS - 1);
  properties[PROP_FULFILMENT] = _dis_order_uint_property ("fulfilment", DIS_FULFILMENT_DELIVERY);
  properties[PROP_PLACE_CODE] = _dis_order_string_property ("place-code");
  properties[PROP_ADDRESS] = _dis_order_string_property ("address");
  properties[PROP_STATE] = _dis_order_uint_property ("state", DIS_ORDER_N_STATES - 1);
  properties[PROP_REASON_CODE] = _dis_order_string_property ("reason-code");
  properties[PROP_REASON_MESSAGE] = _dis_order_string_property ("reason-message");
  properties[PROP_REVISION] = _dis_order_uint_property ("revision", G_MAXUINT);
  properties[PROP_ACCEPTED_REVISION] = _dis_order_uint_property ("accepted-revision", G_MAXUINT);
  properties[PROP_SALE_ID] = _dis_order_string_property ("sale-id");
  properties[PROP_N_LINES] = _dis_order_uint_property ("n-lines", G_MAXUINT);
  properties[PROP_TOTAL] = _dis_order_int64_property ("total", G_MININT64);
  properties[PROP_TOTAL_ESTIMATED] = _dis_order_boolean_property ("total-estimated");
  properties[PROP_TOTAL_AT_ORDER] = _dis_order_int64_property ("total-at-order", G_MININT64);
  properties[PROP_PAID] = _dis_order_boolean_property ("paid");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_order_init (DisOrder *self)
{
  self->lines = g_list_store_new (DIS_TYPE_ORDER_LINE);
}

/* Owns copies of the strings and references to the times of @self->data. */
static void
own_data (DisOrder *self)
{
  const char **strings[] = { ORDER_STRINGS (&self->data) };
  GDateTime **times[] = { ORDER_TIMES (&self->data) };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    *strings[i] = g_strdup (*strings[i]);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    if (*times[i] != NULL)
      g_date_time_ref (*times[i]);
}

DisOrder *
dis_order_new (const DisOrderData *data,
               GPtrArray          *lines)
{
  DisOrder *self;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (data->id != NULL && data->member_card != NULL, NULL);
  g_return_val_if_fail (data->number > 0 && data->state < DIS_ORDER_N_STATES, NULL);
  g_return_val_if_fail (data->till == NULL || dis_codec_is_code (data->till), NULL);
  g_return_val_if_fail (lines != NULL, NULL);

  self = g_object_new (DIS_TYPE_ORDER, NULL);
  self->data = *data;
  own_data (self);
  self->barcode = dis_order_barcode_for_number (data->number, data->till);
  for (guint i = 0; i < lines->len; i++)
    g_list_store_append (self->lines, g_ptr_array_index (lines, i));
  return self;
}

#define ORDER_GETTER(type, field, fallback) \
  type \
  dis_order_get_ ## field (DisOrder *self) \
  { \
    g_return_val_if_fail (DIS_IS_ORDER (self), fallback); \
    return self->data.field; \
  }

ORDER_GETTER (const char *, id, NULL)
ORDER_GETTER (guint, number, 0)
ORDER_GETTER (const char *, till, NULL)
ORDER_GETTER (gint64, cycle_id, 0)
ORDER_GETTER (const char *, cycle_name, NULL)
ORDER_GETTER (GDateTime *, cycle_closes, NULL)
ORDER_GETTER (const char *, member_card, NULL)
ORDER_GETTER (const char *, member_name, NULL)
ORDER_GETTER (DisTier, tier, DIS_TIER_EQUA)
ORDER_GETTER (DisFulfilment, fulfilment, DIS_FULFILMENT_PICKUP)
ORDER_GETTER (const char *, place_code, NULL)
ORDER_GETTER (GDateTime *, place_starts, NULL)
ORDER_GETTER (GDateTime *, place_ends, NULL)
ORDER_GETTER (GDateTime *, place_cutoff, NULL)
ORDER_GETTER (const char *, address, NULL)
ORDER_GETTER (const char *, comune, NULL)
ORDER_GETTER (const char *, note, NULL)
ORDER_GETTER (DisOrderState, state, DIS_ORDER_WAITING)
ORDER_GETTER (const char *, reason_code, NULL)
ORDER_GETTER (const char *, reason_message, NULL)
ORDER_GETTER (guint, revision, 0)
ORDER_GETTER (guint, accepted_revision, 0)
ORDER_GETTER (GDateTime *, created_at, NULL)
ORDER_GETTER (GDateTime *, updated_at, NULL)
ORDER_GETTER (const char *, sale_id, NULL)
ORDER_GETTER (gint64, operator_id, 0)
ORDER_GETTER (const char *, operator_name, NULL)
ORDER_GETTER (gint64, total_at_order, 0)

const char *
dis_order_get_barcode (DisOrder *self)
{
  g_return_val_if_fail (DIS_IS_ORDER (self), NULL);

  return self->barcode;
}

const char *
dis_order_get_reference (DisOrder *self)
{
  g_return_val_if_fail (DIS_IS_ORDER (self), NULL);

  return self->barcode + strlen (BARCODE_PREFIX);
}

gboolean
dis_order_get_location (DisOrder *self,
                        gint64   *out_lat_e6,
                        gint64   *out_lon_e6)
{
  g_return_val_if_fail (DIS_IS_ORDER (self), FALSE);

  if (!self->data.has_location)
    return FALSE;
  if (out_lat_e6 != NULL)
    *out_lat_e6 = self->data.lat_e6;
  if (out_lon_e6 != NULL)
    *out_lon_e6 = self->data.lon_e6;
  return TRUE;
}

gboolean
dis_order_get_paid (DisOrder *self)
{
  g_return_val_if_fail (DIS_IS_ORDER (self), FALSE);

  return self->data.sale_id != NULL;
}

GListModel *
dis_order_get_lines (DisOrder *self)
{
  g_return_val_if_fail (DIS_IS_ORDER (self), NULL);

  return G_LIST_MODEL (self->lines);
}

guint
dis_order_get_n_lines (DisOrder *self)
{
  g_return_val_if_fail (DIS_IS_ORDER (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->lines));
}

DisOrderLine *
dis_order_find_line (DisOrder *self,
                     guint     line_no)
{
  g_return_val_if_fail (DIS_IS_ORDER (self), NULL);

  for (guint i = 0; i < dis_order_get_n_lines (self); i++)
    {
      g_autoptr(DisOrderLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      if (line->data.line_no == line_no)
        return line;   /* the store keeps its reference */
    }
  return NULL;
}

gint64
dis_order_get_total (DisOrder *self)
{
  gint64 total = 0;

  g_return_val_if_fail (DIS_IS_ORDER (self), 0);

  for (guint i = 0; i < dis_order_get_n_lines (self); i++)
    {
      g_autoptr(DisOrderLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      total += dis_order_line_get_total (line);
    }
  return total;
}

gboolean
dis_order_get_total_estimated (DisOrder *self)
{
  g_return_val_if_fail (DIS_IS_ORDER (self), FALSE);

  for (guint i = 0; i < dis_order_get_n_lines (self); i++)
    {
      g_autoptr(DisOrderLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      if (dis_order_line_get_estimated (line))
        return TRUE;
    }
  return FALSE;
}

gboolean
dis_order_is_editable (DisOrder  *self,
                       GDateTime *now)
{
  g_autoptr(GDateTime) at = NULL;

  g_return_val_if_fail (DIS_IS_ORDER (self), FALSE);

  if ((DIS_ORDER_EDITABLE_STATES & DIS_ORDER_STATE_BIT (self->data.state)) == 0)
    return FALSE;
  at = _dis_order_now_or (now);
  if (self->data.cycle_closes != NULL && g_date_time_compare (at, self->data.cycle_closes) >= 0)
    return FALSE;
  return self->data.place_cutoff == NULL || g_date_time_compare (at, self->data.place_cutoff) < 0;
}

gboolean
dis_order_is_uncollected (DisOrder  *self,
                          GDateTime *now)
{
  g_autoptr(GDateTime) at = NULL;

  g_return_val_if_fail (DIS_IS_ORDER (self), FALSE);

  if (self->data.fulfilment != DIS_FULFILMENT_PICKUP || self->data.place_ends == NULL ||
      (self->data.state != DIS_ORDER_ACCEPTED && self->data.state != DIS_ORDER_READY))
    return FALSE;
  at = _dis_order_now_or (now);
  return g_date_time_compare (at, self->data.place_ends) >= 0;
}
