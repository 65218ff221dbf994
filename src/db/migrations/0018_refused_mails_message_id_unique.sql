DROP INDEX `refused_mails_message_id_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `refused_mails_message_id_idx` ON `refused_mails` (`message_id`);