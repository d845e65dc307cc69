/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_DAY_DIALOG (dis_day_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisDayDialog, dis_day_dialog, DIS, DAY_DIALOG, AdwWindow)

typedef enum
{
  DIS_DAY_DIALOG_OPEN,    /* ask for the opening float */
  DIS_DAY_DIALOG_CLOSE,   /* count the cash, show the report, close */
} DisDayDialogMode;

/* Emits "done" after the day was opened or closed. */
GtkWidget *dis_day_dialog_new (GtkWindow        *parent,
                               DisStore         *store,
                               DisOperator      *operator,
                               DisDayDialogMode  mode);

G_END_DECLS
