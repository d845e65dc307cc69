/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dis-codec.h"
#include "dis-member.h"
#include "dis-sqlite.h"
#include "dis-store.h"

G_BEGIN_DECLS

/* One SQLite connection with its statement cache. Every use happens with
 * @mutex held (recursive, so a public function may call another one). */
typedef struct
{
  GRecMutex   mutex;
  sqlite3    *db;
  GHashTable *stmts;   /* SQL text → sqlite3_stmt*, finalized on close */
} DisDb;

struct _DisStore
{
  GObject      parent_instance;

  char        *path;
  int          schema_version;

  DisDb        writer;
  DisDb        reader;

  /* One thread each: writes are serial, and reads never wait for them. */
  GThreadPool *write_pool;
  GThreadPool *read_pool;
};

/* A statement borrowed from a connection's cache: the cleanup resets it
 * and clears its bindings instead of finalizing it. */
typedef sqlite3_stmt DisStmt;
void _dis_stmt_release (DisStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisStmt, _dis_stmt_release)

/* Holds @dbp's mutex to the end of the scope. Declare borrowed statements
 * after it: cleanups run in reverse order, so a statement declared before
 * would be reset once the connection is unlocked, while another thread may
 * be stepping the same cached statement. */
#define DIS_DB_LOCK(dbp) \
  G_GNUC_UNUSED g_autoptr(GRecMutexLocker) G_PASTE (_dis_db_locker_, __LINE__) = g_rec_mutex_locker_new (&(dbp)->mutex)

DisStmt  *_dis_db_prepare     (DisDb        *db,
                               const char   *sql,
                               GError      **error);
gboolean  _dis_db_error       (DisDb        *db,
                               GError      **error);
/* Steps a statement that returns no row (or whose rows are ignored). */
gboolean  _dis_db_step_done   (DisDb        *db,
                               DisStmt      *stmt,
                               GError      **error);
/* Prepares and runs one statement without parameters or rows
 * (DELETE FROM t, SAVEPOINT s, …). */
gboolean  _dis_db_exec        (DisDb        *db,
                               const char   *sql,
                               GError      **error);
/* Steps once: TRUE and *has_row when a row is there, FALSE on error. */
gboolean  _dis_db_step_row    (DisDb        *db,
                               DisStmt      *stmt,
                               gboolean     *has_row,
                               GError      **error);
/* Steps an INSERT … RETURNING: TRUE with its row, FALSE on error. */
gboolean  _dis_db_step_returning (DisDb      *db,
                                  DisStmt    *stmt,
                                  GError    **error);
gboolean  _dis_db_begin       (DisDb        *db,
                               GError      **error);   /* BEGIN IMMEDIATE */
gboolean  _dis_db_commit      (DisDb        *db,
                               GError      **error);
void      _dis_db_rollback    (DisDb        *db);

/* The store's names for the shared helpers (dis-sqlite.h). */
#define _dis_bind_text  dis_sqlite_bind_text
#define _dis_column_dup dis_sqlite_column_dup

char      *_dis_now_iso8601   (void);
GDateTime *_dis_parse_iso8601 (const char   *text);

/* ---- The one runner of every dis_store_*_async() ----------------------
 *
 * A public pair is a few lines over these: _async describes its blocking
 * body once, in a static DisStoreCall, and queues it with its copied
 * arguments (@data, freed with the call's data_free on whichever thread
 * drops the task); _finish passes the call's source tag, which it checks.
 * A cancelled @cancellable stops the body from starting. The callback
 * runs on the caller's thread-default main context. */

/* Returns the result, or NULL with @error set; NULL without an error is
 * a result too ("nothing there"), for the operations that say so. */
typedef gpointer (*DisStoreFunc)     (DisStore  *store,
                                      gpointer   data,
                                      GError   **error);
typedef gboolean (*DisStoreBoolFunc) (DisStore  *store,
                                      gpointer   data,
                                      GError   **error);

/* A search as the UI types (text and a limit, a GPtrArray of results),
 * on the reader: the body of the public function and of its _async. */
typedef GPtrArray *(*DisStoreSearchFunc) (DisDb       *db,
                                          const char  *text,
                                          guint        limit,
                                          GError     **error);

typedef struct
{
  gpointer            source_tag;   /* the public _async function */
  gboolean            write;        /* on the serial write worker, else on the read worker */
  /* The body, one of: */
  DisStoreFunc        func;         /* finished with _dis_store_run_finish () */
  DisStoreBoolFunc    bool_func;    /* finished with _dis_store_run_boolean_finish () */
  DisStoreSearchFunc  search;       /* on DisStoreArgs text and number (the limit); the
                                     * runner frees those and the result */
  GDestroyNotify      data_free;
  GDestroyNotify      result_free;  /* for a result nobody finished */
} DisStoreCall;

void      _dis_store_run_async          (DisStore            *self,
                                         const DisStoreCall  *call,
                                         gpointer             data,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gpointer  _dis_store_run_finish         (DisStore            *self,
                                         GAsyncResult        *result,
                                         gpointer             source_tag,
                                         GError             **error);
gboolean  _dis_store_run_boolean_finish (DisStore            *self,
                                         GAsyncResult        *result,
                                         gpointer             source_tag,
                                         GError             **error);

/* The arguments most calls copy, as @data with data_free
 * _dis_store_args_free(): the objects referenced, the strings copied,
 * the PIN wiped when freed. A body reads what its _async set. */
typedef struct
{
  DisOperator *acting;
  GObject     *object;    /* the sale, the cart */
  char        *text;      /* a name, a label, a folder, a search */
  char        *text2;
  char        *pin;
  gint64       number;    /* an id, an amount, a limit */
  gint64       number2;   /* a role, a flag */
} DisStoreArgs;

DisStoreArgs *_dis_store_args_new  (DisOperator   *acting,
                                    gpointer       object,
                                    const char    *text,
                                    gint64         number);
void          _dis_store_args_free (gpointer       args);

/* Runs @search on the reader. */
GPtrArray *_dis_store_search (DisStore            *self,
                              DisStoreSearchFunc   search,
                              const char          *text,
                              guint                limit,
                              GError             **error);

/* Settings, on whichever connection the caller holds. */
gboolean  _dis_store_read_percents (DisDb            *db,
                                    DisTierPercents  *out,
                                    GError          **error);
gboolean  _dis_store_write_percents (DisDb                 *db,
                                     const DisTierPercents *percents,
                                     GError               **error);
gboolean  _dis_store_write_eligibility_rules (DisDb                     *db,
                                              const DisEligibilityRules *rules,
                                              GError                   **error);
gboolean  _dis_store_read_eligibility_rules  (DisDb                     *db,
                                              DisEligibilityRules       *out,
                                              GError                   **error);
DisIdentity *_dis_store_read_identity (DisDb    *db,
                                       GError  **error);
gboolean  _dis_store_write_identity (DisDb       *db,
                                     const char  *point_code,
                                     const char  *point_name,
                                     const char  *device_id,
                                     GError     **error);
gboolean  _dis_store_write_point    (DisDb                *db,
                                     const DisPointRecord *point,
                                     GError              **error);

/* The id of the open business day, 0 (without an error) when none is. */
gboolean  _dis_store_read_open_day  (DisDb       *db,
                                     gint64      *out_day_id,
                                     GError     **error);

/* Catalog, inside a transaction the caller opened on the writer. */
gboolean  _dis_store_write_supplier (DisDb       *db,
                                     const char  *code,
                                     const char  *name,
                                     GError     **error);
gint64    _dis_store_write_product  (DisDb                  *db,
                                     const DisProductRecord *record,
                                     GError                **error);
DisProduct *_dis_store_read_product (DisDb       *db,
                                     gint64       product_id,
                                     GError     **error);

/* What earlier refunds took of the sale line "l": its quantity, total and
 * Equa total, three columns, each ≥ 0 (DisSaleLine.refunded_*). */
#define REFUNDED_COLUMNS \
  " coalesce ((SELECT -sum (r.quantity) FROM sale_lines r WHERE r.refund_of_line = l.id), 0)," \
  " coalesce ((SELECT -sum (r.line_total) FROM sale_lines r WHERE r.refund_of_line = l.id), 0)," \
  " coalesce ((SELECT -sum (r.line_total_equa) FROM sale_lines r WHERE r.refund_of_line = l.id), 0)"

/* Every query that builds a DisProduct selects these columns, in order,
 * from "products p" PRODUCT_JOINS; the row becomes a product with its
 * effective tier prices under @percents. */
#define PRODUCT_COLUMNS \
  "p.id, p.name, p.kind, p.unit, p.vat_rate, p.ean, p.plu, p.supplier_id, s.name," \
  " p.category, p.equa_cents, p.accessibile_bp, p.impegno_bp, p.solidale_bp," \
  " coalesce (st.qty, 0)"
#define PRODUCT_JOINS \
  " LEFT JOIN suppliers s ON s.id = p.supplier_id" \
  " LEFT JOIN stock_levels st ON st.product_id = p.id"

DisProduct *_dis_store_product_from_row (DisStmt                *stmt,
                                         const DisTierPercents  *percents,
                                         GError                **error);

/* Each word of @text a quoted prefix term ("word"*), so nothing a person
 * types is FTS5 syntax; punctuation separates words. NULL without words. */
char      *_dis_store_fts_prefix_query  (const char   *text);

/* Every query that builds a DisMember selects these columns, in order,
 * from "members m". */
#define MEMBER_COLUMNS \
  "m.card_code, m.display_name, m.status, m.preferred_tier, m.registered_on," \
  " m.volume_12m_cents, m.documentation_acknowledged, m.has_declaration, m.basis," \
  " m.basis_expires_on, m.basis_flagged, m.activity_hours, m.known_to_hub," \
  " (SELECT coalesce (sum (s.total), 0) FROM sales s WHERE s.member_card = m.card_code" \
  "   AND EXISTS (SELECT 1 FROM outbox o WHERE o.sale_id = s.id))," \
  " m.impegno_missing, m.impegno_until, m.accessibile_missing, m.accessibile_until"

DisMember *_dis_store_member_from_row   (DisStmt      *stmt);
/* DIS_ERROR_TIER_NOT_ALLOWED, with the reason, when the buyer of @sale
 * (anonymous or its member as this point knows them) may not buy at its
 * tier today: dis_eligibility_evaluate() decides, as at the till. */
gboolean   _dis_store_check_tier        (DisDb        *db,
                                         DisSale      *sale,
                                         GError      **error);
/* The same for @member_card (NULL: anonymous) at @tier. */
gboolean   _dis_store_check_member_tier (DisDb        *db,
                                         const char   *member_card,
                                         DisTier       tier,
                                         GError      **error);

/* Operators as stored, to check @acting against the database rather than
 * trusting the caller's object. */
gboolean  _dis_store_check_acting   (DisDb         *db,
                                     DisOperator   *acting,
                                     DisPermission  permission,
                                     GError       **error);

/* A "fund_period" change of the feed, into fund_periods (dis-store-fund.c);
 * DIS_ERROR_INVALID when its document is not one the page can read. */
gboolean  _dis_store_write_fund_period (DisDb                     *db,
                                        const DisCodecFundPeriod  *period,
                                        GError                   **error);

/* Emits "outbox-changed" on the store creator's main context; call after
 * a commit that added an outbox row. */
void      _dis_store_notify_outbox_changed (DisStore *self);
/* Emit "members-changed" (with a copy of @cards; nothing when empty),
 * "eligibility-rules-changed", "points-changed" and
 * "fund-periods-changed" the same way, after
 * the commit that made the change. */
void      _dis_store_notify_members_changed (DisStore           *self,
                                             const char * const *cards);
void      _dis_store_notify_member_changed  (DisStore           *self,
                                             const char         *card);
void      _dis_store_notify_rules_changed   (DisStore           *self);
void      _dis_store_notify_points_changed  (DisStore           *self);
void      _dis_store_notify_fund_periods_changed (DisStore      *self);

/* Inside a sale's commit, before its outbox event: a "product.declared"
 * event for each of the own products @product_ids the hub was not told
 * of as they are now (dis-store-own-products.c). */
gboolean  _dis_store_declare_own_products (DisDb         *db,
                                           DisIdentity   *identity,
                                           const gint64  *product_ids,
                                           guint          n_products,
                                           const char    *at,
                                           GError       **error);

/* An outbox event (with the next event seq of @device_id) inside the
 * transaction the caller opened on the writer; for events that are not
 * sales (members). */
gboolean  _dis_store_insert_outbox  (DisDb       *db,
                                     const char  *device_id,
                                     const char  *type,
                                     const char  *at,
                                     const char  *payload,
                                     GError     **error);

/* A "member" change of the hub's feed, inside the page's transaction. */
gboolean  _dis_store_apply_member_change (DisDb                 *db,
                                          const DisCodecMember  *member,
                                          gboolean               upsert,
                                          GError               **error);

/* ---- The stock ledger (dis-store-stock-ledger.c) ----------------------- */

/* One movement of stock other than a sale's or a refund's (those are
 * written by the sale's commit itself, dis-store-sales.c). */
typedef struct
{
  gint64      product_id;
  const char *kind;        /* "receive" "adjust" "waste" "transfer" */
  gint64      qty;         /* signed milli-units, never 0 */
  const char *at;          /* ISO 8601 UTC, as sales write it */
  gint64      operator_id; /* 0: nobody signed in */
  const char *document;    /* NULL or: delivery note, "restock:<uuid>",
                              "count:<id>", "transfer:<uuid>" */
  const char *lot;         /* NULL or ≤ 40 chars */
  const char *expires_on;  /* NULL or YYYY-MM-DD */
  gint64      unit_cost;   /* cents per unit (per kg/l when weighed); -1 unknown */
  const char *reason;      /* NULL or a waste/adjust reason */
} DisStockMove;

/* Inside a write transaction the caller opened: the movement, the level
 * (upsert, may go negative) and nothing else. DIS_ERROR_INVALID for a
 * move no writer may make (kind, qty 0 or past DIS_QUANTITY_MAX, a text
 * past its bound). */
gboolean _dis_store_stock_move (DisDb               *db,
                                const DisStockMove  *move,
                                GError             **error);

/* Inside the same transaction, after one operation's movements: one
 * "stock.moved" outbox event carrying them (≤ 1000 per event; more are
 * split). @first_movement_id: the first stock_movements.id written by
 * this operation. Sales and refunds, and movements of products without
 * a code the hub could know, are never announced. */
gboolean _dis_store_stock_announce (DisDb        *db,
                                    DisIdentity  *identity,
                                    gint64        first_movement_id,
                                    GError      **error);

/* The id the next movement will get: what an operation passes to
 * _dis_store_stock_announce() as @first_movement_id. */
gboolean _dis_store_stock_next_movement_id (DisDb    *db,
                                            gint64   *out_id,
                                            GError  **error);

/* The current purchase cost of @product_id: the unit_cost of its last
 * "receive" movement that has one, -1 when none has. */
gboolean _dis_store_stock_unit_cost (DisDb    *db,
                                     gint64    product_id,
                                     gint64   *out_cents,
                                     GError  **error);

/* The transfers as DisStockTransfer*, with their lines: @only_id's (NULL:
 * all), @incoming_only those sent to this point (dis-store-stock.c). */
GPtrArray *_dis_store_stock_read_transfers (DisDb       *db,
                                            const char  *only_id,
                                            gboolean     incoming_only,
                                            GError     **error);

/* A "transfer" change of the hub's feed, inside the page's transaction:
 * one sent to this point becomes one to confirm (once); one this point
 * sent, confirmed by its receiver, records what arrived. Any other is
 * ignored (dis-store-stock-write.c). */
gboolean   _dis_store_stock_apply_transfer (DisDb                   *db,
                                            const DisCodecTransfer  *transfer,
                                            GError                 **error);

/* Emits "stock-changed" on the store creator's main context; call after
 * the commit of any stock write (sales too). */
void     _dis_store_notify_stock_changed (DisStore *self);

G_END_DECLS
