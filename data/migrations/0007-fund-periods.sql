-- SPDX-License-Identifier: GPL-3.0-or-later
-- Closed fund periods from the hub's changes feed (issue 10 §3–4).

-- One row per period, the published document as the hub sent it (its
-- "fund_period" change's data): the Transparency page reads it offline.
-- A newer change of the same period replaces the row.
CREATE TABLE fund_periods (
  period      TEXT PRIMARY KEY CHECK (length (period) = 7 AND period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  closed      INTEGER NOT NULL CHECK (closed IN (0, 1)),
  document    TEXT NOT NULL CHECK (json_valid (document)),
  received_at TEXT NOT NULL
) STRICT;
