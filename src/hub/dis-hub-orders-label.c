/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-orders"

#include "config.h"

#include "dis-hub-json.h"
#include "dis-hub-orders-private.h"

/* An order's label (ORD<number>-<till>) is printed on its bag and read
 * out at the counter: each till numbers its own orders, so the till is
 * what tells two tills' numbers apart. The hub keeps the label as the
 * till gave it, and holds it to three rules: the till is a device of the
 * point, a label names one order, and an order keeps its label. Orders
 * pushed before labels named their till (till absent) are kept as they
 * came, two tills' equal numbers included, and checked as before. */

#define REFUSE(code, ...) dis_hub_refuse (out_code, out_message, code, __VA_ARGS__)

static gboolean
is_device_of (DisHubDb    *db,
              const char  *point,
              const char  *device,
              gboolean    *out_is,
              GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  stmt = dis_hub_db_prepare_cached (db, "SELECT 1 FROM devices WHERE point_code = ?1 AND device = ?2", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  dis_hub_stmt_bind_text (stmt, 2, device);
  return dis_hub_db_step (db, stmt, out_is, error);
}

/* Another order of @point labelled as @order is, *@out_other its id. */
static gboolean
label_taken (DisHubDb                   *db,
             const char                 *point,
             const DisCodecOrderPlaced  *order,
             char                      **out_other,
             GError                    **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare_cached (db,
                                    "SELECT id FROM hub_orders WHERE point_code = ?1 AND till = ?2"
                                    " AND number = ?3 AND id <> ?4",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  dis_hub_stmt_bind_text (stmt, 2, order->till);
  dis_hub_stmt_bind_int64 (stmt, 3, order->number);
  dis_hub_stmt_bind_text (stmt, 4, order->id);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  *out_other = has_row ? dis_hub_column_dup (stmt, 0) : NULL;
  return TRUE;
}

gboolean
_dis_hub_orders_check_label (DisHubDb                   *db,
                             const char                 *point,
                             const DisCodecOrderPlaced  *order,
                             gboolean                    held,
                             const char                 *held_till,
                             gint64                      held_number,
                             const char                **out_code,
                             char                      **out_message,
                             GError                    **error)
{
  g_autofree char *other = NULL;
  gboolean known;

  g_return_val_if_fail (db != NULL && point != NULL && order != NULL, FALSE);

  /* An order pushed without a till, edited by a point that still sends
   * none, is taken as before: its label never named a till. */
  if (held && held_till == NULL && order->till == NULL)
    return TRUE;
  if (held && (g_strcmp0 (held_till, order->till) != 0 || held_number != order->number))
    return REFUSE ("label_changed", "payload.%s: order %s is labelled ORD%" G_GINT64_FORMAT "%s%s;"
                   " an order keeps its label", held_number != order->number ? "number" : "till",
                   order->id, held_number, held_till != NULL ? "-" : "", held_till != NULL ? held_till : "");
  if (held || order->till == NULL)
    return TRUE;
  if (!is_device_of (db, point, order->till, &known, error))
    return FALSE;
  if (!known)
    return REFUSE ("wrong_till", "payload.till: %s is not a device of point %s", order->till, point);
  if (!label_taken (db, point, order, &other, error))
    return FALSE;
  if (other != NULL)
    return REFUSE ("label_taken", "payload.number: ORD%" G_GINT64_FORMAT "-%s is order %s of point %s already",
                   order->number, order->till, other, point);
  return TRUE;
}
