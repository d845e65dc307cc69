/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-operator"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "dis-code.h"
#include "dis-error.h"
#include "dis-operator.h"

#define PIN_MIN_LEN 4
#define PIN_MAX_LEN 8

static const struct {
  const char *code;
  const char *name;
} roles[] = {
  [DIS_ROLE_VOLONTARIO]   = { "volontario",   N_("Volunteer") },
  [DIS_ROLE_RESPONSABILE] = { "responsabile", N_("Point manager") },
  [DIS_ROLE_COORDINATORE] = { "coordinatore", N_("Coordinator") },
};

const char *
dis_role_to_code (DisRole role)
{
  g_return_val_if_fail (role < G_N_ELEMENTS (roles), NULL);

  return roles[role].code;
}

gboolean
dis_role_from_code (const char *code,
                    DisRole    *out_role)
{
  int i = DIS_CODE_INDEX (roles, code);

  if (i >= 0 && out_role != NULL)
    *out_role = (DisRole) i;
  return i >= 0;
}

const char *
dis_role_get_name (DisRole role)
{
  g_return_val_if_fail (role < G_N_ELEMENTS (roles), NULL);

  return _(roles[role].name);
}

gboolean
dis_role_can (DisRole       role,
              DisPermission permission)
{
  switch (role)
    {
    case DIS_ROLE_RESPONSABILE:
      return permission <= DIS_PERMISSION_STOCK;

    case DIS_ROLE_COORDINATORE:
      /* Network views, but nothing that changes a point's money or staff. */
      return permission == DIS_PERMISSION_SELL || permission == DIS_PERMISSION_SETTINGS ||
             permission == DIS_PERMISSION_STOCK;

    case DIS_ROLE_VOLONTARIO:
      return permission == DIS_PERMISSION_SELL;

    default:
      return FALSE;
    }
}

gboolean
dis_pin_is_well_formed (const char *pin)
{
  gsize len;

  if (pin == NULL)
    return FALSE;

  len = strlen (pin);
  if (len < PIN_MIN_LEN || len > PIN_MAX_LEN)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;

  return TRUE;
}

char *
dis_pin_hash (const char  *pin,
              GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!dis_pin_is_well_formed (pin))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("A PIN is %d to %d digits"), PIN_MIN_LEN, PIN_MAX_LEN);
      return NULL;
    }

  /* Idempotent and thread-safe; guards callers that skipped dis_core_init(). */
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("Could not initialise the cryptography library"));
      return NULL;
    }

  /* crypto_pwhash_str() uses Argon2id in libsodium ≥ 1.0.15. */
  if (crypto_pwhash_str (hash, pin, strlen (pin),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("Not enough memory to protect the PIN"));
      return NULL;
    }

  return g_strdup (hash);
}

gboolean
dis_pin_verify (const char *hash,
                const char *pin)
{
  if (hash == NULL || !dis_pin_is_well_formed (pin))
    return FALSE;

  /* crypto_pwhash_str_verify() reads a buffer of crypto_pwhash_STRBYTES. */
  if (strnlen (hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES)
    return FALSE;

  if (sodium_init () < 0)
    return FALSE;

  return crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0;
}

/* ---- DisOperator -------------------------------------------------------- */

struct _DisOperator
{
  GObject   parent_instance;

  gint64    id;
  char     *name;
  DisRole   role;
  gboolean  active;
};

G_DEFINE_FINAL_TYPE (DisOperator, dis_operator, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ROLE,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_operator_finalize (GObject *object)
{
  DisOperator *self = (DisOperator *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (dis_operator_parent_class)->finalize (object);
}

static void
dis_operator_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DisOperator *self = DIS_OPERATOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ROLE:
      g_value_set_uint (value, self->role);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_operator_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DisOperator *self = DIS_OPERATOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_ROLE:
      self->role = g_value_get_uint (value);
      break;
    case PROP_ACTIVE:
      self->active = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_operator_class_init (DisOperatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_operator_finalize;
  object_class->get_property = dis_operator_get_property;
  object_class->set_property = dis_operator_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A DisRole; a plain uint since DisRole has no registered enum type. */
  properties[PROP_ROLE] =
    g_param_spec_uint ("role", NULL, NULL, 0, DIS_ROLE_COORDINATORE, DIS_ROLE_VOLONTARIO,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_operator_init (DisOperator *self)
{
}

DisOperator *
dis_operator_new (gint64      id,
                  const char *name,
                  DisRole     role,
                  gboolean    active)
{
  g_return_val_if_fail (role < G_N_ELEMENTS (roles), NULL);

  return g_object_new (DIS_TYPE_OPERATOR,
                       "id", id,
                       "name", name,
                       "role", (guint) role,
                       "active", active,
                       NULL);
}

gint64
dis_operator_get_id (DisOperator *self)
{
  g_return_val_if_fail (DIS_IS_OPERATOR (self), 0);

  return self->id;
}

const char *
dis_operator_get_name (DisOperator *self)
{
  g_return_val_if_fail (DIS_IS_OPERATOR (self), NULL);

  return self->name;
}

DisRole
dis_operator_get_role (DisOperator *self)
{
  g_return_val_if_fail (DIS_IS_OPERATOR (self), DIS_ROLE_VOLONTARIO);

  return self->role;
}

gboolean
dis_operator_get_active (DisOperator *self)
{
  g_return_val_if_fail (DIS_IS_OPERATOR (self), FALSE);

  return self->active;
}

/* An operator who was deactivated can do nothing, whatever the role. */
gboolean
dis_operator_can (DisOperator   *self,
                  DisPermission  permission)
{
  g_return_val_if_fail (DIS_IS_OPERATOR (self), FALSE);

  return self->active && dis_role_can (self->role, permission);
}
