/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dis-id.h"

/* RFC 9562 §5.7 with the "fixed-length dedicated counter" of §6.2
 * (method 1): 48 bits of Unix time in ms, version 7, a 12-bit counter
 * that restarts at a random value below 2048 each millisecond, variant
 * 0b10, 62 random bits. A counter that runs out borrows the next
 * millisecond, so ids stay ordered; a clock that steps back keeps the
 * last time until it catches up. */

#define MAX_MS    G_GINT64_CONSTANT (0xffffffffffff)
#define COUNTER_MAX 0xfff

static GMutex lock;
static gint64 last_ms;
static guint  last_counter;

char *
dis_id_new_full (gint64        unix_ms,
                 const guint8 *random)
{
  guint8 b[16];
  guint counter = (random[0] << 8 | random[1]) & COUNTER_MAX;

  unix_ms = CLAMP (unix_ms, 0, MAX_MS);
  for (guint i = 0; i < 6; i++)
    b[i] = (unix_ms >> (8 * (5 - i))) & 0xff;
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (random[2] & 0x3f);
  memcpy (b + 9, random + 3, 7);

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

char *
dis_id_new (void)
{
  guint8 random[10];
  gint64 ms = g_get_real_time () / 1000;
  guint counter;

  for (guint i = 0; i < G_N_ELEMENTS (random); i += 2)
    {
      guint32 r = g_random_int ();

      random[i] = r & 0xff;
      random[i + 1] = (r >> 8) & 0xff;
    }

  g_mutex_lock (&lock);
  if (ms > last_ms)
    {
      /* A fresh millisecond: the counter starts in its lower half, so
       * that many ids fit in it before it borrows the next. */
      counter = (random[0] << 8 | random[1]) & 0x7ff;
    }
  else
    {
      ms = last_ms;
      counter = last_counter + 1;
      if (counter > COUNTER_MAX)
        {
          ms++;
          counter = 0;
        }
    }
  last_ms = ms;
  last_counter = counter;
  g_mutex_unlock (&lock);

  random[0] = counter >> 8;
  random[1] = counter & 0xff;
  return dis_id_new_full (ms, random);
}
