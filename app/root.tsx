import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { Confirmation } from "./components/confirmation";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { useNonce } from "./components/nonce";
import { RememberTimeZone } from "./components/time-zone";
import { getUser } from "./lib/auth.server";
import stylesHref from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Ladderproof" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  return { user };
}

export function useOptionalUser() {
  return useRouteLoaderData<typeof loader>("root")?.user ?? null;
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <AppHeader />
        <main id="main" className="page" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function AppHeader() {
  const user = useOptionalUser();
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <Link to="/" className="brand">
          <span aria-hidden="true" className="brand__mark">
            ▲
          </span>
          Ladderproof
        </Link>
        {user ? (
          <>
            <nav aria-label="Main" className="main-nav">
              {user.role !== "reviewer" ? <NavLink to="/cases">Cases</NavLink> : null}
              <NavLink to="/sessions">Committees</NavLink>
              <NavLink to="/ladders">Ladders</NavLink>
              <NavLink to="/packets/check">Check a packet</NavLink>
              {user.role === "admin" ? (
                <>
                  <NavLink to="/admin/people">People</NavLink>
                  <NavLink to="/admin/backup">Backup</NavLink>
                </>
              ) : null}
            </nav>
            <div className="user-menu">
              <Link to="/account" className="user-menu__name">
                {user.name}
                <span className="visually-hidden"> (your account)</span>
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="button button--link">
                  Sign out
                </button>
              </Form>
            </div>
          </>
        ) : null}
      </div>
    </header>
  );
}

export default function App() {
  return (
    <>
      <RememberTimeZone />
      <Confirmation />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
