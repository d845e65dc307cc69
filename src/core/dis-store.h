/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dis-cart.h"
#include "dis-day.h"
#include "dis-operator.h"
#include "dis-parked-cart.h"
#include "dis-product.h"
#include "dis-sale.h"
#include "dis-tier.h"

G_BEGIN_DECLS

/* The point's local store: one SQLite file (WAL, foreign keys, STRICT
 * tables, migrations by user_version from resources under
 * /it/disotto/core/migrations/NNNN-name.sql).
 *
 * Every dis_store_*() function without _async is blocking and thread-safe:
 * tests, tools and the store's own worker call them. The UI thread calls
 * only the _async/_finish pairs, which run the blocking function on one
 * serial worker thread for writes or one for reads and report back on
 * the caller's thread-default main context. Their arguments are copied
 * (objects referenced) before _async returns, unless a pair says
 * otherwise; a cancelled @cancellable stops an operation that has not
 * started yet. */

#define DIS_TYPE_STORE (dis_store_get_type ())
G_DECLARE_FINAL_TYPE (DisStore, dis_store, DIS, STORE, GObject)

/* Signals, emitted on the main context the store was opened from, after
 * the commit that made the change, whichever thread wrote it:
 *   "outbox-changed" (void): an event waits to be sent.
 *   "members-changed" (GStrv cards): these members' rows changed, here (a
 *     registration, a change at the Members page, a sale that counts in
 *     their purchase volume) or by a page of the hub's changes feed.
 *     Whoever shows one of them reads it again.
 *   "eligibility-rules-changed" (void): the network's rules for Impegno
 *     came with the changes feed; every member's tiers may differ.
 *   "points-changed" (void): a page of the changes feed added, changed or
 *     removed points of the network; whoever shows them reads them again.
 *   "fund-periods-changed" (void): a page of the changes feed brought
 *     fund periods the hub closed (dis-store-fund.h).
 *   "stock-changed" (void): a write moved stock (a sale, a refund, a
 *     receipt, a count, waste, a transfer) or changed a minimum or target;
 *     whoever shows levels reads them again (dis-store-stock.h).
 *   "restock-orders-changed" (void): a restock order was saved, sent,
 *     cancelled or received here, or the hub confirmed one
 *     (dis-store-restock.h); whoever shows orders reads them again.
 *   "orders-changed" (void): a member order was saved, cancelled, moved
 *     on or handed over here, or the changes feed brought cycles, this
 *     point's schedule or verdicts on its orders (dis-store-orders.h). */

DisStore   *dis_store_open              (const char          *path,
                                         GError             **error);
void        dis_store_open_async        (const char          *path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
DisStore   *dis_store_open_finish       (GAsyncResult        *result,
                                         GError             **error);
const char *dis_store_get_path          (DisStore            *self);
int         dis_store_get_schema_version(DisStore            *self);

/* ---- Identity and network settings ------------------------------------ */

typedef struct
{
  char *point_code;     /* e.g. "TO-CHI" */
  char *point_name;
  char *device_id;      /* short, e.g. "C1" */
} DisIdentity;

void          dis_identity_free       (DisIdentity *identity);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisIdentity, dis_identity_free)

DisIdentity  *dis_store_get_identity  (DisStore     *self,
                                       GError      **error);  /* NULL + no error when unset */
/* The same on the read worker, for the UI thread. */
void          dis_store_get_identity_async  (DisStore            *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
DisIdentity  *dis_store_get_identity_finish (DisStore            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean      dis_store_set_identity  (DisStore     *self,
                                       const char   *point_code,
                                       const char   *point_name,
                                       const char   *device_id,
                                       GError      **error);
gboolean      dis_store_get_tier_percents (DisStore        *self,
                                           DisTierPercents *out,
                                           GError         **error);
gboolean      dis_store_set_tier_percents (DisStore              *self,
                                           const DisTierPercents *percents,
                                           GError               **error);
gboolean      dis_store_get_eligibility_rules (DisStore            *self,
                                               DisEligibilityRules *out,
                                               GError             **error);
/* The rules on the read worker; _finish fills @out. */
void          dis_store_get_eligibility_rules_async  (DisStore            *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean      dis_store_get_eligibility_rules_finish (DisStore            *self,
                                                      GAsyncResult        *result,
                                                      DisEligibilityRules *out,
                                                      GError             **error);

/* ---- Network points (for the demo and later the map) ----------------- */

typedef struct
{
  char   *code;
  char   *name;
  char   *kind;        /* "shop", "gas", "producer", "collection" */
  char   *address;
  char   *comune;
  gint64  lat_e6;      /* microdegrees */
  gint64  lon_e6;
  char   *hours;
  char   *phone;
  char   *email;
  gboolean home_delivery;
  gboolean collection_point;
} DisPointRecord;

gboolean dis_store_upsert_point      (DisStore              *self,
                                      const DisPointRecord  *point,
                                      GError               **error);

/* ---- Catalog ---------------------------------------------------------- */

typedef struct
{
  char            *code;           /* stable external code, unique */
  char            *name;
  DisProductKind   kind;
  DisUnit          unit;
  guint            vat_rate;       /* 4, 5, 10, 22 */
  char            *ean;            /* NULL or a valid EAN-8/13 */
  guint            plu;            /* scale code for weight labels, 0 = none */
  char            *supplier_code;  /* NULL = none; must exist */
  char            *category;
  gint64           equa_cents;
  DisTierOverrides overrides;
  gint64           case_size;      /* the supplier's case, milli-units; 0 = none */
} DisProductRecord;

gboolean    dis_store_upsert_supplier      (DisStore               *self,
                                            const char             *code,
                                            const char             *name,
                                            GError                **error);
/* Validates EAN, VAT rate and tier ordering (DIS_ERROR_BARCODE,
 * DIS_ERROR_INVALID, DIS_ERROR_PRICE_ORDER); returns the product id or 0. */
gint64      dis_store_upsert_product       (DisStore               *self,
                                            const DisProductRecord *record,
                                            GError                **error);
/* Exact EAN match; NULL with DIS_ERROR_NOT_FOUND. */
DisProduct *dis_store_lookup_barcode       (DisStore     *self,
                                            const char   *ean,
                                            GError      **error);
DisProduct *dis_store_lookup_product       (DisStore     *self,
                                            gint64        product_id,
                                            GError      **error);
/* FTS5, accent- and case-insensitive, prefix match on name, supplier and
 * category; every word must match. GPtrArray of DisProduct, best first. */
GPtrArray  *dis_store_search_products      (DisStore     *self,
                                            const char   *text,
                                            guint         limit,
                                            GError      **error);

/* What a scan at the till resolves to: a plain EAN, or an in-store
 * weight/price label (quantity computed, from_barcode TRUE). A price label
 * is charged exactly its price: add it with dis_cart_add_label (cart,
 * product, quantity, label_price), anything else with dis_cart_add (). */
typedef struct
{
  DisProduct *product;
  gint64      quantity;        /* milli-units; 1000 for a plain piece scan */
  gboolean    from_barcode;    /* the quantity came from the label */
  gint64      label_price;     /* a price label's price at Equa; 0 for any other scan */
} DisScan;

void     dis_scan_free                     (DisScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisScan, dis_scan_free)

DisScan *dis_store_resolve_scan            (DisStore            *self,
                                            const char          *code,
                                            GError             **error);
/* Resolving a scan and searching, for the UI thread, on the read worker. */
void     dis_store_resolve_scan_async      (DisStore            *self,
                                            const char          *code,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DisScan *dis_store_resolve_scan_finish     (DisStore            *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void      dis_store_search_products_async  (DisStore            *self,
                                            const char          *text,
                                            guint                limit,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray *dis_store_search_products_finish(DisStore            *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* ---- Sales ledger ----------------------------------------------------- */

/* Commits @sale (built by dis_sale_new_from_cart() or dis_sale_new_refund()
 * plus payments) in ONE transaction: sale, lines, payments, one stock
 * movement per line, one outbox event "sale.committed" (or
 * "sale.refunded"). Fills id, seq, receipt_no, created_at, point and
 * device fields and operator fields of @sale. Checks: validate, the
 * operator may sell (and refund, for a refund), a day is open
 * (DIS_ERROR_DAY_CLOSED), refund limits against the stored ledger. */
gboolean  dis_store_commit_sale        (DisStore            *self,
                                        DisSale             *sale,
                                        DisOperator         *operator,
                                        GError             **error);
void      dis_store_commit_sale_async  (DisStore            *self,
                                        DisSale             *sale,
                                        DisOperator         *operator,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  dis_store_commit_sale_finish (DisStore            *self,
                                        GAsyncResult        *result,
                                        GError             **error);

/* By UUID or receipt number, with refunded_quantity filled per line. */
DisSale   *dis_store_load_sale          (DisStore     *self,
                                         const char   *id_or_receipt_no,
                                         GError      **error);
DisSale   *dis_store_get_last_sale      (DisStore     *self,
                                         GError      **error);  /* NULL, no error, when none */
/* Sales (not refunds) of the open business day, newest first. */
GPtrArray *dis_store_list_sales_today   (DisStore     *self,
                                         GError      **error);
gint64     dis_store_count_outbox       (DisStore     *self,
                                         GError      **error);
gint64     dis_store_get_stock          (DisStore     *self,
                                         gint64        product_id,
                                         GError      **error);

/* The same three for the UI thread, on the read worker. */
void       dis_store_load_sale_async          (DisStore            *self,
                                               const char          *id_or_receipt_no,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
DisSale   *dis_store_load_sale_finish         (DisStore            *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void       dis_store_get_last_sale_async      (DisStore            *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
DisSale   *dis_store_get_last_sale_finish     (DisStore            *self,
                                               GAsyncResult        *result,
                                               GError             **error);  /* NULL, no error, when none */
void       dis_store_list_sales_today_async   (DisStore            *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray *dis_store_list_sales_today_finish  (DisStore            *self,
                                               GAsyncResult        *result,
                                               GError             **error);  /* DisSale* */

/* ---- Operators -------------------------------------------------------- */

gboolean     dis_store_has_operators      (DisStore     *self,
                                           GError      **error);
/* @acting may be NULL only for the first operator, who must be a
 * responsabile. Otherwise @acting needs DIS_PERMISSION_MANAGE_OPERATORS. */
DisOperator *dis_store_create_operator    (DisStore     *self,
                                           DisOperator  *acting,
                                           const char   *name,
                                           const char   *pin,
                                           DisRole       role,
                                           GError      **error);
GPtrArray   *dis_store_list_operators     (DisStore     *self,
                                           GError      **error);   /* DisOperator*, by name */
DisOperator *dis_store_sign_in            (DisStore     *self,
                                           gint64        operator_id,
                                           const char   *pin,
                                           GError      **error);   /* DIS_ERROR_WRONG_PIN */
gboolean     dis_store_set_operator_active(DisStore     *self,
                                           DisOperator  *acting,
                                           gint64        operator_id,
                                           gboolean      active,
                                           GError      **error);
gboolean     dis_store_set_operator_pin   (DisStore     *self,
                                           DisOperator  *acting,
                                           gint64        operator_id,
                                           const char   *pin,
                                           GError      **error);

/* The same for the UI thread. Creating an operator, signing in and
 * changing a PIN hash or check the PIN with Argon2id, which takes a
 * moment. Reads run on the read worker, changes on the write worker. */
void         dis_store_has_operators_async        (DisStore            *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* FALSE with @error on failure; otherwise TRUE, with the answer in
 * @out_has_operators. */
gboolean     dis_store_has_operators_finish       (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   gboolean            *out_has_operators,
                                                   GError             **error);
void         dis_store_create_operator_async      (DisStore            *self,
                                                   DisOperator         *acting,
                                                   const char          *name,
                                                   const char          *pin,
                                                   DisRole              role,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
DisOperator *dis_store_create_operator_finish     (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void         dis_store_list_operators_async       (DisStore            *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray   *dis_store_list_operators_finish      (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void         dis_store_sign_in_async              (DisStore            *self,
                                                   gint64               operator_id,
                                                   const char          *pin,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
DisOperator *dis_store_sign_in_finish             (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Signs in the operator called @name (names are unique at a point) in
 * one job, for tools and benchmarks that know a name rather than an id;
 * DIS_ERROR_NOT_FOUND when nobody has it. The till's sign-in page lists
 * the operators and uses dis_store_sign_in_async(). */
void         dis_store_sign_in_by_name_async      (DisStore            *self,
                                                   const char          *name,
                                                   const char          *pin,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
DisOperator *dis_store_sign_in_by_name_finish     (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void         dis_store_set_operator_active_async  (DisStore            *self,
                                                   DisOperator         *acting,
                                                   gint64               operator_id,
                                                   gboolean             active,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean     dis_store_set_operator_active_finish (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void         dis_store_set_operator_pin_async     (DisStore            *self,
                                                   DisOperator         *acting,
                                                   gint64               operator_id,
                                                   const char          *pin,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean     dis_store_set_operator_pin_finish    (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* ---- Business day ----------------------------------------------------- */

/* The open day's report, or NULL without error when no day is open. */
DisDayReport *dis_store_get_open_day     (DisStore     *self,
                                          GError      **error);
/* Opens a new day with a float; DIS_ERROR_INVALID if one is open already. */
DisDayReport *dis_store_open_day         (DisStore     *self,
                                          DisOperator  *acting,
                                          gint64        opening_float,
                                          GError      **error);
DisDayReport *dis_store_get_day_report   (DisStore     *self,
                                          gint64        day_id,
                                          GError      **error);
/* Needs DIS_PERMISSION_CLOSE_DAY; records the count and freezes the day. */
DisDayReport *dis_store_close_day        (DisStore     *self,
                                          DisOperator  *acting,
                                          gint64        counted_cash,
                                          GError      **error);

/* The same for the UI thread: reading on the read worker, opening and
 * closing on the write worker. */
void          dis_store_get_open_day_async  (DisStore            *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
DisDayReport *dis_store_get_open_day_finish (DisStore            *self,
                                             GAsyncResult        *result,
                                             GError             **error);  /* NULL, no error, when none */
void          dis_store_open_day_async      (DisStore            *self,
                                             DisOperator         *acting,
                                             gint64               opening_float,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
DisDayReport *dis_store_open_day_finish     (DisStore            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void          dis_store_close_day_async     (DisStore            *self,
                                             DisOperator         *acting,
                                             gint64               counted_cash,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
DisDayReport *dis_store_close_day_finish    (DisStore            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* ---- Parked carts ----------------------------------------------------- */

gint64     dis_store_park_cart         (DisStore     *self,
                                        DisCart      *cart,
                                        const char   *label,
                                        GError      **error);
GPtrArray *dis_store_list_parked_carts (DisStore     *self,
                                        GError      **error);  /* DisParkedCart* */
/* Loads the cart (current catalog prices) and deletes the parked row. */
DisCart   *dis_store_resume_parked_cart(DisStore     *self,
                                        gint64        parked_id,
                                        GError      **error);

/* The same for the UI thread. @cart is read on the write worker: pass a
 * cart nobody changes until the callback (a copy of the till's). The
 * finish of parking returns the new id, 0 with @error on failure. */
void       dis_store_park_cart_async           (DisStore            *self,
                                                DisCart             *cart,
                                                const char          *label,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gint64     dis_store_park_cart_finish          (DisStore            *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void       dis_store_list_parked_carts_async   (DisStore            *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray *dis_store_list_parked_carts_finish  (DisStore            *self,
                                                GAsyncResult        *result,
                                                GError             **error);  /* DisParkedCart* */
void       dis_store_resume_parked_cart_async  (DisStore            *self,
                                                gint64               parked_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
DisCart   *dis_store_resume_parked_cart_finish (DisStore            *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* ---- Sync state ------------------------------------------------------- */

/* The events the hub rejected, as dis_store_list_dead_letters() in
 * dis-sync.h (a GPtrArray of DisDeadLetter), on the read worker. */
void       dis_store_list_dead_letters_async  (DisStore            *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray *dis_store_list_dead_letters_finish (DisStore            *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* dis_store_retry_dead_letters() (dis-sync.h) on the write worker: the
 * dead letters with the ids in @event_ids (NULL: all) go back to the
 * outbox, and the sync client sends them. _finish returns how many moved,
 * -1 with @error set. */
void       dis_store_retry_dead_letters_async  (DisStore            *self,
                                                const char * const  *event_ids,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gint64     dis_store_retry_dead_letters_finish (DisStore            *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
