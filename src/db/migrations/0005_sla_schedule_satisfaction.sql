CREATE TABLE `scheduled_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`kind` text NOT NULL,
	`target` text DEFAULT '' NOT NULL,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`lease_until` integer,
	`done_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scheduled_jobs_key_idx` ON `scheduled_jobs` (`ticket_id`,`kind`,`target`,`due_at`);--> statement-breakpoint
CREATE INDEX `scheduled_jobs_due_idx` ON `scheduled_jobs` (`due_at`) WHERE "scheduled_jobs"."status" = 'pending';--> statement-breakpoint
ALTER TABLE `queues` ADD `notify_before_percent` integer DEFAULT 80 NOT NULL;--> statement-breakpoint
ALTER TABLE `queues` ADD `sla_paused_when_pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `queues` ADD `ask_satisfaction` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `first_response_warn_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `update_warn_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `solution_warn_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `sla_paused_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `satisfaction_rating` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `satisfaction_comment` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `rated_at` integer;