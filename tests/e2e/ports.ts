// The ports of an e2e run, shared by playwright.config.ts and the specs.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
/** Where the server sends email: a spec that reads email starts an SMTP server on this port. */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? E2E_PORT + 1000);
