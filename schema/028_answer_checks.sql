-- 028: on PostgreSQL, that every answer and energy level belongs to a response is checked once a statement,
-- not once a row. A submission writes about 35 such rows in one statement; their foreign keys ran a query of
-- their own for each row (executor start-up, an index probe, a row lock), a quarter of the PostgreSQL writer's
-- time (bench/RESULTS.md). The same rule is kept by triggers over the statement's new rows (one query for all
-- of them, the responses locked as the foreign key locks them) and over deleted responses; a response's id
-- never changes. SQLite keeps its foreign keys (they are checked in process, and it cannot drop them): this
-- file changes nothing there.
-- BEGIN POSTGRESQL
ALTER TABLE answer DROP CONSTRAINT answer_response_id_fkey;
ALTER TABLE energy DROP CONSTRAINT energy_response_id_fkey;

-- The new or changed rows of an answer or energy statement (new_rows) must each name a response, which stays
-- until the transaction ends (FOR KEY SHARE, as the foreign key took it).
-- One lookup per response named (a submission names one), not per row.
CREATE FUNCTION response_rows_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	named BIGINT;
BEGIN
	FOR named IN SELECT DISTINCT response_id FROM new_rows LOOP
		PERFORM FROM response WHERE id = named FOR KEY SHARE;
		IF NOT FOUND THEN
			RAISE foreign_key_violation USING MESSAGE = format('insert or update on table "%s" violates its '
				'response check: response %s does not exist', TG_TABLE_NAME, named);
		END IF;
	END LOOP;
	RETURN NULL;
END $$;
CREATE TRIGGER answer_response_insert AFTER INSERT ON answer REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION response_rows_check();
CREATE TRIGGER answer_response_update AFTER UPDATE ON answer REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION response_rows_check();
CREATE TRIGGER energy_response_insert AFTER INSERT ON energy REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION response_rows_check();
CREATE TRIGGER energy_response_update AFTER UPDATE ON energy REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION response_rows_check();

-- A response is deleted only with its answers and energy levels gone first.
CREATE FUNCTION response_gone_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM answer a JOIN gone g ON g.id = a.response_id)
	   OR EXISTS (SELECT 1 FROM energy e JOIN gone g ON g.id = e.response_id) THEN
		RAISE foreign_key_violation USING MESSAGE = 'delete on table "response" violates its check: its answers '
			'or energy levels are still there';
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER response_gone AFTER DELETE ON response REFERENCING OLD TABLE AS gone
	FOR EACH STATEMENT EXECUTE FUNCTION response_gone_check();

CREATE FUNCTION response_id_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.id <> OLD.id THEN
		RAISE foreign_key_violation USING MESSAGE = 'a response''s id never changes';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER response_id_kept BEFORE UPDATE OF id ON response FOR EACH ROW EXECUTE FUNCTION response_id_kept();
-- END POSTGRESQL
