/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-codec"

#include "config.h"

#include <string.h>

#include "dis-codec-private.h"
#include "dis-json.h"

/* The codec's errors, the domain's enum codes, and text: the protocol's
 * parse and json-glib's canonical printing. The schema engine is in
 * dis-codec-schema.c, the objects in dis-codec-events.c and
 * dis-codec-changes.c. */

G_DEFINE_QUARK (dis-codec-error-quark, dis_codec_error)

const char *
dis_codec_error_code (const GError *error)
{
  if (error != NULL && error->domain == DIS_CODEC_ERROR && error->code == DIS_CODEC_ERROR_UNKNOWN_TYPE)
    return "unknown_type";
  return "invalid_payload";
}

/* ---- Enums: the codes are the domain's own ------------------------------ */

static const char *
tier_code (int value)
{
  return dis_tier_to_code ((DisTier) value);
}

static const char *
unit_code (int value)
{
  return dis_unit_to_code ((DisUnit) value);
}

static const char *
payment_method_code (int value)
{
  return dis_payment_method_to_code ((DisPaymentMethod) value);
}

static const char *
member_kind_code (int value)
{
  return dis_member_kind_to_code ((DisMemberKind) value);
}

static const char *
member_status_code (int value)
{
  return dis_member_status_to_code ((DisMemberStatus) value);
}

static const char *
basis_kind_code (int value)
{
  return dis_basis_kind_to_code ((DisBasisKind) value);
}

static const char *
criterion_code (int value)
{
  return dis_criterion_to_code ((DisCriterion) value);
}

const DisEnumType _dis_codec_tier = { tier_code, DIS_N_TIERS };
const DisEnumType _dis_codec_unit = { unit_code, DIS_UNIT_L + 1 };
const DisEnumType _dis_codec_payment_method = { payment_method_code, DIS_PAYMENT_OTHER + 1 };
const DisEnumType _dis_codec_member_kind = { member_kind_code, DIS_MEMBER_KIND_PRODUCER + 1 };
const DisEnumType _dis_codec_member_status = { member_status_code, DIS_MEMBER_SUSPENDED + 1 };
const DisEnumType _dis_codec_basis_kind = { basis_kind_code, DIS_BASIS_PROVISIONAL + 1 };
const DisEnumType _dis_codec_criterion = { criterion_code, DIS_N_CRITERIA };

/* ---- Text ------------------------------------------------------------------ */

/* Protocol text is bounded by what one request or reply may hold; the
 * fields themselves are bounded again by their schema. */
static const DisJsonLimits protocol_limits = {
  64 * 1024 * 1024,   /* bytes */
  32,                 /* nesting */
  1024 * 1024,        /* one string */
  100000,             /* entries of one array or object */
};

JsonNode *
dis_codec_parse (const char  *text,
                 gssize       length,
                 GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);

  return dis_json_parse (text, length, &protocol_limits, error);
}

char *
dis_codec_to_text (JsonNode *node,
                   gsize    *out_length)
{
  char *text;

  g_return_val_if_fail (node != NULL, NULL);

  text = dis_json_to_string (node, NULL);
  if (out_length != NULL)
    *out_length = strlen (text);
  return text;
}

void
_dis_codec_append_string (GString    *out,
                          const char *text)
{
  /* The schema's checks let only valid UTF-8 through. */
  dis_json_append_string (out, text);
}

void
_dis_codec_append_member (GString    *out,
                          const char *name)
{
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
}

/* ---- Errors ---------------------------------------------------------------- */

static void
append_path (GString       *out,
             const DisPath *path)
{
  if (path == NULL)
    return;
  append_path (out, path->parent);
  if (path->name != NULL)
    {
      if (out->len > 0)
        g_string_append_c (out, '.');
      g_string_append (out, path->name);
    }
  if (path->index >= 0)
    g_string_append_printf (out, "[%d]", path->index);
}

gboolean
_dis_codec_fail (GError        **error,
                 const DisPath  *path,
                 const char     *field,
                 const char     *format,
                 ...)
{
  g_autoptr(GString) message = g_string_new (NULL);
  va_list args;

  append_path (message, path);
  if (field != NULL)
    {
      if (message->len > 0)
        g_string_append_c (message, '.');
      g_string_append (message, field);
    }
  if (message->len > 0)
    g_string_append (message, ": ");
  va_start (args, format);
  g_string_append_vprintf (message, format, args);
  va_end (args);
  g_set_error_literal (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID, message->str);
  return FALSE;
}

