/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-hub"

#include "config.h"

#include "dis-hub-cli.h"
#include "dis-hub-cycles.h"
#include "dis-hub-orders.h"

/* `disotto-hub cycle …` and `disotto-hub point schedule …`: the order
 * cycles and the points' pickup windows and delivery slots (issue 13). */

#define CYCLE_USAGE \
  "Usage:\n" \
  "  disotto-hub cycle open --db PATH --name TEXT --opens ISO --closes ISO --products FILE\n" \
  "      (FILE: a JSON array of {\"product\": CODE, \"available\": MILLI-UNITS or null})\n" \
  "  disotto-hub cycle list --db PATH\n" \
  "  disotto-hub cycle close --db PATH ID\n" \
  "  disotto-hub cycle supplier-orders --db PATH ID --out DIR\n" \
  "  disotto-hub cycle delivered --db PATH ID --supplier CODE --file FILE.csv\n"

#define SCHEDULE_USAGE \
  "Usage:\n" \
  "  disotto-hub point schedule CODE --db PATH --file SCHEDULE.json\n" \
  "      (SCHEDULE.json: {\"windows\": [{\"code\", \"starts\", \"ends\"}…],\n" \
  "       \"slots\": [{\"code\", \"starts\", \"ends\", \"cutoff\", \"capacity\",\n" \
  "                  \"comuni\": [NAME…] or null, \"radius_m\": METRES or null}…]})\n"

/* @path's JSON, strictly read. */
static JsonNode *
read_file (const char  *path,
           GError     **error)
{
  g_autofree char *text = NULL;
  gsize length;

  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  return dis_hub_json_parse (text, (gssize) length, error);
}

/* Runs @func in one transaction of the database at @db_path: the exit
 * status, after saying what went wrong. */
static int
in_transaction (const char  *name,
                const char  *db_path,
                gboolean   (*func) (DisHubDb *db, gpointer data, GError **error),
                gpointer     data)
{
  g_autoptr(GError) error = NULL;
  DisHubDb *db = dis_hub_cli_open (name, db_path);
  gboolean ok;

  if (db == NULL)
    return 1;
  ok = dis_hub_db_begin (db, &error);
  if (ok && (!func (db, data, &error) || !dis_hub_db_commit (db, &error)))
    {
      dis_hub_db_rollback (db);
      ok = FALSE;
    }
  dis_hub_db_close (db);
  return ok ? 0 : dis_hub_cli_fail (name, error);
}

/* ---- cycle open -------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *opens;
  const char *closes;
  GArray     *offers;
  gint64      id;
} Opening;

static gboolean
open_cycle (DisHubDb  *db,
            gpointer   data,
            GError   **error)
{
  Opening *opening = data;

  return dis_hub_orders_open_cycle (db, opening->name, opening->opens, opening->closes, opening->offers,
                                    &opening->id, error);
}

/* The products file, each row read by the codec. */
static GArray *
read_offers (JsonNode  *root,
             GError   **error)
{
  g_autoptr(GArray) offers = g_array_new (FALSE, TRUE, sizeof (DisCodecCycleProduct));
  JsonArray *rows;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "--products: must hold a JSON array");
      return NULL;
    }
  rows = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *row = json_array_get_element (rows, i);
      g_autoptr(GError) local_error = NULL;
      DisCodecCycleProduct offer;

      if (!JSON_NODE_HOLDS_OBJECT (row) ||
          !dis_codec_cycle_offer_decode (json_node_get_object (row), &offer, &local_error))
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "--products: row %u: %s", i + 1,
                       local_error != NULL ? local_error->message : "must be an object");
          return NULL;
        }
      g_array_append_val (offers, offer);
    }
  return g_steal_pointer (&offers);
}

static int
cycle_open (int    argc,
            char **argv)
{
  g_autofree char *db_path = NULL, *name = NULL, *opens = NULL, *closes = NULL, *products = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The cycle's name", "TEXT" },
    { "opens", 0, 0, G_OPTION_ARG_STRING, &opens, "When orders open (ISO 8601 with a zone)", "ISO" },
    { "closes", 0, 0, G_OPTION_ARG_STRING, &closes, "When orders close (ISO 8601 with a zone)", "ISO" },
    { "products", 0, 0, G_OPTION_ARG_FILENAME, &products, "The products on offer", "FILE" },
    { NULL }
  };
  g_autoptr(GArray) offers = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(GError) error = NULL;
  Opening opening;
  int status;

  if (!dis_hub_cli_parse ("cycle open", entries, &argc, &argv, &db_path))
    return 2;
  if (argc != 1 || name == NULL || opens == NULL || closes == NULL || products == NULL)
    {
      g_printerr ("%s", CYCLE_USAGE);
      return 2;
    }
  if ((root = read_file (products, &error)) == NULL || (offers = read_offers (root, &error)) == NULL)
    return dis_hub_cli_fail ("cycle open", error);

  opening = (Opening) { name, opens, closes, offers, 0 };
  status = in_transaction ("cycle open", db_path, open_cycle, &opening);
  if (status != 0)
    return status;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, opening.id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "products");
  json_builder_add_int_value (builder, offers->len);
  json_builder_end_object (builder);
  out = json_builder_get_root (builder);
  dis_hub_cli_print (out);
  return 0;
}

int
dis_hub_cycle_main (int    argc,
                    char **argv)
{
  const char *sub = argc >= 2 ? argv[1] : "";

  if (g_str_equal (sub, "open"))
    return cycle_open (argc - 1, argv + 1);
  /* The cycles' life after they open: dis-hub-cycles-cli.c. */
  if (g_str_equal (sub, "list") || g_str_equal (sub, "close") || g_str_equal (sub, "supplier-orders") ||
      g_str_equal (sub, "delivered"))
    return dis_hub_cycles_main (argc, argv);
  g_printerr ("%s", CYCLE_USAGE);
  return 2;
}

/* ---- point schedule ------------------------------------------------------------- */

typedef struct
{
  const char            *point;
  DisCodecPointSchedule *schedule;
} Scheduling;

static gboolean
set_schedule (DisHubDb  *db,
              gpointer   data,
              GError   **error)
{
  Scheduling *scheduling = data;

  return dis_hub_orders_set_schedule (db, scheduling->point, scheduling->schedule, error);
}

int
dis_hub_point_schedule_main (int    argc,
                             char **argv)
{
  g_autofree char *db_path = NULL, *file = NULL;
  GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, "The point's windows and slots", "SCHEDULE.json" },
    { NULL }
  };
  g_auto(DisCodecPointSchedule) schedule = { NULL, };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  Scheduling scheduling;
  int status;

  if (!dis_hub_cli_parse ("point schedule", entries, &argc, &argv, &db_path))
    return 2;
  if (argc != 2 || file == NULL)
    {
      g_printerr ("%s", SCHEDULE_USAGE);
      return 2;
    }
  if ((root = read_file (file, &error)) == NULL)
    return dis_hub_cli_fail ("point schedule", error);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (&error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "--file: must hold a JSON object");
      return dis_hub_cli_fail ("point schedule", error);
    }
  if (!dis_codec_point_schedule_decode_file (json_node_get_object (root), &schedule, &error))
    return dis_hub_cli_fail ("point schedule", error);

  scheduling = (Scheduling) { argv[1], &schedule };
  status = in_transaction ("point schedule", db_path, set_schedule, &scheduling);
  if (status != 0)
    return status;
  g_print ("point %s: %u pickup windows, %u delivery slots\n", argv[1], schedule.windows->len, schedule.slots->len);
  return 0;
}
