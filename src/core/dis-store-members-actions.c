/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-members"

#include "config.h"

#include "dis-store-members.h"
#include "dis-store-private.h"

/* The member changes of dis-store-members.c for the UI thread, on the
 * write worker. Each answers with the member as it is after the change,
 * read in the same job, so a page shows what was stored. */

typedef enum
{
  CHANGE_ACKNOWLEDGEMENT,
  CHANGE_DECLARATION,
  CHANGE_PREFERRED_TIER,
  CHANGE_PROVISIONAL_BASIS,
} ChangeKind;

/* The change to make; the strings are the caller's until queued. */
typedef struct
{
  ChangeKind   kind;
  DisOperator *acting;
  char        *card_code;
  char        *text;
  char        *published_name;
  DisTier      tier;
  guint32      expires_julian;
} MemberChange;

static void
member_change_free (MemberChange *change)
{
  g_clear_object (&change->acting);
  g_free (change->card_code);
  g_free (change->text);
  g_free (change->published_name);
  g_free (change);
}

static gboolean
apply_change (DisStore      *store,
              MemberChange  *change,
              GError       **error)
{
  g_autoptr(DisMember) granted = NULL;

  switch (change->kind)
    {
    case CHANGE_ACKNOWLEDGEMENT:
      return dis_store_record_acknowledgement (store, change->acting, change->card_code, error);

    case CHANGE_DECLARATION:
      return dis_store_set_declaration (store, change->acting, change->card_code,
                                        change->text, change->published_name, error);

    case CHANGE_PREFERRED_TIER:
      return dis_store_set_member_preferred_tier (store, change->acting, change->card_code,
                                                  change->tier, error);

    case CHANGE_PROVISIONAL_BASIS:
      granted = dis_store_grant_provisional_basis (store, change->acting, change->card_code,
                                                   change->expires_julian, error);
      return granted != NULL;

    default:
      g_assert_not_reached ();
    }
}

static gpointer
change_func (DisStore  *store,
             gpointer   data,
             GError   **error)
{
  MemberChange *change = data;

  if (!apply_change (store, change, error))
    return NULL;
  return dis_store_find_member_by_card (store, change->card_code, error);
}

/* Queues a copy of @change by @acting on the member with @card_code. */
static void
queue_change (DisStore            *self,
              gpointer             source_tag,
              const MemberChange  *change,
              DisOperator         *acting,
              const char          *card_code,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  DisStoreCall call = { source_tag, .write = TRUE, .func = change_func,
                        .data_free = (GDestroyNotify) member_change_free,
                        .result_free = g_object_unref };
  MemberChange *copy = g_memdup2 (change, sizeof *change);

  copy->acting = acting != NULL ? g_object_ref (acting) : NULL;
  copy->card_code = g_strdup (card_code);
  copy->text = g_strdup (change->text);
  copy->published_name = g_strdup (change->published_name);
  _dis_store_run_async (self, &call, copy, cancellable, callback, user_data);
}

void
dis_store_record_acknowledgement_async (DisStore            *self,
                                        DisOperator         *acting,
                                        const char          *card_code,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  MemberChange change = { .kind = CHANGE_ACKNOWLEDGEMENT };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (card_code != NULL);

  queue_change (self, dis_store_record_acknowledgement_async, &change, acting, card_code,
                cancellable, callback, user_data);
}

DisMember *
dis_store_record_acknowledgement_finish (DisStore      *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_record_acknowledgement_async, error);
}

void
dis_store_set_declaration_async (DisStore            *self,
                                 DisOperator         *acting,
                                 const char          *card_code,
                                 const char          *text,
                                 const char          *published_name,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  MemberChange change = {
    .kind = CHANGE_DECLARATION,
    .text = (char *) text,
    .published_name = (char *) published_name,
  };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (card_code != NULL);

  queue_change (self, dis_store_set_declaration_async, &change, acting, card_code,
                cancellable, callback, user_data);
}

DisMember *
dis_store_set_declaration_finish (DisStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_set_declaration_async, error);
}

void
dis_store_set_member_preferred_tier_async (DisStore            *self,
                                           DisOperator         *acting,
                                           const char          *card_code,
                                           DisTier              tier,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  MemberChange change = { .kind = CHANGE_PREFERRED_TIER, .tier = tier };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (card_code != NULL);

  queue_change (self, dis_store_set_member_preferred_tier_async, &change, acting, card_code,
                cancellable, callback, user_data);
}

DisMember *
dis_store_set_member_preferred_tier_finish (DisStore      *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_set_member_preferred_tier_async, error);
}

void
dis_store_grant_provisional_basis_async (DisStore            *self,
                                         DisOperator         *acting,
                                         const char          *card_code,
                                         guint32              expires_julian,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  MemberChange change = { .kind = CHANGE_PROVISIONAL_BASIS, .expires_julian = expires_julian };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (card_code != NULL);

  queue_change (self, dis_store_grant_provisional_basis_async, &change, acting, card_code,
                cancellable, callback, user_data);
}

DisMember *
dis_store_grant_provisional_basis_finish (DisStore      *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_grant_provisional_basis_async, error);
}

/* ---- Registering ---------------------------------------------------------- */

typedef struct
{
  DisOperator           *acting;
  DisMemberRegistration  registration;
  char                  *card_code;
  char                  *display_name;
  char                  *contact;
} Registration;

static void
registration_free (Registration *data)
{
  g_clear_object (&data->acting);
  g_free (data->card_code);
  g_free (data->display_name);
  g_free (data->contact);
  g_free (data);
}

static gpointer
register_func (DisStore  *store,
               gpointer   data,
               GError   **error)
{
  Registration *reg = data;

  return dis_store_register_member (store, reg->acting, &reg->registration, error);
}

void
dis_store_register_member_async (DisStore                    *self,
                                 DisOperator                 *acting,
                                 const DisMemberRegistration *registration,
                                 GCancellable                *cancellable,
                                 GAsyncReadyCallback          callback,
                                 gpointer                     user_data)
{
  static const DisStoreCall call = { dis_store_register_member_async, .write = TRUE,
                                     .func = register_func,
                                     .data_free = (GDestroyNotify) registration_free,
                                     .result_free = g_object_unref };
  Registration *data;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (registration != NULL);

  data = g_new0 (Registration, 1);
  data->acting = acting != NULL ? g_object_ref (acting) : NULL;
  data->card_code = g_strdup (registration->card_code);
  data->display_name = g_strdup (registration->display_name);
  data->contact = g_strdup (registration->contact);
  data->registration = *registration;
  data->registration.card_code = data->card_code;
  data->registration.display_name = data->display_name;
  data->registration.contact = data->contact;
  _dis_store_run_async (self, &call, data, cancellable, callback, user_data);
}

DisMember *
dis_store_register_member_finish (DisStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_register_member_async, error);
}
