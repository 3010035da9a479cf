/**
 * The performance floor (/work/shared/bench/README.md): the smallest server a careful engineer would hand-write
 * for the same endpoints — Koa + @koa/router + a `pg` Pool of 10 + jose HS256, nothing else (no ORM, no DI,
 * no validation library, no logging, no events). `bench/side-by-side.ts` runs it next to the service.
 *
 *   PORT                port on 127.0.0.1 (default 8001)
 *   DATABASE_URL        its own database on the service's PostgreSQL server, e.g. …/tasks_floor; created if
 *                       missing (through the server's `postgres` database), and so is the table
 *   BETTER_AUTH_SECRET  the HS256 secret; the user id is the token's `sub`
 *
 * A task answers with every field the service's does, so that both send the same shape; the floor stores the
 * fields that came with lists, subtasks, order, labels and repeats without their rules (no inbox, no order keys
 * to compute, no hierarchy, no next due date): its work per request stays the README's one statement, and what
 * those rules cost the service shows in the ratio.
 */
import Router from '@koa/router';
import { jwtVerify } from 'jose';
import Koa, { type Context } from 'koa';
import pg from 'pg';

const PORT = Number(process.env.PORT ?? 8001);
const DATABASE_URL = required('DATABASE_URL');
// Imported once: handed the raw bytes, jose would import the key again on every request (~2× the verify cost).
const SECRET = await crypto.subtle.importKey('raw', new TextEncoder().encode(required('BETTER_AUTH_SECRET')), { name: 'HMAC', hash: 'SHA-256' }, false, [
  'verify',
]);

const COLUMNS = `id, user_id, title, description, to_char(due_date, 'YYYY-MM-DD') AS due_date,
  (ARRAY['none', 'low', 'medium', 'high'])[priority + 1] AS priority, completed, completed_at, list_id, parent_id, position, labels,
  repeat, repeat_from, created_at, updated_at, version`;

const LIST = `SELECT ${COLUMNS} FROM tasks WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100`;
const GET = `SELECT ${COLUMNS} FROM tasks WHERE user_id = $1 AND id = $2`;
const STATS = `SELECT count(*)::int AS total, (count(*) FILTER (WHERE completed))::int AS completed,
    (count(*) FILTER (WHERE NOT completed AND due_date < $2))::int AS overdue,
    (count(*) FILTER (WHERE NOT completed AND due_date = $2))::int AS due_today
  FROM tasks WHERE user_id = $1`;
const INSERT = `INSERT INTO tasks (id, user_id, title, description, completed, completed_at, created_at, updated_at, version)
  VALUES (gen_random_uuid(), $1, $2, $3, false, null, now(), now(), 1) RETURNING ${COLUMNS}`;
const UPDATE = `UPDATE tasks SET title = coalesce($3, title),
    description = CASE WHEN $4::boolean THEN $5 ELSE description END,
    updated_at = now(), version = version + 1
  WHERE user_id = $1 AND id = $2 RETURNING ${COLUMNS}`;
// In SET, `completed` on the right-hand side is the old value.
const TOGGLE = `UPDATE tasks SET completed = NOT completed,
    completed_at = CASE WHEN completed THEN null ELSE now() END,
    updated_at = now(), version = version + 1
  WHERE user_id = $1 AND id = $2 RETURNING ${COLUMNS}`;

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS tasks (
    id uuid PRIMARY KEY,
    user_id varchar(255) NOT NULL,
    title varchar(200) NOT NULL,
    description varchar(1000) NULL,
    completed boolean NOT NULL DEFAULT false,
    completed_at timestamptz NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 1,
    due_date date NULL,
    priority smallint NOT NULL DEFAULT 0
  )`,
  'ALTER TABLE tasks ADD COLUMN IF NOT EXISTS due_date date NULL',
  'ALTER TABLE tasks ADD COLUMN IF NOT EXISTS priority smallint NOT NULL DEFAULT 0',
  'ALTER TABLE tasks ADD COLUMN IF NOT EXISTS list_id uuid NULL',
  'ALTER TABLE tasks ADD COLUMN IF NOT EXISTS parent_id uuid NULL',
  `ALTER TABLE tasks ADD COLUMN IF NOT EXISTS position text COLLATE "C" NOT NULL DEFAULT 'a0'`,
  `ALTER TABLE tasks ADD COLUMN IF NOT EXISTS labels text[] NOT NULL DEFAULT '{}'`,
  'ALTER TABLE tasks ADD COLUMN IF NOT EXISTS repeat text NULL',
  `ALTER TABLE tasks ADD COLUMN IF NOT EXISTS repeat_from text NOT NULL DEFAULT 'due'`,
  'CREATE INDEX IF NOT EXISTS tasks_user_created_idx ON tasks (user_id, created_at DESC, id)',
  'CREATE INDEX IF NOT EXISTS tasks_user_completed_created_idx ON tasks (user_id, completed, created_at DESC)',
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY = 64 * 1024;

type State = { userId: string };
type FloorContext = Context & { state: State; params: Record<string, string> };

await prepareDatabase(DATABASE_URL);
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });

const app = new Koa<State>();
const router = new Router<State>({ prefix: '/api/tasks' });

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    const status = (error as { status?: number }).status;
    ctx.status = typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
    ctx.body = { status: ctx.status, detail: ctx.status === 500 ? 'Internal error' : (error as Error).message };
  }
});

app.use(async (ctx, next) => {
  const header = ctx.get('Authorization');
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  let userId: string | undefined;
  if (token) {
    try {
      const { payload } = await jwtVerify(token, SECRET, { algorithms: ['HS256'], requiredClaims: ['exp'] });
      userId = payload.sub;
    } catch {
      // falls through to 401
    }
  }
  if (!userId) {
    ctx.status = 401;
    ctx.set('WWW-Authenticate', 'Bearer');
    ctx.body = { status: 401, detail: 'Invalid or missing token' };
    return;
  }
  ctx.state.userId = userId;
  await next();
});

router.get('/', async (ctx) => {
  const { rows } = await pool.query({ name: 'list', text: LIST, values: [ctx.state.userId] });
  ctx.body = { items: rows, next_cursor: null };
});

router.get('/stats', async (ctx) => {
  const today = new Date().toISOString().slice(0, 10);
  const { rows } = await pool.query<{ total: number; completed: number; overdue: number; due_today: number }>({
    name: 'stats',
    text: STATS,
    values: [ctx.state.userId, today],
  });
  const { total, completed, overdue, due_today } = rows[0]!;
  ctx.body = { total, pending: total - completed, completed, overdue, due_today };
});

router.get('/:id', async (ctx) => {
  sendTask(ctx, await byId(ctx, 'get', GET, []));
});

router.post('/', async (ctx) => {
  const body = await readJson(ctx);
  const title = typeof body.title === 'string' ? body.title.trim() : '';
  if (!title || title.length > 200) ctx.throw(422, 'title must be 1-200 characters');
  const description = typeof body.description === 'string' ? body.description : null;
  const { rows } = await pool.query({ name: 'insert', text: INSERT, values: [ctx.state.userId, title, description] });
  ctx.status = 201;
  ctx.set('Location', `/api/tasks/${rows[0].id}`);
  sendTask(ctx, rows[0]);
});

router.put('/:id', async (ctx) => {
  const body = await readJson(ctx);
  const title = typeof body.title === 'string' ? body.title.trim() : null;
  if (title !== null && (!title || title.length > 200)) ctx.throw(422, 'title must be 1-200 characters');
  const hasDescription = 'description' in body;
  const description = typeof body.description === 'string' ? body.description : null;
  sendTask(ctx, await byId(ctx, 'update', UPDATE, [title, hasDescription, description]));
});

router.patch('/:id/complete', async (ctx) => {
  sendTask(ctx, await byId(ctx, 'toggle', TOGGLE, []));
});

app.use(router.routes());

async function byId(ctx: FloorContext, name: string, text: string, rest: unknown[]): Promise<Record<string, unknown>> {
  const id = ctx.params.id ?? '';
  if (!UUID.test(id)) ctx.throw(404, 'Task not found');
  const { rows } = await pool.query({ name, text, values: [ctx.state.userId, id, ...rest] });
  if (rows.length === 0) ctx.throw(404, 'Task not found');
  return rows[0];
}

function sendTask(ctx: Context, task: Record<string, unknown>): void {
  ctx.set('ETag', `"${String(task.version)}"`);
  ctx.body = task;
}

async function readJson(ctx: Context): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) ctx.throw(413, 'Body too large');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    ctx.throw(400, 'Malformed JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) ctx.throw(422, 'Body must be an object');
  return body as Record<string, unknown>;
}

/** Creates the database (if the server says it does not exist) and the table with its two indexes. */
async function prepareDatabase(url: string): Promise<void> {
  let client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error;
    const target = new URL(url);
    const name = decodeURIComponent(target.pathname.slice(1));
    target.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: target.toString() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    } catch (createError) {
      if ((createError as { code?: string }).code !== '42P04') throw createError; // created meanwhile
    } finally {
      await admin.end();
    }
    client = new pg.Client({ connectionString: url });
    await client.connect();
  }
  try {
    for (const statement of SCHEMA) await client.query(statement);
  } finally {
    await client.end();
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`floor-server: ${name} is required\n`);
    process.exit(2);
  }
  return value;
}

const server = app.listen(PORT, '127.0.0.1');

const shutdown = () => {
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
// Started by the benchmark with an IPC channel: when the driver goes away, so does the floor.
process.once('disconnect', shutdown);
