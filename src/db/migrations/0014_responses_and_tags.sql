CREATE TABLE `queue_tags` (
	`queue_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`queue_id`, `tag`),
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`queue_id` integer,
	`agent_id` integer,
	`key` text,
	`title` text NOT NULL,
	`body_it` text,
	`body_en` text,
	`next_state` text,
	`pending_days` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `responses_queue_key_idx` ON `responses` (`queue_id`,`key`);--> statement-breakpoint
CREATE INDEX `responses_agent_idx` ON `responses` (`agent_id`);--> statement-breakpoint
CREATE TABLE `ticket_tags` (
	`ticket_id` integer NOT NULL,
	`tag` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `tag`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_tags_tag_idx` ON `ticket_tags` (`tag`);