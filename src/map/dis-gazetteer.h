/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The offline gazetteer: the 312 comuni of the Città metropolitana di
 * Torino and their hamlets (GeoNames), compiled into the binary as the
 * resource /it/disotto/map/torino-places.json. */

typedef struct
{
  char   *name;
  char   *comune;       /* the comune the place belongs to (itself for a seat) */
  char   *kind;         /* "comune" | "hamlet" */
  char   *istat;        /* ISTAT code of the comune, e.g. "001272" */
  double  lat;
  double  lon;
  guint   population;   /* 0 when unknown */
} DisPlace;

#define DIS_TYPE_PLACE (dis_place_get_type ())
GType     dis_place_get_type (void) G_GNUC_CONST;
DisPlace *dis_place_copy     (const DisPlace *place);
void      dis_place_free     (DisPlace       *place);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisPlace, dis_place_free)

#define DIS_TYPE_GAZETTEER (dis_gazetteer_get_type ())
G_DECLARE_FINAL_TYPE (DisGazetteer, dis_gazetteer, DIS, GAZETTEER, GObject)

/* Loaded once, on first use (a few ms); thread-safe afterwards. */
DisGazetteer *dis_gazetteer_get_default    (void);
guint         dis_gazetteer_get_n_places   (DisGazetteer *self);
guint         dis_gazetteer_get_n_comuni   (DisGazetteer *self);
/* Accent- and case-insensitive: every word of @text must be a prefix of
 * some word of the place name ("san mau" finds San Mauro Torinese).
 * Comune seats first, then by population, then by name. Returns a new
 * GPtrArray of DisPlace copies (free function set), at most @limit
 * (0 = no limit); empty for blank text. */
GPtrArray    *dis_gazetteer_search         (DisGazetteer *self,
                                            const char   *text,
                                            guint         limit);
/* A copy of the comune seat named @name (accent- and case-insensitive,
 * whole name; free with dis_place_free()), or NULL. */
DisPlace     *dis_gazetteer_lookup_comune  (DisGazetteer *self,
                                            const char   *name);
/* Where an address in @comune is, as near as the gazetteer knows: the
 * hamlet of that comune the address names, else the comune's seat; NULL
 * when @comune is not one of the gazetteer's. @address may be NULL. Free
 * with dis_place_free(). There are no streets offline: every address of
 * a comune without a hamlet in it lands on the seat. */
DisPlace     *dis_gazetteer_locate         (DisGazetteer *self,
                                            const char   *address,
                                            const char   *comune);
/* Accent-stripped, casefolded form used for matching
 * (dis_geo_fold_name()). */
char         *dis_gazetteer_normalize      (const char   *text);

G_END_DECLS
