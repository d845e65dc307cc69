/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <string.h>

#include "dis-core.h"
#include "dis-store-members.h"
#include "dis-sync-coordinator.h"
#include "dis-sync.h"
#include "dis-test-util.h"
#include "sync-fixture.h"

/* Issue 10 §5: a coordinator signs in at the point TO-CEN and validates a
 * member the point registered; the hub's change comes back through the
 * pull. Refusals reach the caller as DIS_COORDINATOR_ERROR. A real hub on
 * 127.0.0.1 (sync-fixture.h). */

#define PASSPHRASE "correct horse battery"

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static gboolean
sign_in (DisCoordinator *coordinator,
         const char     *passphrase,
         GError        **error)
{
  Wait wait = { NULL };
  gboolean ok;

  dis_coordinator_sign_in_async (coordinator, "Marta", passphrase, NULL, done_cb, &wait);
  dis_test_wait_until (has_result, &wait, 20000, "the sign-in");
  ok = dis_coordinator_sign_in_finish (coordinator, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static gboolean
validate (DisCoordinator *coordinator,
          const char     *card,
          GError        **error)
{
  Wait wait = { NULL };
  gboolean ok;

  dis_coordinator_member_async (coordinator, card, DIS_COORDINATOR_VALIDATE, DIS_BASIS_NONE, NULL,
                                NULL, done_cb, &wait);
  dis_test_wait_until (has_result, &wait, 20000, "the action");
  ok = dis_coordinator_member_finish (coordinator, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

typedef struct
{
  SyncFixture *f;
  const char  *card;
} Member;

static gboolean
validated_here (gpointer data)
{
  Member *m = data;
  g_autoptr(DisMember) member = dis_store_find_member_by_card (m->f->store, m->card, NULL);

  return member != NULL && member->status == DIS_MEMBER_VALIDATED;
}

static gboolean
pending_on_hub (gpointer data)
{
  SyncFixture *f = data;

  return sync_all_synced (f) && sync_hub_int (f, "SELECT count(*) FROM members WHERE status = 'pending'") == 1;
}

static void
test_validate_comes_back (SyncFixture *f, gconstpointer data)
{
  g_autoptr(DisCoordinator) coordinator = NULL;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *card = NULL;
  DisMemberRegistration registration = {
    .display_name = "Giulia Bertolotti",
    .kind = DIS_MEMBER_KIND_PERSON,
    .preferred_tier = DIS_TIER_EQUA,
    .privacy_consent = TRUE,
  };
  Member m = { f, NULL };

  sync_start_hub (f, NULL, NULL);
  g_free (dis_test_hub_admin (f->net.hub, "settings", "set", "coordinator.pwhash_opslimit", "1", NULL));
  g_free (dis_test_hub_admin (f->net.hub, "settings", "set", "coordinator.pwhash_memlimit_kib", "8", NULL));
  g_assert_cmpint (dis_test_hub_run_input (f->net.hub, PASSPHRASE "\n", NULL, NULL,
                                           "coordinator", "add", "--name", "Marta", NULL), ==, 0);
  coordinator = dis_coordinator_new (f->client);

  /* Not enrolled yet: no network for coordinators. */
  g_assert_false (sign_in (coordinator, PASSPHRASE, &error));
  g_assert_error (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_OFFLINE);
  g_clear_error (&error);

  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  card = dis_store_new_member_card (f->store, &error);
  g_assert_no_error (error);
  registration.card_code = card;
  m.card = card;
  member = dis_store_register_member (f->store, f->op, &registration, &error);
  g_assert_no_error (error);
  g_assert_cmpint (member->status, ==, DIS_MEMBER_PENDING);
  dis_sync_client_sync_now (f->client);
  dis_test_wait_until (pending_on_hub, f, 20000, "the member on the hub");

  /* No session: refused before the hub is asked. */
  g_assert_false (validate (coordinator, card, &error));
  g_assert_error (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);

  g_assert_false (sign_in (coordinator, "not the passphrase", &error));
  g_assert_error (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  g_assert_null (dis_coordinator_get_name (coordinator));

  g_assert_true (sign_in (coordinator, PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dis_coordinator_get_name (coordinator), ==, "Marta");

  g_assert_true (validate (coordinator, card, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM audit_log WHERE action = 'member.validate'"
                                    " AND point_code = 'TO-CEN'"), ==, 1);
  /* The action started a sync: the pull brings the new status well
   * before the periodic one (a minute in this fixture). */
  dis_test_wait_until (validated_here, &m, 10000, "the validated member at the point");

  /* Signing out ends the session on the hub too. */
  dis_coordinator_sign_out (coordinator);
  g_assert_null (dis_coordinator_get_name (coordinator));
  g_assert_false (validate (coordinator, card, &error));
  g_assert_error (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  for (guint i = 0; i < 200 && sync_hub_int (f, "SELECT count(*) FROM coordinator_sessions") > 0; i++)
    dis_test_sleep_ms (50);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM coordinator_sessions"), ==, 0);

  /* A session the hub ended is forgotten at the point on its first refusal. */
  g_assert_true (sign_in (coordinator, PASSPHRASE, &error));
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "coordinator", "revoke", "--name", "Marta", NULL), ==, 0);
  g_assert_false (validate (coordinator, card, &error));
  g_assert_error (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_SESSION_ENDED);
  g_clear_error (&error);
  g_assert_null (dis_coordinator_get_name (coordinator));

  /* The hub gone: offline, with a clear error. */
  sync_stop_hub (f, FALSE);
  g_assert_false (sign_in (coordinator, PASSPHRASE, &error));
  g_assert_error (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_OFFLINE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/coordinator/validate-comes-back", SyncFixture, NULL,
              sync_fixture_set_up, test_validate_comes_back, sync_fixture_tear_down);
  return g_test_run ();
}
