CREATE TABLE `ticket_participants` (
	`ticket_id` integer NOT NULL,
	`email` text NOT NULL,
	`added_by_agent_id` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `email`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by_agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `articles` ADD `mail_auth` text;