/** Conditional requests on a task's version: its ETag is the strong tag `"<version>"`. */

export function etagOf(version: number): string {
  return `"${version}"`;
}

const ENTITY_TAG = /^(W\/)?"(\d{1,10})"$/;

/**
 * The versions an `If-Match` header accepts (any one will do), or undefined when there is none (or `*`: any
 * current version). If-Match compares strongly, so weak or unparseable tags match nothing.
 */
export function expectedVersionFrom(ifMatch: string | undefined): number[] | undefined {
  if (!ifMatch || ifMatch.trim() === '*') return undefined;
  return ifMatch
    .split(',')
    .map((tag) => ENTITY_TAG.exec(tag.trim()))
    .filter((match) => match !== null && !match[1])
    .map((match) => Number(match![2]));
}

/** Whether an `If-None-Match` header matches the current version (weak comparison, as RFC 9110 says). */
export function noneMatchSatisfied(ifNoneMatch: string | undefined, version: number): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => ENTITY_TAG.exec(tag.trim())?.[2] === String(version));
}
