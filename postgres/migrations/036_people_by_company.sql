-- People listed by company: companies walked in name order (with the id
-- as the tie-break), each company's people by people_company_name, and
-- then the people at no company, by name.
CREATE INDEX companies_name_id ON companies (name, id);
CREATE INDEX people_unplaced ON people (name, id) WHERE current_company_id IS NULL;
