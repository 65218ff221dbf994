DROP INDEX `articles_message_id_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `articles_message_id_idx` ON `articles` (`message_id`);