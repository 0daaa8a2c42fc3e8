-- The version of what the search index holds for each person: when the
-- code indexes more (emails and phone numbers, from version 2), it
-- rebuilds the index once at start and notes the version here.
CREATE TABLE search_index_version (version INTEGER NOT NULL);
INSERT INTO search_index_version (version) VALUES (1);
