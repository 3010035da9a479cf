/**
 * Called when an owner's change log may have grown: with the position of the latest committed change when
 * it is known, or `null` when changes may have been missed (e.g. after the notification channel was
 * down) and the log should be read again to be sure. Signals carry no content: the log is the truth.
 */
export type TaskChangeSignal = (seq: number | null) => void;

/** Live "your log grew" signals, from every instance sharing the database. */
export interface TaskChangeSignals {
  /** Calls `signal` for the owner's changes until the returned function is called. */
  subscribe(ownerId: string, signal: TaskChangeSignal): () => void;
}
