import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "~/lib/auth.server";

export async function action(args: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await logout(args) } });
}

// Signing out changes state, so it is a POST only; a GET just goes home.
export function loader() {
  return redirect("/");
}
