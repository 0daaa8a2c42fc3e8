-- Contact files uploaded in the web pages, kept while their import is
-- mapped, checked and run (any server may take the next step), and for a
-- week after, with what the import did.
CREATE TABLE contact_uploads (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id      INTEGER NOT NULL,
	name         TEXT NOT NULL,
	data         BLOB NOT NULL,
	fields       TEXT NOT NULL DEFAULT '[]',
	skip_invalid INTEGER NOT NULL DEFAULT 0,
	state        TEXT NOT NULL DEFAULT 'uploaded',
	dry_run      INTEGER NOT NULL DEFAULT 0,
	read_count   INTEGER NOT NULL DEFAULT 0,
	report       TEXT,
	error        TEXT NOT NULL DEFAULT '',
	cancel       INTEGER NOT NULL DEFAULT 0,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE INDEX contact_uploads_created ON contact_uploads (created_at);
