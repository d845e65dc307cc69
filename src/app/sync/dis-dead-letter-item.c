/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-dead-letter-item"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-dead-letter-item.h"

struct _DisDeadLetterItem
{
  GObject        parent_instance;

  DisDeadLetter *letter;
  char          *subtitle;
};

G_DEFINE_FINAL_TYPE (DisDeadLetterItem, dis_dead_letter_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static char *
format_time (GDateTime *at)
{
  g_autoptr(GDateTime) local = NULL;

  if (at == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (at);
  /* Translators: date and time of a rejected event, see g_date_time_format() */
  return g_date_time_format (local, _("%e %b %Y, %H:%M"));
}

static void
dis_dead_letter_item_finalize (GObject *object)
{
  DisDeadLetterItem *self = (DisDeadLetterItem *)object;

  g_clear_pointer (&self->letter, dis_dead_letter_free);
  g_clear_pointer (&self->subtitle, g_free);

  G_OBJECT_CLASS (dis_dead_letter_item_parent_class)->finalize (object);
}

static void
dis_dead_letter_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DisDeadLetterItem *self = DIS_DEAD_LETTER_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, dis_dead_letter_item_get_title (self));
      break;

    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_dead_letter_item_class_init (DisDeadLetterItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_dead_letter_item_finalize;
  object_class->get_property = dis_dead_letter_item_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_dead_letter_item_init (DisDeadLetterItem *self)
{
}

DisDeadLetterItem *
dis_dead_letter_item_new (DisDeadLetter *letter)
{
  DisDeadLetterItem *self;
  g_autofree char *when = NULL;

  g_return_val_if_fail (letter != NULL, NULL);

  self = g_object_new (DIS_TYPE_DEAD_LETTER_ITEM, NULL);
  self->letter = letter;

  when = format_time (letter->at);
  /* Translators: time, then the hub's code and reason, e.g.
   * "2 May 2024, 10:00 — invalid_payload: payload.total: must be an integer" */
  self->subtitle = g_strdup_printf (_("%s — %s: %s"),
                                    g_strstrip (when),
                                    or_empty (letter->code),
                                    or_empty (letter->message));
  return self;
}

const char *
dis_dead_letter_item_get_title (DisDeadLetterItem *self)
{
  g_return_val_if_fail (DIS_IS_DEAD_LETTER_ITEM (self), NULL);

  return or_empty (self->letter->receipt_no ? self->letter->receipt_no : self->letter->type);
}

void
dis_dead_letter_item_append_details (DisDeadLetterItem *self,
                                     GString           *details)
{
  const DisDeadLetter *letter;
  g_autofree char *iso = NULL;

  g_return_if_fail (DIS_IS_DEAD_LETTER_ITEM (self));
  g_return_if_fail (details != NULL);

  letter = self->letter;
  iso = letter->at ? g_date_time_format_iso8601 (letter->at) : g_strdup ("");

  /* For the administrator: stable codes, ISO times. */
  g_string_append_printf (details, "%s\t%s\t%s\t%s\t%s\t%s\n",
                          iso,
                          or_empty (letter->type),
                          letter->receipt_no ? letter->receipt_no : "-",
                          or_empty (letter->event_id),
                          or_empty (letter->code),
                          or_empty (letter->message));
}
