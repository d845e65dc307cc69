/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-refund-line"

#include "config.h"

#include "dis-refund-line.h"

struct _DisRefundLine
{
  GObject  parent_instance;

  DisSale *sale;
  guint    index;
  int      pieces;
  char    *text;
};

G_DEFINE_FINAL_TYPE (DisRefundLine, dis_refund_line, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PIECES,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_pieces (DisRefundLine *self,
            int            pieces)
{
  if (self->pieces == pieces)
    return;

  self->pieces = pieces;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIECES]);
}

static void
set_text (DisRefundLine *self,
          const char    *text)
{
  if (g_strcmp0 (self->text, text != NULL ? text : "") == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text != NULL ? text : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
dis_refund_line_finalize (GObject *object)
{
  DisRefundLine *self = DIS_REFUND_LINE (object);

  g_clear_object (&self->sale);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (dis_refund_line_parent_class)->finalize (object);
}

static void
dis_refund_line_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DisRefundLine *self = DIS_REFUND_LINE (object);

  switch (prop_id)
    {
    case PROP_PIECES:
      g_value_set_int (value, self->pieces);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_refund_line_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DisRefundLine *self = DIS_REFUND_LINE (object);

  switch (prop_id)
    {
    case PROP_PIECES:
      set_pieces (self, g_value_get_int (value));
      break;

    case PROP_TEXT:
      set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_refund_line_class_init (DisRefundLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_refund_line_finalize;
  object_class->get_property = dis_refund_line_get_property;
  object_class->set_property = dis_refund_line_set_property;

  properties[PROP_PIECES] =
    g_param_spec_int ("pieces", NULL, NULL, 0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_refund_line_init (DisRefundLine *self)
{
  self->text = g_strdup ("");
}

DisRefundLine *
dis_refund_line_new (DisSale *sale,
                     guint    index)
{
  DisRefundLine *self;

  g_return_val_if_fail (DIS_IS_SALE (sale), NULL);
  g_return_val_if_fail (sale->lines != NULL && index < sale->lines->len, NULL);

  self = g_object_new (DIS_TYPE_REFUND_LINE, NULL);
  self->sale = g_object_ref (sale);
  self->index = index;

  return self;
}

const DisSaleLine *
dis_refund_line_get_line (DisRefundLine *self)
{
  g_return_val_if_fail (DIS_IS_REFUND_LINE (self), NULL);

  return g_ptr_array_index (self->sale->lines, self->index);
}

guint
dis_refund_line_get_index (DisRefundLine *self)
{
  g_return_val_if_fail (DIS_IS_REFUND_LINE (self), 0);

  return self->index;
}

gboolean
dis_refund_line_is_measured (DisRefundLine *self)
{
  const DisSaleLine *line = dis_refund_line_get_line (self);

  return g_strcmp0 (line->unit, "kg") == 0 || g_strcmp0 (line->unit, "l") == 0;
}

gint64
dis_refund_line_get_remaining (DisRefundLine *self)
{
  const DisSaleLine *line = dis_refund_line_get_line (self);

  return MAX (0, line->quantity - line->refunded_quantity);
}

const char *
dis_refund_line_get_text (DisRefundLine *self)
{
  g_return_val_if_fail (DIS_IS_REFUND_LINE (self), NULL);

  return self->text;
}

/* Reads a typed weight or volume. Empty means zero. */
static gboolean
parse_measured (const char *text,
                const char *unit,
                gint64     *out_qty)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  const char *p;

  if (copy[0] == '\0')
    {
      *out_qty = 0;
      return TRUE;
    }

  if (dis_qty_parse (copy, unit, out_qty))
    return TRUE;

  /* dis_qty_parse() wants > 0; "0", "0,000" just mean "none". */
  for (p = copy; *p == '0' || *p == ',' || *p == '.'; p++)
    ;
  if (*p == '\0' && copy[0] == '0')
    {
      *out_qty = 0;
      return TRUE;
    }

  return FALSE;
}

gboolean
dis_refund_line_get_quantity (DisRefundLine *self,
                              gint64        *out_quantity)
{
  gint64 quantity = 0;

  g_return_val_if_fail (DIS_IS_REFUND_LINE (self), FALSE);

  if (dis_refund_line_get_remaining (self) == 0)
    quantity = 0;
  else if (!dis_refund_line_is_measured (self))
    quantity = (gint64) self->pieces * 1000;
  else if (!parse_measured (self->text, dis_refund_line_get_line (self)->unit, &quantity))
    return FALSE;

  if (out_quantity != NULL)
    *out_quantity = quantity;

  return TRUE;
}

void
dis_refund_line_choose_all (DisRefundLine *self)
{
  gint64 remaining;

  g_return_if_fail (DIS_IS_REFUND_LINE (self));

  remaining = dis_refund_line_get_remaining (self);

  if (dis_refund_line_is_measured (self))
    {
      g_autofree char *text = dis_qty_format (remaining, "");

      set_text (self, text);
    }
  else
    {
      set_pieces (self, (int) (remaining / 1000));
    }
}
