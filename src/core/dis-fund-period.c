/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-fund-period"

#include "config.h"

#include "dis-date.h"
#include "dis-fund-period.h"

struct _DisFundPeriod
{
  GObject               parent_instance;

  JsonNode             *node;        /* the document; the decoded one borrows from it */
  DisCodecFundDocument  document;
  gboolean              from_ledger;
  GHashTable           *supplier_names;
};

G_DEFINE_FINAL_TYPE (DisFundPeriod, dis_fund_period, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PERIOD,
  PROP_CLOSED,
  PROP_FROM_LEDGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_fund_period_finalize (GObject *object)
{
  DisFundPeriod *self = DIS_FUND_PERIOD (object);

  dis_codec_fund_document_clear (&self->document);
  g_clear_pointer (&self->node, json_node_unref);
  g_clear_pointer (&self->supplier_names, g_hash_table_unref);

  G_OBJECT_CLASS (dis_fund_period_parent_class)->finalize (object);
}

static void
dis_fund_period_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DisFundPeriod *self = DIS_FUND_PERIOD (object);

  switch (prop_id)
    {
    case PROP_PERIOD:
      g_value_set_string (value, self->document.period);
      break;
    case PROP_CLOSED:
      g_value_set_boolean (value, self->document.closed);
      break;
    case PROP_FROM_LEDGER:
      g_value_set_boolean (value, self->from_ledger);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_fund_period_class_init (DisFundPeriodClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_fund_period_finalize;
  object_class->get_property = dis_fund_period_get_property;

  properties[PROP_PERIOD] =
    g_param_spec_string ("period", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOSED] =
    g_param_spec_boolean ("closed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FROM_LEDGER] =
    g_param_spec_boolean ("from-ledger", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_fund_period_init (DisFundPeriod *self)
{
}

DisFundPeriod *
dis_fund_period_new (JsonNode    *document,
                     gboolean     from_ledger,
                     GHashTable  *supplier_names,
                     GError     **error)
{
  g_autoptr(DisFundPeriod) self = NULL;

  g_return_val_if_fail (document != NULL, NULL);

  self = g_object_new (DIS_TYPE_FUND_PERIOD, NULL);
  self->node = json_node_copy (document);
  if (!dis_codec_fund_document_decode (JSON_NODE_HOLDS_OBJECT (self->node) ? json_node_get_object (self->node) : NULL,
                                       &self->document, error))
    return NULL;
  self->from_ledger = !!from_ledger;
  if (supplier_names != NULL)
    self->supplier_names = g_hash_table_ref (supplier_names);
  return g_steal_pointer (&self);
}

const char *
dis_fund_period_get_period (DisFundPeriod *self)
{
  g_return_val_if_fail (DIS_IS_FUND_PERIOD (self), NULL);
  return self->document.period;
}

gboolean
dis_fund_period_get_closed (DisFundPeriod *self)
{
  g_return_val_if_fail (DIS_IS_FUND_PERIOD (self), FALSE);
  return self->document.closed;
}

gboolean
dis_fund_period_get_from_ledger (DisFundPeriod *self)
{
  g_return_val_if_fail (DIS_IS_FUND_PERIOD (self), FALSE);
  return self->from_ledger;
}

char *
dis_fund_period_dup_title (DisFundPeriod *self)
{
  g_return_val_if_fail (DIS_IS_FUND_PERIOD (self), NULL);
  return dis_date_format_period (self->document.period);
}

const DisCodecFundDocument *
dis_fund_period_get_document (DisFundPeriod *self)
{
  g_return_val_if_fail (DIS_IS_FUND_PERIOD (self), NULL);
  return &self->document;
}

const char *
dis_fund_period_get_supplier_name (DisFundPeriod *self,
                                   const char    *code)
{
  const char *name;

  g_return_val_if_fail (DIS_IS_FUND_PERIOD (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  name = self->supplier_names != NULL ? g_hash_table_lookup (self->supplier_names, code) : NULL;
  return name != NULL ? name : code;
}
