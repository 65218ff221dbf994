DROP INDEX `outbox_due_idx`;--> statement-breakpoint
DROP INDEX `outbox_ticket_idx`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lane` text DEFAULT 'slack' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lease_until` integer;--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`lane`,`next_attempt_at`) WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_ticket_idx` ON `outbox` (`ticket_id`,`lane`,`status`);