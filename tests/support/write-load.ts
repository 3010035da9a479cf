/**
 * A stream of writes from many clients — creates, renames, toggles and deletes — that remembers what the
 * service acknowledged, and afterwards checks that nothing acknowledged was lost and nothing else was half
 * applied. For crash tests and the chaos script: the service may be killed, or its database, at any moment.
 *
 * Each client (worker) only touches the tasks it created, one request at a time, so a task's history is
 * known exactly up to the one request that was in flight when things went wrong: that one is "in doubt"
 * (it may or may not have happened — but wholly or not at all), and its task is left alone afterwards.
 */
import { byId, replay } from './change-replay.js';

interface TaskView {
  id: string;
  user_id: string;
  title: string;
  description: string | null;
  completed: boolean;
  version: number;
  [field: string]: unknown;
}

type Kind = 'create' | 'update' | 'toggle' | 'delete';

interface Doubt {
  readonly user: string;
  readonly kind: Exclude<Kind, 'create'>;
  readonly before: TaskView;
  readonly title?: string;
}

export interface WriteLoadOptions {
  /** The users the clients act as, with a bearer token each. */
  readonly tokens: ReadonlyMap<string, string>;
  /** Concurrent clients (each one request at a time). */
  readonly clients: number;
  /** The service's base URL; `retarget` points the clients at a restarted service. */
  readonly url: string;
  /** How long a request may take before it counts as in doubt. */
  readonly requestTimeoutMs?: number;
}

export interface WriteLoadStats {
  attempted: number;
  acknowledged: number;
  inDoubt: number;
  /** Requests that never reached a listening service (connection refused): nothing can have happened. */
  notSent: number;
  /** Responses by status code, e.g. how many 503s. */
  statuses: Record<number, number>;
}

export class WriteLoad {
  readonly stats: WriteLoadStats = { attempted: 0, acknowledged: 0, inDoubt: 0, notSent: 0, statuses: {} };
  /** Answers that are neither success nor "unavailable, retry" (503): each one is a finding. */
  readonly unexpected: string[] = [];
  private url: string;
  private running = false;
  private workers: Promise<void>[] = [];
  private sequence = 0;
  // What the service said each task is now (null: deleted), for every task whose history is fully known.
  private readonly acknowledged = new Map<string, { user: string; state: TaskView | null }>();
  // Every task state the service answered: each must be in the change log.
  private readonly answered: { user: string; state: TaskView }[] = [];
  private readonly deleted: { user: string; id: string }[] = [];
  private readonly doubtful = new Map<string, Doubt>();
  private readonly doubtfulCreates = new Map<string, string>();

  constructor(private readonly options: WriteLoadOptions) {
    this.url = options.url;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const users = [...this.options.tokens.keys()];
    this.workers = Array.from({ length: this.options.clients }, (_, index) => this.work(index, users[index % users.length]!));
  }

  /** Stops sending; resolves once every client's last request has settled. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  /** From now on, requests go to `url` (a restarted service listens on another port). */
  retarget(url: string): void {
    this.url = url;
  }

  private async work(worker: number, user: string): Promise<void> {
    const token = this.options.tokens.get(user)!;
    const mine: TaskView[] = [];
    while (this.running) {
      const roll = Math.random();
      const kind: Kind = mine.length === 0 || roll < 0.35 ? 'create' : roll < 0.6 ? 'update' : roll < 0.85 ? 'toggle' : 'delete';
      const index = Math.floor(Math.random() * mine.length);
      const task = mine[index];
      const title = `c${worker}-${++this.sequence}`;
      const request =
        kind === 'create'
          ? { method: 'POST', path: '/api/tasks', body: { title, description: `from client ${worker}` } }
          : kind === 'update'
            ? { method: 'PATCH', path: `/api/tasks/${task!.id}`, body: { title } }
            : kind === 'toggle'
              ? { method: 'PATCH', path: `/api/tasks/${task!.id}/complete` }
              : { method: 'DELETE', path: `/api/tasks/${task!.id}` };
      this.stats.attempted += 1;
      const outcome = await this.send(token, request);
      if (outcome === 'not sent') {
        this.stats.notSent += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (outcome !== 'in doubt' && outcome.status >= 200 && outcome.status < 300) {
        this.stats.acknowledged += 1;
        if (kind === 'delete') {
          this.acknowledged.set(task!.id, { user, state: null });
          this.deleted.push({ user, id: task!.id });
          mine.splice(index, 1);
        } else {
          const state = outcome.body as TaskView;
          this.acknowledged.set(state.id, { user, state });
          this.answered.push({ user, state });
          if (kind === 'create') mine.push(state);
          else mine[index] = state;
        }
        continue;
      }
      if (outcome !== 'in doubt' && outcome.status !== 503) {
        this.unexpected.push(`${request.method} ${request.path} → ${outcome.status} ${JSON.stringify(outcome.body)}`);
      }
      // Unavailable (503), cut off or timed out: it may have happened. That task is left alone from now on.
      this.stats.inDoubt += 1;
      if (kind === 'create') {
        this.doubtfulCreates.set(title, user);
      } else {
        this.acknowledged.delete(task!.id);
        this.doubtful.set(task!.id, { user, kind, before: task!, ...(kind === 'update' ? { title } : {}) });
        mine.splice(index, 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async send(
    token: string,
    request: { method: string; path: string; body?: unknown },
  ): Promise<{ status: number; body: unknown } | 'in doubt' | 'not sent'> {
    try {
      const response = await fetch(`${this.url}${request.path}`, {
        method: request.method,
        headers: { Authorization: `Bearer ${token}`, ...(request.body ? { 'Content-Type': 'application/json' } : {}) },
        body: request.body ? JSON.stringify(request.body) : null,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
      });
      const text = await response.text();
      this.stats.statuses[response.status] = (this.stats.statuses[response.status] ?? 0) + 1;
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      return code === 'ECONNREFUSED' ? 'not sent' : 'in doubt';
    }
  }

  /**
   * Reads every user's tasks and change log from the service at `url` and lists every way they disagree with
   * what was acknowledged, or with each other; an empty list means nothing was lost or half applied.
   */
  async verify(url: string): Promise<{ problems: string[]; tasks: number; changes: number }> {
    const problems: string[] = [...this.unexpected.map((answer) => `unexpected answer: ${answer}`)];
    let taskCount = 0;
    let changeCount = 0;
    for (const [user, token] of this.options.tokens) {
      const get = async (path: string) => {
        const response = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
        if (response.status !== 200) throw new Error(`GET ${path} → ${response.status} ${await response.text()}`);
        return (await response.json()) as any;
      };
      const tasks: TaskView[] = [];
      for (let cursor: string | null = null; ; ) {
        const page: any = await get(`/api/tasks?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
        tasks.push(...page.items);
        if (!(cursor = page.next_cursor)) break;
      }
      const changes: any[] = [];
      for (let since = ''; ; ) {
        const page = await get(`/api/tasks/changes?limit=500${since ? `&since=${since}` : ''}`);
        changes.push(...page.changes);
        since = page.next_cursor;
        if (!page.has_more) break;
      }
      taskCount += tasks.length;
      changeCount += changes.length;

      // The log and the table agree: replaying the one gives the other, and the log has no gaps.
      if (canonical(byId(replay(changes).values())) !== canonical(byId(tasks))) {
        problems.push(`${user}: replaying the change log does not give the task list`);
      }
      const first = changes.length > 0 ? Number(changes[0].id) : 0;
      if (changes.some((change, index) => Number(change.id) !== first + index)) problems.push(`${user}: the change log has gaps`);

      // Every acknowledged change is in the log, and every acknowledged state is the state.
      const logged = new Set(changes.filter((change) => change.task).map((change) => canonical(change.task)));
      const deletions = new Set(changes.filter((change) => change.type === 'task.deleted').map((change) => change.task_id));
      for (const answer of this.answered.filter((answer) => answer.user === user)) {
        if (!logged.has(canonical(answer.state))) problems.push(`${user}: acknowledged change missing from the log: ${answer.state.id} v${answer.state.version}`);
      }
      for (const { id } of this.deleted.filter((deletion) => deletion.user === user)) {
        if (!deletions.has(id)) problems.push(`${user}: acknowledged delete missing from the log: ${id}`);
      }
      const current = new Map(tasks.map((task) => [task.id, task]));
      for (const [id, { state }] of [...this.acknowledged].filter(([, entry]) => entry.user === user)) {
        const actual = current.get(id);
        if (state === null && actual) problems.push(`${user}: acknowledged delete of ${id} undone`);
        if (state !== null && canonical(actual) !== canonical(state)) {
          problems.push(`${user}: ${id} is ${JSON.stringify(actual ?? null)}, acknowledged as ${JSON.stringify(state)}`);
        }
      }
      // A change in doubt happened wholly or not at all.
      for (const [id, doubt] of [...this.doubtful].filter(([, entry]) => entry.user === user)) {
        const actual = current.get(id);
        const { before } = doubt;
        const untouched = canonical(actual) === canonical(before);
        const applied =
          doubt.kind === 'delete'
            ? actual === undefined
            : actual !== undefined &&
              actual.version === before.version + 1 &&
              (doubt.kind === 'update' ? actual.title === doubt.title && actual.completed === before.completed : actual.completed === !before.completed && actual.title === before.title);
        if (!untouched && !applied) problems.push(`${user}: ${doubt.kind} of ${id} half applied: ${JSON.stringify(actual ?? null)} from ${JSON.stringify(before)}`);
      }
      // Nothing else exists but creates that were in doubt, each whole.
      for (const task of tasks) {
        if (this.acknowledged.has(task.id) || this.doubtful.has(task.id)) continue;
        if (this.doubtfulCreates.get(task.title) !== user || task.version !== 1 || task.completed) {
          problems.push(`${user}: unexplained task ${JSON.stringify(task)}`);
        }
      }
    }
    return { problems, tasks: taskCount, changes: changeCount };
  }
}

/** JSON with object keys sorted, so that equal values compare equal whatever order their fields came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, field: unknown) =>
    field && typeof field === 'object' && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : field,
  );
}
