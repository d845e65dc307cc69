/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  DIS_ROLE_VOLONTARIO,
  DIS_ROLE_RESPONSABILE,
  DIS_ROLE_COORDINATORE,
} DisRole;

const char *dis_role_to_code   (DisRole     role);   /* "volontario", … */
gboolean    dis_role_from_code (const char *code,
                                DisRole    *out_role);
const char *dis_role_get_name  (DisRole     role);   /* translated */

typedef enum
{
  DIS_PERMISSION_SELL,
  DIS_PERMISSION_REFUND,
  DIS_PERMISSION_CLOSE_DAY,
  DIS_PERMISSION_MANAGE_OPERATORS,
  DIS_PERMISSION_SETTINGS,
  DIS_PERMISSION_STOCK,        /* the Stock page: receive, count, waste, transfer, restock */
} DisPermission;

/* volontario: sell; responsabile: everything; coordinatore: sell, settings
 * views of the network and the stock (no refunds, day close or operators
 * at a point). */
gboolean    dis_role_can       (DisRole        role,
                                DisPermission  permission);

/* PINs: 4 to 8 digits. Hashed with libsodium crypto_pwhash_str (Argon2id,
 * interactive limits). */
gboolean    dis_pin_is_well_formed (const char *pin);
char       *dis_pin_hash           (const char *pin,
                                    GError    **error);
gboolean    dis_pin_verify         (const char *hash,
                                    const char *pin);

#define DIS_TYPE_OPERATOR (dis_operator_get_type ())
G_DECLARE_FINAL_TYPE (DisOperator, dis_operator, DIS, OPERATOR, GObject)

DisOperator *dis_operator_new        (gint64       id,
                                      const char  *name,
                                      DisRole      role,
                                      gboolean     active);
gint64       dis_operator_get_id     (DisOperator *self);
const char  *dis_operator_get_name   (DisOperator *self);
DisRole      dis_operator_get_role   (DisOperator *self);
gboolean     dis_operator_get_active (DisOperator *self);
gboolean     dis_operator_can        (DisOperator  *self,
                                      DisPermission permission);

G_END_DECLS
