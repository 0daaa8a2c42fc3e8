-- Following people: staff follow a customer by hand, or on their own by
-- visiting them or recording their words; when that person moves, each
-- follower gets a notification.
CREATE TABLE follows (
	person_id  INTEGER NOT NULL REFERENCES people (id),
	user_id    INTEGER NOT NULL REFERENCES users (id),
	auto       BOOLEAN NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (person_id, user_id)
);
CREATE INDEX follows_user ON follows (user_id, person_id);

CREATE TABLE notifications (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	person_id  INTEGER NOT NULL REFERENCES people (id),
	text       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	read_at    TEXT,
	emailed_at TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_person ON notifications (person_id);
