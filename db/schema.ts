import { relations, sql } from "drizzle-orm";
import {
  bigserial,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { CommitteeDecision, EvidenceRequest, VoteChoice } from "../app/domain/committee";
import type {
  CaseStatus,
  EvidenceKind,
  EvidenceSource,
  Ladder,
  PacketInput,
  Scope,
  StatusCounts,
  Voucher,
  VouchAnswer,
  VouchShown,
} from "../app/domain/types";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").$type<"admin" | "manager" | "reviewer">().notNull(),
    // Null until the invitee sets a password.
    passwordHash: text("password_hash"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const sessions = pgTable(
  "sessions",
  {
    // SHA-256 of the session token: a database leak does not leak live cookies.
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const invites = pgTable(
  "invites",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    // "invite": sets a first password; "reset": replaces one (issued by an administrator, audited).
    purpose: text("purpose").$type<"invite" | "reset">().notNull().default("invite"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invites_token_key").on(t.tokenHash)],
);

export const loginFailures = pgTable(
  "login_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: text("email").notNull(),
    clientAddress: text("client_address").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("login_failures_email_idx").on(t.email, t.at),
    index("login_failures_address_idx").on(t.clientAddress, t.at),
  ],
);

export const ladders = pgTable(
  "ladders",
  {
    id: text("id").primaryKey(),
    // File name without extension: the ladder's identity across versions.
    slug: text("slug").notNull(),
    currentVersionId: text("current_version_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("ladders_slug_key").on(t.slug)],
);

export const ladderVersions = pgTable(
  "ladder_versions",
  {
    id: text("id").primaryKey(),
    ladderId: text("ladder_id")
      .notNull()
      .references(() => ladders.id, { onDelete: "cascade" }),
    contentHash: text("content_hash").notNull(),
    // Decimal levels ("L1.5") keep their value; 0 when the document states none.
    level: doublePrecision("level").notNull(),
    title: text("title").notNull(),
    document: jsonb("document").$type<Ladder>().notNull(),
    source: text("source").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("ladder_versions_hash_key").on(t.ladderId, t.contentHash)],
);

export const cases = pgTable(
  "cases",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    candidateName: text("candidate_name").notNull(),
    currentTitle: text("current_title").notNull(),
    ladderVersionId: text("ladder_version_id")
      .notNull()
      .references(() => ladderVersions.id),
    calibrationDate: date("calibration_date", { mode: "string" }),
    /** IANA time zone in which the case's people read times (the packet prints times in it and in UTC). */
    timeZone: text("time_zone").notNull().default("UTC"),
    summary: text("summary").notNull().default(""),
    recommendation: text("recommendation").notNull().default(""),
    status: text("status").$type<CaseStatus>().notNull().default("draft"),
    // Next evidence number (E-01, E-02 ...): numbers are never reused, even after deletion.
    nextEvidenceNumber: integer("next_evidence_number").notNull().default(1),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("cases_owner_idx").on(t.ownerId)],
);

export const caseOwners = pgTable(
  "case_owners",
  {
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    addedBy: text("added_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.userId] }), index("case_owners_user_idx").on(t.userId)],
);

export const evidence = pgTable(
  "evidence",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    whatHappened: text("what_happened").notNull(),
    outcome: text("outcome").notNull(),
    metric: text("metric"),
    dateStart: date("date_start", { mode: "string" }).notNull(),
    dateEnd: date("date_end", { mode: "string" }),
    kind: text("kind").$type<EvidenceKind>().notNull(),
    scope: text("scope").$type<Scope>().notNull(),
    source: text("source").$type<EvidenceSource>().notNull(),
    links: jsonb("links").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    vouchers: jsonb("vouchers").$type<Voucher[]>().notNull().default(sql`'[]'::jsonb`),
    version: integer("version").notNull().default(1),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Soft delete: restorable from the trash for 30 days.
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: text("deleted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("evidence_case_idx").on(t.caseId),
    uniqueIndex("evidence_case_number_key").on(t.caseId, t.number),
  ],
);

export const evidenceSupports = pgTable(
  "evidence_supports",
  {
    evidenceId: text("evidence_id")
      .notNull()
      .references(() => evidence.id, { onDelete: "cascade" }),
    expectationKey: text("expectation_key").notNull(),
    rationale: text("rationale").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.evidenceId, t.expectationKey] })],
);

export const expectationMarks = pgTable(
  "expectation_marks",
  {
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    expectationKey: text("expectation_key").notNull(),
    notApplicableReason: text("not_applicable_reason"),
    gapNote: text("gap_note"),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.expectationKey] })],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    // No foreign key: the record that a case existed outlives the case.
    caseId: text("case_id"),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_events_case_idx").on(t.caseId, t.id)],
);

export const packets = pgTable(
  "packets",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdByName: text("created_by_name").notNull(),
    ladderVersionId: text("ladder_version_id")
      .notNull()
      .references(() => ladderVersions.id),
    readiness: text("readiness").notNull(),
    /** Content fingerprint: SHA-256 of what the packet was built from (printed inside it). */
    fingerprint: text("fingerprint").notNull(),
    /** SHA-256 of the exact bytes issued, as hex: what a downloaded copy must hash to. */
    sha256: text("sha256").notNull(),
    fileName: text("file_name").notNull(),
    size: integer("size").notNull(),
    content: bytea("content").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("packets_case_idx").on(t.caseId, t.createdAt),
    index("packets_sha256_idx").on(t.sha256),
    index("packets_fingerprint_idx").on(t.fingerprint),
  ],
);

/* ---------- Calibration: sessions, submissions, votes, decisions ---------- */

export const calibrationSessions = pgTable("calibration_sessions", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** Ladder levels the session covers (5 for "L5"). */
  levels: jsonb("levels").$type<number[]>().notNull(),
  meetingDate: date("meeting_date", { mode: "string" }).notNull(),
  chairId: text("chair_id")
    .notNull()
    .references(() => users.id),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  /** Set by the chair: every member then sees every vote (conflicts of interest aside). */
  votesRevealedAt: timestamp("votes_revealed_at", { withTimezone: true }),
  /** Set by the chair once every case is decided: nothing in the session changes after it. */
  lockedAt: timestamp("locked_at", { withTimezone: true }),
  lockedBy: text("locked_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const sessionMembers = pgTable(
  "session_members",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => calibrationSessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index("session_members_user_idx").on(t.userId)],
);

/** One case in one session. A resubmission replaces the packet and starts a new round of votes. */
export const sessionCases = pgTable(
  "session_cases",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => calibrationSessions.id, { onDelete: "cascade" }),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    round: integer("round").notNull().default(1),
    packetId: text("packet_id")
      .notNull()
      .references(() => packets.id),
    /** The exact input the stored packet was built from: the committee's read view shows it. */
    packetInput: jsonb("packet_input").$type<PacketInput>().notNull(),
    fingerprint: text("fingerprint").notNull(),
    readiness: text("readiness").notNull(),
    counts: jsonb("counts").$type<StatusCounts>().notNull(),
    level: integer("level").notNull(),
    /** The case row's updated_at when submitted: a later one means the case may have changed. */
    caseUpdatedAt: timestamp("case_updated_at", { withTimezone: true }).notNull(),
    submittedBy: text("submitted_by").references(() => users.id, { onDelete: "set null" }),
    submittedByName: text("submitted_by_name").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    /** The chair's open request for more evidence, cleared by a resubmission. */
    evidenceRequest: jsonb("evidence_request").$type<EvidenceRequest>(),
    decision: text("decision").$type<CommitteeDecision>(),
    rationale: text("rationale"),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedByName: text("decided_by_name"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("session_cases_key").on(t.sessionId, t.caseId), index("session_cases_case_idx").on(t.caseId)],
);

export const sessionVotes = pgTable(
  "session_votes",
  {
    sessionCaseId: text("session_case_id")
      .notNull()
      .references(() => sessionCases.id, { onDelete: "cascade" }),
    voterId: text("voter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    round: integer("round").notNull(),
    vote: text("vote").$type<VoteChoice>().notNull(),
    note: text("note").notNull().default(""),
    expectationKeys: jsonb("expectation_keys").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionCaseId, t.voterId, t.round] })],
);

/** The zip of a session's packets, built in the background; the job queue carries only its id. */
export const sessionExports = pgTable(
  "session_exports",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => calibrationSessions.id, { onDelete: "cascade" }),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    status: text("status").$type<"queued" | "running" | "done" | "failed">().notNull().default("queued"),
    done: integer("done").notNull().default(0),
    total: integer("total").notNull().default(0),
    error: text("error"),
    fileName: text("file_name"),
    size: integer("size"),
    content: bytea("content"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("session_exports_session_idx").on(t.sessionId, t.createdAt)],
);

/** Wording findings of a case, kept so that each can be dismissed with a reason and counted as
 *  open, fixed or dismissed. Worked out from the case's text by the wording rules (see
 *  models/wording.server.ts): a finding that disappears from changed text is fixed. */
export const wordingFindings = pgTable(
  "wording_findings",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    // Null for the case's own summary and recommendation.
    evidenceId: text("evidence_id").references(() => evidence.id, { onDelete: "cascade" }),
    field: text("field").notNull(),
    // Stable across saves: place, rule, matched words, occurrence (domain/wording/case.ts).
    key: text("key").notNull(),
    code: text("code").notNull(),
    match: text("match").notNull(),
    start: integer("start").notNull(),
    end: integer("end").notNull(),
    textHash: text("text_hash").notNull(),
    status: text("status").$type<"open" | "fixed" | "dismissed">().notNull().default("open"),
    dismissReason: text("dismiss_reason"),
    dismissedByName: text("dismissed_by_name"),
    dismissedAt: timestamp("dismissed_at", { withTimezone: true }),
    rulesVersion: text("rules_version").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("wording_findings_case_key").on(t.caseId, t.key), index("wording_findings_evidence_idx").on(t.evidenceId)],
);

/** Which version of a case's text (the case row's version, xmin) and of the rules the findings reflect. */
export const wordingChecks = pgTable("wording_checks", {
  caseId: text("case_id")
    .primaryKey()
    .references(() => cases.id, { onDelete: "cascade" }),
  revision: text("revision").notNull(),
  rulesVersion: text("rules_version").notNull(),
  checkedAt: timestamp("checked_at", { withTimezone: true }).notNull().defaultNow(),
});

export const evidenceDrafts = pgTable(
  "evidence_drafts",
  {
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    // Private to its author: no one else reads it, and it never reaches the packet or the counts.
    authorId: text("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // The form's fields as the browser posts them, [name, value] in order.
    fields: jsonb("fields").$type<[string, string][]>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.authorId] })],
);

/** A one-time link asking one person who can vouch to confirm one evidence item. The token is
 *  stored as its SHA-256 only; what the person is shown is copied at request time. */
export const vouchRequests = pgTable(
  "vouch_requests",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    evidenceId: text("evidence_id")
      .notNull()
      .references(() => evidence.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    voucherName: text("voucher_name").notNull(),
    voucherRelation: text("voucher_relation").notNull(),
    voucherEmail: text("voucher_email"),
    // Who "the same person" is when counting what they were asked on a case (see personKey).
    personKey: text("person_key").notNull(),
    shown: jsonb("shown").$type<VouchShown>().notNull(),
    delivery: text("delivery").$type<"email" | "link">().notNull(),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    requestedByName: text("requested_by_name").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    answer: text("answer").$type<VouchAnswer>(),
    correctionPart: text("correction_part"),
    correctionOutcome: text("correction_outcome"),
    comment: text("comment"),
    correctionAcceptedAt: timestamp("correction_accepted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("vouch_requests_token_key").on(t.tokenHash),
    index("vouch_requests_evidence_idx").on(t.evidenceId, t.createdAt),
    index("vouch_requests_person_idx").on(t.caseId, t.personKey),
  ],
);

/** The candidate's link for adding their own items to a case; open until closed or it expires. */
export const contributionLinks = pgTable(
  "contribution_links",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("contribution_links_token_key").on(t.tokenHash), index("contribution_links_case_idx").on(t.caseId)],
);

/** An item the candidate added through their link: it waits in the case's inbox until the manager
 *  accepts it (it becomes evidence) or dismisses it. */
export const contributions = pgTable(
  "contributions",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    linkId: text("link_id")
      .notNull()
      .references(() => contributionLinks.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    whatHappened: text("what_happened").notNull(),
    part: text("part").notNull(),
    outcome: text("outcome").notNull(),
    dateStart: date("date_start", { mode: "string" }).notNull(),
    dateEnd: date("date_end", { mode: "string" }),
    links: jsonb("links").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    vouchers: jsonb("vouchers").$type<Voucher[]>().notNull().default(sql`'[]'::jsonb`),
    suggestedKeys: jsonb("suggested_keys").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    status: text("status").$type<"pending" | "accepted" | "dismissed">().notNull().default("pending"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    dismissReason: text("dismiss_reason"),
    evidenceId: text("evidence_id").references(() => evidence.id, { onDelete: "set null" }),
  },
  (t) => [index("contributions_case_idx").on(t.caseId, t.createdAt), index("contributions_link_idx").on(t.linkId)],
);

export const usersRelations = relations(users, ({ many }) => ({
  sessions: many(sessions),
}));

export const casesRelations = relations(cases, ({ one, many }) => ({
  owner: one(users, { fields: [cases.ownerId], references: [users.id] }),
  ladderVersion: one(ladderVersions, {
    fields: [cases.ladderVersionId],
    references: [ladderVersions.id],
  }),
  coOwners: many(caseOwners),
  evidence: many(evidence),
}));

export const evidenceRelations = relations(evidence, ({ one, many }) => ({
  case: one(cases, { fields: [evidence.caseId], references: [cases.id] }),
  supports: many(evidenceSupports),
}));

export const evidenceSupportsRelations = relations(evidenceSupports, ({ one }) => ({
  evidence: one(evidence, { fields: [evidenceSupports.evidenceId], references: [evidence.id] }),
}));

export const caseOwnersRelations = relations(caseOwners, ({ one }) => ({
  case: one(cases, { fields: [caseOwners.caseId], references: [cases.id] }),
  user: one(users, { fields: [caseOwners.userId], references: [users.id] }),
}));

export type User = typeof users.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;
export type EvidenceRow = typeof evidence.$inferSelect;
export type VouchRequestRow = typeof vouchRequests.$inferSelect;
export type ContributionRow = typeof contributions.$inferSelect;
