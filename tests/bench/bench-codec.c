/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "dis-codec.h"

/* Why the codec keeps a hand-written writer for the sale payload: the till
 * builds it inside the commit's write transaction (bench-commit) and the
 * hub for every sale it stores (bench-sync-drain). Both writers give the
 * same bytes (checked here and in test-codec); this measures the fast one
 * against the generic encoder (tree, then json-glib's printer), per
 * payload, in the same run. */

#define N_SAMPLES     400
#define N_WARMUP      20
#define AIM_RATIO     3.0

static void
fill_sale (DisCodecSale *sale,
           guint         n_lines)
{
  static const char *names[] = { "Spaghetti di grano duro bio 500 g", "Miele di castagno “di collina”",
                                 "Lenticchie \"rosse\" sfuse", "Olio extravergine d'oliva 1 l",
                                 "Caffè 100% arabica, 250 g" };

  dis_codec_sale_init (sale, n_lines);
  sale->id = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
  sale->receipt_no = "TO-CEN-C1-000042";
  sale->point = "TO-CEN";
  sale->device = "C1";
  sale->seq = 42;
  sale->created_at = "2024-05-02T10:15:00+02:00";
  sale->operator_id = 1;
  sale->operator_name = "Anna Rossi";
  sale->tier = DIS_TIER_SOLIDALE;
  for (guint i = 0; i < n_lines; i++)
    {
      DisCodecSaleLine *line = &g_array_index (sale->lines, DisCodecSaleLine, i);

      line->line_no = i + 1;
      line->product_code = "P-0001";
      line->product_name = names[i % G_N_ELEMENTS (names)];
      line->supplier_code = i % 2 ? NULL : "F-PAS";
      line->unit = i % 2 ? DIS_UNIT_KG : DIS_UNIT_PIECE;
      line->quantity = 350 + 1000 * i;
      line->unit_price = 213;
      line->unit_price_equa = 185;
      line->line_total = dis_line_total (213, line->quantity);
      line->line_total_equa = dis_line_total (185, line->quantity);
      line->tier_delta = line->line_total - line->line_total_equa;
      line->vat_rate = 4;
      sale->total += line->line_total;
      sale->total_equa += line->line_total_equa;
      sale->tier_delta += line->tier_delta;
    }
  {
    DisCodecPayment payment = { DIS_PAYMENT_CARD, sale->total };

    g_array_append_val (sale->payments, payment);
  }
  sale->n_lines = n_lines;
}

static char *
generic (const DisCodecSale *sale)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = dis_codec_sale_to_node (sale, &error);

  if (node == NULL)
    bench_fail ("encoding a sale", error);
  return dis_codec_to_text (node, NULL);
}

static char *
fast (const DisCodecSale *sale)
{
  g_autoptr(GError) error = NULL;
  char *text = dis_codec_sale_write (sale, NULL, &error);

  if (text == NULL)
    bench_fail ("writing a sale", error);
  return text;
}

/* µs for @per_sample payloads, N_SAMPLES times. */
static void
measure (const DisCodecSale  *sale,
         guint                per_sample,
         char              *(*encode) (const DisCodecSale *),
         BenchStats          *out)
{
  g_autoptr(GArray) samples = bench_samples_new (N_SAMPLES);

  for (guint i = 0; i < N_WARMUP + N_SAMPLES; i++)
    {
      gint64 start = bench_now ();

      for (guint j = 0; j < per_sample; j++)
        g_free (encode (sale));
      if (i >= N_WARMUP)
        bench_samples_add (samples, bench_now () - start);
    }
  bench_stats_compute (samples, out);
}

static void
run (guint n_lines,
     guint per_sample)
{
  g_auto(DisCodecSale) sale = { 0, };
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *what = NULL;
  g_autofree char *aim = NULL;
  g_autofree char *fast_each = NULL;
  g_autofree char *generic_each = NULL;
  BenchStats ours, ref;
  double ratio;

  fill_sale (&sale, n_lines);
  a = fast (&sale);
  b = generic (&sale);
  if (strcmp (a, b) != 0)
    {
      g_printerr ("bench error: the writers differ:\n%s\n%s\n", a, b);
      exit (EXIT_FAILURE);
    }

  /* Alternated, so both see the same machine. */
  measure (&sale, per_sample, fast, &ours);
  measure (&sale, per_sample, generic, &ref);
  ratio = ours.p50 > 0 ? (double) ref.p50 / (double) ours.p50 : 0;
  what = g_strdup_printf ("sale payload of %u lines (%zu bytes), %u per sample, fast writer",
                          n_lines, strlen (a), per_sample);
  aim = g_strdup_printf ("p50 ≥ %.0f× faster (is %.1f×)", AIM_RATIO, ratio);
  bench_print_line (what, &ours, "the generic encoder: tree, then json-glib's printer", &ref,
                    "p50 p99 mean", aim, ratio >= AIM_RATIO);
  fast_each = bench_format_usec ((double) ours.p50 / per_sample);
  generic_each = bench_format_usec ((double) ref.p50 / per_sample);
  g_print ("per payload: %s fast, %s generic\n", fast_each, generic_each);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  run (5, 50);     /* bench-commit's sales */
  run (200, 2);    /* a large order */
  return EXIT_SUCCESS;
}
