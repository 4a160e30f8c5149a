import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { countUsers, getUser } from "~/lib/auth.server";

export async function loader(args: LoaderFunctionArgs) {
  if (await getUser(args)) throw redirect("/cases");
  throw redirect((await countUsers()) === 0 ? "/setup" : "/login");
}
