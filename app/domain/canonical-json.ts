/**
 * JSON with object keys sorted at every depth, so key order (which differs between a DB row and a hand-built object)
 * never changes the hash. Arrays keep their order: it is content (evidence order, ladder order). Lone surrogates are
 * escaped by JSON.stringify as \udxxx, so every string has exactly one serialisation.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    // undefined and functions have no JSON form; they are left out of objects and written as null in arrays, as JSON does.
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => {
      const v = (value as Record<string, unknown>)[k];
      return v !== undefined && typeof v !== "function";
    })
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}


