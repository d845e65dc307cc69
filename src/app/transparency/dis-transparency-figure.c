/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-transparency"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-transparency-figure.h"

struct _DisTransparencyFigure
{
  GObject  parent_instance;

  char    *period;
  char    *month;
  char    *name;
  char    *value;
  char    *plain;
  char    *note;
};

G_DEFINE_FINAL_TYPE (DisTransparencyFigure, dis_transparency_figure, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PERIOD,
  PROP_MONTH,
  PROP_NAME,
  PROP_VALUE,
  PROP_PLAIN,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_transparency_figure_finalize (GObject *object)
{
  DisTransparencyFigure *self = DIS_TRANSPARENCY_FIGURE (object);

  g_free (self->period);
  g_free (self->month);
  g_free (self->name);
  g_free (self->value);
  g_free (self->plain);
  g_free (self->note);

  G_OBJECT_CLASS (dis_transparency_figure_parent_class)->finalize (object);
}

static char **
field (DisTransparencyFigure *self,
       guint                  prop_id)
{
  switch (prop_id)
    {
    case PROP_PERIOD:
      return &self->period;
    case PROP_MONTH:
      return &self->month;
    case PROP_NAME:
      return &self->name;
    case PROP_VALUE:
      return &self->value;
    case PROP_PLAIN:
      return &self->plain;
    case PROP_NOTE:
      return &self->note;
    default:
      return NULL;
    }
}

static void
dis_transparency_figure_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  char **slot = field (DIS_TRANSPARENCY_FIGURE (object), prop_id);

  if (slot == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else
    g_value_set_string (value, *slot);
}

static void
dis_transparency_figure_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  char **slot = field (DIS_TRANSPARENCY_FIGURE (object), prop_id);

  if (slot == NULL)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  g_free (*slot);
  *slot = g_value_dup_string (value);
  if (*slot == NULL)
    *slot = g_strdup ("");
}

static void
dis_transparency_figure_class_init (DisTransparencyFigureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char *names[N_PROPS] = { NULL, "period", "month", "name", "value", "plain", "note" };

  object_class->finalize = dis_transparency_figure_finalize;
  object_class->get_property = dis_transparency_figure_get_property;
  object_class->set_property = dis_transparency_figure_set_property;

  for (guint i = 1; i < N_PROPS; i++)
    properties[i] = g_param_spec_string (names[i], NULL, NULL, "",
                                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_transparency_figure_init (DisTransparencyFigure *self)
{
}

DisTransparencyFigure *
dis_transparency_figure_new (const char *period,
                             const char *month,
                             const char *name,
                             const char *value,
                             const char *plain,
                             const char *note)
{
  return g_object_new (DIS_TYPE_TRANSPARENCY_FIGURE,
                       "period", period, "month", month, "name", name,
                       "value", value, "plain", plain, "note", note,
                       NULL);
}

#define GETTER(member) \
  const char * \
  dis_transparency_figure_get_ ## member (DisTransparencyFigure *self) \
  { \
    g_return_val_if_fail (DIS_IS_TRANSPARENCY_FIGURE (self), NULL); \
    return self->member; \
  }

GETTER (period)
GETTER (month)
GETTER (name)
GETTER (value)
GETTER (plain)
GETTER (note)

char *
dis_transparency_figure_dup_spoken (DisTransparencyFigure *self)
{
  g_return_val_if_fail (DIS_IS_TRANSPARENCY_FIGURE (self), NULL);

  /* Translators: what a screen reader says for a figure: month, what it
   * is, its value */
  return g_strdup_printf (_("%s, %s: %s"), self->month, self->name, self->value);
}
