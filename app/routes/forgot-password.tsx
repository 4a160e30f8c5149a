import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Forgot your password? · Ladderproof" }];

// No form on purpose: nothing typed here could tell anyone whether an email has an account, and
// nothing is sent. An administrator issues a reset link from the People page, which is recorded.
export default function ForgotPassword() {
  return (
    <div className="narrow">
      <h1>Forgot your password?</h1>
      <p className="lede">Ask an administrator of Ladderproof in your company for a password reset link.</p>
      <p>
        They make one on the <em>People</em> page and send it to you. It works once, for 24 hours. Choosing a new password with
        it signs you out everywhere, and your account page will show who issued it.
      </p>
      <p>
        If you are the only administrator, the operator who runs Ladderproof can print a link from the command line:{" "}
        <code>npm run -s cli -- user reset-password you@example.com</code>.
      </p>
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
