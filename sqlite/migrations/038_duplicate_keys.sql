-- What two or more people share, an e-mail address ('e') or a name ('n'):
-- the duplicates page reads these keys instead of grouping every address
-- and every name, which took the whole of both indexes when few were
-- shared. Triggers keep the table in step with every write: a form, an
-- import, a merge, the trash, an erasure, a restored archive.
CREATE TABLE duplicate_keys (
	kind TEXT NOT NULL,
	key  TEXT NOT NULL,
	PRIMARY KEY (kind, key)
);
INSERT INTO duplicate_keys (kind, key)
	SELECT 'e', email FROM person_emails GROUP BY email HAVING COUNT(*) > 1;
INSERT INTO duplicate_keys (kind, key)
	SELECT 'n', name FROM people GROUP BY name HAVING COUNT(*) > 1;

CREATE TRIGGER duplicate_email_added AFTER INSERT ON person_emails
WHEN EXISTS (SELECT 1 FROM person_emails WHERE email = NEW.email AND person_id <> NEW.person_id)
BEGIN
	INSERT OR IGNORE INTO duplicate_keys (kind, key) VALUES ('e', NEW.email);
END;

CREATE TRIGGER duplicate_email_removed AFTER DELETE ON person_emails
WHEN (SELECT COUNT(*) FROM (SELECT 1 FROM person_emails WHERE email = OLD.email LIMIT 2)) < 2
BEGIN
	DELETE FROM duplicate_keys WHERE kind = 'e' AND key = OLD.email;
END;

CREATE TRIGGER duplicate_name_added AFTER INSERT ON people
WHEN EXISTS (SELECT 1 FROM people WHERE name = NEW.name AND id <> NEW.id)
BEGIN
	INSERT OR IGNORE INTO duplicate_keys (kind, key) VALUES ('n', NEW.name);
END;

CREATE TRIGGER duplicate_name_removed AFTER DELETE ON people
WHEN (SELECT COUNT(*) FROM (SELECT 1 FROM people WHERE name = OLD.name LIMIT 2)) < 2
BEGIN
	DELETE FROM duplicate_keys WHERE kind = 'n' AND key = OLD.name;
END;

CREATE TRIGGER duplicate_name_changed AFTER UPDATE OF name ON people
WHEN OLD.name <> NEW.name
BEGIN
	DELETE FROM duplicate_keys WHERE kind = 'n' AND key = OLD.name
		AND (SELECT COUNT(*) FROM (SELECT 1 FROM people WHERE name = OLD.name LIMIT 2)) < 2;
	INSERT OR IGNORE INTO duplicate_keys (kind, key)
		SELECT 'n', NEW.name WHERE EXISTS (SELECT 1 FROM people WHERE name = NEW.name AND id <> NEW.id);
END;
