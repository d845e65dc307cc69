-- SPDX-License-Identifier: GPL-3.0-or-later
-- The sync engine's own state (DESIGN.md §4).

-- Events the hub rejected: moved out of the outbox in the same transaction
-- that read the hub's answer, kept for the responsabile, never retried.
CREATE TABLE dead_letters (
  id          TEXT PRIMARY KEY,               -- the event's UUID
  seq         INTEGER NOT NULL,
  type        TEXT NOT NULL,
  at          TEXT NOT NULL,
  payload     TEXT NOT NULL CHECK (json_valid (payload)),
  sale_id     TEXT REFERENCES sales (id),
  code        TEXT NOT NULL,
  message     TEXT NOT NULL,
  rejected_at TEXT NOT NULL
) STRICT;

-- One row: the changes-feed cursor, stored with each page it applies.
CREATE TABLE sync_state (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  cursor       INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
  last_success TEXT
) STRICT;

INSERT INTO sync_state (id) VALUES (1);
