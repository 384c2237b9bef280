-- A Notion page or database without a title was stored as '(untitled)', English the hub showed as it was. It is
-- stored without a name now (the hub says "Untitled" in the reader's language); rows and earlier names of before too.
UPDATE containers SET name = '' WHERE tool = 'notion' AND name = '(untitled)';
UPDATE containers SET previous = jsonb_set(previous, '{name}', '""')
 WHERE tool = 'notion' AND previous ->> 'name' = '(untitled)';
