/** A candidate's name as compared for "you already have a case for them": case, accents' composed
 *  form and spacing do not matter. */
export function candidateKey(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, " ").toLocaleLowerCase("en-GB");
}

/** The open cases that are for the same person as `name`. */
export function sameCandidate<T extends { candidateName: string }>(name: string, cases: T[]): T[] {
  const key = candidateKey(name);
  return key ? cases.filter((c) => candidateKey(c.candidateName) === key) : [];
}
