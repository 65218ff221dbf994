CREATE TABLE `slack_interactions` (
	`id` text PRIMARY KEY NOT NULL,
	`handled_at` integer NOT NULL
);
