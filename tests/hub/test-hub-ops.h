/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hub-test-fixture.h"

G_BEGIN_DECLS

/* Operating the hub (issue 12): metrics and backups. */

/* GET @path from the hub at @base (http://HOST:PORT), with a bearer
 * @token and a coordinator's @session when not NULL: the body as text,
 * the status and (if asked) the content type. */
char *ops_fetch (Fixture     *f,
                 const char  *base,
                 const char  *path,
                 const char  *token,
                 const char  *session,
                 guint       *out_status,
                 char       **out_content_type);

void hub_add_backup_tests (void);

G_END_DECLS
