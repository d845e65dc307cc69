/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-restock"

#include "config.h"

#include "dis-restock-order.h"

/* ---- DisRestockLine ------------------------------------------------------ */

struct _DisRestockLine
{
  GObject            parent_instance;

  DisRestockLineData data;   /* the strings owned */
};

G_DEFINE_FINAL_TYPE (DisRestockLine, dis_restock_line, G_TYPE_OBJECT)

enum {
  LINE_PROP_0,
  LINE_PROP_LINE_NO,
  LINE_PROP_PRODUCT_ID,
  LINE_PROP_PRODUCT_CODE,
  LINE_PROP_PRODUCT_NAME,
  LINE_PROP_UNIT,
  LINE_PROP_ORDERED,
  LINE_PROP_RECEIVED,
  LINE_PROP_OPEN,
  LINE_PROP_SUBSTITUTE_FOR,
  LINE_PROP_CASE_SIZE,
  LINE_PROP_LEVEL,
  LINE_PROP_MIN_QTY,
  LINE_PROP_TARGET_QTY,
  LINE_PROP_UNIT_COST,
  LINE_N_PROPS
};

static GParamSpec *line_properties[LINE_N_PROPS];

static void
dis_restock_line_finalize (GObject *object)
{
  DisRestockLine *self = DIS_RESTOCK_LINE (object);

  g_free ((char *) self->data.product_code);
  g_free ((char *) self->data.product_name);

  G_OBJECT_CLASS (dis_restock_line_parent_class)->finalize (object);
}

static void
dis_restock_line_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DisRestockLine *self = DIS_RESTOCK_LINE (object);
  const DisRestockLineData *d = &self->data;

  switch (prop_id)
    {
    case LINE_PROP_LINE_NO:        g_value_set_uint (value, d->line_no); break;
    case LINE_PROP_PRODUCT_ID:     g_value_set_int64 (value, d->product_id); break;
    case LINE_PROP_PRODUCT_CODE:   g_value_set_string (value, d->product_code); break;
    case LINE_PROP_PRODUCT_NAME:   g_value_set_string (value, d->product_name); break;
    case LINE_PROP_UNIT:           g_value_set_uint (value, d->unit); break;
    case LINE_PROP_ORDERED:        g_value_set_int64 (value, d->ordered); break;
    case LINE_PROP_RECEIVED:       g_value_set_int64 (value, d->received); break;
    case LINE_PROP_OPEN:           g_value_set_int64 (value, dis_restock_line_get_open (self)); break;
    case LINE_PROP_SUBSTITUTE_FOR: g_value_set_uint (value, d->substitute_for); break;
    case LINE_PROP_CASE_SIZE:      g_value_set_int64 (value, d->case_size); break;
    case LINE_PROP_LEVEL:          g_value_set_int64 (value, d->level); break;
    case LINE_PROP_MIN_QTY:        g_value_set_int64 (value, d->min_qty); break;
    case LINE_PROP_TARGET_QTY:     g_value_set_int64 (value, d->target_qty); break;
    case LINE_PROP_UNIT_COST:      g_value_set_int64 (value, d->unit_cost); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
int64_property (const char *name,
                gint64      minimum)
{
  return g_param_spec_int64 (name, NULL, NULL, minimum, G_MAXINT64, MAX (minimum, 0),
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
dis_restock_line_class_init (DisRestockLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_restock_line_finalize;
  object_class->get_property = dis_restock_line_get_property;

  line_properties[LINE_PROP_LINE_NO] =
    g_param_spec_uint ("line-no", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  line_properties[LINE_PROP_PRODUCT_ID] = int64_property ("product-id", 0);
  line_properties[LINE_PROP_PRODUCT_CODE] = string_property ("product-code");
  line_properties[LINE_PROP_PRODUCT_NAME] = string_property ("product-name");
  /* A DisUnit; a plain uint since DisUnit has no registered enum type. */
  line_properties[LINE_PROP_UNIT] =
    g_param_spec_uint ("unit", NULL, NULL, 0, DIS_UNIT_L, DIS_UNIT_PIECE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  line_properties[LINE_PROP_ORDERED] = int64_property ("ordered", 0);
  line_properties[LINE_PROP_RECEIVED] = int64_property ("received", 0);
  line_properties[LINE_PROP_OPEN] = int64_property ("open", 0);
  line_properties[LINE_PROP_SUBSTITUTE_FOR] =
    g_param_spec_uint ("substitute-for", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  line_properties[LINE_PROP_CASE_SIZE] = int64_property ("case-size", 0);
  line_properties[LINE_PROP_LEVEL] = int64_property ("level", G_MININT64);
  line_properties[LINE_PROP_MIN_QTY] = int64_property ("min-qty", -1);
  line_properties[LINE_PROP_TARGET_QTY] = int64_property ("target-qty", -1);
  line_properties[LINE_PROP_UNIT_COST] = int64_property ("unit-cost", -1);

  g_object_class_install_properties (object_class, LINE_N_PROPS, line_properties);
}

static void
dis_restock_line_init (DisRestockLine *self)
{
}

DisRestockLine *
dis_restock_line_new (const DisRestockLineData *data)
{
  DisRestockLine *self;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (data->product_code != NULL && data->product_name != NULL, NULL);

  self = g_object_new (DIS_TYPE_RESTOCK_LINE, NULL);
  self->data = *data;
  self->data.product_code = g_strdup (data->product_code);
  self->data.product_name = g_strdup (data->product_name);
  return self;
}

#define LINE_GETTER(type, name, fallback) \
  type \
  dis_restock_line_get_ ## name (DisRestockLine *self) \
  { \
    g_return_val_if_fail (DIS_IS_RESTOCK_LINE (self), fallback); \
    return self->data.name; \
  }

LINE_GETTER (guint, line_no, 0)
LINE_GETTER (gint64, product_id, 0)
LINE_GETTER (const char *, product_code, NULL)
LINE_GETTER (const char *, product_name, NULL)
LINE_GETTER (DisUnit, unit, DIS_UNIT_PIECE)
LINE_GETTER (gint64, ordered, 0)
LINE_GETTER (gint64, received, 0)
LINE_GETTER (guint, substitute_for, 0)
LINE_GETTER (gint64, case_size, 0)
LINE_GETTER (gint64, level, 0)
LINE_GETTER (gint64, min_qty, -1)
LINE_GETTER (gint64, target_qty, -1)
LINE_GETTER (gint64, unit_cost, -1)

gint64
dis_restock_line_get_open (DisRestockLine *self)
{
  g_return_val_if_fail (DIS_IS_RESTOCK_LINE (self), 0);

  return dis_restock_open_qty (self->data.ordered, self->data.received);
}

/* ---- DisRestockOrder ----------------------------------------------------- */

struct _DisRestockOrder
{
  GObject              parent_instance;

  DisRestockOrderData  data;    /* the strings owned */
  GListStore          *lines;
};

G_DEFINE_FINAL_TYPE (DisRestockOrder, dis_restock_order, G_TYPE_OBJECT)

enum {
  ORDER_PROP_0,
  ORDER_PROP_ID,
  ORDER_PROP_SUPPLIER_ID,
  ORDER_PROP_SUPPLIER_CODE,
  ORDER_PROP_SUPPLIER_NAME,
  ORDER_PROP_STATE,
  ORDER_PROP_NOTE,
  ORDER_PROP_CREATED_AT,
  ORDER_PROP_SENT_AT,
  ORDER_PROP_UPDATED_AT,
  ORDER_PROP_N_LINES,
  ORDER_PROP_TOTAL_OPEN,
  ORDER_N_PROPS
};

static GParamSpec *order_properties[ORDER_N_PROPS];

static void
dis_restock_order_finalize (GObject *object)
{
  DisRestockOrder *self = DIS_RESTOCK_ORDER (object);

  g_free ((char *) self->data.id);
  g_free ((char *) self->data.supplier_code);
  g_free ((char *) self->data.supplier_name);
  g_free ((char *) self->data.note);
  g_free ((char *) self->data.created_at);
  g_free ((char *) self->data.sent_at);
  g_free ((char *) self->data.updated_at);
  g_clear_object (&self->lines);

  G_OBJECT_CLASS (dis_restock_order_parent_class)->finalize (object);
}

static void
dis_restock_order_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DisRestockOrder *self = DIS_RESTOCK_ORDER (object);
  const DisRestockOrderData *d = &self->data;

  switch (prop_id)
    {
    case ORDER_PROP_ID:            g_value_set_string (value, d->id); break;
    case ORDER_PROP_SUPPLIER_ID:   g_value_set_int64 (value, d->supplier_id); break;
    case ORDER_PROP_SUPPLIER_CODE: g_value_set_string (value, d->supplier_code); break;
    case ORDER_PROP_SUPPLIER_NAME: g_value_set_string (value, d->supplier_name); break;
    case ORDER_PROP_STATE:         g_value_set_uint (value, d->state); break;
    case ORDER_PROP_NOTE:          g_value_set_string (value, d->note); break;
    case ORDER_PROP_CREATED_AT:    g_value_set_string (value, d->created_at); break;
    case ORDER_PROP_SENT_AT:       g_value_set_string (value, d->sent_at); break;
    case ORDER_PROP_UPDATED_AT:    g_value_set_string (value, d->updated_at); break;
    case ORDER_PROP_N_LINES:       g_value_set_uint (value, dis_restock_order_get_n_lines (self)); break;
    case ORDER_PROP_TOTAL_OPEN:    g_value_set_int64 (value, dis_restock_order_get_total_open (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_restock_order_class_init (DisRestockOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_restock_order_finalize;
  object_class->get_property = dis_restock_order_get_property;

  order_properties[ORDER_PROP_ID] = string_property ("id");
  order_properties[ORDER_PROP_SUPPLIER_ID] = int64_property ("supplier-id", 0);
  order_properties[ORDER_PROP_SUPPLIER_CODE] = string_property ("supplier-code");
  order_properties[ORDER_PROP_SUPPLIER_NAME] = string_property ("supplier-name");
  /* A DisRestockState; a plain uint since it has no registered enum type. */
  order_properties[ORDER_PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, DIS_RESTOCK_N_STATES - 1, DIS_RESTOCK_DRAFT,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  order_properties[ORDER_PROP_NOTE] = string_property ("note");
  order_properties[ORDER_PROP_CREATED_AT] = string_property ("created-at");
  order_properties[ORDER_PROP_SENT_AT] = string_property ("sent-at");
  order_properties[ORDER_PROP_UPDATED_AT] = string_property ("updated-at");
  order_properties[ORDER_PROP_N_LINES] =
    g_param_spec_uint ("n-lines", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  order_properties[ORDER_PROP_TOTAL_OPEN] = int64_property ("total-open", 0);

  g_object_class_install_properties (object_class, ORDER_N_PROPS, order_properties);
}

static void
dis_restock_order_init (DisRestockOrder *self)
{
  self->lines = g_list_store_new (DIS_TYPE_RESTOCK_LINE);
}

DisRestockOrder *
dis_restock_order_new (const DisRestockOrderData *data,
                       GPtrArray                 *lines)
{
  DisRestockOrder *self;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (data->state < DIS_RESTOCK_N_STATES, NULL);
  g_return_val_if_fail (data->supplier_code != NULL && data->supplier_name != NULL, NULL);

  self = g_object_new (DIS_TYPE_RESTOCK_ORDER, NULL);
  self->data = *data;
  self->data.id = g_strdup (data->id);
  self->data.supplier_code = g_strdup (data->supplier_code);
  self->data.supplier_name = g_strdup (data->supplier_name);
  self->data.note = g_strdup (data->note);
  self->data.created_at = g_strdup (data->created_at);
  self->data.sent_at = g_strdup (data->sent_at);
  self->data.updated_at = g_strdup (data->updated_at);
  if (lines != NULL && lines->len > 0)
    g_list_store_splice (self->lines, 0, 0, lines->pdata, lines->len);
  return self;
}

#define ORDER_GETTER(type, name, fallback) \
  type \
  dis_restock_order_get_ ## name (DisRestockOrder *self) \
  { \
    g_return_val_if_fail (DIS_IS_RESTOCK_ORDER (self), fallback); \
    return self->data.name; \
  }

ORDER_GETTER (const char *, id, NULL)
ORDER_GETTER (gint64, supplier_id, 0)
ORDER_GETTER (const char *, supplier_code, NULL)
ORDER_GETTER (const char *, supplier_name, NULL)
ORDER_GETTER (DisRestockState, state, DIS_RESTOCK_DRAFT)
ORDER_GETTER (const char *, note, NULL)
ORDER_GETTER (const char *, created_at, NULL)
ORDER_GETTER (const char *, sent_at, NULL)
ORDER_GETTER (const char *, updated_at, NULL)

GListModel *
dis_restock_order_get_lines (DisRestockOrder *self)
{
  g_return_val_if_fail (DIS_IS_RESTOCK_ORDER (self), NULL);

  return G_LIST_MODEL (self->lines);
}

guint
dis_restock_order_get_n_lines (DisRestockOrder *self)
{
  g_return_val_if_fail (DIS_IS_RESTOCK_ORDER (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->lines));
}

DisRestockLine *
dis_restock_order_find_line (DisRestockOrder *self,
                             guint            line_no)
{
  guint n;

  g_return_val_if_fail (DIS_IS_RESTOCK_ORDER (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisRestockLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      if (line->data.line_no == line_no)
        return line;   /* the store keeps its reference */
    }
  return NULL;
}

gint64
dis_restock_order_get_total_open (DisRestockOrder *self)
{
  gint64 total = 0;
  guint n;

  g_return_val_if_fail (DIS_IS_RESTOCK_ORDER (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisRestockLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      total += dis_restock_line_get_open (line);
    }
  return total;
}
