/**
 * Which task ids are taken. A task id is unique across all owners, so an import that wants to keep the ids
 * it was given must ask about every owner's tasks; the answer is only ids the caller already named, never
 * whose they are or anything else about them. Runs inside the caller's unit of work.
 */
export interface TaskIdLookup {
  /** The subset of `ids` that already name a stored task, whoever owns it. */
  taken(ids: readonly string[]): Promise<ReadonlySet<string>>;
}
