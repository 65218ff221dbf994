CREATE TABLE `ticket_field_values` (
	`ticket_id` integer NOT NULL,
	`field_key` text NOT NULL,
	`position` integer NOT NULL,
	`value` text NOT NULL,
	`folded` text NOT NULL,
	PRIMARY KEY(`ticket_id`, `field_key`, `position`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_field_values_search_idx` ON `ticket_field_values` (`field_key`,`folded`);--> statement-breakpoint
ALTER TABLE `queues` ADD `fields` text DEFAULT '[]' NOT NULL;