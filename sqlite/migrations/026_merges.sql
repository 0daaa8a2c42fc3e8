-- Merges of duplicate people: who stayed, who went (into the trash), and
-- what the merge gave the one who stayed, so that it can be undone
-- (undo_json: the ids of the rows it added, and the record before).
CREATE TABLE merges (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	kept_id    INTEGER NOT NULL,
	gone_id    INTEGER NOT NULL,
	kept_name  TEXT NOT NULL,
	gone_name  TEXT NOT NULL,
	undo_json  TEXT NOT NULL,
	merged_by  INTEGER NOT NULL,
	merged_at  TEXT NOT NULL,
	undone_at  TEXT
);
CREATE INDEX merges_recent ON merges (merged_at);

-- Pairs a person said are different people: the duplicates page stops
-- proposing them (low id first).
CREATE TABLE not_duplicates (
	a_id INTEGER NOT NULL,
	b_id INTEGER NOT NULL,
	PRIMARY KEY (a_id, b_id)
);
