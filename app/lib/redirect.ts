/** Only same-site paths: never an absolute URL or a protocol-relative one (open redirect). */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) {
    return fallback;
  }
  // Browsers drop tabs and line breaks from a URL and read "\" as "/": "/\t/evil.example" or
  // "/\n/evil.example" would become "//evil.example", another site. No path of ours has either.
  for (const ch of to) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || ch === "\\") return fallback;
  }
  return to;
}
