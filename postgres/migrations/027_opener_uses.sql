-- Which team opened a meeting with whose story, and when: the stories a
-- team heard recently are proposed last.
CREATE TABLE opener_uses (
	team      TEXT NOT NULL,
	person_id BIGINT NOT NULL REFERENCES people (id),
	used_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX opener_uses_team ON opener_uses (team, used_at);
CREATE INDEX opener_uses_person ON opener_uses (person_id);

-- When no story speaks of a meeting's topic, the latest stories are
-- proposed.
CREATE INDEX stories_updated ON stories (updated_at);
