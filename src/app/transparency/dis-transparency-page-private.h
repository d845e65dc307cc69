/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-fund-chart.h"
#include "dis-review-list.h"
#include "dis-tier-mix-chart.h"
#include "dis-transparency-page.h"

G_BEGIN_DECLS

struct _DisTransparencyPage
{
  GtkWidget              parent_instance;

  DisStore              *store;
  GCancellable          *cancellable;   /* the load under way */
  GPtrArray             *closed;        /* DisFundPeriod from the hub, oldest first */
  gboolean               loaded;        /* a load finished since the store was set */

  /* Template children */
  GtkWidget             *content;
  GtkStack              *stack;
  AdwStatusPage         *empty_page;
  GtkMenuButton         *menu_button;
  DisTierMixChart       *tier_chart;
  DisFundChart          *fund_chart;
  GtkColumnView         *table;
  GListStore            *figures;       /* DisTransparencyFigure */
  DisReviewList         *review_list;   /* shown with a coordinator */
};

/* dis-transparency-page-export.c: the CSV of the shown figures to @file;
 * says how it went in a toast or an error. */
void        _dis_transparency_page_export_to     (DisTransparencyPage *self,
                                                  GFile               *file);
/* Asks where, then exports. */
void        _dis_transparency_page_export        (DisTransparencyPage *self);

/* For tests: the figures shown, whether a load has finished, whether the
 * empty state shows, and the CSV the export writes. */
GListModel *_dis_transparency_page_get_figures   (DisTransparencyPage *self);
gboolean    _dis_transparency_page_is_loaded     (DisTransparencyPage *self);
gboolean    _dis_transparency_page_is_empty      (DisTransparencyPage *self);

G_END_DECLS
