/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-cart"

#include "config.h"

#include "dis-cart.h"
#include "dis-money.h"

/* ---- DisCartLine -------------------------------------------------------- */

struct _DisCartLine
{
  GObject     parent_instance;

  DisProduct *product;
  gint64      quantity;
  DisTier     tier;
  gboolean    qty_from_barcode;
  gint64      label_price;    /* a price label's, at Equa; 0 for none */
};

G_DEFINE_FINAL_TYPE (DisCartLine, dis_cart_line, G_TYPE_OBJECT)

enum {
  LINE_PROP_0,
  LINE_PROP_PRODUCT,
  LINE_PROP_QUANTITY,
  LINE_PROP_TIER,
  LINE_PROP_UNIT_PRICE,
  LINE_PROP_TOTAL,
  LINE_PROP_QUANTITY_FROM_BARCODE,
  LINE_PROP_LABEL_PRICE,
  LINE_N_PROPS
};

static GParamSpec *line_properties[LINE_N_PROPS];

static void
dis_cart_line_set_tier (DisCartLine *self,
                        DisTier      tier)
{
  g_assert (DIS_IS_CART_LINE (self));
  g_assert (tier < DIS_N_TIERS);

  if (self->tier == tier)
    return;

  self->tier = tier;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_TIER]);
  g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_UNIT_PRICE]);
  g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_TOTAL]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
dis_cart_line_finalize (GObject *object)
{
  DisCartLine *self = (DisCartLine *)object;

  g_clear_object (&self->product);

  G_OBJECT_CLASS (dis_cart_line_parent_class)->finalize (object);
}

static void
dis_cart_line_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DisCartLine *self = DIS_CART_LINE (object);

  switch (prop_id)
    {
    case LINE_PROP_PRODUCT:
      g_value_set_object (value, self->product);
      break;
    case LINE_PROP_QUANTITY:
      g_value_set_int64 (value, self->quantity);
      break;
    case LINE_PROP_TIER:
      g_value_set_uint (value, self->tier);
      break;
    case LINE_PROP_UNIT_PRICE:
      g_value_set_int64 (value, dis_cart_line_get_unit_price (self));
      break;
    case LINE_PROP_TOTAL:
      g_value_set_int64 (value, dis_cart_line_get_total (self));
      break;
    case LINE_PROP_QUANTITY_FROM_BARCODE:
      g_value_set_boolean (value, self->qty_from_barcode);
      break;
    case LINE_PROP_LABEL_PRICE:
      g_value_set_int64 (value, self->label_price);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_cart_line_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DisCartLine *self = DIS_CART_LINE (object);

  switch (prop_id)
    {
    case LINE_PROP_PRODUCT:
      self->product = g_value_dup_object (value);
      break;
    case LINE_PROP_QUANTITY:
      dis_cart_line_set_quantity (self, g_value_get_int64 (value));
      break;
    case LINE_PROP_TIER:
      dis_cart_line_set_tier (self, g_value_get_uint (value));
      break;
    case LINE_PROP_QUANTITY_FROM_BARCODE:
      self->qty_from_barcode = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_cart_line_class_init (DisCartLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_cart_line_finalize;
  object_class->get_property = dis_cart_line_get_property;
  object_class->set_property = dis_cart_line_set_property;

  line_properties[LINE_PROP_PRODUCT] =
    g_param_spec_object ("product", NULL, NULL, DIS_TYPE_PRODUCT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  line_properties[LINE_PROP_QUANTITY] =
    g_param_spec_int64 ("quantity", NULL, NULL, G_MININT64, G_MAXINT64, 1000,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A DisTier; a plain uint since DisTier has no registered enum type. */
  line_properties[LINE_PROP_TIER] =
    g_param_spec_uint ("tier", NULL, NULL, 0, DIS_N_TIERS - 1, DIS_TIER_EQUA,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  line_properties[LINE_PROP_UNIT_PRICE] =
    g_param_spec_int64 ("unit-price", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  line_properties[LINE_PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  line_properties[LINE_PROP_QUANTITY_FROM_BARCODE] =
    g_param_spec_boolean ("quantity-from-barcode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Given by dis_cart_line_new_label (); setting the quantity drops it. */
  line_properties[LINE_PROP_LABEL_PRICE] =
    g_param_spec_int64 ("label-price", NULL, NULL, 0, DIS_LABEL_PRICE_MAX, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, LINE_N_PROPS, line_properties);
}

static void
dis_cart_line_init (DisCartLine *self)
{
  self->quantity = 1000;
  self->tier = DIS_TIER_EQUA;
}

DisCartLine *
dis_cart_line_new (DisProduct *product,
                   gint64      qty_milli,
                   gboolean    qty_from_barcode)
{
  g_return_val_if_fail (DIS_IS_PRODUCT (product), NULL);

  return g_object_new (DIS_TYPE_CART_LINE,
                       "product", product,
                       "quantity", qty_milli,
                       "quantity-from-barcode", qty_from_barcode,
                       NULL);
}

DisCartLine *
dis_cart_line_new_label (DisProduct *product,
                         gint64      qty_milli,
                         gint64      label_price)
{
  DisCartLine *line;

  g_return_val_if_fail (DIS_IS_PRODUCT (product), NULL);
  g_return_val_if_fail (label_price > 0 && label_price <= DIS_LABEL_PRICE_MAX, NULL);

  line = dis_cart_line_new (product, qty_milli, TRUE);
  line->label_price = label_price;
  return line;
}

DisCartLine *
dis_cart_line_copy (DisCartLine *self)
{
  DisCartLine *copy;

  g_return_val_if_fail (DIS_IS_CART_LINE (self), NULL);

  copy = dis_cart_line_new (self->product, self->quantity, self->qty_from_barcode);
  copy->label_price = self->label_price;
  return copy;
}

gint64
dis_cart_line_get_label_price (DisCartLine *self)
{
  g_return_val_if_fail (DIS_IS_CART_LINE (self), 0);

  return self->label_price;
}

DisProduct *
dis_cart_line_get_product (DisCartLine *self)
{
  g_return_val_if_fail (DIS_IS_CART_LINE (self), NULL);

  return self->product;
}

gint64
dis_cart_line_get_quantity (DisCartLine *self)
{
  g_return_val_if_fail (DIS_IS_CART_LINE (self), 0);

  return self->quantity;
}

void
dis_cart_line_set_quantity (DisCartLine *self,
                            gint64       qty_milli)
{
  gint64 old_total;

  g_return_if_fail (DIS_IS_CART_LINE (self));

  if (self->quantity == qty_milli)
    return;

  old_total = self->product != NULL ? dis_cart_line_get_total (self) : 0;
  self->quantity = qty_milli;

  g_object_freeze_notify (G_OBJECT (self));
  /* A label priced what the scale weighed; another quantity is priced by
   * the quantity. */
  if (self->label_price != 0)
    {
      self->label_price = 0;
      g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_LABEL_PRICE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_QUANTITY]);
  if (self->product != NULL && old_total != dis_cart_line_get_total (self))
    g_object_notify_by_pspec (G_OBJECT (self), line_properties[LINE_PROP_TOTAL]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
dis_cart_line_get_quantity_from_barcode (DisCartLine *self)
{
  g_return_val_if_fail (DIS_IS_CART_LINE (self), FALSE);

  return self->qty_from_barcode;
}

DisTier
dis_cart_line_get_tier (DisCartLine *self)
{
  g_return_val_if_fail (DIS_IS_CART_LINE (self), DIS_TIER_EQUA);

  return self->tier;
}

gint64
dis_cart_line_get_unit_price (DisCartLine *self)
{
  g_return_val_if_fail (DIS_IS_CART_LINE (self), 0);

  return dis_product_get_price (self->product, self->tier);
}

gint64
dis_cart_line_get_total (DisCartLine *self)
{
  g_return_val_if_fail (DIS_IS_CART_LINE (self), 0);

  return dis_cart_line_get_total_at (self, self->tier);
}

gint64
dis_cart_line_get_total_at (DisCartLine *self,
                            DisTier      tier)
{
  g_return_val_if_fail (DIS_IS_CART_LINE (self), 0);
  g_return_val_if_fail (tier < DIS_N_TIERS, 0);

  if (self->label_price > 0)
    return dis_label_total (self->label_price, dis_product_get_price (self->product, tier),
                            dis_product_get_price (self->product, DIS_TIER_EQUA));
  return dis_line_total (dis_product_get_price (self->product, tier), self->quantity);
}

/* ---- DisCart ------------------------------------------------------------ */

struct _DisCart
{
  GObject    parent_instance;

  GPtrArray *lines;    /* DisCartLine */
  DisTier    tier;
  gint64     total;    /* last notified total */
  guint      updating; /* > 0 while the cart changes lines itself */
  char      *order_id; /* the member order it hands over, NULL: none */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DisCart, dis_cart, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_TIER,
  PROP_TOTAL,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gint64
compute_total (DisCart *self)
{
  gint64 total = 0;

  for (guint i = 0; i < self->lines->len; i++)
    total += dis_cart_line_get_total (g_ptr_array_index (self->lines, i));

  return total;
}

/* Emits notify::total when it moved, and "changed" in any case. */
static void
dis_cart_emit_changed (DisCart *self)
{
  gint64 total;

  g_assert (DIS_IS_CART (self));

  total = compute_total (self);
  if (total != self->total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_line_quantity_changed (DisCart     *self,
                          GParamSpec  *pspec,
                          DisCartLine *line)
{
  g_assert (DIS_IS_CART (self));

  if (self->updating == 0)
    dis_cart_emit_changed (self);
}

static void
dis_cart_attach_line (DisCart     *self,
                      guint        position,
                      DisCartLine *line)
{
  g_assert (DIS_IS_CART (self));
  g_assert (DIS_IS_CART_LINE (line));

  dis_cart_line_set_tier (line, self->tier);
  g_signal_connect_object (line, "notify::quantity",
                           G_CALLBACK (on_line_quantity_changed),
                           self, G_CONNECT_SWAPPED);
  g_ptr_array_insert (self->lines, position, g_object_ref (line));
}

static void
dis_cart_detach_line (gpointer data,
                      gpointer user_data)
{
  DisCartLine *line = data;

  g_signal_handlers_disconnect_by_func (line, on_line_quantity_changed, user_data);
}

static void
lines_changed (DisCart *self,
               guint    position,
               guint    removed,
               guint    added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  dis_cart_emit_changed (self);
}

static GType
dis_cart_get_item_type (GListModel *model)
{
  return DIS_TYPE_CART_LINE;
}

static guint
dis_cart_get_n_items (GListModel *model)
{
  return DIS_CART (model)->lines->len;
}

static gpointer
dis_cart_get_item (GListModel *model,
                   guint       position)
{
  DisCart *self = DIS_CART (model);

  if (position >= self->lines->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->lines, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dis_cart_get_item_type;
  iface->get_n_items = dis_cart_get_n_items;
  iface->get_item = dis_cart_get_item;
}

static void
dis_cart_dispose (GObject *object)
{
  DisCart *self = (DisCart *)object;

  if (self->lines != NULL)
    {
      g_ptr_array_foreach (self->lines, dis_cart_detach_line, self);
      g_clear_pointer (&self->lines, g_ptr_array_unref);
    }
  g_clear_pointer (&self->order_id, g_free);

  G_OBJECT_CLASS (dis_cart_parent_class)->dispose (object);
}

static void
dis_cart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DisCart *self = DIS_CART (object);

  switch (prop_id)
    {
    case PROP_TIER:
      g_value_set_uint (value, self->tier);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->lines->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_cart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  DisCart *self = DIS_CART (object);

  switch (prop_id)
    {
    case PROP_TIER:
      dis_cart_set_tier (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_cart_class_init (DisCartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dis_cart_dispose;
  object_class->get_property = dis_cart_get_property;
  object_class->set_property = dis_cart_set_property;

  properties[PROP_TIER] =
    g_param_spec_uint ("tier", NULL, NULL, 0, DIS_N_TIERS - 1, DIS_TIER_EQUA,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
dis_cart_init (DisCart *self)
{
  self->lines = g_ptr_array_new_with_free_func (g_object_unref);
  self->tier = DIS_TIER_EQUA;
}

DisCart *
dis_cart_new (void)
{
  return g_object_new (DIS_TYPE_CART, NULL);
}

DisTier
dis_cart_get_tier (DisCart *self)
{
  g_return_val_if_fail (DIS_IS_CART (self), DIS_TIER_EQUA);

  return self->tier;
}

void
dis_cart_set_tier (DisCart *self,
                   DisTier  tier)
{
  g_return_if_fail (DIS_IS_CART (self));
  g_return_if_fail (tier < DIS_N_TIERS);

  if (self->tier == tier)
    return;

  self->tier = tier;

  /* Lines notify unit-price and total themselves; the list does not
   * change, so no items-changed. */
  self->updating++;
  for (guint i = 0; i < self->lines->len; i++)
    dis_cart_line_set_tier (g_ptr_array_index (self->lines, i), tier);
  self->updating--;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIER]);
  dis_cart_emit_changed (self);
}

static gboolean
can_merge (DisCartLine *line,
           DisProduct  *product)
{
  DisProduct *line_product = dis_cart_line_get_product (line);

  return !dis_cart_line_get_quantity_from_barcode (line)
         && dis_product_get_unit (line_product) == DIS_UNIT_PIECE
         && (line_product == product
             || dis_product_get_id (line_product) == dis_product_get_id (product));
}

/* Adds @line at the end; returns its position. */
static guint
dis_cart_append (DisCart     *self,
                 DisCartLine *line)
{
  guint position = self->lines->len;

  dis_cart_attach_line (self, position, line);
  lines_changed (self, position, 0, 1);
  return position;
}

guint
dis_cart_add (DisCart    *self,
              DisProduct *product,
              gint64      qty_milli,
              gboolean    qty_from_barcode)
{
  g_autoptr(DisCartLine) line = NULL;

  g_return_val_if_fail (DIS_IS_CART (self), 0);
  g_return_val_if_fail (DIS_IS_PRODUCT (product), 0);
  g_return_val_if_fail (qty_milli > 0, 0);

  /* Scanning the same piece twice reads better as "× 2" than as two lines;
   * weighed goods and scale labels stay one line per label. */
  if (!qty_from_barcode && dis_product_get_unit (product) == DIS_UNIT_PIECE)
    {
      for (guint i = 0; i < self->lines->len; i++)
        {
          DisCartLine *existing = g_ptr_array_index (self->lines, i);

          if (can_merge (existing, product))
            {
              self->updating++;
              dis_cart_line_set_quantity (existing, dis_cart_line_get_quantity (existing) + qty_milli);
              self->updating--;
              dis_cart_emit_changed (self);
              return i;
            }
        }
    }

  line = dis_cart_line_new (product, qty_milli, qty_from_barcode);
  return dis_cart_append (self, line);
}

guint
dis_cart_add_label (DisCart    *self,
                    DisProduct *product,
                    gint64      qty_milli,
                    gint64      label_price)
{
  g_autoptr(DisCartLine) line = NULL;

  g_return_val_if_fail (DIS_IS_CART (self), 0);
  g_return_val_if_fail (DIS_IS_PRODUCT (product), 0);
  g_return_val_if_fail (qty_milli > 0, 0);
  g_return_val_if_fail (label_price > 0 && label_price <= DIS_LABEL_PRICE_MAX, 0);

  /* One line per label, never merged. */
  line = dis_cart_line_new_label (product, qty_milli, label_price);
  return dis_cart_append (self, line);
}

DisCartLine *
dis_cart_take (DisCart *self,
               guint    position)
{
  DisCartLine *line;

  g_return_val_if_fail (DIS_IS_CART (self), NULL);
  g_return_val_if_fail (position < self->lines->len, NULL);

  line = g_ptr_array_steal_index (self->lines, position);
  dis_cart_detach_line (line, self);
  lines_changed (self, position, 1, 0);

  return line;
}

void
dis_cart_insert (DisCart     *self,
                 guint        position,
                 DisCartLine *line)
{
  g_return_if_fail (DIS_IS_CART (self));
  g_return_if_fail (DIS_IS_CART_LINE (line));

  position = MIN (position, self->lines->len);

  /* The tier may have changed since the line was taken. */
  dis_cart_attach_line (self, position, line);
  lines_changed (self, position, 0, 1);
}

void
dis_cart_clear (DisCart *self)
{
  g_autoptr(GPtrArray) old = NULL;
  guint n;

  g_return_if_fail (DIS_IS_CART (self));

  /* A cleared cart is nobody's order any more. */
  g_clear_pointer (&self->order_id, g_free);
  n = self->lines->len;
  if (n == 0)
    return;

  old = g_steal_pointer (&self->lines);
  self->lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_foreach (old, dis_cart_detach_line, self);

  lines_changed (self, 0, n, 0);
}

gboolean
dis_cart_is_empty (DisCart *self)
{
  g_return_val_if_fail (DIS_IS_CART (self), TRUE);

  return self->lines->len == 0;
}

gint64
dis_cart_get_total (DisCart *self)
{
  g_return_val_if_fail (DIS_IS_CART (self), 0);

  return self->total;
}

gint64
dis_cart_get_total_at (DisCart *self,
                       DisTier  tier)
{
  gint64 total = 0;

  g_return_val_if_fail (DIS_IS_CART (self), 0);
  g_return_val_if_fail (tier < DIS_N_TIERS, 0);

  for (guint i = 0; i < self->lines->len; i++)
    total += dis_cart_line_get_total_at (g_ptr_array_index (self->lines, i), tier);

  return total;
}

gint64
dis_cart_get_tier_delta (DisCart *self)
{
  g_return_val_if_fail (DIS_IS_CART (self), 0);

  return dis_cart_get_total (self) - dis_cart_get_total_at (self, DIS_TIER_EQUA);
}

void
dis_cart_set_order_id (DisCart    *self,
                       const char *order_id)
{
  g_return_if_fail (DIS_IS_CART (self));

  g_free (self->order_id);
  self->order_id = g_strdup (order_id);
}

const char *
dis_cart_get_order_id (DisCart *self)
{
  g_return_val_if_fail (DIS_IS_CART (self), NULL);

  return self->order_id;
}
