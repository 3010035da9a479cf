/** Conditional requests on a task's version: its ETag is the strong tag `"<version>"`. */

export function etagOf(version: number): string {
  return `"${version}"`;
}

const ENTITY_TAG = /^(W\/)?"(\d{1,10})"$/;

/**
 * The version an `If-Match` header requires, or undefined when there is none (or `*`: any current version).
 * If-Match compares strongly, so a weak or unparseable tag can never match: 0, which no task has.
 */
export function expectedVersionFrom(ifMatch: string | undefined): number | undefined {
  if (!ifMatch || ifMatch.trim() === '*') return undefined;
  for (const tag of ifMatch.split(',')) {
    const match = ENTITY_TAG.exec(tag.trim());
    if (match && !match[1]) return Number(match[2]);
  }
  return 0;
}

/** Whether an `If-None-Match` header matches the current version (weak comparison, as RFC 9110 says). */
export function noneMatchSatisfied(ifNoneMatch: string | undefined, version: number): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => ENTITY_TAG.exec(tag.trim())?.[2] === String(version));
}
