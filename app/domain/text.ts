// Text the database cannot store: PostgreSQL refuses a NUL character in text and JSON, and a lone
// UTF-16 surrogate (half of an emoji's pair) is not valid UTF-8. Both are refused where text comes
// in (forms, case files, ladder documents) with a message a person can act on.

// eslint-disable-next-line no-control-regex -- the NUL character is what it looks for
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function textProblem(value: string): string | null {
  if (NUL.test(value)) return "Remove the invisible NUL character from this text: it cannot be stored.";
  if (LONE_SURROGATE.test(value)) {
    return "This text has a broken character (half of an emoji or symbol): delete it and type it again.";
  }
  return null;
}
