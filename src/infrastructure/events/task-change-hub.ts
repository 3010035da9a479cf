import type { TaskChangeSignal, TaskChangeSignals } from '../../application/ports/task-change-signals.js';

/**
 * Routes change signals to the subscribers of one owner, within this process. A listener on the database
 * feeds it; the open event streams subscribe to it. Holds nothing for owners nobody is following.
 */
export class TaskChangeHub implements TaskChangeSignals {
  private readonly subscribers = new Map<string, Set<TaskChangeSignal>>();
  private count = 0;

  /** How many subscriptions are open: 0 once every stream has gone, or something leaks. */
  get subscriberCount(): number {
    return this.count;
  }

  subscribe(ownerId: string, signal: TaskChangeSignal): () => void {
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const subscription: TaskChangeSignal = (seq) => signal(seq);
    let owners = this.subscribers.get(ownerId);
    if (!owners) this.subscribers.set(ownerId, (owners = new Set()));
    owners.add(subscription);
    this.count += 1;
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      owners.delete(subscription);
      this.count -= 1;
      if (owners.size === 0 && this.subscribers.get(ownerId) === owners) this.subscribers.delete(ownerId);
    };
  }

  /** The owners someone here is following. */
  followedOwners(): string[] {
    return [...this.subscribers.keys()];
  }

  /** The owner's log has grown up to `seq`, or changed in another way (`null`: read it again to be sure). */
  publish(ownerId: string, seq: number | null): void {
    for (const signal of [...(this.subscribers.get(ownerId) ?? [])]) signal(seq);
  }

  /** Changes may have been missed for anyone: every subscriber should read the log again. */
  publishToAll(): void {
    for (const owners of [...this.subscribers.values()]) for (const signal of [...owners]) signal(null);
  }
}
