CREATE TABLE `search_index_progress` (
	`id` integer PRIMARY KEY NOT NULL,
	`tickets_up_to` integer NOT NULL,
	`articles_up_to` integer NOT NULL
);
--> statement-breakpoint
-- Rows already in the full-text index (the triggers below kept it until now).
INSERT INTO `search_index_progress` (`id`, `tickets_up_to`, `articles_up_to`)
  VALUES (1, (SELECT coalesce(max(`id`), 0) FROM `tickets`), (SELECT coalesce(max(`id`), 0) FROM `articles`));
--> statement-breakpoint
-- New rows are indexed in batches (src/core/search-index.ts); a change to a row already indexed is still
-- applied at once, one not yet indexed is picked up as it is when its batch comes.
DROP TRIGGER `tickets_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `tickets_fts_update`;
--> statement-breakpoint
DROP TRIGGER `tickets_fts_delete`;
--> statement-breakpoint
DROP TRIGGER `articles_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `articles_fts_update`;
--> statement-breakpoint
DROP TRIGGER `articles_fts_delete`;
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_update` AFTER UPDATE OF title ON `tickets`
WHEN old.id <= (SELECT `tickets_up_to` FROM `search_index_progress` WHERE `id` = 1) BEGIN
  INSERT INTO tickets_fts(tickets_fts, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO tickets_fts(rowid, title) VALUES (new.id, new.title);
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_delete` AFTER DELETE ON `tickets`
WHEN old.id <= (SELECT `tickets_up_to` FROM `search_index_progress` WHERE `id` = 1) BEGIN
  INSERT INTO tickets_fts(tickets_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
--> statement-breakpoint
CREATE TRIGGER `articles_fts_update` AFTER UPDATE OF subject, body ON `articles`
WHEN old.id <= (SELECT `articles_up_to` FROM `search_index_progress` WHERE `id` = 1) BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, subject, body) VALUES ('delete', old.id, old.subject, old.body);
  INSERT INTO articles_fts(rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `articles_fts_delete` AFTER DELETE ON `articles`
WHEN old.id <= (SELECT `articles_up_to` FROM `search_index_progress` WHERE `id` = 1) BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, subject, body) VALUES ('delete', old.id, old.subject, old.body);
END;
