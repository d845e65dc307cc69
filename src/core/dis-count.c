/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-count"

#include "config.h"

#include "dis-count.h"
#include "dis-money.h"

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)

static const char * const state_codes[] = { "open", "validated", "abandoned" };

const char *
dis_count_state_to_code (DisCountState state)
{
  g_return_val_if_fail (state <= DIS_COUNT_ABANDONED, NULL);

  return state_codes[state];
}

gboolean
dis_count_state_from_code (const char    *code,
                           DisCountState *out_state)
{
  g_return_val_if_fail (out_state != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (state_codes); i++)
    if (g_strcmp0 (code, state_codes[i]) == 0)
      {
        *out_state = (DisCountState) i;
        return TRUE;
      }
  return FALSE;
}

gint64
dis_count_difference_cents (gint64 difference_milli,
                            gint64 unit_cost)
{
  if (unit_cost < 0)
    return 0;
  /* The same rounding as a sale line's total, so a count of what was
   * sold weighs what the sale charged at that price. */
  return dis_line_total (unit_cost, difference_milli);
}

/* ---- DisCount ------------------------------------------------------------ */

struct _DisCount
{
  GObject        parent_instance;

  gint64         id;
  char          *category;
  gboolean       blind;
  DisCountState  state;
  char          *started_at;
  char          *started_by;
  guint          n_total;
  guint          n_counted;
};

G_DEFINE_FINAL_TYPE (DisCount, dis_count, G_TYPE_OBJECT)

enum {
  COUNT_PROP_0,
  COUNT_PROP_ID,
  COUNT_PROP_CATEGORY,
  COUNT_PROP_BLIND,
  COUNT_PROP_STATE,
  COUNT_PROP_STARTED_AT,
  COUNT_PROP_STARTED_BY,
  COUNT_PROP_N_TOTAL,
  COUNT_PROP_N_COUNTED,
  COUNT_N_PROPS
};

static GParamSpec *count_properties[COUNT_N_PROPS];

static void
dis_count_finalize (GObject *object)
{
  DisCount *self = DIS_COUNT (object);

  g_free (self->category);
  g_free (self->started_at);
  g_free (self->started_by);

  G_OBJECT_CLASS (dis_count_parent_class)->finalize (object);
}

static void
dis_count_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DisCount *self = DIS_COUNT (object);

  switch (prop_id)
    {
    case COUNT_PROP_ID:         g_value_set_int64 (value, self->id); break;
    case COUNT_PROP_CATEGORY:   g_value_set_string (value, self->category); break;
    case COUNT_PROP_BLIND:      g_value_set_boolean (value, self->blind); break;
    case COUNT_PROP_STATE:      g_value_set_uint (value, self->state); break;
    case COUNT_PROP_STARTED_AT: g_value_set_string (value, self->started_at); break;
    case COUNT_PROP_STARTED_BY: g_value_set_string (value, self->started_by); break;
    case COUNT_PROP_N_TOTAL:    g_value_set_uint (value, self->n_total); break;
    case COUNT_PROP_N_COUNTED:  g_value_set_uint (value, self->n_counted); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_count_class_init (DisCountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_count_finalize;
  object_class->get_property = dis_count_get_property;

  count_properties[COUNT_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  count_properties[COUNT_PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, RO);
  count_properties[COUNT_PROP_BLIND] = g_param_spec_boolean ("blind", NULL, NULL, TRUE, RO);
  count_properties[COUNT_PROP_STATE] = g_param_spec_uint ("state", NULL, NULL, 0, DIS_COUNT_ABANDONED, 0, RO);
  count_properties[COUNT_PROP_STARTED_AT] = g_param_spec_string ("started-at", NULL, NULL, NULL, RO);
  count_properties[COUNT_PROP_STARTED_BY] = g_param_spec_string ("started-by", NULL, NULL, NULL, RO);
  count_properties[COUNT_PROP_N_TOTAL] = g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0, RO);
  count_properties[COUNT_PROP_N_COUNTED] = g_param_spec_uint ("n-counted", NULL, NULL, 0, G_MAXUINT, 0, RO);
  g_object_class_install_properties (object_class, COUNT_N_PROPS, count_properties);
}

static void
dis_count_init (DisCount *self)
{
  self->blind = TRUE;
}

DisCount *
dis_count_new (gint64         id,
               const char    *category,
               gboolean       blind,
               DisCountState  state,
               const char    *started_at,
               const char    *started_by,
               guint          n_total,
               guint          n_counted)
{
  DisCount *self;

  g_return_val_if_fail (n_counted <= n_total, NULL);

  self = g_object_new (DIS_TYPE_COUNT, NULL);
  self->id = id;
  self->category = g_strdup (category);
  self->blind = blind;
  self->state = state;
  self->started_at = g_strdup (started_at);
  self->started_by = g_strdup (started_by);
  self->n_total = n_total;
  self->n_counted = n_counted;
  return self;
}

#define COUNT_GETTER(type, name, fallback) \
  type dis_count_get_##name (DisCount *self) \
  { \
    g_return_val_if_fail (DIS_IS_COUNT (self), fallback); \
    return self->name; \
  }

COUNT_GETTER (gint64, id, 0)
COUNT_GETTER (const char *, category, NULL)
COUNT_GETTER (gboolean, blind, TRUE)
COUNT_GETTER (DisCountState, state, DIS_COUNT_OPEN)
COUNT_GETTER (const char *, started_at, NULL)
COUNT_GETTER (const char *, started_by, NULL)
COUNT_GETTER (guint, n_total, 0)
COUNT_GETTER (guint, n_counted, 0)

/* ---- DisCountLine -------------------------------------------------------- */

struct _DisCountLine
{
  GObject   parent_instance;

  gint64    product_id;
  char     *code;
  char     *name;
  char     *unit;
  char     *category;
  gboolean  is_counted;
  gint64    counted;
  char     *counted_at;
  gboolean  has_expected;
  gint64    expected;
  gint64    unit_cost;
};

G_DEFINE_FINAL_TYPE (DisCountLine, dis_count_line, G_TYPE_OBJECT)

enum {
  LINE_PROP_0,
  LINE_PROP_PRODUCT_ID,
  LINE_PROP_CODE,
  LINE_PROP_NAME,
  LINE_PROP_UNIT,
  LINE_PROP_CATEGORY,
  LINE_PROP_IS_COUNTED,
  LINE_PROP_COUNTED,
  LINE_PROP_COUNTED_AT,
  LINE_PROP_HAS_EXPECTED,
  LINE_PROP_EXPECTED,
  LINE_PROP_DIFFERENCE,
  LINE_PROP_UNIT_COST,
  LINE_PROP_HAS_COST,
  LINE_PROP_DIFFERENCE_CENTS,
  LINE_N_PROPS
};

static GParamSpec *line_properties[LINE_N_PROPS];

static void
dis_count_line_finalize (GObject *object)
{
  DisCountLine *self = DIS_COUNT_LINE (object);

  g_free (self->code);
  g_free (self->name);
  g_free (self->unit);
  g_free (self->category);
  g_free (self->counted_at);

  G_OBJECT_CLASS (dis_count_line_parent_class)->finalize (object);
}

static void
dis_count_line_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DisCountLine *self = DIS_COUNT_LINE (object);

  switch (prop_id)
    {
    case LINE_PROP_PRODUCT_ID:       g_value_set_int64 (value, self->product_id); break;
    case LINE_PROP_CODE:             g_value_set_string (value, self->code); break;
    case LINE_PROP_NAME:             g_value_set_string (value, self->name); break;
    case LINE_PROP_UNIT:             g_value_set_string (value, self->unit); break;
    case LINE_PROP_CATEGORY:         g_value_set_string (value, self->category); break;
    case LINE_PROP_IS_COUNTED:       g_value_set_boolean (value, self->is_counted); break;
    case LINE_PROP_COUNTED:          g_value_set_int64 (value, self->counted); break;
    case LINE_PROP_COUNTED_AT:       g_value_set_string (value, self->counted_at); break;
    case LINE_PROP_HAS_EXPECTED:     g_value_set_boolean (value, self->has_expected); break;
    case LINE_PROP_EXPECTED:         g_value_set_int64 (value, self->expected); break;
    case LINE_PROP_DIFFERENCE:       g_value_set_int64 (value, dis_count_line_get_difference (self)); break;
    case LINE_PROP_UNIT_COST:        g_value_set_int64 (value, self->unit_cost); break;
    case LINE_PROP_HAS_COST:         g_value_set_boolean (value, self->unit_cost >= 0); break;
    case LINE_PROP_DIFFERENCE_CENTS: g_value_set_int64 (value, dis_count_line_get_difference_cents (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_count_line_class_init (DisCountLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamSpec **p = line_properties;

  object_class->finalize = dis_count_line_finalize;
  object_class->get_property = dis_count_line_get_property;

  p[LINE_PROP_PRODUCT_ID] = g_param_spec_int64 ("product-id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  p[LINE_PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, RO);
  p[LINE_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, RO);
  p[LINE_PROP_UNIT] = g_param_spec_string ("unit", NULL, NULL, NULL, RO);
  p[LINE_PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, RO);
  p[LINE_PROP_IS_COUNTED] = g_param_spec_boolean ("is-counted", NULL, NULL, FALSE, RO);
  p[LINE_PROP_COUNTED] = g_param_spec_int64 ("counted", NULL, NULL, 0, G_MAXINT64, 0, RO);
  p[LINE_PROP_COUNTED_AT] = g_param_spec_string ("counted-at", NULL, NULL, NULL, RO);
  p[LINE_PROP_HAS_EXPECTED] = g_param_spec_boolean ("has-expected", NULL, NULL, FALSE, RO);
  p[LINE_PROP_EXPECTED] = g_param_spec_int64 ("expected", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  p[LINE_PROP_DIFFERENCE] = g_param_spec_int64 ("difference", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  p[LINE_PROP_UNIT_COST] = g_param_spec_int64 ("unit-cost", NULL, NULL, -1, G_MAXINT64, -1, RO);
  p[LINE_PROP_HAS_COST] = g_param_spec_boolean ("has-cost", NULL, NULL, FALSE, RO);
  p[LINE_PROP_DIFFERENCE_CENTS] =
    g_param_spec_int64 ("difference-cents", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  g_object_class_install_properties (object_class, LINE_N_PROPS, line_properties);
}

static void
dis_count_line_init (DisCountLine *self)
{
  self->unit_cost = -1;
}

DisCountLine *
dis_count_line_new (const DisCountLineRecord *record)
{
  DisCountLine *self;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (record->code != NULL && record->name != NULL && record->unit != NULL, NULL);

  self = g_object_new (DIS_TYPE_COUNT_LINE, NULL);
  self->product_id = record->product_id;
  self->code = g_strdup (record->code);
  self->name = g_strdup (record->name);
  self->unit = g_strdup (record->unit);
  self->category = g_strdup (record->category);
  self->is_counted = record->is_counted;
  self->counted = record->is_counted ? record->counted : 0;
  self->counted_at = record->is_counted ? g_strdup (record->counted_at) : NULL;
  self->has_expected = record->has_expected;
  self->expected = record->has_expected ? record->expected : 0;
  self->unit_cost = MAX (record->unit_cost, -1);
  return self;
}

#define LINE_GETTER(type, name, fallback) \
  type dis_count_line_get_##name (DisCountLine *self) \
  { \
    g_return_val_if_fail (DIS_IS_COUNT_LINE (self), fallback); \
    return self->name; \
  }

LINE_GETTER (gint64, product_id, 0)
LINE_GETTER (const char *, code, NULL)
LINE_GETTER (const char *, name, NULL)
LINE_GETTER (const char *, unit, NULL)
LINE_GETTER (const char *, category, NULL)
LINE_GETTER (gboolean, is_counted, FALSE)
LINE_GETTER (gint64, counted, 0)
LINE_GETTER (const char *, counted_at, NULL)
LINE_GETTER (gboolean, has_expected, FALSE)
LINE_GETTER (gint64, expected, 0)
LINE_GETTER (gint64, unit_cost, -1)

gint64
dis_count_line_get_difference (DisCountLine *self)
{
  g_return_val_if_fail (DIS_IS_COUNT_LINE (self), 0);

  return self->is_counted && self->has_expected ? self->counted - self->expected : 0;
}

gboolean
dis_count_line_get_has_cost (DisCountLine *self)
{
  g_return_val_if_fail (DIS_IS_COUNT_LINE (self), FALSE);

  return self->unit_cost >= 0;
}

gint64
dis_count_line_get_difference_cents (DisCountLine *self)
{
  g_return_val_if_fail (DIS_IS_COUNT_LINE (self), 0);

  return dis_count_difference_cents (dis_count_line_get_difference (self), self->unit_cost);
}

/* ---- DisCountResult ------------------------------------------------------ */

struct _DisCountResult
{
  GObject     parent_instance;

  gint64      count_id;
  guint       n_counted;
  gint64      difference_cents;
  guint       n_without_cost;
  GListStore *lines;
};

G_DEFINE_FINAL_TYPE (DisCountResult, dis_count_result, G_TYPE_OBJECT)

enum {
  RESULT_PROP_0,
  RESULT_PROP_COUNT_ID,
  RESULT_PROP_N_COUNTED,
  RESULT_PROP_N_ADJUSTED,
  RESULT_PROP_DIFFERENCE_CENTS,
  RESULT_PROP_N_WITHOUT_COST,
  RESULT_PROP_LINES,
  RESULT_N_PROPS
};

static GParamSpec *result_properties[RESULT_N_PROPS];

static void
dis_count_result_dispose (GObject *object)
{
  DisCountResult *self = DIS_COUNT_RESULT (object);

  g_clear_object (&self->lines);

  G_OBJECT_CLASS (dis_count_result_parent_class)->dispose (object);
}

static void
dis_count_result_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DisCountResult *self = DIS_COUNT_RESULT (object);

  switch (prop_id)
    {
    case RESULT_PROP_COUNT_ID:         g_value_set_int64 (value, self->count_id); break;
    case RESULT_PROP_N_COUNTED:        g_value_set_uint (value, self->n_counted); break;
    case RESULT_PROP_N_ADJUSTED:       g_value_set_uint (value, dis_count_result_get_n_adjusted (self)); break;
    case RESULT_PROP_DIFFERENCE_CENTS: g_value_set_int64 (value, self->difference_cents); break;
    case RESULT_PROP_N_WITHOUT_COST:   g_value_set_uint (value, self->n_without_cost); break;
    case RESULT_PROP_LINES:            g_value_set_object (value, self->lines); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_count_result_class_init (DisCountResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamSpec **p = result_properties;

  object_class->dispose = dis_count_result_dispose;
  object_class->get_property = dis_count_result_get_property;

  p[RESULT_PROP_COUNT_ID] = g_param_spec_int64 ("count-id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  p[RESULT_PROP_N_COUNTED] = g_param_spec_uint ("n-counted", NULL, NULL, 0, G_MAXUINT, 0, RO);
  p[RESULT_PROP_N_ADJUSTED] = g_param_spec_uint ("n-adjusted", NULL, NULL, 0, G_MAXUINT, 0, RO);
  p[RESULT_PROP_DIFFERENCE_CENTS] =
    g_param_spec_int64 ("difference-cents", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  p[RESULT_PROP_N_WITHOUT_COST] = g_param_spec_uint ("n-without-cost", NULL, NULL, 0, G_MAXUINT, 0, RO);
  p[RESULT_PROP_LINES] = g_param_spec_object ("lines", NULL, NULL, G_TYPE_LIST_MODEL, RO);
  g_object_class_install_properties (object_class, RESULT_N_PROPS, result_properties);
}

static void
dis_count_result_init (DisCountResult *self)
{
  self->lines = g_list_store_new (DIS_TYPE_COUNT_LINE);
}

/* Fills @store with the objects of @items, which it empties. */
static void
store_take_all (GListStore *store,
                GPtrArray  *items)
{
  if (items == NULL)
    return;
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  g_ptr_array_set_size (items, 0);
}

DisCountResult *
dis_count_result_new (gint64      count_id,
                      guint       n_counted,
                      GPtrArray  *lines)
{
  DisCountResult *self = g_object_new (DIS_TYPE_COUNT_RESULT, NULL);

  self->count_id = count_id;
  self->n_counted = n_counted;
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      DisCountLine *line = g_ptr_array_index (lines, i);

      g_return_val_if_fail (DIS_IS_COUNT_LINE (line), self);
      if (dis_count_line_get_has_cost (line))
        self->difference_cents += dis_count_line_get_difference_cents (line);
      else if (dis_count_line_get_difference (line) != 0)
        self->n_without_cost++;
    }
  store_take_all (self->lines, lines);
  return self;
}

gint64
dis_count_result_get_count_id (DisCountResult *self)
{
  g_return_val_if_fail (DIS_IS_COUNT_RESULT (self), 0);

  return self->count_id;
}

guint
dis_count_result_get_n_counted (DisCountResult *self)
{
  g_return_val_if_fail (DIS_IS_COUNT_RESULT (self), 0);

  return self->n_counted;
}

guint
dis_count_result_get_n_adjusted (DisCountResult *self)
{
  g_return_val_if_fail (DIS_IS_COUNT_RESULT (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->lines));
}

gint64
dis_count_result_get_difference_cents (DisCountResult *self)
{
  g_return_val_if_fail (DIS_IS_COUNT_RESULT (self), 0);

  return self->difference_cents;
}

guint
dis_count_result_get_n_without_cost (DisCountResult *self)
{
  g_return_val_if_fail (DIS_IS_COUNT_RESULT (self), 0);

  return self->n_without_cost;
}

GListModel *
dis_count_result_get_lines (DisCountResult *self)
{
  g_return_val_if_fail (DIS_IS_COUNT_RESULT (self), NULL);

  return G_LIST_MODEL (self->lines);
}

/* ---- DisCountChange ------------------------------------------------------ */

struct _DisCountChange
{
  GObject   parent_instance;

  guint     row;
  gint64    product_id;
  char     *code;
  char     *name;
  char     *unit;
  gboolean  was_counted;
  gint64    previous;
  gint64    counted;
};

G_DEFINE_FINAL_TYPE (DisCountChange, dis_count_change, G_TYPE_OBJECT)

enum {
  CHANGE_PROP_0,
  CHANGE_PROP_ROW,
  CHANGE_PROP_PRODUCT_ID,
  CHANGE_PROP_CODE,
  CHANGE_PROP_NAME,
  CHANGE_PROP_UNIT,
  CHANGE_PROP_WAS_COUNTED,
  CHANGE_PROP_PREVIOUS,
  CHANGE_PROP_COUNTED,
  CHANGE_N_PROPS
};

static GParamSpec *change_properties[CHANGE_N_PROPS];

static void
dis_count_change_finalize (GObject *object)
{
  DisCountChange *self = DIS_COUNT_CHANGE (object);

  g_free (self->code);
  g_free (self->name);
  g_free (self->unit);

  G_OBJECT_CLASS (dis_count_change_parent_class)->finalize (object);
}

static void
dis_count_change_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DisCountChange *self = DIS_COUNT_CHANGE (object);

  switch (prop_id)
    {
    case CHANGE_PROP_ROW:         g_value_set_uint (value, self->row); break;
    case CHANGE_PROP_PRODUCT_ID:  g_value_set_int64 (value, self->product_id); break;
    case CHANGE_PROP_CODE:        g_value_set_string (value, self->code); break;
    case CHANGE_PROP_NAME:        g_value_set_string (value, self->name); break;
    case CHANGE_PROP_UNIT:        g_value_set_string (value, self->unit); break;
    case CHANGE_PROP_WAS_COUNTED: g_value_set_boolean (value, self->was_counted); break;
    case CHANGE_PROP_PREVIOUS:    g_value_set_int64 (value, self->previous); break;
    case CHANGE_PROP_COUNTED:     g_value_set_int64 (value, self->counted); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_count_change_class_init (DisCountChangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamSpec **p = change_properties;

  object_class->finalize = dis_count_change_finalize;
  object_class->get_property = dis_count_change_get_property;

  p[CHANGE_PROP_ROW] = g_param_spec_uint ("row", NULL, NULL, 0, G_MAXUINT, 0, RO);
  p[CHANGE_PROP_PRODUCT_ID] = g_param_spec_int64 ("product-id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  p[CHANGE_PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, RO);
  p[CHANGE_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, RO);
  p[CHANGE_PROP_UNIT] = g_param_spec_string ("unit", NULL, NULL, NULL, RO);
  p[CHANGE_PROP_WAS_COUNTED] = g_param_spec_boolean ("was-counted", NULL, NULL, FALSE, RO);
  p[CHANGE_PROP_PREVIOUS] = g_param_spec_int64 ("previous", NULL, NULL, 0, G_MAXINT64, 0, RO);
  p[CHANGE_PROP_COUNTED] = g_param_spec_int64 ("counted", NULL, NULL, 0, G_MAXINT64, 0, RO);
  g_object_class_install_properties (object_class, CHANGE_N_PROPS, change_properties);
}

static void
dis_count_change_init (DisCountChange *self)
{
}

DisCountChange *
dis_count_change_new (guint        row,
                      gint64       product_id,
                      const char  *code,
                      const char  *name,
                      const char  *unit,
                      gboolean     was_counted,
                      gint64       previous,
                      gint64       counted)
{
  DisCountChange *self;

  g_return_val_if_fail (counted >= 0 && (!was_counted || previous >= 0), NULL);

  self = g_object_new (DIS_TYPE_COUNT_CHANGE, NULL);
  self->row = row;
  self->product_id = product_id;
  self->code = g_strdup (code);
  self->name = g_strdup (name);
  self->unit = g_strdup (unit);
  self->was_counted = was_counted;
  self->previous = was_counted ? previous : 0;
  self->counted = counted;
  return self;
}

#define CHANGE_GETTER(type, name, fallback) \
  type dis_count_change_get_##name (DisCountChange *self) \
  { \
    g_return_val_if_fail (DIS_IS_COUNT_CHANGE (self), fallback); \
    return self->name; \
  }

CHANGE_GETTER (guint, row, 0)
CHANGE_GETTER (gint64, product_id, 0)
CHANGE_GETTER (const char *, code, NULL)
CHANGE_GETTER (const char *, name, NULL)
CHANGE_GETTER (const char *, unit, NULL)
CHANGE_GETTER (gboolean, was_counted, FALSE)
CHANGE_GETTER (gint64, previous, 0)
CHANGE_GETTER (gint64, counted, 0)

/* ---- DisCountImport ------------------------------------------------------ */

struct _DisCountImport
{
  GObject     parent_instance;

  gint64      count_id;
  guint       n_rows;
  guint       n_unchanged;
  guint       n_blank_counted;
  GListStore *changes;
};

G_DEFINE_FINAL_TYPE (DisCountImport, dis_count_import, G_TYPE_OBJECT)

enum {
  IMPORT_PROP_0,
  IMPORT_PROP_COUNT_ID,
  IMPORT_PROP_N_ROWS,
  IMPORT_PROP_N_UNCHANGED,
  IMPORT_PROP_N_BLANK_COUNTED,
  IMPORT_PROP_CHANGES,
  IMPORT_N_PROPS
};

static GParamSpec *import_properties[IMPORT_N_PROPS];

static void
dis_count_import_dispose (GObject *object)
{
  DisCountImport *self = DIS_COUNT_IMPORT (object);

  g_clear_object (&self->changes);

  G_OBJECT_CLASS (dis_count_import_parent_class)->dispose (object);
}

static void
dis_count_import_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DisCountImport *self = DIS_COUNT_IMPORT (object);

  switch (prop_id)
    {
    case IMPORT_PROP_COUNT_ID:        g_value_set_int64 (value, self->count_id); break;
    case IMPORT_PROP_N_ROWS:          g_value_set_uint (value, self->n_rows); break;
    case IMPORT_PROP_N_UNCHANGED:     g_value_set_uint (value, self->n_unchanged); break;
    case IMPORT_PROP_N_BLANK_COUNTED: g_value_set_uint (value, self->n_blank_counted); break;
    case IMPORT_PROP_CHANGES:         g_value_set_object (value, self->changes); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_count_import_class_init (DisCountImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamSpec **p = import_properties;

  object_class->dispose = dis_count_import_dispose;
  object_class->get_property = dis_count_import_get_property;

  p[IMPORT_PROP_COUNT_ID] = g_param_spec_int64 ("count-id", NULL, NULL, 0, G_MAXINT64, 0, RO);
  p[IMPORT_PROP_N_ROWS] = g_param_spec_uint ("n-rows", NULL, NULL, 0, G_MAXUINT, 0, RO);
  p[IMPORT_PROP_N_UNCHANGED] = g_param_spec_uint ("n-unchanged", NULL, NULL, 0, G_MAXUINT, 0, RO);
  p[IMPORT_PROP_N_BLANK_COUNTED] = g_param_spec_uint ("n-blank-counted", NULL, NULL, 0, G_MAXUINT, 0, RO);
  p[IMPORT_PROP_CHANGES] = g_param_spec_object ("changes", NULL, NULL, G_TYPE_LIST_MODEL, RO);
  g_object_class_install_properties (object_class, IMPORT_N_PROPS, import_properties);
}

static void
dis_count_import_init (DisCountImport *self)
{
  self->changes = g_list_store_new (DIS_TYPE_COUNT_CHANGE);
}

DisCountImport *
dis_count_import_new (gint64      count_id,
                      guint       n_rows,
                      guint       n_unchanged,
                      guint       n_blank_counted,
                      GPtrArray  *changes)
{
  DisCountImport *self = g_object_new (DIS_TYPE_COUNT_IMPORT, NULL);

  self->count_id = count_id;
  self->n_rows = n_rows;
  self->n_unchanged = n_unchanged;
  self->n_blank_counted = n_blank_counted;
  store_take_all (self->changes, changes);
  return self;
}

#define IMPORT_GETTER(type, name, fallback) \
  type dis_count_import_get_##name (DisCountImport *self) \
  { \
    g_return_val_if_fail (DIS_IS_COUNT_IMPORT (self), fallback); \
    return self->name; \
  }

IMPORT_GETTER (gint64, count_id, 0)
IMPORT_GETTER (guint, n_rows, 0)
IMPORT_GETTER (guint, n_unchanged, 0)
IMPORT_GETTER (guint, n_blank_counted, 0)

GListModel *
dis_count_import_get_changes (DisCountImport *self)
{
  g_return_val_if_fail (DIS_IS_COUNT_IMPORT (self), NULL);

  return G_LIST_MODEL (self->changes);
}
