ALTER TABLE `agents` ADD `away` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `away_until` integer;--> statement-breakpoint
ALTER TABLE `agents` ADD `slack_presence` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `slack_presence_at` integer;--> statement-breakpoint
ALTER TABLE `queues` ADD `assign` text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE `queues` ADD `skip_slack_away` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `queues` ADD `last_assigned_agent_id` integer REFERENCES agents(id);