CREATE TABLE `periodic_turns` (
	`task` text PRIMARY KEY NOT NULL,
	`due_at` integer NOT NULL
);
