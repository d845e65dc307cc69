/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-members-refresh"

#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "dis-members-format.h"
#include "dis-members-page.h"
#include "dis-store-sync.h"
#include "dis-test-app.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"
#include "dis-tier-selector.h"
#include "dis-till-page.h"

/* The whole application, a member shown on the Members page and chosen
 * as the buyer at the till: both show the one evaluation of the member's
 * tiers, and both follow when a page of the hub's changes feed changes
 * the member underneath them (issue 9, item 19). */

#define WAIT_SECONDS 10

typedef struct
{
  char           *dir;
  char           *db_path;
  char           *card;
  DisApplication *app;
  DisWindow      *window;
} Fixture;

#define wait_until(cond, data, what) dis_test_wait_until (cond, data, WAIT_SECONDS * 1000, what)

/* ---- Fixture ------------------------------------------------------------ */

/* Giulia registered here today and is waiting for the hub; a point manager
 * granted her a provisional Accessibile basis, and she prefers it. As the
 * changes feed leaves a member the hub published (no outbox event). */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DisStore) store = NULL;
  g_autoptr(DisOperator) anna = NULL;
  g_autoptr(DisDayReport) day = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  f->dir = dis_test_tmpdir_new ("dis-members-refresh");
  f->db_path = g_build_filename (f->dir, "punto.db", NULL);
  f->card = dis_member_card_from_number (4);

  store = dis_store_open (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (dis_store_set_identity (store, "TO-TST", "Punto di prova", "C1", &error));
  g_assert_no_error (error);
  anna = dis_store_create_operator (store, NULL, "Anna", "1234", DIS_ROLE_RESPONSABILE, &error);
  g_assert_no_error (error);
  day = dis_store_open_day (store, anna, 5000, &error);
  g_assert_no_error (error);

  sql = g_strdup_printf ("INSERT INTO members (card_code, display_name, status, preferred_tier,"
                         " registered_on, basis, basis_expires_on, basis_flagged, known_to_hub, updated_at)"
                         " VALUES ('%s', 'Giulia Neri', 'pending', 'accessibile',"
                         " date ('now', 'localtime'), 'provisional', date ('now', 'localtime', '+2 months'),"
                         " 1, 1, date ('now', 'localtime'))",
                         f->card);
  dis_test_file_exec (f->db_path, sql);
  g_clear_object (&store);

  f->app = dis_test_app_start (&f->window,
                               "database-path", f->db_path,
                               "config-dir", f->dir,
                               "offline-only", TRUE,
                               NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dis_test_destroy_toplevels ();
  dis_test_sleep_ms (200);

  g_application_set_default (NULL);
  g_clear_object (&f->app);
  dis_test_rm_rf (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
  g_free (f->card);
}

/* ---- Helpers ------------------------------------------------------------ */

static void
sign_in (Fixture *f)
{
  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_SECONDS * 1000);
}

typedef struct
{
  DisTierSelector *selector;
  DisTier          tier;
  gboolean         allowed;
} TierWait;

static gboolean
tier_is (gpointer data)
{
  TierWait *wait = data;

  return dis_tier_selector_is_allowed (wait->selector, wait->tier) == wait->allowed;
}

static void
wait_tier (DisTierSelector *selector,
           DisTier          tier,
           gboolean         allowed)
{
  TierWait wait = { selector, tier, allowed };
  g_autofree char *what = g_strdup_printf ("the till to %s %s", allowed ? "allow" : "refuse",
                                           dis_tier_get_name (tier));

  wait_until (tier_is, &wait, what);
}

static const char *
row_subtitle (GtkWidget  *page,
              const char *title)
{
  GtkWidget *row = dis_test_find_text (page, ADW_TYPE_ACTION_ROW, title, DIS_TEST_MATCH_EXACT);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

typedef struct
{
  GtkWidget  *page;
  const char *title;
  const char *text;
} RowWait;

static gboolean
row_says (gpointer data)
{
  RowWait *wait = data;
  GtkWidget *row = dis_test_find_text (wait->page, ADW_TYPE_ACTION_ROW, wait->title, DIS_TEST_MATCH_EXACT);

  return row != NULL && g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), wait->text);
}

static void
wait_row (GtkWidget  *page,
          const char *title,
          const char *text)
{
  RowWait wait = { page, title, text };
  g_autofree char *what = g_strdup_printf ("the row “%s” to say “%s”", title, text);

  wait_until (row_says, &wait, what);
}

/* The Members page says which tiers the till allows, and the till allows
 * exactly those: the two show one evaluation. */
static void
assert_agree (GtkWidget       *members,
              DisTierSelector *selector,
              DisCart         *cart)
{
  gboolean allowed[DIS_N_TIERS];
  g_autofree char *tiers = NULL;
  g_autofree char *expected = NULL;
  const char *shown;

  for (guint i = 0; i < DIS_N_TIERS; i++)
    allowed[i] = dis_tier_selector_is_allowed (selector, i);
  tiers = dis_members_format_tiers (allowed);
  expected = g_strdup_printf ("%s — the till proposes %s", tiers, dis_tier_get_name (dis_cart_get_tier (cart)));
  shown = row_subtitle (members, "Tiers at the Till");
  g_test_message ("Members page: %s; till: %s", shown, expected);
  g_assert_cmpstr (shown, ==, expected);
}

/* As the sync client applies a page of GET /api/v1/changes: the hub
 * validated Giulia, who meanwhile meets every Impegno criterion on her
 * own; her provisional basis was reviewed away. */
static void
pull_validation (Fixture *f)
{
  DisStore *store = dis_application_get_store (f->app);
  DisCodecChange change = { 0, };
  g_autoptr(JsonArray) changes = json_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_months (now, 9);
  g_autofree char *volume_until = g_date_time_format (then, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  change.seq = 1;
  change.kind = DIS_CODEC_CHANGE_MEMBER;
  change.op = DIS_CODEC_OP_UPSERT;
  change.member.card_code = f->card;
  change.member.display_name = "Giulia Neri";
  change.member.status = DIS_MEMBER_VALIDATED;
  change.member.preferred_tier = DIS_TIER_ACCESSIBILE;
  /* Her purchases keep Impegno for nine months more; no basis. */
  change.member.impegno.eligible_until = volume_until;
  change.member.accessibile.missing = 1u << DIS_CRITERION_BASIS;
  node = dis_codec_change_to_node (&change, &error);
  g_assert_no_error (error);
  json_array_add_element (changes, node);

  g_assert_true (dis_store_sync_apply_changes (store, changes, 1, &error));
  g_assert_no_error (error);
}

/* ---- The test ----------------------------------------------------------- */

static gboolean
member_shown (gpointer data)
{
  return dis_members_page_get_member (DIS_MEMBERS_PAGE (data)) != NULL;
}

static gboolean
shown_validated (gpointer data)
{
  DisMember *member = dis_members_page_get_member (DIS_MEMBERS_PAGE (data));

  return member != NULL && member->status == DIS_MEMBER_VALIDATED;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
cart_at_impegno (gpointer data)
{
  return dis_cart_get_tier (DIS_CART (data)) == DIS_TIER_IMPEGNO;
}

static void
test_member_changes_underneath (Fixture       *f,
                                gconstpointer  data)
{
  GtkWidget *till;
  GtkWidget *members;
  GtkWidget *entry;
  DisTierSelector *selector;
  DisCart *cart;
  const char *status;

  sign_in (f);
  till = dis_test_get_text (GTK_WIDGET (f->window), DIS_TYPE_TILL_PAGE, NULL);
  members = dis_test_get_text (GTK_WIDGET (f->window), DIS_TYPE_MEMBERS_PAGE, NULL);
  selector = DIS_TIER_SELECTOR (dis_test_find_named (till, DIS_TYPE_TIER_SELECTOR, NULL));
  cart = dis_till_page_get_cart (DIS_TILL_PAGE (till));

  /* The card is scanned at the till: her provisional basis allows
   * Accessibile, and with it every tier above. */
  entry = dis_test_find_named (till, GTK_TYPE_SEARCH_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), f->card);
  g_signal_emit_by_name (entry, "activate");
  wait_tier (selector, DIS_TIER_ACCESSIBILE, TRUE);
  g_assert_true (dis_tier_selector_is_allowed (selector, DIS_TIER_IMPEGNO));
  g_assert_cmpint (dis_cart_get_tier (cart), ==, DIS_TIER_ACCESSIBILE);

  /* The Members page, open on her, says the same: Impegno is usable
   * though its own criteria are not met, and the status does not claim
   * Equa and Solidale only. */
  dis_members_page_show_member (DIS_MEMBERS_PAGE (members), f->card);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "members"));
  wait_until (member_shown, members, "Giulia on the Members page");
  wait_until (is_mapped, members, "the Members page on screen");
  assert_agree (members, selector, cart);
  status = row_subtitle (members, "Status");
  g_assert_true (g_str_has_prefix (status, "Pending"));
  g_assert_null (strstr (status, "Equa"));
  g_assert_nonnull (dis_test_find_text (members, GTK_TYPE_LABEL, "Usable at the till all the same",
                                        DIS_TEST_MATCH_PREFIX));

  /* The hub validates her and the till syncs: the open page and the
   * till's buyer follow, nobody searches again. */
  pull_validation (f);
  wait_until (shown_validated, members, "the Members page to show Giulia validated");
  wait_row (members, "Status", "Validated by the hub");
  wait_tier (selector, DIS_TIER_ACCESSIBILE, FALSE);
  g_assert_true (dis_tier_selector_is_allowed (selector, DIS_TIER_IMPEGNO));
  /* The till proposed Accessibile: it now proposes the lowest tier she
   * may use at or above it. */
  wait_until (cart_at_impegno, cart, "the till to propose Impegno");
  assert_agree (members, selector, cart);
  g_assert_null (dis_test_find_text (members, GTK_TYPE_LABEL, "Usable at the till all the same",
                                     DIS_TEST_MATCH_PREFIX));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  dis_core_init ();

  g_test_add ("/members/refresh/changes-underneath", Fixture, NULL,
              fixture_setup, test_member_changes_underneath, fixture_teardown);

  return g_test_run ();
}
