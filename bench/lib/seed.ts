// Seeds a benchmark database directly (no server running on it yet): ladders from content/, a
// manager and a co-manager with passwords, and one case per size. Evidence goes in through the
// app's own createEvidence, so the rows (numbers, supports, audit events) are the ones real use
// makes. Closes the database before returning, so the server can open it.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { ladders } from "../../db/schema";
import { loadLadders } from "../../app/lib/content.server";
import { openDatabase } from "../../app/lib/db.server";
import { addCoOwner, createCase, getCase } from "../../app/models/cases.server";
import { createEvidence } from "../../app/models/evidence.server";
import { packetInput } from "../../app/models/packets.server";
import { createUser } from "../../app/models/users.server";
import type { Ladder, PacketInput } from "../../app/domain/types";
import type { AppDatabase } from "./servers";
import { ROOT } from "./servers";
import { CALIBRATION_DATE, syntheticEvidence } from "./synthetic";

export const LADDER_SLUG = "L5-Principal-DevOps-Support-Engineer";

export interface Person {
  id: string;
  name: string;
  email: string;
  password: string;
}

export interface SeededDatabase {
  manager: Person;
  coManager: Person;
  /** Case id per evidence count. */
  cases: Map<number, string>;
  /** A case the add-evidence load writes into, so the read figures' cases keep their size. */
  writesCaseId: string;
  ladder: Ladder;
  /** Seconds spent seeding. */
  seconds: number;
  items: number;
}

export interface SeedOptions {
  sizes: number[];
  /** Sizes whose packet input is written to `packetDir` as packet-<size>.json. */
  packetSizes: number[];
  packetDir: string;
}

export const PACKET_DATE = new Date("2026-06-01T12:00:00Z");

export async function seedDatabase(target: AppDatabase, options: SeedOptions): Promise<SeededDatabase> {
  const started = performance.now();
  const database = await openDatabase({
    databaseUrl: target.databaseUrl,
    pgliteDir: target.pgliteDir ?? "memory://",
    migrationsDir: path.join(ROOT, "db/migrations"),
  });
  try {
    const { db } = database;
    const problems = await loadLadders(db, path.join(ROOT, "content"));
    if (problems.length > 0) throw new Error(`The ladders did not load:\n${problems.join("\n")}`);
    const [ladder] = await db.select().from(ladders).where(eq(ladders.slug, LADDER_SLUG));
    if (!ladder) throw new Error(`content/ has no ladder ${LADDER_SLUG}.md`);

    const person = async (name: string, email: string): Promise<Person> => {
      const password = randomBytes(12).toString("base64url");
      const { id } = await createUser(db, { email, name, role: "manager", password });
      return { id, name, email, password };
    };
    const manager = await person("Bench Manager", "bench.manager@example.com");
    const coManager = await person("Bench Co-manager", "bench.comanager@example.com");

    const newCase = (candidateName: string) =>
      createCase(db, manager, {
        candidateName,
        currentTitle: "Senior DevOps Support Engineer",
        ladderSlug: LADDER_SLUG,
        calibrationDate: CALIBRATION_DATE,
        summary: "A steady record of cross-team work on support outcomes.",
        recommendation: "Promote: the evidence shows the scope of the next level for over a year.",
        status: "draft",
      });

    const cases = new Map<number, string>();
    let items = 0;
    let caseLadder: Ladder | null = null;
    for (const size of options.sizes) {
      const caseId = await newCase(`Candidate with ${size} items`);
      const found = await getCase(db, caseId);
      if (!found) throw new Error("The case just created is missing");
      caseLadder = found.ladder;
      for (let i = 0; i < size; i++) await createEvidence(db, manager, caseId, syntheticEvidence(found.ladder, i));
      items += size;
      // Both managers can export it: the export limit is per person (two at a time).
      await addCoOwner(db, manager, caseId, coManager.email);
      cases.set(size, caseId);
    }
    const writesCaseId = await newCase("Candidate for the add-evidence load");
    await addCoOwner(db, manager, writesCaseId, coManager.email);

    fs.mkdirSync(options.packetDir, { recursive: true });
    for (const size of options.packetSizes) {
      const input: PacketInput | null = await packetInput(db, cases.get(size)!, manager, PACKET_DATE);
      if (!input) throw new Error(`No packet input for the ${size}-item case`);
      fs.writeFileSync(path.join(options.packetDir, `packet-${size}.json`), JSON.stringify(input));
    }
    return {
      manager,
      coManager,
      cases,
      writesCaseId,
      ladder: caseLadder!,
      seconds: (performance.now() - started) / 1000,
      items,
    };
  } finally {
    await database.close();
  }
}
