/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-test"

#include "config.h"

#include "dis-store-sync.h"
#include "dis-test-point.h"
#include "dis-test-util.h"

#define ENROL_TIMEOUT_MS (20 * 1000)

DisStore *
dis_test_point_new (const char *path,
                    const char *point_code)
{
  const char *demo = g_getenv ("DIS_DEMO_DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(DisStore) store = NULL;

  if (demo == NULL || *demo == '\0')
    dis_test_fail ("loading the demo network: DIS_DEMO_DIR is not set", NULL);
  store = dis_store_open (path, &error);
  if (store == NULL)
    dis_test_fail ("opening the point's store", error);
  if (!dis_demo_load (store, demo, point_code, &error))
    dis_test_fail ("loading the demo network into the point", error);
  return g_steal_pointer (&store);
}

DisOperator *
dis_test_point_open_till (DisStore *store,
                          gint64    float_cents)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisOperator) manager = NULL;
  g_autoptr(DisDayReport) day = NULL;

  manager = dis_store_create_operator (store, NULL, "Anna", "1234", DIS_ROLE_RESPONSABILE, &error);
  if (manager == NULL)
    dis_test_fail ("creating the responsabile", error);
  day = dis_store_open_day (store, manager, float_cents, &error);
  if (day == NULL)
    dis_test_fail ("opening the day", error);
  return g_steal_pointer (&manager);
}

typedef struct
{
  gboolean          done;
  DisSyncEnrolment *enrolment;
  GError           *error;
} Enrol;

static void
enrol_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Enrol *enrol = data;

  enrol->enrolment = dis_sync_client_enrol_finish (DIS_SYNC_CLIENT (source), result, &enrol->error);
  enrol->done = TRUE;
}

static gboolean
enrol_done (gpointer data)
{
  return ((Enrol *) data)->done;
}

DisSyncEnrolment *
dis_test_enrol (DisSyncClient  *client,
                const char     *url,
                const char     *token,
                const char     *pinned_fingerprint,
                GError        **error)
{
  Enrol enrol = { FALSE, NULL, NULL };

  dis_sync_client_enrol_async (client, url, token, pinned_fingerprint, NULL, enrol_cb, &enrol);
  /* The callback holds a pointer to @enrol: no return before it ran. */
  if (!dis_test_wait_for_full (enrol_done, &enrol, 5, ENROL_TIMEOUT_MS))
    dis_test_fail ("enrolling: no answer within 20 s", NULL);
  if (enrol.error != NULL)
    g_propagate_error (error, enrol.error);
  return enrol.enrolment;
}

gboolean
dis_test_point_synced (DisSyncClient *client,
                       DisStore      *store)
{
  return dis_sync_client_get_state (client) == DIS_SYNC_STATE_SYNCED &&
         dis_store_count_outbox (store, NULL) == 0 &&
         dis_sync_client_get_pending_events (client) == 0;
}
