-- Rule suggestions and import runs keep what the hub says as codes with their values, which the extension says in
-- the reader's language: a suggestion's evidence (`why`), a run's problems. The English texts of rows written before
-- stay, read as they are (said as such); new rows leave them empty.
ALTER TABLE rule_suggestions ADD COLUMN why jsonb;
ALTER TABLE rule_suggestions ALTER COLUMN reason DROP NOT NULL;
ALTER TABLE import_runs ADD COLUMN problems jsonb;
ALTER TABLE import_runs ADD COLUMN more_problems integer NOT NULL DEFAULT 0;
