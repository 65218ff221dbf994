CREATE TABLE `attachment_uploads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attachment_id` integer NOT NULL,
	`channel_id` text NOT NULL,
	`file_id` text NOT NULL,
	FOREIGN KEY (`attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attachment_uploads_target_idx` ON `attachment_uploads` (`attachment_id`,`channel_id`);