/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-order"

#include "config.h"

#include "dis-order-private.h"

/* Order cycles and their products, this point's pickup windows and
 * delivery slots: immutable objects the store builds (dis-order.h). */

static GParamSpec *
boxed_property (const char *name,
                GType       type)
{
  return g_param_spec_boxed (name, NULL, NULL, type, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

/* ---- DisCycleProduct ---------------------------------------------------------- */

struct _DisCycleProduct
{
  GObject     parent_instance;

  char       *code;
  DisProduct *product;
  gint64      available;
  gint64      remaining;
};

G_DEFINE_FINAL_TYPE (DisCycleProduct, dis_cycle_product, G_TYPE_OBJECT)

enum {
  CP_PROP_0,
  CP_PROP_PRODUCT,
  CP_PROP_CODE,
  CP_PROP_NAME,
  CP_PROP_UNIT,
  CP_PROP_AVAILABLE,
  CP_PROP_REMAINING,
  CP_N_PROPS
};

static GParamSpec *cp_properties[CP_N_PROPS];

static void
dis_cycle_product_finalize (GObject *object)
{
  DisCycleProduct *self = DIS_CYCLE_PRODUCT (object);

  g_free (self->code);
  g_clear_object (&self->product);

  G_OBJECT_CLASS (dis_cycle_product_parent_class)->finalize (object);
}

static void
dis_cycle_product_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DisCycleProduct *self = DIS_CYCLE_PRODUCT (object);

  switch (prop_id)
    {
    case CP_PROP_PRODUCT:   g_value_set_object (value, self->product); break;
    case CP_PROP_CODE:      g_value_set_string (value, self->code); break;
    case CP_PROP_NAME:      g_value_set_string (value, dis_product_get_name (self->product)); break;
    case CP_PROP_UNIT:      g_value_set_uint (value, dis_product_get_unit (self->product)); break;
    case CP_PROP_AVAILABLE: g_value_set_int64 (value, self->available); break;
    case CP_PROP_REMAINING: g_value_set_int64 (value, self->remaining); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_cycle_product_class_init (DisCycleProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_cycle_product_finalize;
  object_class->get_property = dis_cycle_product_get_property;

  cp_properties[CP_PROP_PRODUCT] =
    g_param_spec_object ("product", NULL, NULL, DIS_TYPE_PRODUCT, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  cp_properties[CP_PROP_CODE] = _dis_order_string_property ("code");
  cp_properties[CP_PROP_NAME] = _dis_order_string_property ("name");
  cp_properties[CP_PROP_UNIT] = _dis_order_uint_property ("unit", DIS_UNIT_L);
  cp_properties[CP_PROP_AVAILABLE] = _dis_order_int64_property ("available", -1);
  cp_properties[CP_PROP_REMAINING] = _dis_order_int64_property ("remaining", -1);

  g_object_class_install_properties (object_class, CP_N_PROPS, cp_properties);
}

static void
dis_cycle_product_init (DisCycleProduct *self)
{
}

DisCycleProduct *
dis_cycle_product_new (const char *code,
                       DisProduct *product,
                       gint64      available,
                       gint64      remaining)
{
  DisCycleProduct *self;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (DIS_IS_PRODUCT (product), NULL);
  g_return_val_if_fail (available >= -1 && remaining >= -1, NULL);

  self = g_object_new (DIS_TYPE_CYCLE_PRODUCT, NULL);
  self->code = g_strdup (code);
  self->product = g_object_ref (product);
  self->available = available;
  self->remaining = remaining;
  return self;
}

DisProduct *
dis_cycle_product_get_product (DisCycleProduct *self)
{
  g_return_val_if_fail (DIS_IS_CYCLE_PRODUCT (self), NULL);
  return self->product;
}

const char *
dis_cycle_product_get_code (DisCycleProduct *self)
{
  g_return_val_if_fail (DIS_IS_CYCLE_PRODUCT (self), NULL);
  return self->code;
}

const char *
dis_cycle_product_get_name (DisCycleProduct *self)
{
  g_return_val_if_fail (DIS_IS_CYCLE_PRODUCT (self), NULL);
  return dis_product_get_name (self->product);
}

DisUnit
dis_cycle_product_get_unit (DisCycleProduct *self)
{
  g_return_val_if_fail (DIS_IS_CYCLE_PRODUCT (self), DIS_UNIT_PIECE);
  return dis_product_get_unit (self->product);
}

gint64
dis_cycle_product_get_available (DisCycleProduct *self)
{
  g_return_val_if_fail (DIS_IS_CYCLE_PRODUCT (self), -1);
  return self->available;
}

gint64
dis_cycle_product_get_remaining (DisCycleProduct *self)
{
  g_return_val_if_fail (DIS_IS_CYCLE_PRODUCT (self), -1);
  return self->remaining;
}

gint64
dis_cycle_product_get_price (DisCycleProduct *self,
                             DisTier          tier)
{
  g_return_val_if_fail (DIS_IS_CYCLE_PRODUCT (self), 0);
  return dis_product_get_price (self->product, tier);
}

/* ---- DisCycle ------------------------------------------------------------------- */

struct _DisCycle
{
  GObject     parent_instance;

  gint64      id;
  char       *name;
  GDateTime  *opens;
  GDateTime  *closes;
  gboolean    closed;
  GListStore *products;
};

G_DEFINE_FINAL_TYPE (DisCycle, dis_cycle, G_TYPE_OBJECT)

enum {
  CYCLE_PROP_0,
  CYCLE_PROP_ID,
  CYCLE_PROP_NAME,
  CYCLE_PROP_OPENS,
  CYCLE_PROP_CLOSES,
  CYCLE_PROP_CLOSED,
  CYCLE_PROP_N_PRODUCTS,
  CYCLE_N_PROPS
};

static GParamSpec *cycle_properties[CYCLE_N_PROPS];

static void
dis_cycle_finalize (GObject *object)
{
  DisCycle *self = DIS_CYCLE (object);

  g_free (self->name);
  g_clear_pointer (&self->opens, g_date_time_unref);
  g_clear_pointer (&self->closes, g_date_time_unref);
  g_clear_object (&self->products);

  G_OBJECT_CLASS (dis_cycle_parent_class)->finalize (object);
}

static void
dis_cycle_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DisCycle *self = DIS_CYCLE (object);

  switch (prop_id)
    {
    case CYCLE_PROP_ID:         g_value_set_int64 (value, self->id); break;
    case CYCLE_PROP_NAME:       g_value_set_string (value, self->name); break;
    case CYCLE_PROP_OPENS:      g_value_set_boxed (value, self->opens); break;
    case CYCLE_PROP_CLOSES:     g_value_set_boxed (value, self->closes); break;
    case CYCLE_PROP_CLOSED:     g_value_set_boolean (value, self->closed); break;
    case CYCLE_PROP_N_PRODUCTS: g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->products))); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_cycle_class_init (DisCycleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_cycle_finalize;
  object_class->get_property = dis_cycle_get_property;

  cycle_properties[CYCLE_PROP_ID] = _dis_order_int64_property ("id", 0);
  cycle_properties[CYCLE_PROP_NAME] = _dis_order_string_property ("name");
  cycle_properties[CYCLE_PROP_OPENS] = boxed_property ("opens", G_TYPE_DATE_TIME);
  cycle_properties[CYCLE_PROP_CLOSES] = boxed_property ("closes", G_TYPE_DATE_TIME);
  cycle_properties[CYCLE_PROP_CLOSED] = _dis_order_boolean_property ("closed");
  cycle_properties[CYCLE_PROP_N_PRODUCTS] = _dis_order_uint_property ("n-products", G_MAXUINT);

  g_object_class_install_properties (object_class, CYCLE_N_PROPS, cycle_properties);
}

static void
dis_cycle_init (DisCycle *self)
{
  self->products = g_list_store_new (DIS_TYPE_CYCLE_PRODUCT);
}

DisCycle *
dis_cycle_new (gint64       id,
               const char  *name,
               GDateTime   *opens,
               GDateTime   *closes,
               gboolean     closed,
               GPtrArray   *products)
{
  DisCycle *self;

  g_return_val_if_fail (id > 0, NULL);
  g_return_val_if_fail (name != NULL && opens != NULL && closes != NULL, NULL);
  g_return_val_if_fail (products != NULL, NULL);

  self = g_object_new (DIS_TYPE_CYCLE, NULL);
  self->id = id;
  self->name = g_strdup (name);
  self->opens = g_date_time_ref (opens);
  self->closes = g_date_time_ref (closes);
  self->closed = closed;
  for (guint i = 0; i < products->len; i++)
    g_list_store_append (self->products, g_ptr_array_index (products, i));
  return self;
}

gint64
dis_cycle_get_id (DisCycle *self)
{
  g_return_val_if_fail (DIS_IS_CYCLE (self), 0);
  return self->id;
}

const char *
dis_cycle_get_name (DisCycle *self)
{
  g_return_val_if_fail (DIS_IS_CYCLE (self), NULL);
  return self->name;
}

GDateTime *
dis_cycle_get_opens (DisCycle *self)
{
  g_return_val_if_fail (DIS_IS_CYCLE (self), NULL);
  return self->opens;
}

GDateTime *
dis_cycle_get_closes (DisCycle *self)
{
  g_return_val_if_fail (DIS_IS_CYCLE (self), NULL);
  return self->closes;
}

gboolean
dis_cycle_get_closed (DisCycle *self)
{
  g_return_val_if_fail (DIS_IS_CYCLE (self), TRUE);
  return self->closed;
}

gboolean
dis_cycle_is_open_at (DisCycle  *self,
                      GDateTime *now)
{
  g_autoptr(GDateTime) at = NULL;

  g_return_val_if_fail (DIS_IS_CYCLE (self), FALSE);

  at = _dis_order_now_or (now);
  return !self->closed && g_date_time_compare (self->opens, at) <= 0 &&
         g_date_time_compare (at, self->closes) < 0;
}

GListModel *
dis_cycle_get_products (DisCycle *self)
{
  g_return_val_if_fail (DIS_IS_CYCLE (self), NULL);
  return G_LIST_MODEL (self->products);
}

DisCycleProduct *
dis_cycle_find_product (DisCycle   *self,
                        const char *code)
{
  GListModel *model;

  g_return_val_if_fail (DIS_IS_CYCLE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  model = G_LIST_MODEL (self->products);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DisCycleProduct) product = g_list_model_get_item (model, i);

      if (g_str_equal (product->code, code))
        return product;   /* the store keeps its reference */
    }
  return NULL;
}

/* ---- DisPickupWindow --------------------------------------------------------------- */

struct _DisPickupWindow
{
  GObject    parent_instance;

  char      *code;
  GDateTime *starts;
  GDateTime *ends;
};

G_DEFINE_FINAL_TYPE (DisPickupWindow, dis_pickup_window, G_TYPE_OBJECT)

enum {
  WINDOW_PROP_0,
  WINDOW_PROP_CODE,
  WINDOW_PROP_STARTS,
  WINDOW_PROP_ENDS,
  WINDOW_N_PROPS
};

static GParamSpec *window_properties[WINDOW_N_PROPS];

static void
dis_pickup_window_finalize (GObject *object)
{
  DisPickupWindow *self = DIS_PICKUP_WINDOW (object);

  g_free (self->code);
  g_clear_pointer (&self->starts, g_date_time_unref);
  g_clear_pointer (&self->ends, g_date_time_unref);

  G_OBJECT_CLASS (dis_pickup_window_parent_class)->finalize (object);
}

static void
dis_pickup_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DisPickupWindow *self = DIS_PICKUP_WINDOW (object);

  switch (prop_id)
    {
    case WINDOW_PROP_CODE:   g_value_set_string (value, self->code); break;
    case WINDOW_PROP_STARTS: g_value_set_boxed (value, self->starts); break;
    case WINDOW_PROP_ENDS:   g_value_set_boxed (value, self->ends); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_pickup_window_class_init (DisPickupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_pickup_window_finalize;
  object_class->get_property = dis_pickup_window_get_property;

  window_properties[WINDOW_PROP_CODE] = _dis_order_string_property ("code");
  window_properties[WINDOW_PROP_STARTS] = boxed_property ("starts", G_TYPE_DATE_TIME);
  window_properties[WINDOW_PROP_ENDS] = boxed_property ("ends", G_TYPE_DATE_TIME);

  g_object_class_install_properties (object_class, WINDOW_N_PROPS, window_properties);
}

static void
dis_pickup_window_init (DisPickupWindow *self)
{
}

DisPickupWindow *
dis_pickup_window_new (const char *code,
                       GDateTime  *starts,
                       GDateTime  *ends)
{
  DisPickupWindow *self;

  g_return_val_if_fail (code != NULL && starts != NULL && ends != NULL, NULL);

  self = g_object_new (DIS_TYPE_PICKUP_WINDOW, NULL);
  self->code = g_strdup (code);
  self->starts = g_date_time_ref (starts);
  self->ends = g_date_time_ref (ends);
  return self;
}

const char *
dis_pickup_window_get_code (DisPickupWindow *self)
{
  g_return_val_if_fail (DIS_IS_PICKUP_WINDOW (self), NULL);
  return self->code;
}

GDateTime *
dis_pickup_window_get_starts (DisPickupWindow *self)
{
  g_return_val_if_fail (DIS_IS_PICKUP_WINDOW (self), NULL);
  return self->starts;
}

GDateTime *
dis_pickup_window_get_ends (DisPickupWindow *self)
{
  g_return_val_if_fail (DIS_IS_PICKUP_WINDOW (self), NULL);
  return self->ends;
}

/* ---- DisDeliverySlot ----------------------------------------------------------- */

struct _DisDeliverySlot
{
  GObject              parent_instance;

  DisDeliverySlotData  data;   /* code and comuni owned, times referenced */
};

G_DEFINE_FINAL_TYPE (DisDeliverySlot, dis_delivery_slot, G_TYPE_OBJECT)

enum {
  SLOT_PROP_0,
  SLOT_PROP_CODE,
  SLOT_PROP_STARTS,
  SLOT_PROP_ENDS,
  SLOT_PROP_CUTOFF,
  SLOT_PROP_CAPACITY,
  SLOT_PROP_BOOKED,
  SLOT_PROP_COMUNI,
  SLOT_PROP_RADIUS_M,
  SLOT_N_PROPS
};

static GParamSpec *slot_properties[SLOT_N_PROPS];

static void
dis_delivery_slot_finalize (GObject *object)
{
  DisDeliverySlot *self = DIS_DELIVERY_SLOT (object);

  g_free ((char *) self->data.code);
  g_strfreev ((char **) self->data.comuni);
  g_clear_pointer (&self->data.starts, g_date_time_unref);
  g_clear_pointer (&self->data.ends, g_date_time_unref);
  g_clear_pointer (&self->data.cutoff, g_date_time_unref);

  G_OBJECT_CLASS (dis_delivery_slot_parent_class)->finalize (object);
}

static void
dis_delivery_slot_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DisDeliverySlot *self = DIS_DELIVERY_SLOT (object);
  const DisDeliverySlotData *d = &self->data;

  switch (prop_id)
    {
    case SLOT_PROP_CODE:     g_value_set_string (value, d->code); break;
    case SLOT_PROP_STARTS:   g_value_set_boxed (value, d->starts); break;
    case SLOT_PROP_ENDS:     g_value_set_boxed (value, d->ends); break;
    case SLOT_PROP_CUTOFF:   g_value_set_boxed (value, d->cutoff); break;
    case SLOT_PROP_CAPACITY: g_value_set_uint (value, d->capacity); break;
    case SLOT_PROP_BOOKED:   g_value_set_uint (value, d->booked); break;
    case SLOT_PROP_COMUNI:   g_value_set_boxed (value, d->comuni); break;
    case SLOT_PROP_RADIUS_M: g_value_set_uint (value, d->radius_m); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_delivery_slot_class_init (DisDeliverySlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_delivery_slot_finalize;
  object_class->get_property = dis_delivery_slot_get_property;

  slot_properties[SLOT_PROP_CODE] = _dis_order_string_property ("code");
  slot_properties[SLOT_PROP_STARTS] = boxed_property ("starts", G_TYPE_DATE_TIME);
  slot_properties[SLOT_PROP_ENDS] = boxed_property ("ends", G_TYPE_DATE_TIME);
  slot_properties[SLOT_PROP_CUTOFF] = boxed_property ("cutoff", G_TYPE_DATE_TIME);
  slot_properties[SLOT_PROP_CAPACITY] = _dis_order_uint_property ("capacity", G_MAXUINT);
  slot_properties[SLOT_PROP_BOOKED] = _dis_order_uint_property ("booked", G_MAXUINT);
  slot_properties[SLOT_PROP_COMUNI] = boxed_property ("comuni", G_TYPE_STRV);
  slot_properties[SLOT_PROP_RADIUS_M] = _dis_order_uint_property ("radius-m", G_MAXUINT);

  g_object_class_install_properties (object_class, SLOT_N_PROPS, slot_properties);
}

static void
dis_delivery_slot_init (DisDeliverySlot *self)
{
}

DisDeliverySlot *
dis_delivery_slot_new (const DisDeliverySlotData *data)
{
  DisDeliverySlot *self;

  g_return_val_if_fail (data != NULL && data->code != NULL, NULL);
  g_return_val_if_fail (data->starts != NULL && data->ends != NULL && data->cutoff != NULL, NULL);

  self = g_object_new (DIS_TYPE_DELIVERY_SLOT, NULL);
  self->data = *data;
  self->data.code = g_strdup (data->code);
  self->data.comuni = (const char * const *) g_strdupv ((char **) data->comuni);
  g_date_time_ref (self->data.starts);
  g_date_time_ref (self->data.ends);
  g_date_time_ref (self->data.cutoff);
  return self;
}

#define SLOT_GETTER(type, field, fallback) \
  type \
  dis_delivery_slot_get_ ## field (DisDeliverySlot *self) \
  { \
    g_return_val_if_fail (DIS_IS_DELIVERY_SLOT (self), fallback); \
    return self->data.field; \
  }

SLOT_GETTER (const char *, code, NULL)
SLOT_GETTER (GDateTime *, starts, NULL)
SLOT_GETTER (GDateTime *, ends, NULL)
SLOT_GETTER (GDateTime *, cutoff, NULL)
SLOT_GETTER (guint, capacity, 0)
SLOT_GETTER (guint, booked, 0)
SLOT_GETTER (const char * const *, comuni, NULL)
SLOT_GETTER (guint, radius_m, 0)

gboolean
dis_delivery_slot_is_bookable (DisDeliverySlot *self,
                               GDateTime       *now)
{
  g_autoptr(GDateTime) at = NULL;

  g_return_val_if_fail (DIS_IS_DELIVERY_SLOT (self), FALSE);

  at = _dis_order_now_or (now);
  return self->data.booked < self->data.capacity && g_date_time_compare (at, self->data.cutoff) < 0;
}

/* ---- DisOrderSchedule ------------------------------------------------------------ */

struct _DisOrderSchedule
{
  GObject     parent_instance;

  gboolean    home_delivery;
  GListStore *windows;
  GListStore *slots;
};

G_DEFINE_FINAL_TYPE (DisOrderSchedule, dis_order_schedule, G_TYPE_OBJECT)

static void
dis_order_schedule_finalize (GObject *object)
{
  DisOrderSchedule *self = DIS_ORDER_SCHEDULE (object);

  g_clear_object (&self->windows);
  g_clear_object (&self->slots);

  G_OBJECT_CLASS (dis_order_schedule_parent_class)->finalize (object);
}

static void
dis_order_schedule_class_init (DisOrderScheduleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dis_order_schedule_finalize;
}

static void
dis_order_schedule_init (DisOrderSchedule *self)
{
  self->windows = g_list_store_new (DIS_TYPE_PICKUP_WINDOW);
  self->slots = g_list_store_new (DIS_TYPE_DELIVERY_SLOT);
}

DisOrderSchedule *
dis_order_schedule_new (gboolean   home_delivery,
                        GPtrArray *windows,
                        GPtrArray *slots)
{
  DisOrderSchedule *self;

  g_return_val_if_fail (windows != NULL && slots != NULL, NULL);

  self = g_object_new (DIS_TYPE_ORDER_SCHEDULE, NULL);
  self->home_delivery = home_delivery;
  for (guint i = 0; i < windows->len; i++)
    g_list_store_append (self->windows, g_ptr_array_index (windows, i));
  for (guint i = 0; i < slots->len; i++)
    g_list_store_append (self->slots, g_ptr_array_index (slots, i));
  return self;
}

gboolean
dis_order_schedule_get_home_delivery (DisOrderSchedule *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_SCHEDULE (self), FALSE);
  return self->home_delivery;
}

GListModel *
dis_order_schedule_get_windows (DisOrderSchedule *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_SCHEDULE (self), NULL);
  return G_LIST_MODEL (self->windows);
}

GListModel *
dis_order_schedule_get_slots (DisOrderSchedule *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_SCHEDULE (self), NULL);
  return G_LIST_MODEL (self->slots);
}

DisPickupWindow *
dis_order_schedule_find_window (DisOrderSchedule *self,
                                const char       *code)
{
  g_return_val_if_fail (DIS_IS_ORDER_SCHEDULE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->windows)); i++)
    {
      g_autoptr(DisPickupWindow) window = g_list_model_get_item (G_LIST_MODEL (self->windows), i);

      if (g_str_equal (window->code, code))
        return window;   /* the store keeps its reference */
    }
  return NULL;
}

DisDeliverySlot *
dis_order_schedule_find_slot (DisOrderSchedule *self,
                              const char       *code)
{
  g_return_val_if_fail (DIS_IS_ORDER_SCHEDULE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->slots)); i++)
    {
      g_autoptr(DisDeliverySlot) slot = g_list_model_get_item (G_LIST_MODEL (self->slots), i);

      if (g_str_equal (slot->data.code, code))
        return slot;   /* the store keeps its reference */
    }
  return NULL;
}
