/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <sqlite3.h>

#include "dis-eligibility-checklist-private.h"
#include "dis-member-dialog-private.h"
#include "dis-member-row.h"
#include "dis-members-page.h"
#include "dis-payment-view.h"
#include "dis-provisional-basis-dialog.h"
#include "dis-store-members.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"
#include "dis-tier-selector.h"
#include "dis-till-page.h"

/* Iterates the main context until @cond holds; fails after 5 s. */
#define WAIT_UNTIL(cond) DIS_TEST_WAIT_UNTIL (cond, 5)

typedef struct
{
  char        *dir;
  char        *path;
  DisStore    *store;
  DisOperator *manager;
  DisOperator *volunteer;
  GtkWindow   *window;
  char        *rossi;     /* validated, misses Impegno, no basis, prefers Impegno */
  char        *bianchi;   /* validated, with an Accessibile basis, prefers Accessibile */
  char        *unknown;   /* nobody's card */
  char        *ean;
} Fixture;

/* "YYYY-MM-DD" of today moved by @months and @days (negative: past). */
static char *
date_from_today (int months,
                 int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate date;
  char text[16];

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
  if (months < 0)
    g_date_subtract_months (&date, -months);
  else
    g_date_add_months (&date, months);
  if (days < 0)
    g_date_subtract_days (&date, -days);
  else
    g_date_add_days (&date, days);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);

  return g_strdup (text);
}

/* As the hub's changes feed would leave them (data/migrations/0003-members.sql). */
static void
insert_member (Fixture    *f,
               const char *card,
               const char *name,
               const char *tier,
               const char *registered_on,
               gint64      volume,
               gboolean    acknowledged,
               gboolean    declaration,
               const char *basis,
               const char *basis_expires_on)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO members (card_code, display_name, status, preferred_tier,"
                                       " registered_on, volume_12m_cents, documentation_acknowledged,"
                                       " has_declaration, basis, basis_expires_on, known_to_hub, updated_at)"
                                       " VALUES (?1, ?2, 'validated', ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?4)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, card, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, tier, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, registered_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, volume);
  sqlite3_bind_int (stmt, 6, acknowledged);
  sqlite3_bind_int (stmt, 7, declaration);
  sqlite3_bind_text (stmt, 8, basis, -1, SQLITE_TRANSIENT);
  if (basis_expires_on != NULL)
    sqlite3_bind_text (stmt, 9, basis_expires_on, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  return dis_test_file_int (f->path, sql, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *one_month = date_from_today (-1, -3);
  g_autofree char *one_year = date_from_today (-12, 0);
  g_autofree char *next_year = date_from_today (12, 0);
  DisProductRecord record = { 0, };
  DisDayReport *day;
  int check;

  f->dir = dis_test_tmpdir_new ("dis-members");
  f->path = g_build_filename (f->dir, "punto.db", NULL);

  f->store = dis_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (dis_store_set_identity (f->store, "TO-TST", "Punto di prova", "C1", &error));
  g_assert_no_error (error);
  g_assert_true (dis_store_upsert_supplier (f->store, "libera", "Libera Terra", &error));
  g_assert_no_error (error);

  check = dis_ean_check_digit ("800100000001", 12);
  f->ean = g_strdup_printf ("800100000001%d", check);
  record.code = (char *) "caffe";
  record.name = (char *) "Caffè Chiapas";
  record.kind = DIS_PRODUCT_BASKET;
  record.unit = DIS_UNIT_PIECE;
  record.vat_rate = 22;
  record.ean = f->ean;
  record.supplier_code = (char *) "libera";
  record.category = (char *) "Dispensa";
  record.equa_cents = 400;
  g_assert_cmpint (dis_store_upsert_product (f->store, &record, &error), >, 0);
  g_assert_no_error (error);

  f->manager = dis_store_create_operator (f->store, NULL, "Anna", "1234", DIS_ROLE_RESPONSABILE, &error);
  g_assert_no_error (error);
  f->volunteer = dis_store_create_operator (f->store, f->manager, "Bruno", "5678", DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);
  day = dis_store_open_day (f->store, f->manager, 10000, &error);
  g_assert_no_error (error);
  dis_day_report_free (day);

  f->rossi = dis_member_card_from_number (2);
  f->bianchi = dis_member_card_from_number (3);
  f->unknown = dis_member_card_from_number (9);
  if (g_strcmp0 (data, "no-members") != 0)
    {
      insert_member (f, f->rossi, "Maria Rossi", "impegno", one_month, 8400, TRUE, FALSE, "none", NULL);
      insert_member (f, f->bianchi, "Luca Bianchi", "accessibile", one_year, 20000, TRUE, TRUE,
                     "certificate", next_year);
    }

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 760);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dis_test_destroy_dialogs ();
  gtk_window_destroy (f->window);
  dis_test_iterate (50);

  g_clear_object (&f->manager);
  g_clear_object (&f->volunteer);
  g_clear_object (&f->store);
  dis_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->rossi);
  g_free (f->bianchi);
  g_free (f->unknown);
  g_free (f->ean);
}

/* ---- Widget lookup ------------------------------------------------------ */

static gboolean
label_contains (GtkWidget     *label,
                gconstpointer  text)
{
  return strstr (gtk_label_get_label (GTK_LABEL (label)), text) != NULL;
}

/* A label whose text contains @text, anywhere under @root. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  return dis_test_find_widget (root, GTK_TYPE_LABEL, label_contains, text);
}

/* ---- The Members page --------------------------------------------------- */

static DisMembersPage *
show_members_page (Fixture     *f,
                   DisOperator *operator)
{
  DisMembersPage *page = DIS_MEMBERS_PAGE (dis_members_page_new ());

  gtk_window_set_child (f->window, GTK_WIDGET (page));
  dis_members_page_set_store (page, f->store);
  dis_members_page_set_operator (page, operator);
  gtk_window_present (f->window);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));

  return page;
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;

  return n;
}

static const char *
first_row_card (GtkListBox *list)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 0);

  g_assert_nonnull (row);
  return dis_member_row_get_member (DIS_MEMBER_ROW (row))->card_code;
}

static void
search (DisMembersPage *page,
        const char     *text)
{
  GtkEditable *entry = GTK_EDITABLE (dis_test_find_named (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, NULL));

  gtk_editable_set_text (entry, text);
  /* Past the entry's delay and the answer. */
  dis_test_iterate (20);
  g_usleep (250000);
  dis_test_iterate (200);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  DisMembersPage *page = show_members_page (f, f->manager);
  GtkListBox *list = GTK_LIST_BOX (dis_test_find_named (GTK_WIDGET (page), GTK_TYPE_LIST_BOX, "members-list"));
  g_autofree char *prefix = g_strndup (f->bianchi, 9);

  /* Everyone at first. */
  WAIT_UNTIL (n_rows (list) == 2);

  search (page, "ross");
  WAIT_UNTIL (n_rows (list) == 1);
  g_assert_cmpstr (first_row_card (list), ==, f->rossi);

  /* Accents and case do not matter; a word's beginning is enough. */
  search (page, "LUC");
  WAIT_UNTIL (n_rows (list) == 1);
  g_assert_cmpstr (first_row_card (list), ==, f->bianchi);

  /* By card, whole or its beginning. */
  search (page, f->rossi);
  WAIT_UNTIL (n_rows (list) == 1);
  g_assert_cmpstr (first_row_card (list), ==, f->rossi);
  search (page, prefix);
  WAIT_UNTIL (n_rows (list) == 1 && g_strcmp0 (first_row_card (list), f->bianchi) == 0);

  search (page, "nessuno");
  WAIT_UNTIL (n_rows (list) == 0);
  g_assert_nonnull (find_label (GTK_WIDGET (page), "No Members Found"));

  /* Choosing a result shows the member. */
  search (page, "rossi");
  WAIT_UNTIL (n_rows (list) == 1);
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 0));
  WAIT_UNTIL (dis_members_page_get_member (page) != NULL);
  g_assert_cmpstr (dis_members_page_get_member (page)->card_code, ==, f->rossi);
}

/* A point without members says so, and how to register the first,
 * rather than that a search found nothing. */
static void
test_no_members_yet (Fixture       *f,
                     gconstpointer  data)
{
  DisMembersPage *page = show_members_page (f, f->manager);

  WAIT_UNTIL (find_label (GTK_WIDGET (page), "No Members Yet") != NULL);
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Register the first one with the + button (Ctrl+N)"));
  search (page, "rossi");
  WAIT_UNTIL (find_label (GTK_WIDGET (page), "No Members Found") != NULL);
}

static void
test_checklist (Fixture       *f,
                gconstpointer  data)
{
  DisMembersPage *page = show_members_page (f, f->manager);
  DisEligibilityChecklist *checklist;
  g_autofree char *text = NULL;

  checklist = DIS_ELIGIBILITY_CHECKLIST (dis_test_find_named (GTK_WIDGET (page), DIS_TYPE_ELIGIBILITY_CHECKLIST, NULL));
  g_assert_nonnull (checklist);

  dis_members_page_show_member (page, f->rossi);
  WAIT_UNTIL (dis_members_page_get_member (page) != NULL);
  text = dis_eligibility_checklist_dup_text (checklist);
  g_test_message ("%s", text);

  g_assert_nonnull (strstr (text, "✓ Membership validated\n"));
  g_assert_nonnull (strstr (text, "✗ Registered 1 month of 2\n"));
  g_assert_nonnull (strstr (text, "✗ Purchases in the last 12 months"));
  g_assert_nonnull (strstr (text, "84"));
  g_assert_nonnull (strstr (text, "150"));
  g_assert_nonnull (strstr (text, "✓ Documentation on the solidarity economy acknowledged\n"));
  g_assert_nonnull (strstr (text, "✗ No public commitment declaration\n"));
  g_assert_nonnull (strstr (text, "✗ No basis on record for the Accessibile tier\n"));
  /* And on screen. */
  g_assert_nonnull (find_label (GTK_WIDGET (checklist), "Registered 1 month of 2"));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Maria Rossi"));
  g_clear_pointer (&text, g_free);

  /* Someone who meets everything: the basis says until when, not what. */
  dis_members_page_show_member (page, f->bianchi);
  WAIT_UNTIL (g_strcmp0 (dis_members_page_get_member (page)->card_code, f->bianchi) == 0);
  text = dis_eligibility_checklist_dup_text (checklist);
  g_assert_null (strstr (text, "✗"));
  g_assert_nonnull (strstr (text, "✓ Accessibile basis: valid until "));
  g_assert_null (strstr (text, "ertificate"));
  g_assert_null (find_label (GTK_WIDGET (page), "ertificate"));
}

static DisMemberDialog *
open_register_dialog (DisMembersPage *page)
{
  DisMemberDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.register", NULL));
  WAIT_UNTIL (dis_test_find_toplevel (DIS_TYPE_MEMBER_DIALOG) != NULL);
  dialog = DIS_MEMBER_DIALOG (dis_test_find_toplevel (DIS_TYPE_MEMBER_DIALOG));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  return dialog;
}

static AdwEntryRow *
entry_row (DisMemberDialog *dialog,
           const char      *title)
{
  GtkWidget *found = NULL;
  GtkWidget *root = GTK_WIDGET (dialog);
  GPtrArray *stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  while (stack->len > 0 && found == NULL)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (ADW_IS_ENTRY_ROW (w) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), title) == 0)
        found = w;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_ptr_array_unref (stack);
  g_assert_nonnull (found);

  return ADW_ENTRY_ROW (found);
}

static void
fill_and_register (DisMemberDialog *dialog,
                   const char      *card,
                   const char      *name,
                   gboolean         consent)
{
  GtkCheckButton *check = GTK_CHECK_BUTTON (dis_test_find_named (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, NULL));
  AdwEntryRow *card_row = entry_row (dialog, "Card code");

  /* The proposed card arrives off the UI thread. */
  WAIT_UNTIL (gtk_editable_get_text (GTK_EDITABLE (card_row))[0] != '\0');
  if (card != NULL)
    gtk_editable_set_text (GTK_EDITABLE (card_row), card);
  gtk_editable_set_text (GTK_EDITABLE (entry_row (dialog, "Name")), name);
  gtk_check_button_set_active (check, consent);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "member.register", NULL);
}

static void
test_register (Fixture       *f,
               gconstpointer  data)
{
  DisMembersPage *page = show_members_page (f, f->manager);
  DisMemberDialog *dialog;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *card = NULL;

  dialog = open_register_dialog (page);
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "copy of all their data"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "Equa or Solidale"));

  fill_and_register (dialog, NULL, "Giulia Verdi", TRUE);
  card = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry_row (dialog, "Card code"))));
  WAIT_UNTIL (dis_test_find_toplevel (DIS_TYPE_MEMBER_DIALOG) == NULL);

  member = dis_store_find_member_by_card (f->store, card, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member->display_name, ==, "Giulia Verdi");
  g_assert_cmpint (member->status, ==, DIS_MEMBER_PENDING);
  g_assert_false (member->known_to_hub);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM outbox WHERE type = 'member.registered'"), ==, 1);

  /* The page shows the new member. */
  WAIT_UNTIL (dis_members_page_get_member (page) != NULL &&
              g_strcmp0 (dis_members_page_get_member (page)->card_code, card) == 0);
}

static void
test_register_refused_for_volontario (Fixture       *f,
                                      gconstpointer  data)
{
  DisMembersPage *page = show_members_page (f, f->volunteer);
  DisMemberDialog *dialog;

  /* The page offers nothing to change and says why. */
  gtk_widget_activate_action (GTK_WIDGET (page), "members.register", NULL);
  dis_test_iterate (50);
  g_assert_null (dis_test_find_toplevel (DIS_TYPE_MEMBER_DIALOG));
  g_assert_true (gtk_widget_get_visible (find_label (GTK_WIDGET (page), "Only a point manager")));

  /* And the store refuses too, with the dialog telling it. */
  dialog = DIS_MEMBER_DIALOG (dis_member_dialog_new (f->window, f->store, f->volunteer));
  gtk_window_present (GTK_WINDOW (dialog));
  fill_and_register (dialog, NULL, "Giulia Verdi", TRUE);
  WAIT_UNTIL (dis_member_dialog_get_message (dialog) != NULL);
  g_assert_cmpstr (dis_member_dialog_get_message (dialog), ==, "Only a point manager can register members");
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM members"), ==, 2);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM outbox WHERE type LIKE 'member.%'"), ==, 0);
}

static void
test_register_bad_input (Fixture       *f,
                         gconstpointer  data)
{
  DisMembersPage *page = show_members_page (f, f->manager);
  DisMemberDialog *dialog = open_register_dialog (page);
  g_autofree char *fresh = dis_member_card_from_number (5);
  const char *message;

  /* A card another member has. */
  fill_and_register (dialog, f->rossi, "Giulia Verdi", TRUE);
  WAIT_UNTIL (dis_member_dialog_get_message (dialog) != NULL);
  message = dis_member_dialog_get_message (dialog);
  g_test_message ("duplicate: %s", message);
  g_assert_nonnull (strstr (message, f->rossi));
  WAIT_UNTIL (gtk_widget_get_mapped (find_label (GTK_WIDGET (dialog), message)));

  /* A mistyped card. */
  fill_and_register (dialog, "DS00000019", "Giulia Verdi", TRUE);
  WAIT_UNTIL (dis_member_dialog_get_message (dialog) != NULL);
  g_assert_nonnull (strstr (dis_member_dialog_get_message (dialog), "not a valid card code"));

  /* No name. */
  fill_and_register (dialog, fresh, "   ", TRUE);
  WAIT_UNTIL (dis_member_dialog_get_message (dialog) != NULL);
  g_assert_cmpstr (dis_member_dialog_get_message (dialog), ==, "Enter the member's name");

  /* No consent: Register is not even offered. */
  fill_and_register (dialog, fresh, "Giulia Verdi", FALSE);
  dis_test_iterate (50);
  g_assert_true (dis_test_find_toplevel (DIS_TYPE_MEMBER_DIALOG) != NULL);

  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM members"), ==, 2);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM outbox WHERE type LIKE 'member.%'"), ==, 0);
}

static void
test_declaration_too_long (Fixture       *f,
                           gconstpointer  data)
{
  DisMembersPage *page = show_members_page (f, f->manager);
  AdwMessageDialog *dialog;
  GtkTextView *view;
  GString *text = g_string_new (NULL);
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *count;

  dis_members_page_show_member (page, f->rossi);
  WAIT_UNTIL (dis_members_page_get_member (page) != NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.declaration", NULL));
  WAIT_UNTIL (dis_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
  dialog = ADW_MESSAGE_DIALOG (dis_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  view = GTK_TEXT_VIEW (dis_test_find_named (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW, NULL));

  /* 1001 characters, accented ones counting once. */
  for (guint i = 0; i < DIS_MEMBER_DECLARATION_MAX; i++)
    g_string_append (text, "è");
  g_string_append_c (text, '!');
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text->str, -1);
  g_string_free (text, TRUE);

  count = find_label (GTK_WIDGET (dialog), "1001 / 1000");
  g_assert_nonnull (count);
  g_assert_true (gtk_widget_has_css_class (count, "error"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "too long by 1 character"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));

  /* Even if Save got through, nothing is stored. */
  adw_message_dialog_response (dialog, "save");
  dis_test_iterate (100);
  member = dis_store_find_member_by_card (f->store, f->rossi, &error);
  g_assert_no_error (error);
  g_assert_false (member->has_declaration);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM outbox WHERE type LIKE 'member.%'"), ==, 0);

  /* A good one is recorded and the checklist follows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.declaration", NULL));
  WAIT_UNTIL (dis_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
  dialog = ADW_MESSAGE_DIALOG (dis_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  view = GTK_TEXT_VIEW (dis_test_find_named (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW, NULL));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "Compro equo e solidale.", -1);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  adw_message_dialog_response (dialog, "save");
  WAIT_UNTIL (dis_members_page_get_member (page)->has_declaration);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM outbox WHERE type LIKE 'member.%'"), ==, 1);
}

/* The row of the member with @card, -1 when the list has none. */
static int
row_of (GtkListBox *list,
        const char *card)
{
  for (int i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (g_strcmp0 (dis_member_row_get_member (DIS_MEMBER_ROW (row))->card_code, card) == 0)
        return i;
    }
  return -1;
}

static void
test_change_in_place (Fixture       *f,
                      gconstpointer  data)
{
  DisMembersPage *page = show_members_page (f, f->manager);
  GtkListBox *list = GTK_LIST_BOX (dis_test_find_named (GTK_WIDGET (page), GTK_TYPE_LIST_BOX, "members-list"));
  g_autoptr(DisMember) stored = NULL;
  g_autoptr(GError) error = NULL;
  DisMember *before;
  GtkListBoxRow *row;
  int position;

  WAIT_UNTIL (n_rows (list) == 2);
  dis_members_page_show_member (page, f->rossi);
  WAIT_UNTIL (dis_members_page_get_member (page) != NULL);
  position = row_of (list, f->rossi);
  g_assert_cmpint (position, >=, 0);
  WAIT_UNTIL (gtk_list_box_get_selected_row (list) == gtk_list_box_get_row_at_index (list, position));
  before = dis_members_page_get_member (page);
  g_assert_cmpint (before->preferred_tier, ==, DIS_TIER_IMPEGNO);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.preferred-tier", "u", DIS_TIER_EQUA));
  WAIT_UNTIL (dis_members_page_get_member (page)->preferred_tier == DIS_TIER_EQUA);

  /* The store has it, once. */
  stored = dis_store_find_member_by_card (f->store, f->rossi, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->preferred_tier, ==, DIS_TIER_EQUA);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM outbox WHERE type = 'member.updated'"), ==, 1);

  /* The list did not search again: the member's row was made anew in its
   * place, from the same object the details show, and stays selected. */
  g_assert_cmpint (n_rows (list), ==, 2);
  row = gtk_list_box_get_row_at_index (list, position);
  g_assert_true (dis_member_row_get_member (DIS_MEMBER_ROW (row)) == dis_members_page_get_member (page));
  g_assert_true (dis_members_page_get_member (page) != before);
  g_assert_true (gtk_list_box_get_selected_row (list) == row);
}

static void
test_provisional_basis (Fixture       *f,
                        gconstpointer  data)
{
  DisMembersPage *page = show_members_page (f, f->manager);
  DisMemberRegistration registration = { 0, };
  g_autoptr(DisMember) pending = NULL;
  g_autoptr(DisMember) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *card = dis_member_card_from_number (7);
  DisProvisionalBasisDialog *dialog;
  guint32 in_a_month = dis_date_add_months (dis_date_today (), 1);

  registration.card_code = card;
  registration.display_name = "Giulia Verdi";
  registration.kind = DIS_MEMBER_KIND_PERSON;
  registration.preferred_tier = DIS_TIER_EQUA;
  registration.privacy_consent = TRUE;
  pending = dis_store_register_member (f->store, f->manager, &registration, &error);
  g_assert_no_error (error);

  /* Only for a pending member without a basis. */
  dis_members_page_show_member (page, f->rossi);
  WAIT_UNTIL (dis_members_page_get_member (page) != NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "members.provisional-basis", NULL);
  dis_test_iterate (20);
  g_assert_null (dis_test_find_toplevel (DIS_TYPE_PROVISIONAL_BASIS_DIALOG));

  dis_members_page_show_member (page, card);
  WAIT_UNTIL (g_strcmp0 (dis_members_page_get_member (page)->card_code, card) == 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.provisional-basis", NULL));
  WAIT_UNTIL (dis_test_find_toplevel (DIS_TYPE_PROVISIONAL_BASIS_DIALOG) != NULL);
  dialog = DIS_PROVISIONAL_BASIS_DIALOG (dis_test_find_toplevel (DIS_TYPE_PROVISIONAL_BASIS_DIALOG));

  /* The longest at first; the body says whom and until when. */
  g_assert_cmpuint (dis_provisional_basis_dialog_get_months (dialog), ==, DIS_PROVISIONAL_BASIS_MONTHS);
  g_assert_cmpuint (dis_provisional_basis_dialog_get_expires_julian (dialog), ==,
                    dis_date_add_months (dis_date_today (), DIS_PROVISIONAL_BASIS_MONTHS));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Giulia Verdi"));

  /* Choosing a month in the list moves the date. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dis_test_find_named (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, NULL)), 0);
  g_assert_cmpuint (dis_provisional_basis_dialog_get_months (dialog), ==, 1);
  g_assert_cmpuint (dis_provisional_basis_dialog_get_expires_julian (dialog), ==, in_a_month);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "grant");
  WAIT_UNTIL (dis_members_page_get_member (page)->basis == DIS_BASIS_PROVISIONAL);
  g_assert_cmpuint (dis_members_page_get_member (page)->basis_expires_julian, ==, in_a_month);

  stored = dis_store_find_member_by_card (f->store, card, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->basis, ==, DIS_BASIS_PROVISIONAL);
  g_assert_cmpuint (stored->basis_expires_julian, ==, in_a_month);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM outbox WHERE type = 'member.provisional_basis'"), ==, 1);
}

/* ---- At the till -------------------------------------------------------- */

static DisTillPage *
show_till (Fixture *f)
{
  DisTillPage *page = DIS_TILL_PAGE (dis_till_page_new ());

  gtk_window_set_child (f->window, GTK_WIDGET (page));
  dis_till_page_set_store (page, f->store);
  dis_till_page_set_operator (page, f->manager);
  gtk_window_present (f->window);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));

  return page;
}

static void
type_and_enter (DisTillPage *page,
                const char  *text)
{
  GtkEditable *entry = GTK_EDITABLE (dis_test_find_named (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, NULL));

  gtk_editable_set_text (entry, text);
  g_signal_emit_by_name (entry, "activate");
}

static void
test_till_member (Fixture       *f,
                  gconstpointer  data)
{
  DisTillPage *page = show_till (f);
  DisCart *cart = dis_till_page_get_cart (page);
  DisTierSelector *selector = DIS_TIER_SELECTOR (dis_test_find_named (GTK_WIDGET (page), DIS_TYPE_TIER_SELECTOR, NULL));
  DisPaymentView *view = DIS_PAYMENT_VIEW (dis_test_find_named (GTK_WIDGET (page), DIS_TYPE_PAYMENT_VIEW, NULL));
  g_autofree char *buyer_text = NULL;
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *spaced = NULL;

  g_assert_nonnull (find_label (GTK_WIDGET (page), "Anonymous buyer"));
  g_assert_false (dis_tier_selector_is_allowed (selector, DIS_TIER_ACCESSIBILE));

  type_and_enter (page, f->ean);
  WAIT_UNTIL (!dis_cart_is_empty (cart));
  g_assert_cmpint (dis_cart_get_total (cart), ==, 400);

  /* Scanned (as a person types it: lower case, a space): Accessibile is
   * allowed and, preferred, chosen; the cart follows. */
  spaced = g_strdup_printf ("ds%.4s %s", f->bianchi + 2, f->bianchi + 6);
  type_and_enter (page, spaced);
  WAIT_UNTIL (dis_tier_selector_is_allowed (selector, DIS_TIER_ACCESSIBILE));
  g_assert_true (dis_tier_selector_is_allowed (selector, DIS_TIER_IMPEGNO));
  g_assert_cmpint (dis_cart_get_tier (cart), ==, DIS_TIER_ACCESSIBILE);
  g_assert_cmpint (dis_cart_get_total (cart), ==, 300);
  buyer_text = g_strdup_printf ("Luca Bianchi · %s", f->bianchi);
  g_assert_nonnull (find_label (GTK_WIDGET (page), buyer_text));
  /* The search entry is free for the next product. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dis_test_find_named (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, NULL))), ==, "");

  /* A member who misses criteria: Impegno off and why; Equa chosen. */
  type_and_enter (page, f->rossi);
  WAIT_UNTIL (!dis_tier_selector_is_allowed (selector, DIS_TIER_ACCESSIBILE));
  g_assert_false (dis_tier_selector_is_allowed (selector, DIS_TIER_IMPEGNO));
  g_assert_nonnull (strstr (dis_tier_selector_get_reason (selector, DIS_TIER_IMPEGNO), "Registered 1 month of 2"));
  g_assert_cmpint (dis_cart_get_tier (cart), ==, DIS_TIER_EQUA);
  g_assert_cmpint (dis_cart_get_total (cart), ==, 400);

  /* An unknown card: a toast, and the buyer stays. */
  type_and_enter (page, f->unknown);
  WAIT_UNTIL (find_label (GTK_WIDGET (page), "No member with card") != NULL);
  g_assert_nonnull (find_label (GTK_WIDGET (page), f->unknown));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Maria Rossi"));
  g_assert_cmpint (dis_cart_get_tier (cart), ==, DIS_TIER_EQUA);

  /* Back to Bianchi, then sell. */
  type_and_enter (page, f->bianchi);
  WAIT_UNTIL (dis_cart_get_tier (cart) == DIS_TIER_ACCESSIBILE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "till.pay", NULL));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (view)));
  dis_payment_view_set_cash_text (view, "5");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "payment.confirm", NULL));
  WAIT_UNTIL (dis_cart_is_empty (cart));

  sale = dis_store_get_last_sale (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sale->member_card, ==, f->bianchi);
  g_assert_cmpint (sale->tier, ==, DIS_TIER_ACCESSIBILE);
  g_assert_cmpint (sale->tier_delta, ==, -100);

  /* The next buyer is anonymous again. */
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Anonymous buyer"));
  g_assert_false (dis_tier_selector_is_allowed (selector, DIS_TIER_ACCESSIBILE));
  g_assert_cmpint (dis_cart_get_tier (cart), ==, DIS_TIER_EQUA);
}

static void
test_till_anonymous_unknown (Fixture       *f,
                             gconstpointer  data)
{
  DisTillPage *page = show_till (f);
  DisCart *cart = dis_till_page_get_cart (page);
  DisTierSelector *selector = DIS_TIER_SELECTOR (dis_test_find_named (GTK_WIDGET (page), DIS_TYPE_TIER_SELECTOR, NULL));

  type_and_enter (page, f->unknown);
  WAIT_UNTIL (find_label (GTK_WIDGET (page), "No member with card") != NULL);
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Anonymous buyer"));
  g_assert_false (dis_tier_selector_is_allowed (selector, DIS_TIER_IMPEGNO));
  g_assert_cmpint (dis_cart_get_tier (cart), ==, DIS_TIER_EQUA);

  /* A mistyped card is not searched as a product. */
  type_and_enter (page, "DS00000019");
  WAIT_UNTIL (find_label (GTK_WIDGET (page), "not a valid member card") != NULL);
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Anonymous buyer"));
}

int
main (int   argc,
      char *argv[])
{
  dis_test_gtk_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/members/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("search", test_search);
  g_test_add ("/members/no-members-yet", Fixture, "no-members", fixture_setup, test_no_members_yet,
              fixture_teardown);
  ADD ("checklist", test_checklist);
  ADD ("register", test_register);
  ADD ("register-refused-for-volontario", test_register_refused_for_volontario);
  ADD ("register-bad-input", test_register_bad_input);
  ADD ("declaration-too-long", test_declaration_too_long);
  ADD ("change-in-place", test_change_in_place);
  ADD ("provisional-basis", test_provisional_basis);
  ADD ("till-member", test_till_member);
  ADD ("till-unknown-card", test_till_anonymous_unknown);

  return g_test_run ();
}
