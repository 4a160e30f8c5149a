import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatTimestamp } from "~/domain/dates";
import { MAX_PACKET_FILE_BYTES, PACKET_FILE_PROBLEMS } from "~/domain/packet-file";
import { requireUser } from "~/lib/auth.server";
import { mayReadCase } from "~/lib/permissions.server";
import { getDb } from "~/lib/services.server";
import { checkPacketFile, type IssuedPacket, type PacketCheck } from "~/models/packets.server";
import { readPacketFile } from "~/packet/read";

export const meta: MetaFunction = () => [{ title: "Check a packet · Ladderproof" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  return { maxMegabytes: MAX_PACKET_FILE_BYTES / 1024 / 1024 };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const upload = (await args.request.formData()).get("packet");
  if (!upload || typeof upload === "string" || (upload.size === 0 && upload.name === "")) {
    return data({ problem: PACKET_FILE_PROBLEMS.missing, result: null }, { status: 400 });
  }
  const reading = await readPacketFile(new Uint8Array(await upload.arrayBuffer()));
  if (!reading.ok) return data({ problem: reading.problem, result: null }, { status: 400 });
  const db = await getDb();
  const check = await checkPacketFile(db, reading.facts, (caseId) => mayReadCase(db, user, caseId));
  const { packet } = check.verdict === "unknown" ? { packet: null } : check;
  const result: CheckView = {
    fileName: upload.name,
    sha256: reading.facts.sha256,
    verdict: check.verdict,
    packet: packet && { ...packet, createdAt: packet.createdAt.toISOString() },
  };
  return { problem: null, result };
}

interface CheckView {
  fileName: string;
  sha256: string;
  verdict: PacketCheck["verdict"];
  packet: (Omit<IssuedPacket, "createdAt"> & { createdAt: string }) | null;
}

const VERDICTS = {
  issued: {
    title: "Issued by Ladderproof, unaltered",
    tone: "notice--success",
    body: "This file is byte for byte the packet Ladderproof issued: its SHA-256 is the one recorded with the export.",
  },
  "re-saved": {
    title: "Issued by Ladderproof, then re-saved",
    tone: "notice--warning",
    body: "The file's bytes differ from the packet Ladderproof issued, but it carries that export's content fingerprint and exactly its text: it was opened and saved again (by Word or LibreOffice, for example), not edited. For the original file, download it again from the case's Packets page.",
  },
  unknown: {
    title: "Not a packet we can confirm",
    tone: "notice--danger",
    body: "No packet you have access to has this file's SHA-256, and none has both its content fingerprint and its text. It was not issued by Ladderproof, it was changed after it was issued, or it belongs to a case you cannot see.",
  },
} as const;

function CheckResult({ result }: { result: CheckView }) {
  const verdict = VERDICTS[result.verdict];
  const p = result.packet;
  return (
    <section className={`notice ${verdict.tone} packet-check`} role="status" aria-labelledby="check-result">
      <h2 id="check-result">{verdict.title}</h2>
      <p>{verdict.body}</p>
      <dl className="meta-list">
        <dt>File</dt>
        <dd>{result.fileName}</dd>
        {p ? (
          <>
            <dt>Case</dt>
            <dd>
              <Link to={`/cases/${p.caseId}/packets`}>{p.candidateName}</Link>
            </dd>
            <dt>Exported</dt>
            <dd>
              {formatTimestamp(p.createdAt)} by {p.createdByName}
            </dd>
            <dt>Readiness then</dt>
            <dd>{p.readiness}</dd>
          </>
        ) : null}
        <dt>File SHA-256 (of the bytes you chose)</dt>
        <dd>
          <code className="fingerprint">{result.sha256}</code>
        </dd>
        {p && result.verdict === "re-saved" ? (
          <>
            <dt>File SHA-256 of the packet issued</dt>
            <dd>
              <code className="fingerprint">{p.sha256}</code>
            </dd>
          </>
        ) : null}
        {p ? (
          <>
            <dt>Content fingerprint</dt>
            <dd>
              <code className="fingerprint">{p.fingerprint}</code>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

export default function CheckPacket() {
  const { maxMegabytes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [tooLarge, setTooLarge] = useState(false);
  const problem = tooLarge ? PACKET_FILE_PROBLEMS.tooLarge : navigation.state === "idle" ? actionData?.problem : null;
  return (
    <div className="narrow-wide">
      <h1>Check a packet</h1>
      <p className="lede">
        Choose a promotion packet (.docx) to find out whether Ladderproof issued it, for which case and export, by whom and
        when, and whether it was changed since. The file is read to check it and not kept.
      </p>
      <Form
        method="post"
        encType="multipart/form-data"
        className="panel"
        onSubmit={(event) => {
          if (tooLarge) event.preventDefault();
        }}
      >
        <div className={`field${problem ? " field--error" : ""}`}>
          <label htmlFor="packet-file">Packet file</label>
          <span className="hint" id="packet-file-hint">
            A .docx file of at most {maxMegabytes} MB, as you received or downloaded it.
          </span>
          {problem ? (
            <p className="field-error" id="packet-file-error" role="alert">
              <span className="visually-hidden">Error: </span>
              {problem}
            </p>
          ) : null}
          <input
            id="packet-file"
            name="packet"
            type="file"
            accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            aria-describedby={problem ? "packet-file-hint packet-file-error" : "packet-file-hint"}
            aria-invalid={problem ? true : undefined}
            onChange={(event) => setTooLarge((event.currentTarget.files?.[0]?.size ?? 0) > MAX_PACKET_FILE_BYTES)}
          />
        </div>
        <div className="button-row">
          <button type="submit" className="button">
            Check packet
          </button>
        </div>
      </Form>
      {actionData?.result && navigation.state === "idle" ? <CheckResult result={actionData.result} /> : null}
      <p className="muted small">
        The same check from a shell: <code>npm run -s cli -- packet verify FILE</code>.
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
