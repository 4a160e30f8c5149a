CREATE TABLE "evidence_drafts" (
	"case_id" text NOT NULL,
	"author_id" text NOT NULL,
	"fields" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_drafts_case_id_author_id_pk" PRIMARY KEY("case_id","author_id")
);
--> statement-breakpoint
ALTER TABLE "evidence_drafts" ADD CONSTRAINT "evidence_drafts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_drafts" ADD CONSTRAINT "evidence_drafts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;