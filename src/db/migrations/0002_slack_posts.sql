CREATE TABLE `slack_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`kind` text NOT NULL,
	`queue_id` integer,
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `slack_posts_message_idx` ON `slack_posts` (`channel_id`,`ts`);--> statement-breakpoint
CREATE INDEX `slack_posts_ticket_idx` ON `slack_posts` (`ticket_id`);