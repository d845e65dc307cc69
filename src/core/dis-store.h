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
 * only the _async variants (or dis_store_run_async), which run on one
 * serial worker thread for writes and one for reads and report back on
 * the caller's thread-default main context. */

#define DIS_TYPE_STORE (dis_store_get_type ())
G_DECLARE_FINAL_TYPE (DisStore, dis_store, DIS, STORE, GObject)

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

/* Generic escape hatch: runs @func (blocking, on a worker thread) and
 * returns its result through dis_store_run_finish(). @write selects the
 * serial write worker (TRUE) or the read worker (FALSE). */
typedef gpointer (*DisStoreFunc) (DisStore  *store,
                                  gpointer   data,
                                  GError   **error);
void        dis_store_run_async         (DisStore            *self,
                                         gboolean             write,
                                         DisStoreFunc         func,
                                         gpointer             data,
                                         GDestroyNotify       data_free,
                                         GDestroyNotify       result_free,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gpointer    dis_store_run_finish        (DisStore            *self,
                                         GAsyncResult        *result,
                                         GError             **error);

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
 * weight/price label (quantity computed, from_barcode TRUE). */
typedef struct
{
  DisProduct *product;
  gint64      quantity;        /* milli-units; 1000 for a plain piece scan */
  gboolean    from_barcode;    /* the quantity came from the label */
} DisScan;

void     dis_scan_free                     (DisScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisScan, dis_scan_free)

DisScan *dis_store_resolve_scan            (DisStore            *self,
                                            const char          *code,
                                            GError             **error);
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

G_END_DECLS
