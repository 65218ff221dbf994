ALTER TABLE "agents" ADD COLUMN "away" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "away_until" bigint;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "slack_presence" text;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "slack_presence_at" bigint;--> statement-breakpoint
ALTER TABLE "queues" ADD COLUMN "assign" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "queues" ADD COLUMN "skip_slack_away" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "queues" ADD COLUMN "last_assigned_agent_id" integer;--> statement-breakpoint
ALTER TABLE "queues" ADD CONSTRAINT "queues_last_assigned_agent_id_agents_id_fk" FOREIGN KEY ("last_assigned_agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;