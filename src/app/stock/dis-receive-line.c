/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-receive-line"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "dis-money.h"
#include "dis-receive-line.h"

struct _DisReceiveLine
{
  GObject  parent_instance;

  gint64   product_id;
  char    *code;
  char    *name;
  DisUnit  unit;
  gint64   ordered;
  gint64   open;

  /* Not on the order: the order's lines it may have come in place of,
   * and the product it replaces (0: none, an extra product). */
  GListModel *replaceable;
  gint64   substitute_for;

  char    *qty_text;
  char    *lot;
  char    *expires_text;
  char    *cost_text;
};

G_DEFINE_FINAL_TYPE (DisReceiveLine, dis_receive_line, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_QTY_TEXT,
  PROP_LOT,
  PROP_EXPIRES_TEXT,
  PROP_COST_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char **
text_field (DisReceiveLine *self,
            guint           prop_id)
{
  switch (prop_id)
    {
    case PROP_QTY_TEXT: return &self->qty_text;
    case PROP_LOT: return &self->lot;
    case PROP_EXPIRES_TEXT: return &self->expires_text;
    case PROP_COST_TEXT: return &self->cost_text;
    default: return NULL;
    }
}

static void
dis_receive_line_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  char **field = text_field (DIS_RECEIVE_LINE (object), prop_id);

  if (field == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else
    g_value_set_string (value, *field);
}

static void
dis_receive_line_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  char **field = text_field (DIS_RECEIVE_LINE (object), prop_id);

  if (field == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else if (g_strcmp0 (*field, g_value_get_string (value) ?: "") != 0)
    {
      g_free (*field);
      *field = g_strdup (g_value_get_string (value) ?: "");
      g_object_notify_by_pspec (object, pspec);
    }
}

static void
dis_receive_line_finalize (GObject *object)
{
  DisReceiveLine *self = DIS_RECEIVE_LINE (object);

  g_free (self->code);
  g_free (self->name);
  g_free (self->qty_text);
  g_free (self->lot);
  g_free (self->expires_text);
  g_free (self->cost_text);
  g_clear_object (&self->replaceable);

  G_OBJECT_CLASS (dis_receive_line_parent_class)->finalize (object);
}

static void
dis_receive_line_class_init (DisReceiveLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dis_receive_line_get_property;
  object_class->set_property = dis_receive_line_set_property;
  object_class->finalize = dis_receive_line_finalize;

  properties[PROP_QTY_TEXT] =
    g_param_spec_string ("qty-text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOT] =
    g_param_spec_string ("lot", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPIRES_TEXT] =
    g_param_spec_string ("expires-text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COST_TEXT] =
    g_param_spec_string ("cost-text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* Bound to entries, which take no NULL text: empty until typed. */
static void
dis_receive_line_init (DisReceiveLine *self)
{
  self->qty_text = g_strdup ("");
  self->lot = g_strdup ("");
  self->expires_text = g_strdup ("");
  self->cost_text = g_strdup ("");
}

DisReceiveLine *
dis_receive_line_new (gint64      product_id,
                      const char *code,
                      const char *name,
                      DisUnit     unit,
                      gint64      ordered,
                      gint64      open)
{
  DisReceiveLine *self;

  g_return_val_if_fail (product_id > 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (DIS_TYPE_RECEIVE_LINE, NULL);
  self->product_id = product_id;
  self->code = g_strdup (code);
  self->name = g_strdup (name);
  self->unit = unit;
  self->ordered = ordered;
  self->open = open;
  return self;
}

gint64
dis_receive_line_get_product_id (DisReceiveLine *self)
{
  g_return_val_if_fail (DIS_IS_RECEIVE_LINE (self), 0);

  return self->product_id;
}

const char *
dis_receive_line_get_code (DisReceiveLine *self)
{
  g_return_val_if_fail (DIS_IS_RECEIVE_LINE (self), NULL);

  return self->code;
}

const char *
dis_receive_line_get_name (DisReceiveLine *self)
{
  g_return_val_if_fail (DIS_IS_RECEIVE_LINE (self), NULL);

  return self->name;
}

DisUnit
dis_receive_line_get_unit (DisReceiveLine *self)
{
  g_return_val_if_fail (DIS_IS_RECEIVE_LINE (self), DIS_UNIT_PIECE);

  return self->unit;
}

gint64
dis_receive_line_get_ordered (DisReceiveLine *self)
{
  g_return_val_if_fail (DIS_IS_RECEIVE_LINE (self), -1);

  return self->ordered;
}

gint64
dis_receive_line_get_open (DisReceiveLine *self)
{
  g_return_val_if_fail (DIS_IS_RECEIVE_LINE (self), -1);

  return self->open;
}

void
dis_receive_line_input_clear (DisReceiveLineInput *input)
{
  g_clear_pointer (&input->lot, g_free);
  g_clear_pointer (&input->expires_on, g_free);
}

char *
dis_receive_parse_day (const char *text)
{
  int d, m, y;
  char sep1, sep2, extra;

  if (text == NULL)
    return NULL;
  if (sscanf (text, " %4d-%2d-%2d %c", &y, &m, &d, &extra) == 3)
    ;
  else if (sscanf (text, " %2d%c%2d%c%4d %c", &d, &sep1, &m, &sep2, &y, &extra) == 5 &&
           sep1 == sep2 && (sep1 == '/' || sep1 == '.' || sep1 == '-'))
    {
      if (y < 100)
        y += 2000;   /* a best-before date is never last century */
    }
  else
    return NULL;

  if (y < 2000 || y > 2999 || !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

gboolean
dis_receive_line_read (DisReceiveLine      *self,
                       DisReceiveLineInput *out_input,
                       char               **out_problem)
{
  g_autofree char *lot = NULL;

  g_return_val_if_fail (DIS_IS_RECEIVE_LINE (self), FALSE);
  g_return_val_if_fail (out_input != NULL && out_problem != NULL, FALSE);

  *out_problem = NULL;
  *out_input = (DisReceiveLineInput) { .unit_cost = -1 };

  if (!dis_qty_parse (self->qty_text, dis_unit_to_code (self->unit), &out_input->qty))
    {
      *out_problem = g_strdup_printf (dis_unit_is_measured (self->unit)
                                      /* Translators: %s is a product's name */
                                      ? _("%s: type the quantity delivered, e.g. 3,050 (up to three decimals).")
                                      : _("%s: type the number of pieces delivered, e.g. 12."),
                                      self->name);
      return FALSE;
    }

  lot = g_strstrip (g_strdup (self->lot != NULL ? self->lot : ""));
  if (g_utf8_strlen (lot, -1) > 40)
    {
      *out_problem = g_strdup_printf (_("%s: a lot number has at most 40 characters."), self->name);
      return FALSE;
    }
  if (*lot != '\0')
    out_input->lot = g_steal_pointer (&lot);

  if (!is_blank (self->expires_text))
    {
      out_input->expires_on = dis_receive_parse_day (self->expires_text);
      if (out_input->expires_on == NULL)
        {
          *out_problem = g_strdup_printf (_("%s: type the expiry date as day/month/year, e.g. 31/12/2026."), self->name);
          dis_receive_line_input_clear (out_input);
          return FALSE;
        }
    }

  if (!is_blank (self->cost_text) && !dis_money_parse (self->cost_text, &out_input->unit_cost))
    {
      *out_problem = g_strdup_printf (dis_unit_is_measured (self->unit)
                                      ? _("%s: type the purchase cost per kg or litre, e.g. 12,50, or leave it empty.")
                                      : _("%s: type the purchase cost per piece, e.g. 1,20, or leave it empty."),
                                      self->name);
      dis_receive_line_input_clear (out_input);
      return FALSE;
    }

  return TRUE;
}

void
dis_receive_line_set_replaceable (DisReceiveLine *self,
                                  GListModel     *order_lines)
{
  g_return_if_fail (DIS_IS_RECEIVE_LINE (self));
  g_return_if_fail (!order_lines || G_IS_LIST_MODEL (order_lines));

  g_set_object (&self->replaceable, order_lines);
}

GListModel *
dis_receive_line_get_replaceable (DisReceiveLine *self)
{
  g_return_val_if_fail (DIS_IS_RECEIVE_LINE (self), NULL);

  return self->replaceable;
}

void
dis_receive_line_set_substitute_for (DisReceiveLine *self,
                                     gint64          product_id)
{
  g_return_if_fail (DIS_IS_RECEIVE_LINE (self));
  g_return_if_fail (product_id >= 0);

  self->substitute_for = product_id;
}

gint64
dis_receive_line_get_substitute_for (DisReceiveLine *self)
{
  g_return_val_if_fail (DIS_IS_RECEIVE_LINE (self), 0);

  return self->substitute_for;
}
