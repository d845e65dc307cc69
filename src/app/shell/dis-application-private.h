/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-application.h"

G_BEGIN_DECLS

/* Shared by dis-application.c (actions, the window, public API) and
 * dis-application-options.c (the command line and start-up: opening the
 * store, loading the demo, enrolling with --enrol-url). */
struct _DisApplication
{
  AdwApplication  parent_instance;

  DisStore       *store;
  DisOperator    *operator;
  GError         *load_error;
  GCancellable   *cancellable;
  DisSyncClient  *sync_client;
  /* The store while the --enrol-url enrolment runs. */
  DisStore       *pending_store;
  /* Why it failed, until the window shows it. */
  GError         *enrol_error;

  char           *database_path;
  char           *demo_dir;
  char           *point_code;
  char           *config_dir;
  char           *enrol_url;
  char           *enrol_token;

  guint           opening : 1;
  guint           offline_only : 1;
};

enum {
  DIS_APPLICATION_PROP_0,
  DIS_APPLICATION_PROP_STORE,
  DIS_APPLICATION_PROP_OPERATOR,
  DIS_APPLICATION_PROP_LOAD_ERROR,
  DIS_APPLICATION_PROP_DATABASE_PATH,
  DIS_APPLICATION_PROP_DEMO_DIR,
  DIS_APPLICATION_PROP_POINT_CODE,
  DIS_APPLICATION_PROP_SYNC_CLIENT,
  DIS_APPLICATION_PROP_CONFIG_DIR,
  DIS_APPLICATION_PROP_ENROL_URL,
  DIS_APPLICATION_PROP_ENROL_TOKEN,
  DIS_APPLICATION_PROP_OFFLINE_ONLY,
  DIS_APPLICATION_N_PROPS
};

/* dis-application-options.c */
void _dis_application_add_options          (DisApplication *self);
int  _dis_application_handle_local_options (DisApplication *self,
                                            GVariantDict   *options);
/* Opens the store (once), then loads the demo or enrols as asked. */
void _dis_application_open_store           (DisApplication *self);
/* Overwrites the --enrol-token before freeing it. */
void _dis_application_wipe_token           (DisApplication *self);

/* dis-application.c: where start-up ends. */
void _dis_application_set_store            (DisApplication *self,
                                            DisStore       *store);
void _dis_application_set_load_error       (DisApplication *self,
                                            GError         *error);
void _dis_application_notify               (DisApplication *self,
                                            guint           prop_id);

G_END_DECLS
