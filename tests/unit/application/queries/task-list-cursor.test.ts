import { expect } from 'chai';
import { InvalidQueryError } from '../../../../src/application/errors.js';
import { TaskListCursor } from '../../../../src/application/queries/task-list-cursor.js';

const ID = '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11';
const encodeRaw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('TaskListCursor', () => {
  it('gives back the keyset it was made from, for the same sort and order', () => {
    const cursor = TaskListCursor.encode('created_at', 'desc', { value: '2026-11-25T10:00:00.000Z', id: ID });

    expect(cursor).to.match(/^[A-Za-z0-9_-]+$/);
    expect(TaskListCursor.decode(cursor, 'created_at', 'desc')).to.deep.equal({ value: '2026-11-25T10:00:00.000Z', id: ID });
  });

  it('carries any title, however unusual', () => {
    const title = 'Ünïcødé "quotes", commas & 😀';
    const cursor = TaskListCursor.encode('title', 'asc', { value: title, id: ID });

    expect(TaskListCursor.decode(cursor, 'title', 'asc')).to.deep.equal({ value: title, id: ID });
  });

  it('carries a position, and refuses one the key scheme would never make', () => {
    const cursor = TaskListCursor.encode('position', 'asc', { value: 'a0V3xk', id: ID });
    expect(TaskListCursor.decode(cursor, 'position', 'asc')).to.deep.equal({ value: 'a0V3xk', id: ID });

    for (const value of ['', "a0' or 1=1", 'a'.repeat(201), null]) {
      expect(() => TaskListCursor.decode(encodeRaw(['position', 'asc', value, ID]), 'position', 'asc'), String(value)).to.throw(InvalidQueryError);
    }
  });

  it('carries a due date, or null for a task without one, and a priority by name', () => {
    for (const value of ['2026-12-24', null]) {
      const cursor = TaskListCursor.encode('due_date', 'asc', { value, id: ID });
      expect(TaskListCursor.decode(cursor, 'due_date', 'asc')).to.deep.equal({ value, id: ID });
    }
    const byPriority = TaskListCursor.encode('priority', 'desc', { value: 'medium', id: ID });
    expect(TaskListCursor.decode(byPriority, 'priority', 'desc')).to.deep.equal({ value: 'medium', id: ID });
  });

  for (const [name, sort, value] of [
    ['an impossible due date', 'due_date', '2026-02-30'],
    ['a due date with a time', 'due_date', '2026-12-24T00:00:00.000Z'],
    ['an unknown priority', 'priority', 'urgent'],
    ['a priority rank instead of its name', 'priority', 3],
    ['no priority', 'priority', null],
    ['no creation time', 'created_at', null],
    ['no title', 'title', null],
  ] as const) {
    it(`refuses a cursor with ${name}`, () => {
      expect(() => TaskListCursor.decode(encodeRaw([sort, 'asc', value, ID]), sort, 'asc')).to.throw(InvalidQueryError, 'Invalid cursor');
    });
  }

  it('refuses a cursor made for another sort or order', () => {
    const byTitle = TaskListCursor.encode('title', 'asc', { value: 'Buy milk', id: ID });
    const byUpdate = TaskListCursor.encode('updated_at', 'desc', { value: '2026-11-25T10:00:00.000Z', id: ID });

    expect(() => TaskListCursor.decode(byTitle, 'title', 'desc')).to.throw(InvalidQueryError);
    expect(() => TaskListCursor.decode(byUpdate, 'created_at', 'desc')).to.throw(InvalidQueryError);
    expect(() => TaskListCursor.decode(byUpdate, 'updated_at', 'asc')).to.throw(InvalidQueryError);
    expect(() => TaskListCursor.decode(byTitle, 'created_at', 'asc')).to.throw(InvalidQueryError);
  });

  it('refuses an issued cursor with anything added around it', () => {
    const cursor = TaskListCursor.encode('created_at', 'desc', { value: '2026-11-25T10:00:00.000Z', id: ID });

    for (const tampered of [`${cursor}!!`, ` ${cursor}`, `${cursor}\n`, `${cursor}=`, `${cursor.slice(0, 8)}.${cursor.slice(8)}`]) {
      expect(() => TaskListCursor.decode(tampered, 'created_at', 'desc'), JSON.stringify(tampered)).to.throw(InvalidQueryError, 'Invalid cursor');
    }
  });

  for (const [name, cursor] of [
    ['not base64 JSON', 'garbage'],
    ['JSON that is not an array', encodeRaw({ sort: 'created_at' })],
    ['too few parts', encodeRaw(['created_at', 'desc', '2026-11-25T10:00:00.000Z'])],
    ['a number for a part', encodeRaw(['created_at', 'desc', 1764064800000, ID])],
    ['a date that is not ISO 8601', encodeRaw(['created_at', 'desc', 'yesterday', ID])],
    ['an impossible date', encodeRaw(['created_at', 'desc', '2026-13-45T10:00:00.000Z', ID])],
    ['an id that is not a task id', encodeRaw(['created_at', 'desc', '2026-11-25T10:00:00.000Z', "' OR 1=1 --"])],
  ]) {
    it(`refuses a cursor with ${name}`, () => {
      expect(() => TaskListCursor.decode(cursor!, 'created_at', 'desc')).to.throw(InvalidQueryError, 'Invalid cursor');
    });
  }
});
