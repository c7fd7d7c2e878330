-- 008: counters that tell a server when what it keeps in memory is out of date. "units" counts changes to
-- the unit tree (units and their names, places, sizes, sharing): each server keeps the tree it loaded with
-- the count it was loaded at, and reloads when the count has moved, also when another server changed it.

CREATE TABLE change_counter (
	name TEXT PRIMARY KEY,
	value BIGINT NOT NULL
);

INSERT INTO change_counter (name, value) VALUES ('units', 0);
