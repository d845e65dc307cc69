-- SPDX-License-Identifier: GPL-3.0-or-later
-- Members as the counter knows them (DESIGN.md §3 and §7): the fields the
-- hub publishes in its changes feed, and members registered here that the
-- hub has not published back yet (known_to_hub = 0). Contacts, consent
-- and declarations travel to the hub in outbox events and are not kept
-- here; no income figure or document ever is.

CREATE TABLE members (
  id                         INTEGER PRIMARY KEY,     -- stable rowid for the search index
  card_code                  TEXT NOT NULL UNIQUE CHECK (length (card_code) = 10 AND card_code GLOB 'DS[0-9]*'),
  display_name               TEXT NOT NULL CHECK (length (trim (display_name)) > 0),
  status                     TEXT NOT NULL DEFAULT 'pending'
                             CHECK (status IN ('pending', 'validated', 'suspended')),
  preferred_tier             TEXT NOT NULL DEFAULT 'equa'
                             CHECK (preferred_tier IN ('accessibile', 'impegno', 'equa', 'solidale')),
  registered_on              TEXT NOT NULL,           -- YYYY-MM-DD
  volume_12m_cents           INTEGER NOT NULL DEFAULT 0,   -- the hub's figure
  documentation_acknowledged INTEGER NOT NULL DEFAULT 0 CHECK (documentation_acknowledged IN (0, 1)),
  has_declaration            INTEGER NOT NULL DEFAULT 0 CHECK (has_declaration IN (0, 1)),
  basis                      TEXT NOT NULL DEFAULT 'none'
                             CHECK (basis IN ('none', 'self_declaration', 'certificate', 'provisional')),
  basis_expires_on           TEXT,                    -- last valid day, YYYY-MM-DD
  basis_flagged              INTEGER NOT NULL DEFAULT 0 CHECK (basis_flagged IN (0, 1)),
  activity_hours             INTEGER NOT NULL DEFAULT 0,
  known_to_hub               INTEGER NOT NULL DEFAULT 0 CHECK (known_to_hub IN (0, 1)),
  updated_at                 TEXT NOT NULL
) STRICT;

-- Search by name or card, accent- and case-insensitive, prefix per word.
CREATE VIRTUAL TABLE members_fts USING fts5 (
  display_name, card_code,
  tokenize = "unicode61 remove_diacritics 2",
  prefix = '1 2 3'
);

CREATE TRIGGER members_fts_insert AFTER INSERT ON members
BEGIN
  INSERT INTO members_fts (rowid, display_name, card_code)
  VALUES (new.id, new.display_name, new.card_code);
END;

CREATE TRIGGER members_fts_update AFTER UPDATE OF display_name ON members
BEGIN
  DELETE FROM members_fts WHERE rowid = old.id;
  INSERT INTO members_fts (rowid, display_name, card_code)
  VALUES (new.id, new.display_name, new.card_code);
END;

CREATE TRIGGER members_fts_delete AFTER DELETE ON members
BEGIN
  DELETE FROM members_fts WHERE rowid = old.id;
END;

-- The buyer's unsynced volume: this point's sales of a member still in
-- the outbox.
CREATE INDEX sales_member ON sales (member_card) WHERE member_card IS NOT NULL;
