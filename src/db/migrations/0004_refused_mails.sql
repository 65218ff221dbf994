CREATE TABLE `refused_mails` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`received_at` integer NOT NULL,
	`reason` text NOT NULL,
	`source` text NOT NULL,
	`raw_size` integer NOT NULL,
	`envelope_from` text,
	`envelope_to` text,
	`message_id` text,
	`raw` blob,
	`raw_truncated` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `refused_mails_received_idx` ON `refused_mails` (`received_at`);--> statement-breakpoint
CREATE INDEX `refused_mails_message_id_idx` ON `refused_mails` (`message_id`);