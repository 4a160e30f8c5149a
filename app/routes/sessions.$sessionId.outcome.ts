import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireSession } from "~/lib/permissions.server";
import { sessionOutcome } from "~/models/committee.server";
import { contentDisposition } from "~/packet/filename";
import { buildOutcome } from "~/packet/outcome";

/** The outcome document. Individual votes only when the chair asks for them (`?votes=1`). */
export async function loader(args: LoaderFunctionArgs) {
  const { db, sessionId, seat, user } = await requireSession(args);
  const includeVotes = new URL(args.request.url).searchParams.get("votes") === "1";
  if (includeVotes && seat !== "chair") {
    throw new Response("Only the chair can include each member's vote in the outcome.", { status: 403 });
  }
  const outcome = await sessionOutcome(db, sessionId, { includeVotes, viewer: user });
  if (!outcome) throw notFound();
  const buffer = await buildOutcome(outcome);
  const name = `${outcome.sessionName.replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]/gu, "").trim() || "Session"} - outcome.docx`;
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": contentDisposition(name),
    },
  });
}
