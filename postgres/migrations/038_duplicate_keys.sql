-- What two or more people share, an e-mail address ('e') or a name ('n'):
-- the duplicates page reads these keys instead of grouping every address
-- and every name, which took the whole of both indexes when few were
-- shared. Triggers keep the table in step with every write: a form, an
-- import, a merge, the trash, an erasure, a restored archive. Those on
-- inserts and deletes run once a statement, over the keys of the rows it
-- changed, each looked up in its index: an import's statement of 500 rows
-- is one call, not 500. A rename is read a row at a time (below): a
-- statement trigger on every update of people, which copies each updated
-- row, made an import of 200,000 people three times slower.
--
-- Two transactions that give the same new address to two people at the
-- same moment each see only their own row, and the key is not recorded:
-- the page then misses that pair until either person's addresses are
-- saved again. A proposal missed, never a person.
CREATE TABLE duplicate_keys (
	kind TEXT NOT NULL,
	key  TEXT NOT NULL,
	PRIMARY KEY (kind, key)
);
INSERT INTO duplicate_keys (kind, key)
	SELECT 'e', email FROM person_emails GROUP BY email HAVING COUNT(*) > 1;
INSERT INTO duplicate_keys (kind, key)
	SELECT 'n', name FROM people GROUP BY name HAVING COUNT(*) > 1;

-- duplicate_key_shared tells whether two people or more hold the key.
CREATE FUNCTION duplicate_key_shared(k_kind TEXT, k_key TEXT) RETURNS BOOLEAN LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF k_kind = 'e' THEN
		RETURN (SELECT COUNT(*) FROM (SELECT 1 FROM person_emails WHERE email = k_key LIMIT 2) two) > 1;
	END IF;
	RETURN (SELECT COUNT(*) FROM (SELECT 1 FROM people WHERE name = k_key LIMIT 2) two) > 1;
END $$;

-- keep_duplicate_key records a key that is shared, and, after a row went
-- or changed, forgets one that no longer is.
CREATE FUNCTION keep_duplicate_key(k_kind TEXT, k_key TEXT, op TEXT) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
	IF duplicate_key_shared(k_kind, k_key) THEN
		INSERT INTO duplicate_keys (kind, key) VALUES (k_kind, k_key) ON CONFLICT DO NOTHING;
	ELSIF op <> 'INSERT' THEN
		DELETE FROM duplicate_keys WHERE kind = k_kind AND key = k_key;
	END IF;
END $$;

-- The rows a statement added or removed are its transition table
-- "changed", under either name.
CREATE FUNCTION duplicate_emails_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	k TEXT;
BEGIN
	FOR k IN SELECT DISTINCT email FROM changed LOOP
		PERFORM keep_duplicate_key('e', k, TG_OP);
	END LOOP;
	RETURN NULL;
END $$;
CREATE TRIGGER duplicate_emails_added AFTER INSERT ON person_emails
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION duplicate_emails_changed();
CREATE TRIGGER duplicate_emails_removed AFTER DELETE ON person_emails
	REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION duplicate_emails_changed();

CREATE FUNCTION duplicate_names_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	k TEXT;
BEGIN
	FOR k IN SELECT DISTINCT name FROM changed LOOP
		PERFORM keep_duplicate_key('n', k, TG_OP);
	END LOOP;
	RETURN NULL;
END $$;
CREATE TRIGGER duplicate_names_added AFTER INSERT ON people
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION duplicate_names_changed();
CREATE TRIGGER duplicate_names_removed AFTER DELETE ON people
	REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION duplicate_names_changed();

-- A rename, a row at a time: most updates of people (a move, the search
-- index, a photo) do not set the name and never call it, and those that
-- set it to what it was are passed over by the WHEN.
CREATE FUNCTION duplicate_name_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM keep_duplicate_key('n', OLD.name, TG_OP);
	PERFORM keep_duplicate_key('n', NEW.name, TG_OP);
	RETURN NULL;
END $$;
CREATE TRIGGER duplicate_name_renamed AFTER UPDATE OF name ON people
	FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION duplicate_name_renamed();
