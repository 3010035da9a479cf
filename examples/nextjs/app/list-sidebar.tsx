'use client';
/**
 * The user's lists, in a sidebar: the inbox first, then the others in their manual order. Select one to see its
 * tasks; add, rename, delete (not the inbox) and move them up or down. The board owns the lists and the calls to
 * the API; this draws them and reports what the user asked for.
 */
import { useState, type FormEvent } from 'react';
import type { TaskList } from '@/lib/task-lists';

export interface ListActions {
  select(list: TaskList): void;
  add(name: string): Promise<boolean>;
  rename(list: TaskList, name: string): Promise<boolean>;
  remove(list: TaskList): Promise<void>;
  /** Moves `list` just before `before`, or just after `after`. */
  move(list: TaskList, to: { before: TaskList } | { after: TaskList }): Promise<void>;
}

/** `lists` come in sidebar order: the inbox first. */
export function ListSidebar({ lists, selectedId, actions }: { lists: TaskList[]; selectedId: string | null; actions: ListActions }) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const inbox = lists.filter((list) => list.is_inbox);
  // The inbox stays on top; the others keep their manual order, and move among themselves.
  const others = lists.filter((list) => !list.is_inbox);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setAdding(true);
    const added = await actions.add(String(new FormData(form).get('name') ?? ''));
    setAdding(false);
    if (added) form.reset();
  }

  async function rename(list: TaskList, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await actions.rename(list, String(new FormData(event.currentTarget).get('name') ?? ''))) setRenaming(null);
  }

  const row = (list: TaskList, before: TaskList | undefined, after: TaskList | undefined) => (
    <li key={list.id} data-list-id={list.id} data-inbox={list.is_inbox || undefined}>
      {renaming === list.id ? (
        <form className="toolbar tight" onSubmit={(event) => void rename(list, event)} aria-label={`Rename ${list.name}`}>
          <input name="name" defaultValue={list.name} aria-label="List name" autoFocus />
          <button className="primary" type="submit">
            Save
          </button>
          <button type="button" onClick={() => setRenaming(null)}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          <button
            type="button"
            className="list-name"
            aria-current={list.id === selectedId ? 'true' : undefined}
            onClick={() => actions.select(list)}
          >
            {list.name}
          </button>
          <span className="list-actions">
            {before && (
              <button type="button" aria-label={`Move ${list.name} up`} onClick={() => void actions.move(list, { before })}>
                ↑
              </button>
            )}
            {after && (
              <button type="button" aria-label={`Move ${list.name} down`} onClick={() => void actions.move(list, { after })}>
                ↓
              </button>
            )}
            <button type="button" aria-label={`Rename ${list.name}`} onClick={() => setRenaming(list.id)}>
              ✎
            </button>
            {!list.is_inbox && (
              <button type="button" aria-label={`Delete ${list.name}`} onClick={() => void actions.remove(list)}>
                ×
              </button>
            )}
          </span>
        </>
      )}
    </li>
  );

  return (
    <nav className="sidebar stack" aria-label="Lists">
      <h2>Lists</h2>
      <ul className="lists">
        {inbox.map((list) => row(list, undefined, undefined))}
        {others.map((list, index) => row(list, others[index - 1], others[index + 1]))}
      </ul>
      <form className="stack" onSubmit={add} aria-label="New list">
        <input name="name" placeholder="New list" aria-label="List name" />
        <button type="submit" disabled={adding}>
          Add list
        </button>
      </form>
    </nav>
  );
}
