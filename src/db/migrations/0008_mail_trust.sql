CREATE TABLE `mail_intake` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sender` text NOT NULL,
	`ticket_id` integer,
	`notice_to` text,
	`taken_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mail_intake_sender_idx` ON `mail_intake` (`sender`,`taken_at`);--> statement-breakpoint
CREATE INDEX `mail_intake_ticket_idx` ON `mail_intake` (`ticket_id`,`taken_at`);--> statement-breakpoint
CREATE INDEX `mail_intake_notice_idx` ON `mail_intake` (`notice_to`,`taken_at`);--> statement-breakpoint
CREATE INDEX `mail_intake_taken_idx` ON `mail_intake` (`taken_at`);--> statement-breakpoint
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