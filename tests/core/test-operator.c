/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dis-core.h"

static void
test_pin_well_formed (void)
{
  g_assert_true (dis_pin_is_well_formed ("1234"));
  g_assert_true (dis_pin_is_well_formed ("00000000"));
  g_assert_true (dis_pin_is_well_formed ("482913"));

  g_assert_false (dis_pin_is_well_formed ("123"));
  g_assert_false (dis_pin_is_well_formed ("123456789"));
  g_assert_false (dis_pin_is_well_formed ("12a4"));
  g_assert_false (dis_pin_is_well_formed ("12 34"));
  g_assert_false (dis_pin_is_well_formed (" 1234"));
  g_assert_false (dis_pin_is_well_formed ("１２３４")); /* full-width digits */
  g_assert_false (dis_pin_is_well_formed (""));
  g_assert_false (dis_pin_is_well_formed (NULL));
}

static void
test_pin_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *hash2 = NULL;

  hash = dis_pin_hash ("482913", &error);
  g_assert_no_error (error);
  g_assert_nonnull (hash);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "482913"));

  g_assert_true (dis_pin_verify (hash, "482913"));
  g_assert_false (dis_pin_verify (hash, "482914"));
  g_assert_false (dis_pin_verify (hash, "4829130"));
  g_assert_false (dis_pin_verify (hash, "48291"));
  g_assert_false (dis_pin_verify (hash, "abc"));
  g_assert_false (dis_pin_verify (hash, NULL));
  g_assert_false (dis_pin_verify (NULL, "482913"));
  g_assert_false (dis_pin_verify ("not a hash", "482913"));
  g_assert_false (dis_pin_verify ("", "482913"));

  /* Salted: the same PIN never gives the same hash. */
  hash2 = dis_pin_hash ("482913", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hash, !=, hash2);
  g_assert_true (dis_pin_verify (hash2, "482913"));
}

static void
test_pin_malformed (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (dis_pin_hash ("12", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (dis_pin_hash ("12345abc", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (dis_pin_hash (NULL, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
}

static void
test_roles (void)
{
  static const char *codes[] = { "volontario", "responsabile", "coordinatore" };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      DisRole role = 99;

      g_assert_cmpstr (dis_role_to_code (i), ==, codes[i]);
      g_assert_true (dis_role_from_code (codes[i], &role));
      g_assert_cmpint (role, ==, i);
      g_assert_nonnull (dis_role_get_name (i));
    }
  g_assert_false (dis_role_from_code ("admin", NULL));

  g_assert_true (dis_role_can (DIS_ROLE_VOLONTARIO, DIS_PERMISSION_SELL));
  g_assert_false (dis_role_can (DIS_ROLE_VOLONTARIO, DIS_PERMISSION_REFUND));
  g_assert_false (dis_role_can (DIS_ROLE_VOLONTARIO, DIS_PERMISSION_CLOSE_DAY));
  g_assert_false (dis_role_can (DIS_ROLE_VOLONTARIO, DIS_PERMISSION_MANAGE_OPERATORS));
  g_assert_false (dis_role_can (DIS_ROLE_VOLONTARIO, DIS_PERMISSION_SETTINGS));
  g_assert_false (dis_role_can (DIS_ROLE_VOLONTARIO, DIS_PERMISSION_STOCK));

  g_assert_true (dis_role_can (DIS_ROLE_RESPONSABILE, DIS_PERMISSION_SELL));
  g_assert_true (dis_role_can (DIS_ROLE_RESPONSABILE, DIS_PERMISSION_REFUND));
  g_assert_true (dis_role_can (DIS_ROLE_RESPONSABILE, DIS_PERMISSION_CLOSE_DAY));
  g_assert_true (dis_role_can (DIS_ROLE_RESPONSABILE, DIS_PERMISSION_MANAGE_OPERATORS));
  g_assert_true (dis_role_can (DIS_ROLE_RESPONSABILE, DIS_PERMISSION_SETTINGS));
  g_assert_true (dis_role_can (DIS_ROLE_RESPONSABILE, DIS_PERMISSION_STOCK));

  g_assert_true (dis_role_can (DIS_ROLE_COORDINATORE, DIS_PERMISSION_SELL));
  g_assert_false (dis_role_can (DIS_ROLE_COORDINATORE, DIS_PERMISSION_REFUND));
  g_assert_false (dis_role_can (DIS_ROLE_COORDINATORE, DIS_PERMISSION_CLOSE_DAY));
  g_assert_false (dis_role_can (DIS_ROLE_COORDINATORE, DIS_PERMISSION_MANAGE_OPERATORS));
  g_assert_true (dis_role_can (DIS_ROLE_COORDINATORE, DIS_PERMISSION_SETTINGS));
  g_assert_true (dis_role_can (DIS_ROLE_COORDINATORE, DIS_PERMISSION_STOCK));
}

static void
test_operator_object (void)
{
  DisOperator *op = dis_operator_new (7, "Giulia", DIS_ROLE_RESPONSABILE, TRUE);
  DisOperator *gone = dis_operator_new (8, "Marco", DIS_ROLE_RESPONSABILE, FALSE);
  g_autofree char *name = NULL;
  guint role = 0;

  g_assert_cmpint (dis_operator_get_id (op), ==, 7);
  g_assert_cmpstr (dis_operator_get_name (op), ==, "Giulia");
  g_assert_cmpint (dis_operator_get_role (op), ==, DIS_ROLE_RESPONSABILE);
  g_assert_true (dis_operator_get_active (op));
  g_assert_true (dis_operator_can (op, DIS_PERMISSION_REFUND));

  g_object_get (op, "name", &name, "role", &role, NULL);
  g_assert_cmpstr (name, ==, "Giulia");
  g_assert_cmpuint (role, ==, DIS_ROLE_RESPONSABILE);

  /* A deactivated operator can do nothing. */
  g_assert_false (dis_operator_get_active (gone));
  g_assert_false (dis_operator_can (gone, DIS_PERMISSION_SELL));

  g_assert_finalize_object (op);
  g_assert_finalize_object (gone);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dis_core_init ();

  g_test_add_func ("/core/operator/pin-well-formed", test_pin_well_formed);
  g_test_add_func ("/core/operator/pin-hash", test_pin_hash);
  g_test_add_func ("/core/operator/pin-malformed", test_pin_malformed);
  g_test_add_func ("/core/operator/roles", test_roles);
  g_test_add_func ("/core/operator/object", test_operator_object);

  return g_test_run ();
}
