-- Full-text search over ticket titles and article bodies (FTS5, external content, kept in step by triggers).
CREATE VIRTUAL TABLE `tickets_fts` USING fts5(title, content='tickets', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_insert` AFTER INSERT ON `tickets` BEGIN
  INSERT INTO tickets_fts(rowid, title) VALUES (new.id, new.title);
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_update` AFTER UPDATE OF title ON `tickets` BEGIN
  INSERT INTO tickets_fts(tickets_fts, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO tickets_fts(rowid, title) VALUES (new.id, new.title);
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_delete` AFTER DELETE ON `tickets` BEGIN
  INSERT INTO tickets_fts(tickets_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `articles_fts` USING fts5(subject, body, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `articles_fts_insert` AFTER INSERT ON `articles` BEGIN
  INSERT INTO articles_fts(rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `articles_fts_update` AFTER UPDATE OF subject, body ON `articles` BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, subject, body) VALUES ('delete', old.id, old.subject, old.body);
  INSERT INTO articles_fts(rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `articles_fts_delete` AFTER DELETE ON `articles` BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, subject, body) VALUES ('delete', old.id, old.subject, old.body);
END;
