-- The full-text index's progress row (as SQLite's 0007): the core indexes nothing without it.
INSERT INTO "search_index_progress" ("id", "tickets_up_to", "articles_up_to") VALUES (1, 0, 0);
