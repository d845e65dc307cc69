/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-members-coordinator"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "dis-coordinator-bar.h"
#include "dis-members-page.h"
#include "dis-review-list-private.h"
#include "dis-store-members.h"
#include "dis-test-app.h"
#include "dis-test-gui.h"
#include "dis-test-hub.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "dis-transparency-page.h"
#include "dis-window-private.h"

/* Issue 10 §5 in the whole application against a real hub: a coordinator
 * signs in on the Members page, is refused with a wrong passphrase,
 * validates the member shown, sees the new state come back through the
 * pull, and is signed out by the lock; with the hub gone the sign-in is
 * refused in plain words. On the Transparency page the coordinator
 * accepts a sale the hub flagged. */

#define WAIT_MS    20000
#define PASSPHRASE "correct horse battery"

/* The text a person sees for @msgid, in the language the test runs in,
 * without mnemonic underscores: the test reads the screen in any locale
 * (the Italian walk-through runs it with LANGUAGE=it). */
static const char *
T (const char *msgid)
{
  static GHashTable *texts;
  char *text;

  if (texts == NULL)
    texts = g_hash_table_new (g_str_hash, g_str_equal);
  text = g_hash_table_lookup (texts, msgid);
  if (text == NULL)
    {
      GString *out = g_string_new (NULL);

      for (const char *p = _(msgid); *p != '\0'; p++)
        if (*p != '_')
          g_string_append_c (out, *p);
      text = g_string_free (out, FALSE);
      g_hash_table_insert (texts, (gpointer) msgid, text);
    }
  return text;
}

/* With DIS_TEST_SCREENSHOTS set to a folder, the window as it is now, in
 * @name.png there, for a person to look at; nothing otherwise. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("DIS_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL, *path = NULL;

  if (dir == NULL)
    return;
  dis_test_sleep_ms (1000);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, NULL);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

typedef struct
{
  DisTestNetwork  net;
  char           *card;
  char           *c2_token;   /* a second till of TO-CEN, pushing by hand */
  DisApplication *app;
  DisWindow      *window;
} Fixture;

static gboolean
member_on_hub (gpointer data)
{
  Fixture *f = data;

  return dis_test_hub_int (f->net.hub, "SELECT count(*) FROM members WHERE card_code = ?1", f->card) == 1;
}

/* TO-CEN with Anna (responsabile, PIN 1234) and a pending member the hub
 * already has; the point enrolled; a coordinator Marta on the hub. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DisStore) store = NULL;
  g_autoptr(DisOperator) anna = NULL;
  g_autoptr(DisSyncClient) client = NULL;
  g_autoptr(DisSyncEnrolment) enrolment = NULL;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GError) error = NULL;
  DisMemberRegistration registration = {
    .display_name = "Giulia Bertolotti",
    .kind = DIS_MEMBER_KIND_PERSON,
    .preferred_tier = DIS_TIER_EQUA,
    .privacy_consent = TRUE,
  };

  dis_test_network_init (&f->net, "dis-coordinator-ui", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->net.config_dir, 0700), ==, 0);
  g_free (dis_test_hub_admin (f->net.hub, "settings", "set", "coordinator.pwhash_opslimit", "1", NULL));
  g_free (dis_test_hub_admin (f->net.hub, "settings", "set", "coordinator.pwhash_memlimit_kib", "8", NULL));
  g_assert_cmpint (dis_test_hub_run_input (f->net.hub, PASSPHRASE "\n", NULL, NULL,
                                           "coordinator", "add", "--name", "Marta", NULL), ==, 0);
  f->c2_token = dis_test_hub_add_device (f->net.hub, "TO-CEN", "C2", FALSE);
  dis_test_hub_start (f->net.hub, 0, NULL);

  store = dis_test_point_new (f->net.point_db, "TO-CEN");
  anna = dis_test_point_open_till (store, 5000);
  f->card = dis_store_new_member_card (store, &error);
  g_assert_no_error (error);
  registration.card_code = f->card;
  member = dis_store_register_member (store, anna, &registration, &error);
  g_assert_no_error (error);

  client = dis_sync_client_new (store, f->net.config_dir);
  enrolment = dis_test_enrol (client, f->net.hub->url, f->net.token, NULL, &error);
  g_assert_no_error (error);
  dis_sync_client_sync_now (client);
  dis_test_wait_until (member_on_hub, f, WAIT_MS, "the member on the hub");
  dis_sync_client_stop (client);
  g_clear_object (&client);
  g_clear_object (&store);

  f->app = dis_test_app_start (&f->window,
                               "database-path", f->net.point_db,
                               "config-dir", f->net.config_dir,
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
  dis_test_network_clear (&f->net);
  g_free (f->card);
  g_free (f->c2_token);
}

typedef struct
{
  GtkWidget  *root;
  GType       type;
  const char *text;
} TextWait;

static gboolean
is_shown (GtkWidget  *root,
          GType       type,
          const char *text)
{
  GtkWidget *widget = dis_test_find_text (root, type, text, DIS_TEST_MATCH_PREFIX);

  return widget != NULL && gtk_widget_get_mapped (widget);
}

static gboolean
text_shown (gpointer data)
{
  TextWait *wait = data;

  return is_shown (wait->root, wait->type, wait->text);
}

static void
wait_text (GtkWidget  *root,
           GType       type,
           const char *text)
{
  TextWait wait = { root, type, text };
  g_autofree char *what = g_strdup_printf ("“%s” on screen", text);

  dis_test_wait_until (text_shown, &wait, WAIT_MS, what);
}

static gboolean
shown_validated (gpointer data)
{
  DisMember *member = dis_members_page_get_member (DIS_MEMBERS_PAGE (data));

  return member != NULL && member->status == DIS_MEMBER_VALIDATED;
}

static gboolean
member_shown (gpointer data)
{
  return dis_members_page_get_member (DIS_MEMBERS_PAGE (data)) != NULL;
}

static gboolean
no_session_on_hub (gpointer data)
{
  Fixture *f = data;

  return dis_test_hub_int (f->net.hub, "SELECT count(*) FROM coordinator_sessions", NULL) == 0;
}

static GtkWidget *
open_members (Fixture *f)
{
  GtkWidget *members = dis_test_get_text (GTK_WIDGET (f->window), DIS_TYPE_MEMBERS_PAGE, NULL);

  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_MS);
  dis_members_page_show_member (DIS_MEMBERS_PAGE (members), f->card);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "members"));
  dis_test_wait_until (member_shown, members, WAIT_MS, "the member on the Members page");
  return members;
}

/* Opens the form and signs in with @passphrase. */
static void
sign_in (GtkWidget  *bar,
         const char *passphrase)
{
  GtkWidget *toggle = dis_test_get_text (bar, GTK_TYPE_TOGGLE_BUTTON, T ("_Coordinator Sign-In…"));
  GtkWidget *name = dis_test_find_text (bar, ADW_TYPE_ENTRY_ROW, T ("Coordinator Name"), DIS_TEST_MATCH_EXACT);
  GtkWidget *secret = dis_test_find_text (bar, ADW_TYPE_PASSWORD_ENTRY_ROW, T ("Passphrase"), DIS_TEST_MATCH_EXACT);

  g_assert_nonnull (name);
  g_assert_nonnull (secret);
  if (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)))
    dis_test_click (toggle);
  gtk_editable_set_text (GTK_EDITABLE (name), "Marta");
  gtk_editable_set_text (GTK_EDITABLE (secret), passphrase);
  dis_test_click (dis_test_get_text (bar, GTK_TYPE_BUTTON, T ("Sign In as _Coordinator")));
}

static void
test_sign_in_and_validate (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *marta = g_strdup_printf (_("Coordinator: %s"), "Marta");
  GtkWidget *members, *bar;

  members = open_members (f);
  bar = dis_test_get_text (members, DIS_TYPE_COORDINATOR_BAR, NULL);
  g_assert_true (gtk_widget_get_visible (bar));
  /* Nobody signed in: nothing to do on the hub. */
  g_assert_false (is_shown (bar, GTK_TYPE_BUTTON, T ("_Validate")));

  sign_in (bar, "not the passphrase");
  wait_text (bar, GTK_TYPE_LABEL, T ("Unknown coordinator or wrong passphrase"));
  screenshot (GTK_WIDGET (f->window), "1-wrong-passphrase");
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM coordinator_sessions", NULL), ==, 0);

  sign_in (bar, PASSPHRASE);
  wait_text (bar, GTK_TYPE_LABEL, marta);
  screenshot (GTK_WIDGET (f->window), "2-signed-in");
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM coordinator_sessions"
                                                 " WHERE point_code = 'TO-CEN'", NULL), ==, 1);

  dis_test_click (dis_test_get_text (bar, GTK_TYPE_BUTTON, T ("_Validate")));
  /* Done on the hub, audited, and back at the point through the pull. */
  dis_test_wait_until (shown_validated, members, WAIT_MS, "the Members page to show the member validated");
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM members WHERE card_code = ?1"
                                                 " AND status = 'validated'", f->card), ==, 1);
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM audit_log WHERE action = 'member.validate'"
                                                 " AND point_code = 'TO-CEN' AND target = ?1", f->card), ==, 1);
  screenshot (GTK_WIDGET (f->window), "3-validated");

  /* The lock signs the coordinator out, at the till and on the hub. */
  dis_window_lock (f->window);
  dis_test_wait_until (no_session_on_hub, f, WAIT_MS, "the coordinator session to end on the hub");
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM audit_log WHERE action = 'session.end'",
                                     NULL), ==, 1);

  /* Back in, the hub gone: refused in plain words. */
  members = open_members (f);
  g_assert_false (is_shown (bar, GTK_TYPE_LABEL, marta));
  g_assert_true (dis_test_hub_stop (f->net.hub));
  sign_in (bar, PASSPHRASE);
  wait_text (bar, GTK_TYPE_LABEL, T ("The hub cannot be reached: coordinators need the network"));
  screenshot (GTK_WIDGET (f->window), "4-offline");
}

/* An Accessibile sale to nobody from till C2, which the hub keeps and
 * flags for review; returns its id on the hub. */
static char *
push_flagged_sale (Fixture *f)
{
  g_autofree char *event = dis_test_hub_sale_event ("TO-CEN", "C2", 1, "accessibile", 1000, 139, 0);
  g_autofree char *body = g_strdup_printf ("{\"device\":\"C2\",\"events\":[%s]}", event);
  g_autofree char *url = g_strconcat (f->net.hub->url, "/api/v1/events", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", f->c2_token, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 20, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return dis_test_hub_text (f->net.hub, "SELECT id FROM hub_sales WHERE review_state = 'pending'", NULL);
}

static gboolean
list_empty (gpointer data)
{
  return g_list_model_get_n_items (_dis_review_list_get_sales (DIS_REVIEW_LIST (data))) == 0;
}

typedef struct
{
  Fixture    *f;
  const char *sale_id;
} SaleWait;

static gboolean
sale_accepted_on_hub (gpointer data)
{
  SaleWait *wait = data;

  return dis_test_hub_int (wait->f->net.hub, "SELECT count(*) FROM hub_sales WHERE id = ?1"
                                             " AND review_state = 'accepted'", wait->sale_id) == 1;
}

static void
test_review_flagged_sale (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *sale_id = push_flagged_sale (f);
  g_autofree char *marta = g_strdup_printf (_("Coordinator: %s"), "Marta");
  g_autofree char *title = g_strdup_printf (_("Receipt %s at %s"), "TO-CEN-C2-000001", "TO-CEN");
  GtkWidget *members, *bar, *page, *reviews;
  SaleWait wait = { f, sale_id };

  g_assert_nonnull (sale_id);
  members = open_members (f);
  bar = dis_test_get_text (members, DIS_TYPE_COORDINATOR_BAR, NULL);
  page = dis_test_get_text (GTK_WIDGET (f->window), DIS_TYPE_TRANSPARENCY_PAGE, NULL);
  reviews = dis_test_get_text (page, DIS_TYPE_REVIEW_LIST, NULL);

  /* Enrolled: the section is there, and says where to sign in. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "transparency"));
  wait_text (page, GTK_TYPE_LABEL, T ("Flagged Sales"));
  wait_text (reviews, GTK_TYPE_LABEL, T ("Sign in as a coordinator on the Members page to review the sales the hub flagged."));
  g_assert_true (list_empty (reviews));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "members"));
  sign_in (bar, PASSPHRASE);
  wait_text (bar, GTK_TYPE_LABEL, marta);

  /* The sale the hub flagged, with its decision. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "transparency"));
  wait_text (reviews, GTK_TYPE_LABEL, title);
  g_assert_cmpuint (g_list_model_get_n_items (_dis_review_list_get_sales (DIS_REVIEW_LIST (reviews))), ==, 1);
  screenshot (GTK_WIDGET (f->window), "5-flagged-sale");

  dis_test_click (dis_test_get_text (reviews, GTK_TYPE_BUTTON, T ("_Accept")));
  dis_test_wait_until (sale_accepted_on_hub, &wait, WAIT_MS, "the sale accepted on the hub");
  dis_test_wait_until (list_empty, reviews, WAIT_MS, "the accepted sale to leave the list");
  g_assert_false (is_shown (reviews, GTK_TYPE_LABEL, title));
  g_assert_null (dis_test_find_text (reviews, GTK_TYPE_BUTTON, T ("_Accept"), DIS_TEST_MATCH_EXACT));
  wait_text (reviews, GTK_TYPE_LABEL, T ("No flagged sales wait for a decision."));
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM audit_log WHERE action = 'review.accept'"
                                                 " AND point_code = 'TO-CEN'", NULL), ==, 1);
  screenshot (GTK_WIDGET (f->window), "6-sale-accepted");
}

/* The window closes with the Basis menu open: the menu goes with it
 * (see dis_test_destroy_window_with_open()). In the till's window, whose
 * closing signs the coordinator out (which takes the menu away); with
 * @data, in a window of its own that does not. */
static void
test_basis_closed_with_window (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *marta = g_strdup_printf (_("Coordinator: %s"), "Marta");
  GtkWidget *members, *bar, *basis;
  GtkWindow *window;

  members = open_members (f);
  bar = dis_test_get_text (members, DIS_TYPE_COORDINATOR_BAR, NULL);
  sign_in (bar, PASSPHRASE);
  wait_text (bar, GTK_TYPE_LABEL, marta);
  window = GTK_WINDOW (f->window);
  if (data != NULL)
    {
      window = GTK_WINDOW (gtk_window_new ());
      bar = g_object_new (DIS_TYPE_COORDINATOR_BAR, NULL);
      dis_coordinator_bar_set_coordinator (DIS_COORDINATOR_BAR (bar), f->window->coordinator);
      dis_coordinator_bar_set_member (DIS_COORDINATOR_BAR (bar),
                                      dis_members_page_get_member (DIS_MEMBERS_PAGE (members)));
      gtk_window_set_child (window, bar);
      gtk_window_present (window);
    }
  else
    f->window = NULL;
  /* The bar's one menu. */
  basis = dis_test_find_named (bar, GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (basis)));
  gtk_menu_button_popup (GTK_MENU_BUTTON (basis));
  dis_test_destroy_window_with_open (window, gtk_menu_button_get_popover (GTK_MENU_BUTTON (basis)),
                                     WAIT_MS / 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *language = g_strdup (g_getenv ("LANGUAGE"));

  gtk_test_init (&argc, &argv, NULL);
  dis_core_init ();
  /* The walk-through for people runs in their language: gtk_test_init()
   * chose its own. */
  if (g_getenv ("DIS_TEST_SCREENSHOTS") != NULL)
    {
      if (language != NULL)
        g_setenv ("LANGUAGE", language, TRUE);
      dis_application_init_process ();
    }

  g_test_add ("/members/coordinator/sign-in-and-validate", Fixture, NULL,
              fixture_setup, test_sign_in_and_validate, fixture_teardown);
  g_test_add ("/members/coordinator/review-flagged-sale", Fixture, NULL,
              fixture_setup, test_review_flagged_sale, fixture_teardown);
  g_test_add ("/members/coordinator/basis-closed-with-window", Fixture, NULL,
              fixture_setup, test_basis_closed_with_window, fixture_teardown);
  g_test_add ("/members/coordinator/basis-closed-with-own-window", Fixture, "own",
              fixture_setup, test_basis_closed_with_window, fixture_teardown);

  return g_test_run ();
}
