/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A real disotto-hub ($DIS_HUB) for tests and benchmarks: its admin
 * commands on a private database, and `serve` on 127.0.0.1 only. Every
 * wait is bounded; every process it starts dies with the test
 * (PR_SET_PDEATHSIG, so a failed assertion leaves no hub behind) and the
 * serving one is stopped by dis_test_hub_free() at the latest. */

typedef struct
{
  char        *dir;
  char        *db_path;    /* what `--db` says: @dir/hub.db, or a PostgreSQL
                            URI when $DIS_TEST_DB is "postgresql" */
  char        *log_path;   /* @dir/hub.log: what `serve` writes to stderr */
  GSubprocess *process;    /* `serve`, while it runs */
  guint16      port;
  char        *url;        /* http(s)://127.0.0.1:PORT, as the hub said */
} DisTestHub;

/* Where a test's hub keeps its database on the engine $DIS_TEST_DB names:
 * @dir/hub.db, or a new database on the test program's PostgreSQL. */
char       *dis_test_hub_location_new (const char  *dir);

/* `disotto-hub init` on dis_test_hub_location_new (@dir). */
DisTestHub *dis_test_hub_new          (const char  *dir);
/* A second hub process on the database of @other (two `serve` sharing
 * one PostgreSQL database); nothing is run. */
DisTestHub *dis_test_hub_new_shared   (const char  *dir,
                                       DisTestHub  *other);
/* Also `demo load $DIS_DEMO_DIR`: the demo network, its catalog and its
 * settings. */
DisTestHub *dis_test_hub_new_demo     (const char  *dir);
void        dis_test_hub_free         (DisTestHub  *hub);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisTestHub, dis_test_hub_free)

/* Runs one admin command (NULL-terminated arguments; `--db` is added) to
 * completion and returns its exit status, with its output when asked. */
G_GNUC_NULL_TERMINATED
int         dis_test_hub_run          (DisTestHub  *hub,
                                       char       **out_stdout,
                                       char       **out_stderr,
                                       const char  *first,
                                       ...);
/* The same with @input on its standard input. */
G_GNUC_NULL_TERMINATED
int         dis_test_hub_run_input    (DisTestHub  *hub,
                                       const char  *input,
                                       char       **out_stdout,
                                       char       **out_stderr,
                                       const char  *first,
                                       ...);
/* The same, failing unless it succeeds; returns its standard output. */
G_GNUC_NULL_TERMINATED
char       *dis_test_hub_admin        (DisTestHub  *hub,
                                       const char  *first,
                                       ...);

/* `point add --code @code [--device @device]`: enrols a device (the hub's
 * default one when @device is NULL) and returns the token it printed once.
 * With @new_point the point is created too, with a name and a place. */
char       *dis_test_hub_add_device   (DisTestHub  *hub,
                                       const char  *code,
                                       const char  *device,
                                       gboolean     new_point);

/* `serve --listen 127.0.0.1:@port` (0: any free port) with the extra
 * arguments given (NULL-terminated), and waits for the hub to say where
 * it listens (a second --listen among them, the last one, wins: for a
 * test that needs a peer that is not loopback). */
G_GNUC_NULL_TERMINATED
void        dis_test_hub_start        (DisTestHub  *hub,
                                       guint        port,
                                       ...);
/* SIGTERM, then waits for the process to end; TRUE when it exited with
 * status 0. Does nothing (and returns TRUE) when it does not run. */
gboolean    dis_test_hub_stop         (DisTestHub  *hub);
/* SIGKILL, then waits for the process to end. */
void        dis_test_hub_kill         (DisTestHub  *hub);
/* Waits for the process to end after a signal the caller sent; TRUE when
 * it exited with status 0. */
gboolean    dis_test_hub_wait         (DisTestHub  *hub);

/* One value from the hub database through the hub's own database API,
 * on either engine (safe while it serves); @text, when not NULL, is
 * bound to ?1. The SQL must be one both engines run. */
gint64      dis_test_hub_int          (DisTestHub  *hub,
                                       const char  *sql,
                                       const char  *text);
char       *dis_test_hub_text         (DisTestHub  *hub,
                                       const char  *sql,
                                       const char  *text);
/* The first column of every row @sql returns that is not NULL, joined
 * with @separator; NULL when there is none (as SQLite's group_concat(),
 * which PostgreSQL lacks, but in the order the query gives). */
char       *dis_test_hub_join         (DisTestHub  *hub,
                                       const char  *sql,
                                       const char  *separator);
/* Runs @sql (statements without results) on the hub database; fails the
 * test on an error. */
void        dis_test_hub_exec         (DisTestHub  *hub,
                                       const char  *sql);

/* DIS_TEST_ELIGIBLE_CARD (dis-test-util.h) in the hub's registry, eligible
 * for every tier at any date of the last year, and published: the hub
 * flags a sale below Equa of anyone else. The 12-month volume asked for
 * Impegno is set to nothing, as the hub counts only sales it received. */
void        dis_test_hub_add_eligible_member (DisTestHub *hub);

/* A sale.committed event of @qty milli-units of spaghetti (P-0001, equa
 * 185) at @tier sold by @device of @point, to nobody, as the point's store
 * writes it; @skew is added to the point's totals. */
char       *dis_test_hub_sale_event   (const char  *point,
                                       const char  *device,
                                       gint64       seq,
                                       const char  *tier,
                                       gint64       qty,
                                       gint64       unit_price,
                                       gint64       skew);

/* The two ends of a sync test in one temporary directory: a hub with the
 * demo network, a token for a device of its point TO-CEN, and the places
 * where that point keeps its database and its sync configuration. */
typedef struct
{
  char       *dir;
  DisTestHub *hub;
  char       *token;
  char       *point_db;     /* @dir/punto.db, not created */
  char       *config_dir;   /* @dir/config, not created */
} DisTestNetwork;

/* @device as in dis_test_hub_add_device(); the hub does not serve yet. */
void        dis_test_network_init     (DisTestNetwork *network,
                                       const char     *prefix,
                                       const char     *device);
/* Stops the hub and removes the directory with everything in it. */
void        dis_test_network_clear    (DisTestNetwork *network);

G_END_DECLS
