-- SPDX-License-Identifier: GPL-3.0-or-later
-- Sync after re-enrolment, limits and changes the point cannot apply
-- (issue 9).

-- Each outbox event keeps the device that numbered it: after the till is
-- enrolled again under a new device code, the events committed under the
-- old one still go out with that code and its seq (the hub accepts a
-- point's earlier devices' events from its new device), and the new
-- device counts from 1. The commit order is the row's position, no longer
-- the seq.
CREATE TABLE outbox_v4 (
  position INTEGER PRIMARY KEY,                 -- commit order
  id       TEXT NOT NULL UNIQUE,                -- UUID
  device   TEXT NOT NULL,
  seq      INTEGER NOT NULL CHECK (seq > 0),
  type     TEXT NOT NULL,
  at       TEXT NOT NULL,
  payload  TEXT NOT NULL CHECK (json_valid (payload)),
  sale_id  TEXT REFERENCES sales (id),
  UNIQUE (device, seq)
) STRICT;

INSERT INTO outbox_v4 (id, device, seq, type, at, payload, sale_id)
  SELECT id,
         coalesce (json_extract (payload, '$.device'),
                   (SELECT value FROM meta WHERE key = 'device_id'), '?'),
         seq, type, at, payload, sale_id
  FROM outbox ORDER BY seq;

DROP TABLE outbox;
ALTER TABLE outbox_v4 RENAME TO outbox;
CREATE INDEX outbox_sale ON outbox (sale_id) WHERE sale_id IS NOT NULL;

-- A dead letter goes back to the outbox under its own device when retried.
ALTER TABLE dead_letters ADD COLUMN device TEXT;
UPDATE dead_letters
  SET device = coalesce (json_extract (payload, '$.device'),
                         (SELECT value FROM meta WHERE key = 'device_id'), '?');

-- Changes of the hub's feed this point could not apply (an EAN or a scale
-- code held by an own product, …): kept with the reason, shown in the sync
-- state and tried again at every pull, until one applies or a newer change
-- of the same thing takes its place. The cursor moves on meanwhile.
CREATE TABLE unapplied_changes (
  kind       TEXT NOT NULL,                     -- as the feed names it
  key        TEXT NOT NULL,                     -- code or card; '' for settings
  seq        INTEGER NOT NULL,
  change     TEXT NOT NULL CHECK (json_valid (change)),  -- as the hub sent it
  label      TEXT NOT NULL,                     -- what it changes, for people
  reason     TEXT NOT NULL,                     -- why it could not be applied
  held_since TEXT NOT NULL,
  PRIMARY KEY (kind, key)
) STRICT;
