CREATE TABLE "wording_checks" (
	"case_id" text PRIMARY KEY NOT NULL,
	"revision" text NOT NULL,
	"rules_version" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wording_findings" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"evidence_id" text,
	"field" text NOT NULL,
	"key" text NOT NULL,
	"code" text NOT NULL,
	"match" text NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	"text_hash" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"dismiss_reason" text,
	"dismissed_by_name" text,
	"dismissed_at" timestamp with time zone,
	"rules_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wording_checks" ADD CONSTRAINT "wording_checks_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wording_findings" ADD CONSTRAINT "wording_findings_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wording_findings" ADD CONSTRAINT "wording_findings_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "wording_findings_case_key" ON "wording_findings" USING btree ("case_id","key");--> statement-breakpoint
CREATE INDEX "wording_findings_evidence_idx" ON "wording_findings" USING btree ("evidence_id");