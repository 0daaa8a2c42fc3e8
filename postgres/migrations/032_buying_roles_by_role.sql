-- People lists filtered by a buying role start from the people who have
-- it (a few per company), then sort them by name.
CREATE INDEX buying_roles_role ON buying_roles (role, person_id);
