/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-coordinator"

#include "config.h"

#include <string.h>

#include "dis-hub-coordinator.h"
#include "dis-hub-coordinator-routes.h"
#include "dis-hub-review.h"

/* A coordinator reviews the flagged sales from a point's app: the list of
 * what waits, and accepting or rejecting one, audited in the transaction
 * of the decision. Built once dis-hub-review.h (issue 10, part B) is. */

static void
review_list (Hub               *hub,
             SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = dis_hub_review_list (hub->db, &error);

  if (list == NULL)
    {
      _dis_hub_coordinator_reply_failure (msg, "coordinator review list", error);
      return;
    }
  _dis_hub_reply_json (msg, SOUP_STATUS_OK, list);
}

static void
review_decide (Hub               *hub,
               SoupServerMessage *msg,
               const DisHubActor *actor,
               const char        *sale_id)
{
  static const char * const allowed[] = { "accept", NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonNode *accept_node;
  gboolean accept;

  object = _dis_hub_coordinator_read_object (hub, msg, allowed, &root);
  if (object == NULL)
    return;
  accept_node = json_object_get_member (object, "accept");
  if (accept_node == NULL || !JSON_NODE_HOLDS_VALUE (accept_node) ||
      json_node_get_value_type (accept_node) != G_TYPE_BOOLEAN || !g_utf8_validate (sale_id, -1, NULL) ||
      strlen (sale_id) > 64)
    {
      _dis_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                            "the body is {\"accept\": true|false}");
      return;
    }
  accept = json_node_get_boolean (accept_node);

  if (!dis_hub_db_begin (hub->db, &error) ||
      !dis_hub_review_decide (hub->db, sale_id, accept, actor->name, &error) ||
      !dis_hub_audit (hub->db, actor->id, actor->point, accept ? "review.accept" : "review.reject",
                      sale_id, NULL, &error) ||
      !dis_hub_db_commit (hub->db, &error))
    {
      dis_hub_db_rollback (hub->db);
      _dis_hub_coordinator_reply_failure (msg, "coordinator review", error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sale_id");
  json_builder_add_string_value (builder, sale_id);
  json_builder_set_member_name (builder, "accept");
  json_builder_add_boolean_value (builder, accept);
  json_builder_end_object (builder);
  reply = json_builder_get_root (builder);
  _dis_hub_reply_json (msg, SOUP_STATUS_OK, reply);
}

void
_dis_hub_coordinator_reviews (Hub               *hub,
                              SoupServerMessage *msg,
                              const DisHubActor *actor,
                              const char        *sale_id)
{
  if (sale_id == NULL)
    review_list (hub, msg);
  else
    review_decide (hub, msg, actor, sale_id);
}
