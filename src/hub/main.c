/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-hub"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dis-hub-backup.h"
#include "dis-hub-catalog.h"
#include "dis-hub-cli.h"
#include "dis-hub-coordinator.h"
#include "dis-hub-db.h"
#include "dis-hub-fund.h"
#include "dis-hub-json.h"
#include "dis-hub-map.h"
#include "dis-hub-members.h"
#include "dis-hub-metrics-route.h"
#include "dis-hub-migrate.h"
#include "dis-hub-orders.h"
#include "dis-hub-points.h"
#include "dis-hub-review.h"
#include "dis-hub-server.h"
#include "dis-hub-settings.h"
#include "dis-hub-stock.h"

static const char *usage =
  "Usage:\n"
  "  disotto-hub init --db PATH\n"
  "      (every --db PATH may be a postgresql:// URI: the hub on PostgreSQL)\n"
  "  disotto-hub migrate --from FILE --to postgresql://…\n"
  "  disotto-hub serve --db PATH [--listen 127.0.0.1:8040] [--tls-cert F --tls-key F]\n"
  "                    [--body-limit BYTES] [--batch-limit N] [--request-timeout S]\n"
  "                    [--metrics-token TOKEN | --metrics-token-file FILE]\n"
  "  disotto-hub point add --db PATH --code C [--name N --address A --comune X\n"
  "                    --lat LAT --lon LON] [--kind shop|gas|producer|collection] [--device C1]\n"
  "  disotto-hub point list --db PATH\n"
  "  disotto-hub point revoke --db PATH --code C\n"
  "  disotto-hub point status --db PATH --code C\n"
  "  disotto-hub point schedule CODE --db PATH --file SCHEDULE.json\n"
  "  disotto-hub settings get --db PATH [KEY]\n"
  "  disotto-hub settings set --db PATH KEY VALUE\n"
  "  disotto-hub catalog import --db PATH FILE\n"
  "  disotto-hub demo load --db PATH DIR\n"
  "  disotto-hub map set-pack --db PATH FILE\n"
  "  disotto-hub map build --out FILE --bbox W,S,E,N [--minzoom 8 --maxzoom 12]\n"
  "                    [--boundaries F]… [--places F] [--rivers F] [--lakes F] [--borders F]\n"
  "                    --attribution TEXT [--name TEXT]\n"
  "  disotto-hub member list|show|validate|suspend|set-basis|set-activity|set-registered|export|refresh\n"
  "                    --db PATH …   (disotto-hub member for details)\n"
  "  disotto-hub fund preview|close|show|verify --db PATH --period YYYY-MM\n"
  "  disotto-hub fund statement --db PATH --period YYYY-MM --supplier CODE --out FILE.pdf|FILE.csv\n"
  "  disotto-hub review list --db PATH\n"
  "  disotto-hub review accept|reject --db PATH [--by NAME] SALE_ID\n"
  "  disotto-hub coordinator add|list|revoke --db PATH [--name NAME]   (disotto-hub coordinator for details)\n"
  "  disotto-hub restock list --db PATH [--supplier CODE] [--status S]\n"
  "  disotto-hub restock export --db PATH --supplier CODE --out FILE.csv|FILE.pdf\n"
  "  disotto-hub restock confirm --db PATH ORDER_ID\n"
  "  disotto-hub cycle open --db PATH --name TEXT --opens ISO --closes ISO --products FILE\n"
  "  disotto-hub cycle list --db PATH\n"
  "  disotto-hub cycle close --db PATH ID\n"
  "  disotto-hub cycle supplier-orders --db PATH ID --out DIR\n"
  "  disotto-hub cycle delivered --db PATH ID --supplier CODE --file FILE.csv\n"
  "  disotto-hub backup --db PATH --out FILE\n";

static char *opt_db;

/* Parses the options of one subcommand; leaves positional arguments in argv. */
static gboolean
parse_options (const char    *name,
               GOptionEntry  *extra,
               int           *argc,
               char        ***argv)
{
  return dis_hub_cli_parse (name, extra, argc, argv, &opt_db);
}

static int
fail (const char *what,
      GError     *error)
{
  return dis_hub_cli_fail (what, error);
}

static DisHubDb *
open_db (const char  *what,
         gboolean     create)
{
  g_autoptr(GError) error = NULL;
  DisHubDb *db = dis_hub_db_open (opt_db, create, &error);

  if (db == NULL)
    fail (what, error);
  return db;
}

/* For "disotto-hub NAME --db PATH ARG": the database open, and ARG in
 * *@out_arg; NULL after saying what is wrong, with the exit status in
 * *@out_status. */
static DisHubDb *
open_with_arg (const char   *name,
               int           argc,
               char        **argv,
               const char  **out_arg,
               int          *out_status)
{
  DisHubDb *db;

  *out_status = 2;
  if (!parse_options (name, NULL, &argc, &argv))
    return NULL;
  if (argc != 2)
    {
      g_printerr ("%s", usage);
      return NULL;
    }
  *out_status = 1;
  db = open_db (name, FALSE);
  *out_arg = argv[1];
  return db;
}

static int
cmd_init (int argc, char **argv)
{
  DisHubDb *db;

  if (!parse_options ("init", NULL, &argc, &argv))
    return 2;
  db = open_db ("init", TRUE);
  if (db == NULL)
    return 1;
  dis_hub_db_close (db);
  printf ("initialized %s\n", opt_db);
  return 0;
}

static int
cmd_serve (int argc, char **argv)
{
  DisHubServeOptions options = DIS_HUB_SERVE_OPTIONS_DEFAULT;
  g_autofree char *listen = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *metrics_token = NULL;
  g_autofree char *metrics_token_file = NULL;
  g_autofree char *metrics_secret = NULL;
  g_autoptr(GError) error = NULL;
  gint64 body_limit = (gint64) options.body_limit;
  int batch_limit = (int) options.batch_limit;
  int request_timeout = (int) options.request_timeout;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address and port (port 0: any free port)", "HOST:PORT" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, "PEM certificate: serve HTTPS", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, "PEM private key", "FILE" },
    { "body-limit", 0, 0, G_OPTION_ARG_INT64, &body_limit, "Largest request body", "BYTES" },
    { "batch-limit", 0, 0, G_OPTION_ARG_INT, &batch_limit, "Most events per push", "N" },
    { "request-timeout", 0, 0, G_OPTION_ARG_INT, &request_timeout, "Seconds a connection has to send a whole request", "S" },
    { "metrics-token", 0, 0, G_OPTION_ARG_STRING, &metrics_token, "Bearer token for GET /api/v1/metrics (else loopback only)", "TOKEN" },
    { "metrics-token-file", 0, 0, G_OPTION_ARG_FILENAME, &metrics_token_file, "The same, read from a file", "FILE" },
    { NULL }
  };

  if (!parse_options ("serve", entries, &argc, &argv))
    return 2;
  if (body_limit < 1 || batch_limit < 1 || request_timeout < 0)
    {
      g_printerr ("disotto-hub serve: limits must be positive\n");
      return 2;
    }
  if (!dis_hub_metrics_token (metrics_token, metrics_token_file, &metrics_secret, &error))
    {
      g_printerr ("disotto-hub serve: %s\n", error->message);
      return 2;
    }
  options.db_path = opt_db;
  if (listen != NULL)
    options.listen = listen;
  options.tls_cert = cert;
  options.tls_key = key;
  options.body_limit = (gsize) body_limit;
  options.batch_limit = (guint) batch_limit;
  options.request_timeout = (guint) request_timeout;
  options.metrics_token = metrics_secret;
  return dis_hub_serve (&options);
}

static int
point_add (int argc, char **argv)
{
  g_autofree char *code = NULL, *name = NULL, *address = NULL, *comune = NULL;
  g_autofree char *kind = NULL, *device = NULL, *lat = NULL, *lon = NULL;
  GOptionEntry entries[] = {
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, "Point code", "C" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Name", "N" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, "Street address", "A" },
    { "comune", 0, 0, G_OPTION_ARG_STRING, &comune, "Comune", "X" },
    { "lat", 0, 0, G_OPTION_ARG_STRING, &lat, "Latitude", "LAT" },
    { "lon", 0, 0, G_OPTION_ARG_STRING, &lon, "Longitude", "LON" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, "shop, gas, producer or collection", "KIND" },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device, "Device code (default C1)", "C1" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  DisHubDb *db;
  g_autoptr(JsonNode) existing = NULL;

  if (!parse_options ("point add", entries, &argc, &argv))
    return 2;
  if (code == NULL)
    {
      g_printerr ("disotto-hub point add: --code is required\n");
      return 2;
    }
  db = open_db ("point add", FALSE);
  if (db == NULL)
    return 1;

  if (!dis_hub_db_begin (db, &error))
    goto failed;
  existing = dis_hub_point_get (db, code, &error);
  if (error != NULL)
    goto failed;

  /* A new point needs its details; an existing one (e.g. from `demo load`)
   * may be enrolled as it is, or updated with the options given. */
  if (existing == NULL || name || address || comune || lat || lon || kind)
    {
      g_autoptr(JsonObject) object = existing ? json_object_ref (json_node_get_object (existing))
                                              : json_object_new ();
      g_autoptr(JsonNode) point = NULL;
      gboolean changed;
      double value;
      char *end;

      json_object_set_string_member (object, "code", code);
      if (name) json_object_set_string_member (object, "name", name);
      if (address) json_object_set_string_member (object, "address", address);
      if (comune) json_object_set_string_member (object, "comune", comune);
      if (kind) json_object_set_string_member (object, "kind", kind);
      else if (existing == NULL) json_object_set_string_member (object, "kind", "shop");
      for (guint i = 0; i < 2; i++)
        {
          const char *text = i == 0 ? lat : lon;

          if (text == NULL)
            continue;
          value = g_ascii_strtod (text, &end);
          if (*text == '\0' || *end != '\0')
            {
              g_set_error (&error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "--%s: “%s” is not a number",
                           i == 0 ? "lat" : "lon", text);
              goto failed;
            }
          json_object_set_double_member (object, i == 0 ? "lat" : "lon", value);
        }
      point = dis_hub_point_build (object, &error);
      if (point == NULL || !dis_hub_point_upsert (db, point, &changed, &error))
        goto failed;
    }

  token = dis_hub_point_enrol (db, code, device ? device : "C1", &error);
  if (token == NULL || !dis_hub_db_commit (db, &error))
    goto failed;
  dis_hub_db_close (db);
  printf ("point %s device %s enrolled; token (shown once, keep it safe):\n%s\n",
          code, device ? device : "C1", token);
  sodium_memzero (token, strlen (token));
  return 0;

failed:
  dis_hub_db_rollback (db);
  dis_hub_db_close (db);
  return fail ("point add", error);
}

static int
point_simple (const char *what,
              int         argc,
              char      **argv)
{
  g_autofree char *code = NULL;
  GOptionEntry entries[] = {
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, "Point code", "C" },
    { NULL }
  };
  g_autofree char *name = g_strconcat ("point ", what, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;
  DisHubDb *db;

  if (!parse_options (name, entries, &argc, &argv))
    return 2;
  if (code == NULL && !g_str_equal (what, "list"))
    {
      g_printerr ("disotto-hub %s: --code is required\n", name);
      return 2;
    }
  db = open_db (name, FALSE);
  if (db == NULL)
    return 1;

  if (g_str_equal (what, "list"))
    ok = dis_hub_point_list (db, out, &error);
  else if (g_str_equal (what, "status"))
    ok = dis_hub_point_status (db, code, out, &error);
  else
    {
      ok = dis_hub_db_begin (db, &error) &&
           dis_hub_point_revoke (db, code, &error) &&
           dis_hub_db_commit (db, &error);
      if (ok)
        g_string_append_printf (out, "point %s revoked\n", code);
      else
        dis_hub_db_rollback (db);
    }
  dis_hub_db_close (db);
  if (!ok)
    return fail (name, error);
  fputs (out->str, stdout);
  return 0;
}

static int
cmd_point (int argc, char **argv)
{
  if (argc < 2)
    goto bad;
  if (g_str_equal (argv[1], "add"))
    return point_add (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list") || g_str_equal (argv[1], "revoke") || g_str_equal (argv[1], "status"))
    return point_simple (argv[1], argc - 1, argv + 1);
  if (g_str_equal (argv[1], "schedule"))
    return dis_hub_point_schedule_main (argc - 1, argv + 1);
bad:
  g_printerr ("%s", usage);
  return 2;
}

static int
cmd_settings (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *sub = argc >= 2 ? argv[1] : "";
  g_autofree char **settings_argv = NULL;
  DisHubDb *db;
  int status = 0;

  if (!g_str_equal (sub, "get") && !g_str_equal (sub, "set"))
    {
      g_printerr ("%s", usage);
      return 2;
    }
  argc--, argv++;
  /* Negative values ("-500") look like options to GOption: move them past "--". */
  {
    g_autoptr(GPtrArray) args = g_ptr_array_new ();
    g_autoptr(GPtrArray) negatives = g_ptr_array_new ();

    for (int i = 0; i < argc; i++)
      {
        gint64 v;

        if (i > 0 && argv[i][0] == '-' && g_ascii_string_to_signed (argv[i], 10, G_MININT64, 0, &v, NULL))
          g_ptr_array_add (negatives, argv[i]);
        else
          g_ptr_array_add (args, argv[i]);
      }
    if (negatives->len > 0)
      {
        g_ptr_array_add (args, (char *) "--");
        g_ptr_array_extend (args, negatives, NULL, NULL);
      }
    argc = args->len;
    g_ptr_array_add (args, NULL);
    settings_argv = (char **) g_ptr_array_free (g_steal_pointer (&args), FALSE);
    argv = settings_argv;
  }
  if (!parse_options (g_str_equal (sub, "get") ? "settings get" : "settings set", NULL, &argc, &argv))
    return 2;
  /* GOption may keep the "--" we added: drop it. */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--"))
      {
        memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
        argc--;
        break;
      }
  if ((g_str_equal (sub, "get") && argc > 2) || (g_str_equal (sub, "set") && argc != 3))
    {
      g_printerr ("%s", usage);
      return 2;
    }
  db = open_db ("settings", FALSE);
  if (db == NULL)
    return 1;

  if (g_str_equal (sub, "set"))
    {
      if (!dis_hub_db_begin (db, &error) ||
          !dis_hub_settings_set (db, argv[1], argv[2], &error) ||
          !dis_hub_db_commit (db, &error))
        {
          dis_hub_db_rollback (db);
          status = fail ("settings set", error);
        }
    }
  else
    {
      guint n;
      const DisHubSetting *list = dis_hub_settings_list (&n);

      for (guint i = 0; i < n && status == 0; i++)
        {
          gint64 value;

          if (argc == 2 && !g_str_equal (argv[1], list[i].key))
            continue;
          if (!dis_hub_settings_get (db, list[i].key, &value, &error))
            status = fail ("settings get", error);
          else if (list[i].is_bool)
            printf ("%s = %s\n", list[i].key, value ? "true" : "false");
          else
            printf ("%s = %" G_GINT64_FORMAT "\n", list[i].key, value);
        }
      if (status == 0 && argc == 2 && dis_hub_setting_lookup (argv[1]) == NULL)
        {
          g_printerr ("disotto-hub settings get: unknown setting “%s”\n", argv[1]);
          status = 1;
        }
    }
  dis_hub_db_close (db);
  return status;
}

static void
print_row_errors (GPtrArray *row_errors)
{
  for (guint i = 0; i < row_errors->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (row_errors, i));
}

static int
cmd_catalog (int argc, char **argv)
{
  g_autoptr(GPtrArray) row_errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint n_rows = 0, n_changed = 0;
  const char *file = NULL;
  DisHubDb *db;
  gboolean ok;
  int status;

  if (argc < 2 || !g_str_equal (argv[1], "import"))
    {
      g_printerr ("%s", usage);
      return 2;
    }
  db = open_with_arg ("catalog import", argc - 1, argv + 1, &file, &status);
  if (db == NULL)
    return status;
  ok = dis_hub_catalog_import_file (db, file, row_errors, &n_rows, &n_changed, &error);
  dis_hub_db_close (db);
  print_row_errors (row_errors);
  if (!ok)
    return fail ("catalog import", error);
  printf ("imported %u product(s), %u changed\n", n_rows, n_changed);
  return 0;
}

static int
cmd_demo (int argc, char **argv)
{
  g_autoptr(GPtrArray) row_errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *dir = NULL;
  DisHubDb *db;
  gboolean ok;
  int status;

  if (argc < 2 || !g_str_equal (argv[1], "load"))
    {
      g_printerr ("%s", usage);
      return 2;
    }
  db = open_with_arg ("demo load", argc - 1, argv + 1, &dir, &status);
  if (db == NULL)
    return status;
  ok = dis_hub_demo_load (db, dir, row_errors, &error);
  dis_hub_db_close (db);
  print_row_errors (row_errors);
  if (!ok)
    return fail ("demo load", error);
  printf ("demo network loaded from %s\n", dir);
  return 0;
}

static int
map_set_pack (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *etag = NULL;
  gint64 size = 0;
  const char *file = NULL;
  DisHubDb *db;
  gboolean ok;
  int status;

  db = open_with_arg ("map set-pack", argc, argv, &file, &status);
  if (db == NULL)
    return status;
  ok = dis_hub_map_set_pack (db, opt_db, file, &path, &etag, &size, &error);
  dis_hub_db_close (db);
  if (!ok)
    return fail ("map set-pack", error);
  printf ("map pack set: %s (%" G_GINT64_FORMAT " bytes, etag \"%s\")\n", path, size, etag);
  return 0;
}

static int
map_build (int argc, char **argv)
{
  g_autofree char *out = NULL, *bbox = NULL, *attribution = NULL, *name = NULL;
  g_autofree char *places = NULL, *rivers = NULL, *lakes = NULL, *borders = NULL;
  g_auto(GStrv) boundaries = NULL;
  int minzoom = 8, maxzoom = 12;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "MBTiles file to write", "FILE" },
    { "bbox", 0, 0, G_OPTION_ARG_STRING, &bbox, "Area, in degrees", "W,S,E,N" },
    { "minzoom", 0, 0, G_OPTION_ARG_INT, &minzoom, "Lowest zoom level (default 8)", "Z" },
    { "maxzoom", 0, 0, G_OPTION_ARG_INT, &maxzoom, "Highest zoom level (default 12)", "Z" },
    { "boundaries", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &boundaries, "GeoJSON polygons (repeatable)", "F" },
    { "places", 0, 0, G_OPTION_ARG_FILENAME, &places, "GeoJSON points: name, pop", "F" },
    { "rivers", 0, 0, G_OPTION_ARG_FILENAME, &rivers, "GeoJSON lines", "F" },
    { "lakes", 0, 0, G_OPTION_ARG_FILENAME, &lakes, "GeoJSON polygons", "F" },
    { "borders", 0, 0, G_OPTION_ARG_FILENAME, &borders, "GeoJSON lines", "F" },
    { "attribution", 0, 0, G_OPTION_ARG_STRING, &attribution, "Credits of the data", "TEXT" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Name of the pack", "TEXT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("map build");
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("disotto-hub map build: %s\n", error->message);
      return 2;
    }
  if (out == NULL || bbox == NULL || attribution == NULL || argc != 1)
    {
      g_printerr ("disotto-hub map build: --out, --bbox and --attribution are required\n");
      return 2;
    }
  if (minzoom < 0 || maxzoom > 22 || minzoom > maxzoom)
    {
      g_printerr ("disotto-hub map build: zoom levels must be 0…22, minzoom ≤ maxzoom\n");
      return 2;
    }

#define ADD(flag, value) G_STMT_START { g_ptr_array_add (args, g_strdup (flag)); \
                                        g_ptr_array_add (args, g_strdup (value)); } G_STMT_END
  ADD ("--out", out);
  ADD ("--bbox", bbox);
  g_ptr_array_add (args, g_strdup ("--minzoom"));
  g_ptr_array_add (args, g_strdup_printf ("%d", minzoom));
  g_ptr_array_add (args, g_strdup ("--maxzoom"));
  g_ptr_array_add (args, g_strdup_printf ("%d", maxzoom));
  ADD ("--attribution", attribution);
  if (name) ADD ("--name", name);
  for (guint i = 0; boundaries != NULL && boundaries[i] != NULL; i++)
    ADD ("--boundaries", boundaries[i]);
  if (places) ADD ("--places", places);
  if (rivers) ADD ("--rivers", rivers);
  if (lakes) ADD ("--lakes", lakes);
  if (borders) ADD ("--borders", borders);
#undef ADD
  g_ptr_array_add (args, NULL);
  if (dis_hub_map_build ((const char * const *) args->pdata, out) != 0)
    return 1;
  printf ("map pack built: %s\n", out);
  return 0;
}

static int
cmd_map (int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "set-pack"))
    return map_set_pack (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "build"))
    return map_build (argc - 1, argv + 1);
  g_printerr ("%s", usage);
  return 2;
}

/* GLib 2.74's slice allocator, under json-glib's nodes and GLib's hash
 * tables, keeps a cache per thread: a push is parsed on one worker and
 * freed on another thread (dis-hub-server-work.c), and the blocks go
 * back through the caches' shared depot. In bench-sync-hub-ingest the
 * hub took 150 µs of CPU per sale with G_SLICE=always-malloc and 193 µs
 * without, and took 7,217 sales/s from 8 clients instead of 5,062.
 * GLib 2.76 made always-malloc its only way. GLib reads the variable
 * before main () (its own constructors allocate), so the server starts
 * itself again with it set, unless G_SLICE is already set. */
static void
serve_with_malloc (char **argv)
{
  if (g_getenv ("G_SLICE") != NULL)
    return;
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  execv ("/proc/self/exe", argv);
  g_warning ("could not start again with G_SLICE=always-malloc: %s", g_strerror (errno));
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "serve"))
    serve_with_malloc (argv);
  setlocale (LC_ALL, "");
  if (sodium_init () < 0)
    {
      g_printerr ("disotto-hub: libsodium failed to initialize\n");
      return 1;
    }
  if (argc < 2)
    goto bad;

  if (g_str_equal (argv[1], "init"))
    return cmd_init (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "migrate"))
    return dis_hub_migrate_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "serve"))
    return cmd_serve (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "point"))
    return cmd_point (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "settings"))
    return cmd_settings (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "catalog"))
    return cmd_catalog (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "demo"))
    return cmd_demo (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "map"))
    return cmd_map (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "member"))
    return dis_hub_members_command (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "fund"))
    return dis_hub_fund_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "review"))
    return dis_hub_review_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "coordinator"))
    return dis_hub_coordinator_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "restock"))
    return dis_hub_restock_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "cycle"))
    return dis_hub_cycle_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "backup"))
    return dis_hub_backup_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      printf ("%s", usage);
      return 0;
    }
bad:
  g_printerr ("%s", usage);
  return 2;
}
