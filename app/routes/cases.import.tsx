import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseCaseFile } from "~/domain/case-file";
import { requireCaseBuilder } from "~/lib/auth.server";
import { MAX_BODY_BYTES } from "~/lib/http.server";
import { getDb } from "~/lib/services.server";
import { importCase } from "~/models/case-transfer.server";

export const meta: MetaFunction = () => [{ title: "Import a case · Ladderproof" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireCaseBuilder(args);
  return { maxMegabytes: Math.floor(MAX_BODY_BYTES / 1024 / 1024) };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireCaseBuilder(args);
  const upload = (await args.request.formData()).get("caseFile");
  if (!upload || typeof upload === "string" || upload.size === 0) {
    return data({ problems: ["Choose a case file (.json) to import."] }, { status: 400 });
  }
  const parsed = parseCaseFile(await upload.text());
  if (!parsed.ok) return data({ problems: parsed.problems }, { status: 400 });
  const result = await importCase(await getDb(), user, parsed.file);
  if ("problems" in result) return data({ problems: result.problems }, { status: 400 });
  return redirect(`/cases/${result.caseId}`);
}

export default function ImportCase() {
  const { maxMegabytes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const problems = actionData?.problems ?? [];
  return (
    <div className="narrow-wide">
      <Breadcrumbs parents={[{ to: "/cases", label: "My cases" }]} current={"Import a case"} />
      <h1>Import a case</h1>
      <p className="lede">
        Bring in a case exported from Ladderproof (<em>Case details → Download a copy of this case (JSON)</em>, or the command line). You become its
        owner. Nothing is imported unless the whole file is valid.
      </p>
      {problems.length > 0 ? (
        <div className="error-summary" role="alert" aria-labelledby="import-problems">
          <h2 id="import-problems">The file was not imported</h2>
          <ul>
            {problems.slice(0, 50).map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          {problems.length > 50 ? <p>And {problems.length - 50} more.</p> : null}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="panel">
        <div className={`field${problems.length ? " field--error" : ""}`}>
          <label htmlFor="case-file">Case file</label>
          <span className="hint" id="case-file-hint">
            A .json file of at most {maxMegabytes} MB. Its ladder version must be loaded here.
          </span>
          <input id="case-file" name="caseFile" type="file" accept="application/json,.json" aria-describedby="case-file-hint" />
        </div>
        <div className="button-row">
          <button type="submit" className="button">
            Import case
          </button>
          <Link to="/cases">Cancel</Link>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
