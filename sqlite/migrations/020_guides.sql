-- Interview guides: reusable question sets used during visits, with the
-- answers each customer gave. A question may link people: an answer that
-- names who decides, or who uses the information, records that
-- relationship. Two guides ship: the discovery probes, and seed 004's
-- "who do you serve".
CREATE TABLE guides (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT NOT NULL,
	about      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

CREATE TABLE guide_questions (
	id       INTEGER PRIMARY KEY AUTOINCREMENT,
	guide_id INTEGER NOT NULL REFERENCES guides (id),
	position INTEGER NOT NULL,
	text     TEXT NOT NULL,
	links    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX guide_questions_guide ON guide_questions (guide_id, position);

CREATE TABLE visit_answers (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	visit_id        INTEGER NOT NULL REFERENCES visits (id),
	question_id     INTEGER NOT NULL REFERENCES guide_questions (id),
	person_id       INTEGER REFERENCES people (id),
	text            TEXT NOT NULL,
	named_person_id INTEGER REFERENCES people (id),
	created_by      INTEGER NOT NULL DEFAULT 0,
	created_at      TEXT NOT NULL
);
CREATE INDEX visit_answers_visit ON visit_answers (visit_id, question_id);
CREATE INDEX visit_answers_person ON visit_answers (person_id);
CREATE INDEX visit_answers_named ON visit_answers (named_person_id);

INSERT INTO guides (name, about, created_at) VALUES
	('Discovery probes', 'Questions that find the people around the one you talk to, and how their world changed.', '2026-12-02T00:00:00.000000000Z'),
	('Who do you serve', 'Three steps to the customer''s own customer: who they serve, that individual, what they do with and for them.', '2026-12-02T00:00:00.000000000Z');
INSERT INTO guide_questions (guide_id, position, text, links) VALUES
	(1, 1, 'Who makes this kind of decision?', 'decides_for'),
	(1, 2, 'Who uses this sort of information?', 'uses_information_from'),
	(1, 3, 'How does your new role compare to your old one?', ''),
	(1, 4, 'Who is your customer now?', ''),
	(2, 1, 'Who do you serve?', ''),
	(2, 2, 'Describe that individual: what is their day like?', ''),
	(2, 3, 'What do you do with them, and for them?', '');
