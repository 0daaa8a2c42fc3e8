-- What staff write, as the leaders' view counts it: one row per text per
-- month it was written in (a text edited again that month keeps one row,
-- its last version), with its author and the most concrete level at which
-- it speaks of customers (-1: it never mentions one). The text itself is
-- not copied here.
CREATE TABLE writings (
	kind          TEXT NOT NULL,
	record_id     INTEGER NOT NULL,
	month         TEXT NOT NULL,
	author_id     INTEGER NOT NULL DEFAULT 0,
	most_concrete INTEGER NOT NULL,
	PRIMARY KEY (kind, record_id, month)
);

-- The same, summed up as it is written: how many texts of a kind an
-- author wrote in a month at each level. The leaders' view reads only
-- these sums, so its cost does not grow with the number of texts.
CREATE TABLE writing_totals (
	month         TEXT NOT NULL,
	kind          TEXT NOT NULL,
	author_id     INTEGER NOT NULL,
	most_concrete INTEGER NOT NULL,
	n             INTEGER NOT NULL,
	PRIMARY KEY (month, kind, author_id, most_concrete)
);
