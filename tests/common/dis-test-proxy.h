/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A TCP proxy on 127.0.0.1 between a client under test and a real hub:
 * it forwards, answers 500, or swallows requests; it can lose the reply to
 * one POST after the hub sent it (the hub committed, the client never
 * knows), or cut every reply after a number of bytes. It records what
 * passed. Restarting the hub on a new port just re-points it. One thread
 * per connection; the fields below the mutex are read and written under
 * it. */

typedef enum
{
  DIS_TEST_PROXY_FORWARD,
  DIS_TEST_PROXY_FAIL_500,
  DIS_TEST_PROXY_SWALLOW,
} DisTestProxyMode;

typedef struct
{
  GSocketService   *service;
  guint16           port;

  GMutex            mutex;
  guint16           upstream;
  DisTestProxyMode  mode;
  gboolean          drop_next_post_reply;
  gint64            cut_after;       /* bytes of reply per connection, -1 = never */
  guint             dropped;         /* POST replies lost */
  guint             posts;           /* POST requests seen */
  GArray           *request_times;   /* gint64 monotonic µs of each request */
  GString          *requests;        /* every request byte, concatenated */
  GPtrArray        *statuses;        /* "200", "206", … of the replies, in order */
  char             *delay_text;      /* requests holding it are held back */
  guint             delay_ms;
} DisTestProxy;

DisTestProxy *dis_test_proxy_new                 (guint16           upstream);
void          dis_test_proxy_free                (DisTestProxy     *proxy);

/* @upstream 0 keeps the current one. */
void          dis_test_proxy_set                 (DisTestProxy     *proxy,
                                                  DisTestProxyMode  mode,
                                                  guint16           upstream);
/* Forgets the requests and statuses seen, and sets the cut. */
void          dis_test_proxy_reset               (DisTestProxy     *proxy,
                                                  gint64            cut_after);
/* Holds back @ms each request whose first bytes (the headers and the
 * start of its body) hold @text (NULL: none): the hub then takes it
 * after requests sent behind it. */
void          dis_test_proxy_delay               (DisTestProxy     *proxy,
                                                  const char       *text,
                                                  guint             ms);
gboolean      dis_test_proxy_saw_status          (DisTestProxy     *proxy,
                                                  const char       *status);
gboolean      dis_test_proxy_saw_request_text    (DisTestProxy     *proxy,
                                                  const char       *text);

G_END_DECLS
