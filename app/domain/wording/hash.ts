// A fast, non-cryptographic hash for telling texts and findings apart (128 bits as 32 hex digits):
// hundreds of fields per case are hashed on every check, and nothing here needs to resist an attacker.

function mix(text: string, seed: number): [number, number] {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

export function textHash(text: string): string {
  const [a, b] = mix(text, 0);
  const [c, d] = mix(text, 0x9e3779b9);
  return [a, b, c, d].map((n) => n.toString(16).padStart(8, "0")).join("");
}
