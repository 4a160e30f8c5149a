import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { countUsers, getUser } from "~/lib/auth.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  if (user) throw redirect(user.role === "reviewer" ? "/sessions" : "/cases");
  throw redirect((await countUsers()) === 0 ? "/setup" : "/login");
}
