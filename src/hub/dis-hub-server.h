/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *db_path;
  const char *listen;           /* "HOST:PORT", port 0 = ephemeral */
  const char *tls_cert;         /* PEM files; both or neither */
  const char *tls_key;
  gsize       body_limit;       /* bytes */
  guint       batch_limit;      /* events per push */
  guint       depth_limit;      /* JSON nesting */
  guint       request_timeout;  /* seconds for a connection to deliver a request */
  guint       drain_timeout;    /* seconds in-flight requests get on shutdown */
  const char *metrics_token;    /* GET /api/v1/metrics needs it; NULL: loopback only */
} DisHubServeOptions;

#define DIS_HUB_SERVE_OPTIONS_DEFAULT \
  ((DisHubServeOptions) { NULL, "127.0.0.1:8040", NULL, NULL, 1024 * 1024, 500, 32, 30, 30 })

/* Runs the API until SIGTERM or SIGINT; returns the process exit status. */
int dis_hub_serve (const DisHubServeOptions *options);

G_END_DECLS
