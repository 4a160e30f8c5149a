import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DownloadPacketButton } from "~/components/packet-button";
import { passRetryAfter } from "~/lib/http.server";
import { formatTimestamp } from "~/domain/dates";
import { withExportSlot } from "~/lib/export-limit.server";
import { viewerTimeZone } from "~/lib/time-zone.server";
import { notFound, requireCase } from "~/lib/permissions.server";
import { listPackets, packetInput, storePacket } from "~/models/packets.server";
import { exportPacket } from "~/packet/pool.server";

export const headers = passRetryAfter;

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId } = await requireCase(args);
  const list = await listPackets(db, caseId);
  const zone = viewerTimeZone(args.request);
  return {
    caseId,
    packets: list.map((p) => ({
      id: p.id,
      createdAt: formatTimestamp(p.createdAt.toISOString(), zone),
      createdByName: p.createdByName,
      readiness: p.readiness,
      fingerprint: p.fingerprint,
      sha256: p.sha256,
      fileName: p.fileName,
      sizeKb: Math.max(1, Math.round(p.size / 1024)),
    })),
  };
}

// Administrators who may read a case may also export its packet: reading it is what calibration needs.
export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user } = await requireCase(args);
  const made = await withExportSlot(user.id, async () => {
    const input = await packetInput(db, caseId, user);
    if (!input) throw notFound();
    return storePacket(db, user, caseId, input, await exportPacket(input));
  });
  if (!made) {
    return data(
      { error: "You already have packets being generated. Wait for them to finish, then try again." },
      { status: 429, headers: { "Retry-After": "5" } },
    );
  }
  return redirect(`/cases/${caseId}/packets/${made.id}/download`);
}

export default function Packets() {
  const { caseId, packets } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h2>Promotion packet</h2>
      <p className="lede">
        A Word document for the calibration committee: your recommendation, readiness at a glance, every piece of evidence
        under the expectations it supports, and the gaps, honestly stated.
      </p>
      {actionData?.error ? (
        <div className="notice notice--danger" role="alert">
          {actionData.error}
        </div>
      ) : null}
      <DownloadPacketButton caseId={caseId} variant="primary" />
      <p className="muted">
        You can also <Link to={`/cases/${caseId}/packets/preview`}>preview the packet</Link> in the browser first. Each
        download is kept below, byte for byte, so that you can prove later exactly what the committee saw.
      </p>
      <dl className="provenance-terms">
        <dt>File SHA-256</dt>
        <dd>
          The SHA-256 of the exact file downloaded (what <code>sha256sum</code> or <code>Get-FileHash</code> prints for it).
          It proves a copy is byte for byte the file Ladderproof issued.
        </dd>
        <dt>Content fingerprint</dt>
        <dd>
          A SHA-256 of everything the packet was built from, printed in its last part. It identifies the export even after
          the file is opened and saved again, which changes the bytes. <Link to="/packets/check">Check a packet</Link> tells
          you which applies to a file you were sent.
        </dd>
      </dl>
      <h3>Packet history</h3>
      {packets.length === 0 ? (
        <p className="muted">No packet has been generated for this case yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Packets generated for this case, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Generated</th>
                <th scope="col">By</th>
                <th scope="col">Readiness then</th>
                <th scope="col">File SHA-256</th>
                <th scope="col">Content fingerprint</th>
                <th scope="col">
                  <span className="visually-hidden">Download</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {packets.map((p) => (
                <tr key={p.id}>
                  <td>{p.createdAt}</td>
                  <td>{p.createdByName}</td>
                  <td>{p.readiness}</td>
                  <td>
                    <code className="fingerprint" title={p.sha256}>
                      {p.sha256.slice(0, 16)}…
                    </code>
                  </td>
                  <td>
                    <code className="fingerprint" title={p.fingerprint}>
                      {p.fingerprint.slice(0, 16)}…
                    </code>
                  </td>
                  <td>
                    <a href={`/cases/${caseId}/packets/${p.id}/download`} download>
                      Download<span className="visually-hidden"> the packet of {p.createdAt}</span>
                    </a>{" "}
                    <span className="muted small">({p.sizeKb} KB)</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
