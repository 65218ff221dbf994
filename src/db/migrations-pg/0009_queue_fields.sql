CREATE TABLE "ticket_field_values" (
	"ticket_id" integer NOT NULL,
	"field_key" text NOT NULL,
	"position" integer NOT NULL,
	"value" text NOT NULL,
	"folded" text NOT NULL,
	CONSTRAINT "ticket_field_values_ticket_id_field_key_position_pk" PRIMARY KEY("ticket_id","field_key","position")
);
--> statement-breakpoint
ALTER TABLE "queues" ADD COLUMN "fields" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_field_values" ADD CONSTRAINT "ticket_field_values_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_field_values_search_idx" ON "ticket_field_values" USING btree ("field_key","folded");