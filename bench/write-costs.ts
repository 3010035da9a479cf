/**
 * What each part of a write costs PostgreSQL (`npm run bench:writes`): the service's own create and complete
 * statements, and their parts taken one by one — the task row with and without its secondary indexes, each index
 * alone, the event row, the owner's stream row — each run by pgbench on the same embedded PostgreSQL, 200 owners
 * with 20 tasks each, 8 clients, prepared statements. Prints transactions per second and the mean latency of
 * each, and what each index adds to a bare insert and to a completion.
 *
 * Needs `pgbench` on the PATH (Debian: the postgresql-client package). Options: BENCH_WRITES_SECONDS (default 8).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { ListId, Position, Task, TaskDescription, TaskId, TaskTitle, UserId } from '../src/domain/index.js';
import { EmbeddedDatabase } from '../src/infrastructure/persistence/embedded-database.js';
import { Database } from '../src/infrastructure/persistence/postgres/database.js';
import { taskChangeStatement } from '../src/infrastructure/persistence/postgres/write-path/task-change-statement.js';

const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_WRITES_SECONDS ?? 8);
const OWNERS = 200;
const TASKS_PER_OWNER = 20;
const CLIENTS = 8;

/** The owner and list of pgbench's variable `:u`, as SQL. */
const OWNER = `('bench-owner-' || :u)`;
const LIST = `('00000000-0000-4000-8000-' || lpad(:u::text, 12, '0'))::uuid`;

interface Variant {
  readonly name: string;
  readonly script: string;
}

/**
 * Values with a colon in them (times, JSON), which pgbench would read as its variables: kept in the table
 * `bench_literals` and read from there.
 */
const literals: string[] = [];

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `'{${value.map((item) => `"${String(item).replace(/"/g, '\\"')}"`).join(',')}}'`;
  const text = String(value);
  if (text.includes(':')) return `(select v from bench_literals where n = ${literals.push(text)})`;
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The service's statement for `task`'s change, with its parameters written in: the task's id fresh on each run,
 * its owner and list those of `:u`, a position of its own, the rest as one sample task has them.
 */
function serviceStatement(sample: Task, loadedVersion: number | null): string {
  const events = sample.pullDomainEvents();
  const { text, values } = taskChangeStatement(sample, loadedVersion, events, 1_000_000);
  const snapshot = sample.snapshot();
  const replacements = new Map<number, string>();
  values.forEach((value, index) => {
    if (value === snapshot.ownerId) replacements.set(index + 1, OWNER);
    else if (value === snapshot.listId) replacements.set(index + 1, LIST);
    else if (value === snapshot.position) replacements.set(index + 1, `md5(random()::text)`);
    else replacements.set(index + 1, literal(value));
  });
  if (loadedVersion === null) replacements.set(values.indexOf(snapshot.id) + 1, 'gen_random_uuid()');
  else {
    // A completion of one of `:u`'s tasks, whatever version it is at.
    replacements.set(values.indexOf(snapshot.id) + 1, `(select id from bench_tasks where n = :k)`);
    replacements.set(values.indexOf(loadedVersion) + 1, `(select version from tasks where id = (select id from bench_tasks where n = :k))`);
    replacements.set(values.indexOf(snapshot.version) + 1, `(select version + 1 from tasks where id = (select id from bench_tasks where n = :k))`);
  }
  return text.replace(/\$(\d+)/g, (_, n: string) => replacements.get(Number(n)) ?? `$${n}`).replace(/\s+/g, ' ');
}

function sampleTask(): Task {
  const owner = UserId.from('bench-owner-1');
  return Task.create({
    id: TaskId.from('018f0000-0000-7000-8000-000000000001'),
    owner,
    title: TaskTitle.from('Write the quarterly report'),
    description: TaskDescription.fromNullable('Figures from finance, then the summary'),
    listId: ListId.from('00000000-0000-4000-8000-000000000001'),
    placement: { parentId: null, position: Position.first() },
    now: new Date('2026-12-05T12:00:00Z'),
  });
}

const TASK_COLUMNS = `(id, user_id, title, description, list_id, position, created_at, updated_at)`;
const TASK_VALUES = `(gen_random_uuid(), ${OWNER}, 'Write the quarterly report', 'Figures from finance, then the summary', ${LIST},
  md5(random()::text), now(), now())`;
const PICK_OWNER = `\\set u random(1, ${OWNERS})\n`;
const PICK_TASK = `\\set k random(1, ${OWNERS * TASKS_PER_OWNER})\n`;
const toggle = (table: string) =>
  `${PICK_TASK}update ${table} set completed = not completed, completed_at = case when completed then null else now() end,
  updated_at = now(), version = version + 1 where id = (select id from bench_tasks where n = :k) and user_id = (select user_id from bench_tasks where n = :k);\n`;

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'write-costs-'));
  const embedded = await EmbeddedDatabase.start(path.join(work, 'postgres'), pino({ level: 'silent' }));
  try {
    const database = await Database.connect(embedded.url);
    await database.migrate();
    await database.close();
    const client = new pg.Client({ connectionString: embedded.url });
    // Stopping PostgreSQL at the end (or after a failure) ends this connection too.
    client.on('error', () => {});
    await client.connect();
    await seed(client);
    const indexes = await secondaryIndexes(client);

    const sample = sampleTask();
    const variants: Variant[] = [
      { name: 'create: the service statement (task, stream row, event)', script: `${PICK_OWNER}${serviceStatement(sample, null)};\n` },
      { name: 'create: the task row, all its indexes', script: `${PICK_OWNER}insert into tasks ${TASK_COLUMNS} values ${TASK_VALUES};\n` },
      { name: 'create: the task row, primary key only', script: `${PICK_OWNER}insert into bare_tasks ${TASK_COLUMNS} values ${TASK_VALUES};\n` },
      {
        name: 'create: the event row',
        script: `${PICK_OWNER}insert into task_events (user_id, seq, type, task_id, occurred_at, task)
          select ${OWNER}, nextval('bench_seq'), 'task.created', gen_random_uuid(), now(), ${literal(JSON.stringify(sample.snapshot()))}::jsonb;\n`,
      },
      {
        name: 'create: the stream row',
        script: `${PICK_OWNER}insert into task_event_streams as s (user_id, last_seq, task_count) values (${OWNER}, 1, 1)
          on conflict (user_id) do update set last_seq = s.last_seq + 1, task_count = s.task_count + 1;\n`,
      },
      { name: 'complete: the task row, all its indexes', script: toggle('tasks') },
      { name: 'complete: the task row, primary key only', script: toggle('bare_tasks') },
    ];
    await client.query('create table bench_literals (n int primary key, v text not null)');
    for (const [index, text] of literals.entries()) await client.query('insert into bench_literals values ($1, $2)', [index + 1, text]);
    const results: { name: string; tps: number; latencyMs: number }[] = [];
    for (const variant of variants) results.push({ name: variant.name, ...(await pgbench(embedded.url, work, variant)) });
    const bareCreate = results[2]!;
    const bareComplete = results[6]!;
    const perIndex: { name: string; create: number; complete: number }[] = [];
    for (const index of indexes) {
      await client.query(index.definition.replace(/ ON public\.tasks /, ' ON bare_tasks ').replace(/INDEX \S+/, 'INDEX bench_index'));
      const create = await pgbench(embedded.url, work, { name: index.name, script: variants[2]!.script });
      const complete = await pgbench(embedded.url, work, { name: index.name, script: variants[6]!.script });
      await client.query('drop index bench_index');
      perIndex.push({ name: index.name, create: create.latencyMs - bareCreate.latencyMs, complete: complete.latencyMs - bareComplete.latencyMs });
    }
    await client.end();

    console.log(`\nPostgreSQL write costs: pgbench, ${CLIENTS} clients, ${SECONDS} s each, prepared statements, ${OWNERS} owners × ${TASKS_PER_OWNER} tasks\n`);
    console.log('| statement | tps | mean latency |\n|---|---|---|');
    for (const result of results) console.log(`| ${result.name} | ${Math.round(result.tps).toLocaleString('en')} | ${result.latencyMs.toFixed(3)} ms |`);
    console.log('\nEach secondary index of `tasks` alone on the bare table: what it adds to the mean latency (ms)\n');
    console.log('| index | create | complete |\n|---|---|---|');
    for (const index of perIndex) console.log(`| ${index.name} | ${index.create.toFixed(3)} | ${index.complete.toFixed(3)} |`);
  } finally {
    await embedded.stop();
    await rm(work, { recursive: true, force: true });
  }
}

async function seed(client: pg.Client): Promise<void> {
  await client.query(
    `insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at)
     select ('00000000-0000-4000-8000-' || lpad(u::text, 12, '0'))::uuid, 'bench-owner-' || u, 'Inbox', true, 'a0', now(), now()
     from generate_series(1, $1::int) u`,
    [OWNERS],
  );
  await client.query(
    `insert into tasks (id, user_id, title, list_id, position, created_at, updated_at)
     select gen_random_uuid(), 'bench-owner-' || u, 'Task ' || k, ('00000000-0000-4000-8000-' || lpad(u::text, 12, '0'))::uuid,
            'a' || lpad(k::text, 3, '0'), now(), now()
     from generate_series(1, $1::int) u, generate_series(1, $2::int) k`,
    [OWNERS, TASKS_PER_OWNER],
  );
  await client.query(`insert into task_event_streams (user_id, last_seq, task_count) select user_id, count(*), count(*) from tasks group by user_id`);
  await client.query(`create table bench_tasks as select row_number() over (order by id) as n, id, user_id from tasks`);
  await client.query(`create unique index on bench_tasks (n)`);
  await client.query(`create table bare_tasks (like tasks including defaults)`);
  await client.query(`alter table bare_tasks add primary key (id)`);
  await client.query(`insert into bare_tasks select * from tasks`);
  await client.query(`create sequence bench_seq start 1000000`);
  await client.query('analyze');
}

async function secondaryIndexes(client: pg.Client): Promise<{ name: string; definition: string }[]> {
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = 'tasks' and indexname <> 'tasks_pkey' order by indexname`,
  );
  return rows.map((row) => ({ name: row.indexname, definition: row.indexdef }));
}

async function pgbench(url: string, work: string, variant: Variant): Promise<{ tps: number; latencyMs: number }> {
  const file = path.join(work, 'script.sql');
  await writeFile(file, variant.script);
  const { stdout } = await run('pgbench', ['-n', '-M', 'prepared', '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), '-f', file, url], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
  if (!Number.isFinite(tps) || !Number.isFinite(latencyMs)) throw new Error(`pgbench gave no figures for ${variant.name}:\n${stdout}`);
  process.stderr.write(`${variant.name}: ${Math.round(tps)} tps\n`);
  return { tps, latencyMs };
}

await main();
