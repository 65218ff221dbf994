CREATE TABLE `agents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slack_user_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`is_admin` integer DEFAULT false NOT NULL,
	`language` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_slack_user_id_unique` ON `agents` (`slack_user_id`);--> statement-breakpoint
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`article_number` integer NOT NULL,
	`sender_type` text NOT NULL,
	`channel` text NOT NULL,
	`customer_visible` integer NOT NULL,
	`author_agent_id` integer,
	`author_customer_id` integer,
	`from_address` text,
	`to_address` text,
	`subject` text,
	`body` text NOT NULL,
	`slack_channel_id` text,
	`slack_ts` text,
	`message_id` text,
	`in_reply_to` text,
	`references` text,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_ticket_number_idx` ON `articles` (`ticket_id`,`article_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `articles_slack_message_idx` ON `articles` (`slack_channel_id`,`slack_ts`);--> statement-breakpoint
CREATE INDEX `articles_message_id_idx` ON `articles` (`message_id`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`slack_file_id` text,
	`content` blob,
	`refused_reason` text,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_article_idx` ON `attachments` (`article_id`);--> statement-breakpoint
CREATE TABLE `calendars` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`time_zone` text NOT NULL,
	`definition` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendars_key_unique` ON `calendars` (`key`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slack_user_id` text,
	`email` text,
	`name` text NOT NULL,
	`language` text,
	`notify_via` text DEFAULT 'dm' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_slack_user_id_unique` ON `customers` (`slack_user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `customers_email_unique` ON `customers` (`email`);--> statement-breakpoint
CREATE TABLE `history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`event` text NOT NULL,
	`actor_agent_id` integer,
	`actor_customer_id` integer,
	`actor_label` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`article_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `history_ticket_idx` ON `history` (`ticket_id`,`id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic` text NOT NULL,
	`payload` text NOT NULL,
	`ticket_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`next_attempt_at`) WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_ticket_idx` ON `outbox` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `queue_permissions` (
	`queue_id` integer NOT NULL,
	`agent_id` integer NOT NULL,
	`permission` text NOT NULL,
	`source` text NOT NULL,
	PRIMARY KEY(`queue_id`, `agent_id`, `permission`, `source`),
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `queue_permissions_agent_idx` ON `queue_permissions` (`agent_id`);--> statement-breakpoint
CREATE TABLE `queues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`parent_id` integer,
	`level` integer DEFAULT 1 NOT NULL,
	`customer_visible` integer DEFAULT true NOT NULL,
	`slack_channel_id` text,
	`email_address` text,
	`follow_up` text DEFAULT 'reopen' NOT NULL,
	`reopen_window_days` integer,
	`first_response_minutes` integer,
	`update_minutes` integer,
	`solution_minutes` integer,
	`calendar_id` integer,
	`unlock_minutes` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`calendar_id`) REFERENCES `calendars`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queues_key_unique` ON `queues` (`key`);--> statement-breakpoint
CREATE INDEX `queues_parent_idx` ON `queues` (`parent_id`);--> statement-breakpoint
CREATE INDEX `queues_channel_idx` ON `queues` (`slack_channel_id`);--> statement-breakpoint
CREATE TABLE `ticket_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_ticket_id` integer NOT NULL,
	`target_ticket_id` integer NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`source_ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_links_source_idx` ON `ticket_links` (`source_ticket_id`);--> statement-breakpoint
CREATE INDEX `ticket_links_target_idx` ON `ticket_links` (`target_ticket_id`);--> statement-breakpoint
CREATE TABLE `ticket_number_counters` (
	`day` text PRIMARY KEY NOT NULL,
	`counter` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`title` text NOT NULL,
	`state` text NOT NULL,
	`working` integer NOT NULL,
	`priority` integer DEFAULT 3 NOT NULL,
	`queue_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`owner_id` integer,
	`responsible_id` integer,
	`locked` integer DEFAULT false NOT NULL,
	`article_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	`pending_until` integer,
	`first_response_at` integer,
	`first_response_due_at` integer,
	`update_due_at` integer,
	`solution_due_at` integer,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_number_unique` ON `tickets` (`number`);--> statement-breakpoint
CREATE INDEX `tickets_queue_view_idx` ON `tickets` (`queue_id`,`working`,"priority" desc,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_customer_idx` ON `tickets` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_owner_idx` ON `tickets` (`owner_id`,`working`);--> statement-breakpoint
CREATE INDEX `tickets_pending_idx` ON `tickets` (`pending_until`) WHERE "tickets"."pending_until" is not null;--> statement-breakpoint
CREATE INDEX `tickets_created_idx` ON `tickets` (`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_closed_idx` ON `tickets` (`closed_at`) WHERE "tickets"."closed_at" is not null;--> statement-breakpoint
CREATE TABLE `watchers` (
	`ticket_id` integer NOT NULL,
	`agent_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `agent_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `watchers_agent_idx` ON `watchers` (`agent_id`);