// Outgoing email, through the SMTP server in SMTP_URL. Without one, nothing is sent and the pages
// hand the manager the link to pass on themselves.
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "./env.server";

export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
}

let transport: { url: string; transporter: Transporter } | undefined;

export function mailConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}

/** Sends one message; throws when the server refuses it, so the caller can say the email failed. */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  const url = env().SMTP_URL;
  if (!url) throw new Error("No SMTP_URL is configured.");
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
  await transport.transporter.sendMail({
    from: env().MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
  });
}
