/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-coordinator-bar.h"
#include "dis-member-detail.h"
#include "dis-members-page.h"

G_BEGIN_DECLS

struct _DisMembersPage
{
  GtkWidget        parent_instance;

  DisStore        *store;
  DisOperator     *operator;

  /* DisMember: the search's answer, best first. A member that changed
   * replaces its item in place (items_changed on one position), so the
   * list makes that one row again. */
  GListStore      *members;

  GCancellable    *cancellable;         /* cancelled in dispose */
  GCancellable    *search_cancellable;
  guint            search_serial;
  guint            show_serial;

  guint            disposed : 1;
  guint            busy : 1;            /* a change is being written */
  /* Selecting the shown member's row, not the person choosing one. */
  guint            selecting : 1;

  GtkSearchEntry  *search_entry;
  GtkStack        *results_stack;
  AdwStatusPage   *empty_page;
  GtkListBox      *members_list;
  GtkStack        *detail_stack;
  DisMemberDetail *detail;              /* owns the member shown */
  DisCoordinatorBar *coordinator_bar;
};

/* dis-members-page.c */
void     _dis_members_page_search             (DisMembersPage *self);
/* Shows @member (NULL: none) without asking the store. */
void     _dis_members_page_show               (DisMembersPage *self,
                                               DisMember      *member);
/* @member as it is now, after a change: its list item and, when it is
 * the one shown, the details follow. */
void     _dis_members_page_member_changed     (DisMembersPage *self,
                                               DisMember      *member);

/* dis-members-page-actions.c */
gboolean _dis_members_page_can_manage         (DisMembersPage *self);
void     _dis_members_page_update_actions     (DisMembersPage *self);
void     _dis_members_page_class_init_actions (GtkWidgetClass *widget_class);

G_END_DECLS
