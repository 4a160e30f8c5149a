import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PacketPreview } from "~/components/packet-preview";
import { notFound, requireCase } from "~/lib/permissions.server";
import { packetInput } from "~/models/packets.server";
import { previewOutline } from "~/packet/parts";

export const meta: MetaFunction = () => [{ title: "Packet preview · Ladderproof" }];

/** The packet as it would be built now, for reading before downloading; nothing is stored. */
export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, user } = await requireCase(args);
  const input = await packetInput(db, caseId, user, new Date(), { readOnly: true });
  if (!input) throw notFound();
  return { caseId, blocks: previewOutline(input) };
}

export default function PacketPreviewPage() {
  const { caseId, blocks } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="packet-preview__actions no-print">
        <p className="muted">
          This is the packet as it would be downloaded now, in the same order. Print it from your browser, or download the
          Word file that is kept with its fingerprints.
        </p>
        <div className="button-row">
          <Form method="post" action={`/cases/${caseId}/packets`} reloadDocument>
            <button type="submit" className="button">
              Download packet (.docx)
            </button>
          </Form>
          <Link to={`/cases/${caseId}/packets`}>Back to packets</Link>
        </div>
      </div>
      <PacketPreview blocks={blocks} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
