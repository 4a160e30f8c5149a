ALTER TABLE "cases" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "packets" ADD COLUMN "sha256" text;--> statement-breakpoint
UPDATE "packets" SET "sha256" = encode(sha256("content"), 'hex');--> statement-breakpoint
ALTER TABLE "packets" ALTER COLUMN "sha256" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "packets_sha256_idx" ON "packets" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "packets_fingerprint_idx" ON "packets" USING btree ("fingerprint");