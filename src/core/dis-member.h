/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dis-date.h"
#include "dis-tier.h"

G_BEGIN_DECLS

/* ---- Card codes ---------------------------------------------------------
 *
 * A member card reads "DS" followed by 8 digits: a 7-digit number and a
 * Luhn check digit (the one of payment cards: from the right, every
 * second digit of the number doubled, digits of the products summed; the
 * check digit brings the sum to a multiple of 10). It catches every
 * single wrong digit and almost every swap of two neighbours, so a
 * mistyped card is refused at the counter instead of finding someone
 * else. Example: "DS00000018" is number 1. Cards are printed as Code 128
 * barcodes of the same text. */

#define DIS_MEMBER_CARD_LENGTH 10

gboolean  dis_member_card_is_well_formed (const char *code);
/* Trims, drops spaces and dashes, upper-cases; NULL when the result is
 * not a well-formed card code. */
char     *dis_member_card_normalize      (const char *text);
/* The card of @number (1 … 9 999 999). */
char     *dis_member_card_from_number    (guint32     number);
/* A random card number with its check digit, for a new card at the
 * counter (the store checks it is not in use). */
char     *dis_member_card_new_random     (void);

/* ---- Codes ---------------------------------------------------------------- */

typedef enum
{
  DIS_MEMBER_KIND_PERSON,
  DIS_MEMBER_KIND_INFORMAL_GROUP,
  DIS_MEMBER_KIND_ASSOCIATION,
  DIS_MEMBER_KIND_COOPERATIVE,
  DIS_MEMBER_KIND_PRODUCER,
} DisMemberKind;

/* "person", "informal_group", "association", "cooperative", "producer" */
const char *dis_member_kind_to_code     (DisMemberKind    kind);
const char *dis_member_kind_get_name    (DisMemberKind    kind);   /* translated */

/* "pending", "validated", "suspended" */
const char *dis_member_status_to_code   (DisMemberStatus  status);
gboolean    dis_member_status_from_code (const char      *code,
                                         DisMemberStatus *out_status);
const char *dis_member_status_get_name  (DisMemberStatus  status); /* translated */

/* "none", "self_declaration", "certificate", "provisional" */
const char *dis_basis_kind_to_code      (DisBasisKind     basis);
gboolean    dis_basis_kind_from_code    (const char      *code,
                                         DisBasisKind    *out_basis);

/* How long a provisional Accessibile basis lasts at most when granted at
 * a point; the hub refuses a longer one. */
#define DIS_PROVISIONAL_BASIS_MONTHS 3

/* A public commitment declaration: 1 … 1000 characters (not bytes). */
#define DIS_MEMBER_DECLARATION_MAX 1000
#define DIS_MEMBER_NAME_MAX        200

/* Checks a declaration's text; DIS_ERROR_INVALID with a message for
 * people when empty or too long. */
gboolean    dis_member_check_declaration (const char  *text,
                                          GError     **error);

/* ---- The member as the counter knows it --------------------------------
 *
 * Only what the counter needs (DESIGN.md §7): the hub's published fields
 * plus this point's own view (sales not yet acknowledged by the hub, a
 * registration not yet published back). Never income or documents.
 *
 * A GObject so it can sit in a GListModel; the fields are public, set by
 * the store when it builds the member on a worker thread and only read
 * once the member is handed to the main thread. */

#define DIS_TYPE_MEMBER (dis_member_get_type ())
G_DECLARE_FINAL_TYPE (DisMember, dis_member, DIS, MEMBER, GObject)

struct _DisMember
{
  GObject          parent_instance;

  char            *card_code;
  char            *display_name;
  DisMemberStatus  status;
  DisTier          preferred_tier;
  guint32          registered_julian;
  gint64           volume_12m_cents;        /* the hub's figure */
  gint64           volume_unsynced_cents;   /* this point's sales still in the outbox */
  gboolean         documentation_acknowledged;
  gboolean         has_declaration;
  DisBasisKind     basis;
  guint32          basis_expires_julian;    /* last valid day, 0 = none */
  gint64           activity_score;          /* hours */
  gboolean         basis_flagged;           /* provisional, waiting for the hub's review */
  gboolean         known_to_hub;            /* FALSE until the hub published the member */
  /* The hub's verdicts on Impegno and Accessibile (issue 10), once it
   * published the member so: they decide, not the figures above. */
  gboolean         has_verdicts;
  DisVerdict       verdict[DIS_TIER_EQUA];
};

DisMember *dis_member_new      (void);

/* The eligibility inputs: the hub's verdicts, with what this point did
 * and has not sent yet (an acknowledgement, a declaration, a provisional
 * basis); without verdicts, the figures, volume = hub figure + unsynced
 * sales. */
void       dis_member_to_buyer (const DisMember *member,
                                DisBuyer        *out_buyer);

G_END_DECLS
