CREATE TABLE "contribution_links" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contributions" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"link_id" text NOT NULL,
	"title" text NOT NULL,
	"what_happened" text NOT NULL,
	"part" text NOT NULL,
	"outcome" text NOT NULL,
	"date_start" date NOT NULL,
	"date_end" date,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"vouchers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"suggested_keys" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"dismiss_reason" text,
	"evidence_id" text
);
--> statement-breakpoint
CREATE TABLE "vouch_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"evidence_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"voucher_name" text NOT NULL,
	"voucher_relation" text NOT NULL,
	"voucher_email" text,
	"person_key" text NOT NULL,
	"shown" jsonb NOT NULL,
	"delivery" text NOT NULL,
	"requested_by" text,
	"requested_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"answer" text,
	"correction_part" text,
	"correction_outcome" text,
	"comment" text,
	"correction_accepted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "contribution_links" ADD CONSTRAINT "contribution_links_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contribution_links" ADD CONSTRAINT "contribution_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_link_id_contribution_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."contribution_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouch_requests" ADD CONSTRAINT "vouch_requests_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouch_requests" ADD CONSTRAINT "vouch_requests_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouch_requests" ADD CONSTRAINT "vouch_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contribution_links_token_key" ON "contribution_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "contribution_links_case_idx" ON "contribution_links" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "contributions_case_idx" ON "contributions" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "contributions_link_idx" ON "contributions" USING btree ("link_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vouch_requests_token_key" ON "vouch_requests" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "vouch_requests_evidence_idx" ON "vouch_requests" USING btree ("evidence_id","created_at");--> statement-breakpoint
CREATE INDEX "vouch_requests_person_idx" ON "vouch_requests" USING btree ("case_id","person_key");