import type {
  CompactionCandidate,
  CompactionStep,
  CompactionStepOptions,
  TaskChangeLogCompaction,
} from '../../../application/ports/task-change-log-compaction.js';
import type { TaskChangeNotifier } from '../../events/task-change-notifier.js';
import type { SqlSession } from './write-path/sql-session.js';

// Where an owner's kept log starts: everything up to here was erased or compacted away.
const LOG_START = 'greatest(s.compacted_through, s.erased_through)';

// The changes of an owner's log that still matter: one per task and one per list they have.
const LIVE = '(s.task_count + s.list_count)';

/**
 * Owners whose log starts with an old change and holds at least as many changes that no longer matter as
 * changes that do: the log minus one change per task and per list (`task_count`, `list_count`) — never fewer
 * than one. The first kept change is at `LOG_START + 1` (the kept log has no gaps), so each owner costs one
 * primary-key probe.
 */
const CANDIDATES = `select s.user_id, s.last_seq from task_event_streams s
  where s.user_id > $1
    and s.last_seq - ${LOG_START} - ${LIVE} >= greatest(${LIVE}, 1)
    and exists (select 1 from task_events e where e.user_id = s.user_id and e.seq = ${LOG_START} + 1 and e.occurred_at < $2)
  order by s.user_id
  limit $3`;

/**
 * One step of compacting one owner's log, as one statement ($1 owner, $2 cutoff, $3 until, $4 max changes,
 * $5 dry run):
 *  - `locked`/`seen`/`stream`: the owner's row, locked, if no writer holds it and no writer (or purge)
 *    committed since this statement's snapshot was taken — the locked row is the newest version, `seen` the
 *    snapshot's, and every write of the row makes a new version (`xmin`): then the snapshot holds the owner's
 *    whole log, and no change of theirs commits until this statement has. Else nothing happens (`busy`),
 *    rather than carrying forward a task's state that a newer change replaced or a purge erased.
 *  - `horizon`: the run of changes older than the cutoff at the start of the kept log, up to `until` and at
 *    most `max changes` long (its events in order of `seq`: one range scan of the primary key);
 *  - `carried`: among them, each task's and each list's latest change anywhere in the log (a row names one or
 *    the other, so the two never share one), unless it deleted the task or the list;
 *  - then, unless a dry run: the carried changes are appended after the log's end with new positions, the
 *    run is deleted, and the row's `last_seq` and `compacted_through` move on.
 */
const COMPACT = `with locked as (
    select xmin::text as version from task_event_streams where user_id = $1 and not $5::boolean for update skip locked
  ), seen as (
    select s.xmin::text as version, s.last_seq, ${LOG_START} as start from task_event_streams s where s.user_id = $1
  ), stream as (
    select seen.last_seq, seen.start from seen left join locked on true where $5::boolean or locked.version = seen.version
  ), horizon as (
    select stream.last_seq, stream.start, least(
        (select e.seq - 1 from task_events e where e.user_id = $1 and e.seq > stream.start and e.occurred_at >= $2 order by e.seq limit 1),
        stream.last_seq, $3::bigint, stream.start + $4::bigint) as through
    from stream
  ), old as (
    select e.seq, e.type, e.task_id, e.list_id, e.occurred_at, e.task, e.list from task_events e, horizon
    where e.user_id = $1 and e.seq > horizon.start and e.seq <= horizon.through
  ), latest as (
    select max(e.seq) as seq from task_events e
    where e.user_id = $1 and (e.task_id in (select task_id from old) or e.list_id in (select list_id from old))
    group by e.task_id, e.list_id
  ), carried as (
    select old.* from old join latest on latest.seq = old.seq where old.type not in ('task.deleted', 'list.deleted')
  ), compacting as (
    select horizon.last_seq, horizon.start, horizon.through, (select count(*) from carried) as carried
    from horizon where horizon.through > horizon.start and not $5::boolean
  ), advanced as (
    update task_event_streams s set last_seq = s.last_seq + compacting.carried, compacted_through = compacting.through
    from compacting where s.user_id = $1
  ), moved as (
    insert into task_events (user_id, seq, type, task_id, list_id, occurred_at, task, list)
    select $1, compacting.last_seq + row_number() over (order by carried.seq), carried.type, carried.task_id, carried.list_id,
           carried.occurred_at, carried.task, carried.list
    from carried, compacting
  ), removed as (
    delete from task_events e using compacting where e.user_id = $1 and e.seq > compacting.start and e.seq <= compacting.through
  )
  select exists (select 1 from stream) as current, (select count(*) from old)::int as processed, (select count(*) from carried)::int as carried,
         (select last_seq + carried from compacting) as last_seq`;

/**
 * Compaction on PostgreSQL. Each step is one statement in autocommit: it holds the owner's stream row — and
 * so their writers — only while it runs, which `maxChanges` keeps short. Open event streams are told when
 * changes were carried to the end of a log.
 */
export class PostgresTaskChangeLogCompaction implements TaskChangeLogCompaction {
  constructor(
    private readonly session: SqlSession,
    private readonly notifier: TaskChangeNotifier,
  ) {}

  async candidates(before: Date, afterOwner: string, limit: number): Promise<CompactionCandidate[]> {
    const rows = await this.session.autocommit<{ user_id: string; last_seq: string }>({ text: CANDIDATES, values: [afterOwner, before.toISOString(), limit] });
    return rows.map((row) => ({ ownerId: row.user_id, lastSeq: Number(row.last_seq) }));
  }

  async compact(ownerId: string, before: Date, { until, maxChanges, dryRun }: CompactionStepOptions): Promise<CompactionStep> {
    const [row] = await this.session.autocommit<{ current: boolean; processed: number; carried: number; last_seq: string | null }>({
      text: COMPACT,
      values: [ownerId, before.toISOString(), until, Math.min(maxChanges, Number.MAX_SAFE_INTEGER), dryRun],
    });
    if (!row?.current) return { busy: true, processed: 0, removed: 0, carried: 0 };
    if (row.last_seq !== null && row.carried > 0) this.notifier.changed(ownerId, Number(row.last_seq));
    return { busy: false, processed: row.processed, removed: row.processed - row.carried, carried: row.carried };
  }
}
