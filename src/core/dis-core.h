/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-error.h"
#include "dis-money.h"
#include "dis-tier.h"
#include "dis-barcode.h"
#include "dis-product.h"
#include "dis-cart.h"
#include "dis-sale.h"
#include "dis-operator.h"
#include "dis-date.h"
#include "dis-id.h"
#include "dis-day.h"
#include "dis-store.h"
#include "dis-demo.h"

G_BEGIN_DECLS

/* Call once from main(): initialises libsodium and gettext for core. */
void dis_core_init (void);

G_END_DECLS
