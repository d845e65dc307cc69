-- SPDX-License-Identifier: GPL-3.0-or-later
-- The hub's verdicts on Impegno and Accessibile (issue 10): what a point
-- receives of a member instead of the figures behind them (no basis kind,
-- no spending, no hours). *_missing holds the unmet criteria as bits
-- 1 << DisCriterion (0: eligible), *_until the last day an eligible tier
-- surely holds (NULL: no date). Both missing columns are NULL until the
-- hub publishes the member so; until then the counter decides from the
-- local figures, as for members registered here.

ALTER TABLE members ADD COLUMN impegno_missing INTEGER CHECK (impegno_missing IS NULL OR impegno_missing >= 0);
ALTER TABLE members ADD COLUMN impegno_until TEXT;
ALTER TABLE members ADD COLUMN accessibile_missing INTEGER
  CHECK (accessibile_missing IS NULL OR accessibile_missing >= 0);
ALTER TABLE members ADD COLUMN accessibile_until TEXT;
