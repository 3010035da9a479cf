'use client';
/**
 * The signed-in user's tasks, all through the typed client: their lists in a sidebar, and the tasks of the list
 * selected, filtered by status, label or repeating, searchable and paged by cursor; add, edit, toggle and delete
 * (completing a repeating task moves it to its next due date, which the row then shows); and the
 * live event stream, so that changes made in another tab or by the admin CLI show up here as they happen. Errors
 * are shown in the API's own words.
 */
import {
  ifMatch,
  TasksApiError,
  unwrap,
  type FieldError,
  type Label,
  type Task,
  type TaskChange,
  type TaskPage,
  type TaskStats,
} from '@tasks-api/client';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth-client';
import { createApi, forgetToken, getToken, SessionExpiredError } from '@/lib/tasks-api';
import { isListChange, sidebarOrder, withList, type ListChange, type TaskList } from '@/lib/task-lists';
import {
  browserTimeZone,
  choiceLabel,
  choiceOf,
  countsFromCompletion,
  describeRepeat,
  REPEAT_CHOICES,
  ruleOf,
  type RepeatChoice,
  type RepeatFrom,
} from '@/lib/task-repeat';
import { inManualOrder, outline } from '@/lib/task-tree';
import { ListSidebar, type ListActions } from './list-sidebar';

type Filter = 'all' | 'pending' | 'completed';
type Priority = Task['priority'];
type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline';
interface ShownError {
  message: string;
  fields: FieldError[];
}

const PAGE_SIZE = 20;
const FILTERS: Filter[] = ['all', 'pending', 'completed'];
const PRIORITIES: Priority[] = ['none', 'low', 'medium', 'high'];
/** How deep tasks nest: a task this deep takes no subtasks (the API refuses a deeper one). */
const MAX_DEPTH = 4;

/** Today in this browser's time zone, `YYYY-MM-DD`: a due date before it is overdue. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The due date and priority of a task form, as the API takes them: an empty date is none. */
function schedule(data: FormData): { due_date: string | null; priority: Priority } {
  const due = String(data.get('due_date') ?? '');
  const priority = String(data.get('priority') ?? 'none');
  return { due_date: due || null, priority: (PRIORITIES as string[]).includes(priority) ? (priority as Priority) : 'none' };
}

/**
 * How a task form says the task repeats, as the API takes it: the picker's choice (`custom` keeps the task's own
 * rule) and whether it counts from the day the task is done. Without a due date the picker is off: no repeat.
 */
function repeatOf(data: FormData, own: string | null): { repeat: string | null; repeat_from: RepeatFrom } {
  const choice = String(data.get('repeat') ?? 'none') as RepeatChoice;
  const fromCompletion = data.get('repeat_from_completion') === 'on' && countsFromCompletion(choice);
  return { repeat: ruleOf(choice, own), repeat_from: fromCompletion ? 'completion' : 'due' };
}

/** The labels typed into a task form, comma-separated: the API trims them and keeps each once, ignoring case. */
function typedLabels(data: FormData): string[] {
  return String(data.get('labels') ?? '')
    .split(',')
    .map((label) => label.trim())
    .filter(Boolean);
}

/** What the tasks shown are: those of one list, by status, label, repeating or not, and search. */
interface Selection {
  listId: string | null;
  filter: Filter;
  label: string | null;
  repeatingOnly: boolean;
  search: string;
}

/** Whether `task` belongs among the tasks shown for this selection. */
function matches(task: Task, { listId, filter, label, repeatingOnly, search }: Selection): boolean {
  if (task.list_id !== listId) return false;
  if (repeatingOnly && task.repeat === null) return false;
  if (filter === 'pending' && task.completed) return false;
  if (filter === 'completed' && !task.completed) return false;
  if (label !== null && !task.labels.some((name) => name.toLowerCase() === label.toLowerCase())) return false;
  const needle = search.trim().toLowerCase();
  return !needle || task.title.toLowerCase().includes(needle) || (task.description ?? '').toLowerCase().includes(needle);
}


export function TaskBoard({ apiUrl, userName }: { apiUrl: string; userName: string }) {
  const router = useRouter();
  const api = useMemo(() => createApi(apiUrl), [apiUrl]);
  /** The user's lists in sidebar order, and the one whose tasks are shown (the inbox until another is chosen). */
  const [lists, setLists] = useState<TaskList[]>([]);
  const [listId, setListId] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [searchInput, setSearchInput] = useState('');
  const [search, setSearch] = useState('');
  /** The label the list is filtered by, if any, and the user's labels with their task counts. */
  const [label, setLabel] = useState<string | null>(null);
  const [labels, setLabels] = useState<Label[]>([]);
  /** Only the tasks that repeat (`repeating=true`). */
  const [repeatingOnly, setRepeatingOnly] = useState(false);
  const [tasks, setTasks] = useState<Task[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [stats, setStats] = useState<TaskStats | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [live, setLive] = useState<LiveState>('connecting');
  /** The task being edited, and its version when editing began: the save applies only to that version. */
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<{ id: string; version: number } | null>(null);
  /** The task a subtask is being added to. */
  const [subtaskOf, setSubtaskOf] = useState<string | null>(null);
  /** Remounts the new-task form's fields when it is emptied, so that its repeat picker follows its due date again. */
  const [newTaskForm, setNewTaskForm] = useState(0);
  /**
   * The repeating tasks completed since the page loaded (here or elsewhere), each with the due date completing it
   * moved it to: the row says so while that is still its due date.
   */
  const [movedOn, setMovedOn] = useState<Record<string, string>>({});
  const noteMovedOn = useCallback((task: Task) => {
    if (task.due_date !== null) setMovedOn((current) => ({ ...current, [task.id]: task.due_date! }));
  }, []);

  // What the event stream needs to know without restarting on every keystroke.
  const view = useRef({ listId, lists, filter, label, repeatingOnly, search, hasMore, tasks });
  view.current = { listId, lists, filter, label, repeatingOnly, search, hasMore, tasks };
  /** The newest copy of every task seen (from pages, answers or events), and the ids known to be deleted. */
  const latest = useRef(new Map<string, Task>());
  const deleted = useRef(new Set<string>());
  const pages = useRef<AsyncGenerator<TaskPage> | null>(null);

  const showError = useCallback(
    async (failure: unknown) => {
      if (failure instanceof SessionExpiredError) {
        router.replace('/sign-in?expired=1');
        return;
      }
      if (failure instanceof TasksApiError && failure.status === 401) {
        // The API refused the token. If Better Auth has no session either, the user must sign in again.
        forgetToken();
        try {
          await getToken();
        } catch (tokenFailure) {
          if (tokenFailure instanceof SessionExpiredError) {
            router.replace('/sign-in?expired=1');
            return;
          }
        }
      }
      if (failure instanceof TasksApiError) setError({ message: failure.message, fields: failure.fieldErrors });
      else if (failure instanceof TypeError) setError({ message: 'The tasks API cannot be reached. Is it running?', fields: [] });
      else setError({ message: failure instanceof Error ? failure.message : String(failure), fields: [] });
    },
    [router],
  );

  /** Remembers `task` unless a newer version is already known; returns the copy to show. */
  const remember = useCallback((task: Task): Task => {
    const known = latest.current.get(task.id);
    if (known && known.version >= task.version) return known;
    latest.current.set(task.id, task);
    return task;
  }, []);

  /** Puts a changed task where it belongs in the list shown, or takes it out. */
  const place = useCallback((changed: Task) => {
    const task = remember(changed);
    setTasks((current) => {
      const { hasMore } = view.current;
      const without = current.filter((shown) => shown.id !== task.id);
      if (deleted.current.has(task.id) || !matches(task, view.current)) return without;
      const last = without.at(-1);
      // After everything loaded while more pages wait: it will come with a later page.
      if (!current.some((shown) => shown.id === task.id) && hasMore && last && inManualOrder(task, last) > 0) return current;
      return [...without, task].sort(inManualOrder);
    });
  }, [remember]);

  /**
   * Takes a task out of those shown, with its subtasks: the API deletes them with it, and moves them with it to
   * another list.
   */
  const takeOut = useCallback((taskId: string, { deleted: isDeleted }: { deleted: boolean }) => {
    if (isDeleted) deleted.current.add(taskId);
    setTasks((current) => {
      const gone = new Set([taskId]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const task of current) {
          if (task.parent_id !== null && gone.has(task.parent_id) && !gone.has(task.id)) {
            gone.add(task.id);
            if (isDeleted) deleted.current.add(task.id);
            grew = true;
          }
        }
      }
      return current.filter((task) => !gone.has(task.id));
    });
  }, []);
  const forget = useCallback((taskId: string) => takeOut(taskId, { deleted: true }), [takeOut]);

  /** The counts on the filters and the labels, read again after a change. */
  const refreshStats = useCallback(async () => {
    try {
      const [counts, labelList] = await Promise.all([api.api.GET('/api/tasks/stats'), api.api.GET('/api/labels')]);
      setStats(unwrap(counts));
      setLabels(unwrap(labelList).items);
    } catch {
      // The counts are a nicety; the list shows the errors that matter.
    }
  }, [api]);

  /**
   * Reads the lists again. The inbox is among them from the first request on; the list shown stays unless it is
   * gone, and then it is the inbox again.
   */
  const loadLists = useCallback(async () => {
    try {
      const { items } = unwrap(await api.api.GET('/api/lists'));
      setLists(sidebarOrder(items));
      const inbox = items.find((list) => list.is_inbox);
      setListId((shown) => (shown !== null && items.some((list) => list.id === shown) ? shown : (inbox?.id ?? null)));
    } catch (failure) {
      await showError(failure);
    }
  }, [api, showError]);

  /** Takes a deleted list out of the sidebar; if its tasks were shown, the inbox's are shown instead. */
  const dropList = useCallback((id: string) => {
    const inbox = view.current.lists.find((list) => list.is_inbox);
    setLists((current) => current.filter((list) => list.id !== id));
    setListId((shown) => (shown === id ? (inbox?.id ?? null) : shown));
  }, []);

  /** Takes in a list change from the stream: a new or changed list, or a deleted one (its tasks go one by one). */
  const applyListChange = useCallback((change: ListChange) => {
    const list = change.list;
    if (list !== null) setLists((current) => withList(current, list));
    else dropList(change.list_id);
  }, [dropList]);

  const showPage = useCallback(
    (page: TaskPage, append: boolean) => {
      const items = page.items.filter((task) => !deleted.current.has(task.id)).map(remember);
      setTasks((current) => {
        const base = append ? current : [];
        const seen = new Set(base.map((task) => task.id));
        return [...base, ...items.filter((task) => !seen.has(task.id) && matches(task, view.current))];
      });
      setHasMore(page.next_cursor !== null);
    },
    [remember],
  );

  /** Loads the first page for the current list, filter, label and search; a newer load supersedes an older one. */
  const reload = useCallback(async () => {
    if (listId === null) return; // until the lists are known
    // In manual order: the order the user gave them, every level at once (the page lays them out as an outline).
    const iterator = api.pages({
      list_id: listId,
      status: filter,
      q: search.trim() || undefined,
      label: label ?? undefined,
      repeating: repeatingOnly ? 'true' : undefined,
      sort: 'position',
      limit: PAGE_SIZE,
    });
    pages.current = iterator;
    setLoading(true);
    try {
      const first = await iterator.next();
      if (pages.current !== iterator) return;
      showPage(first.done ? { items: [], next_cursor: null } : first.value, false);
      setError(null);
    } catch (failure) {
      if (pages.current !== iterator) return;
      // The list is gone (deleted in another tab): read the lists again, which shows the inbox.
      if (failure instanceof TasksApiError && failure.status === 404) void loadLists();
      await showError(failure);
    } finally {
      if (pages.current === iterator) setLoading(false);
    }
  }, [api, listId, filter, label, repeatingOnly, search, showPage, showError, loadLists]);

  useEffect(() => {
    void reload();
  }, [reload]);
  const reloadLatest = useRef(reload);
  reloadLatest.current = reload;

  useEffect(() => {
    void refreshStats();
  }, [refreshStats]);

  useEffect(() => {
    void loadLists();
  }, [loadLists]);
  const loadListsLatest = useRef(loadLists);
  loadListsLatest.current = loadLists;

  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchInput), 250);
    return () => clearTimeout(timer);
  }, [searchInput]);

  // The live stream: every change of this user's tasks, from any tab, device or the admin CLI.
  useEffect(() => {
    const abort = new AbortController();
    let statsTimer: ReturnType<typeof setTimeout> | undefined;
    const apply = (change: TaskChange | ListChange) => {
      if (isListChange(change)) {
        applyListChange(change);
        return;
      }
      if (change.type === 'task.deleted' || change.task === null) forget(change.task_id);
      else {
        const task = change.task;
        // Completed somewhere and moved on to its next due date.
        if (change.type === 'task.repeated') noteMovedOn(task);
        // A task in a list not known here: the list is new (made in another tab, or with the admin CLI).
        if (!view.current.lists.some((list) => list.id === task.list_id)) void loadListsLatest.current();
        place(task);
      }
      clearTimeout(statsTimer);
      statsTimer = setTimeout(() => void refreshStats(), 150);
    };
    void (async () => {
      try {
        for await (const event of api.events({
          signal: abort.signal,
          onOpen: () => setLive('live'),
          onDisconnect: () => setLive('reconnecting'),
        })) {
          if (event.type === 'reset') {
            latest.current.clear();
            deleted.current.clear();
            void loadListsLatest.current();
            void reloadLatest.current();
            void refreshStats();
          } else {
            apply(event);
          }
        }
      } catch (failure) {
        if (abort.signal.aborted) return;
        setLive('offline');
        await showError(failure);
      }
    })();
    return () => {
      abort.abort();
      clearTimeout(statsTimer);
    };
    // The stream follows the user, not the view: filters and searches do not reopen it.
  }, [api, applyListChange, forget, noteMovedOn, place, refreshStats, showError]);

  /** Runs one change against the API, showing its error if it fails; returns whether it succeeded. */
  async function attempt(action: () => Promise<void>): Promise<boolean> {
    try {
      await action();
      setError(null);
      return true;
    } catch (failure) {
      await showError(failure);
      return false;
    }
  }

  async function addTask(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '');
    const description = String(data.get('description') ?? '');
    const { due_date, priority } = schedule(data);
    setAdding(true);
    const added = await attempt(async () => {
      const task = unwrap(
        await api.api.POST('/api/tasks', {
          // A retried click creates one task, not two.
          params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: {
            title,
            description: description.trim() ? description : null,
            due_date,
            priority,
            ...repeatOf(data, null),
            labels: typedLabels(data),
            // Into the list shown (the API's default, the inbox, until the lists are known).
            ...(listId !== null && { list_id: listId }),
          },
        }),
      );
      place(task);
      void refreshStats();
    });
    setAdding(false);
    // Clear the form, unless the next task is already being typed into it.
    const now = new FormData(form);
    if (added && now.get('title') === title && now.get('description') === description) form.reset();
  }

  async function addSubtask(parent: Task, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const added = await attempt(async () => {
      const task = unwrap(
        await api.api.POST('/api/tasks', {
          params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: { title: String(data.get('title') ?? ''), parent_id: parent.id },
        }),
      );
      place(task);
      void refreshStats();
    });
    if (added) setSubtaskOf(null);
  }

  async function saveTask(task: Task, version: number, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const description = String(data.get('description') ?? '');
    // Another list moves the task there with its subtasks (a subtask goes to the top level of that list).
    const listIdChosen = String(data.get('list_id') ?? task.list_id);
    const moving = listIdChosen !== task.list_id;
    const saved = await attempt(async () => {
      const updated = unwrap(
        await api.api.PATCH('/api/tasks/{id}', {
          // Only if nobody changed it meanwhile: otherwise the API answers 412 and nothing is overwritten.
          params: { path: { id: task.id }, header: { 'If-Match': ifMatch({ version }) } },
          body: {
            title: String(data.get('title') ?? ''),
            description: description.trim() ? description : null,
            ...schedule(data),
            ...repeatOf(data, task.repeat),
            labels: typedLabels(data),
            ...(moving && { list_id: listIdChosen }),
          },
        }),
      );
      if (moving) takeOut(task.id, { deleted: false });
      place(updated);
      void refreshStats();
    });
    if (saved) setEditing(null);
  }

  /** Puts a task right before or right after a sibling: one move, which rewrites the position of that task only. */
  async function moveTask(task: Task, to: { before_id: string } | { after_id: string }) {
    await attempt(async () => {
      const moved = unwrap(
        await api.api.POST('/api/tasks/{id}/move', {
          params: { path: { id: task.id }, header: { 'If-Match': ifMatch(task) } },
          body: to,
        }),
      );
      place(moved);
    });
  }

  /** Takes one label off a task (its chip's ×), if nobody changed the task meanwhile. */
  async function removeLabel(task: Task, name: string) {
    await attempt(async () => {
      const updated = unwrap(
        await api.api.PATCH('/api/tasks/{id}', {
          params: { path: { id: task.id }, header: { 'If-Match': ifMatch(task) } },
          body: { labels: task.labels.filter((other) => other !== name) },
        }),
      );
      place(updated);
      void refreshStats();
    });
  }

  const listActions: ListActions = {
    select: (list) => setListId(list.id),
    add: (name) =>
      attempt(async () => {
        const list = unwrap(
          await api.api.POST('/api/lists', { params: { header: { 'Idempotency-Key': crypto.randomUUID() } }, body: { name } }),
        );
        setLists((current) => withList(current, list));
        setListId(list.id);
      }),
    rename: (list, name) =>
      attempt(async () => {
        const renamed = unwrap(
          await api.api.PATCH('/api/lists/{id}', {
            params: { path: { id: list.id }, header: { 'If-Match': ifMatch(list) } },
            body: { name },
          }),
        );
        setLists((current) => withList(current, renamed));
      }),
    remove: async (list) => {
      if (!window.confirm(`Delete the list “${list.name}” and every task in it?`)) return;
      await attempt(async () => {
        unwrap(await api.api.DELETE('/api/lists/{id}', { params: { path: { id: list.id }, header: { 'If-Match': ifMatch(list) } } }));
        dropList(list.id);
        void refreshStats();
      });
    },
    move: async (list, to) => {
      await attempt(async () => {
        const moved = unwrap(
          await api.api.POST('/api/lists/{id}/move', {
            params: { path: { id: list.id }, header: { 'If-Match': ifMatch(list) } },
            body: 'before' in to ? { before_id: to.before.id } : { after_id: to.after.id },
          }),
        );
        setLists((current) => withList(current, moved));
      });
    },
  };

  async function toggleTask(task: Task) {
    await attempt(async () => {
      const updated = unwrap(
        await api.api.PATCH('/api/tasks/{id}/complete', {
          // "Today" for a repeating task's next due date is this browser's.
          params: { path: { id: task.id }, query: { tz: browserTimeZone() } },
          body: { completed: !task.completed },
        }),
      );
      // A repeating task stays pending, due on its next date.
      if (!task.completed && !updated.completed && updated.repeat !== null) noteMovedOn(updated);
      place(updated);
      void refreshStats();
    });
  }

  async function deleteTask(task: Task) {
    await attempt(async () => {
      unwrap(await api.api.DELETE('/api/tasks/{id}', { params: { path: { id: task.id } } }));
      forget(task.id);
      void refreshStats();
    });
  }

  async function loadMore() {
    const iterator = pages.current;
    if (!iterator) return;
    setLoading(true);
    try {
      const next = await iterator.next();
      if (pages.current !== iterator) return;
      if (next.done) setHasMore(false);
      else showPage(next.value, true);
    } catch (failure) {
      await showError(failure);
    } finally {
      if (pages.current === iterator) setLoading(false);
    }
  }

  async function signOut() {
    await authClient.signOut();
    forgetToken();
    router.replace('/sign-in');
    router.refresh();
  }

  const counts: Record<Filter, number | undefined> = { all: stats?.total, pending: stats?.pending, completed: stats?.completed };
  // The label filtered by stays offered, so that it can be turned off, even once no task has it any more.
  const labelChips =
    label === null || labels.some((shown) => shown.name.toLowerCase() === label.toLowerCase())
      ? labels
      : [...labels, { name: label, task_count: 0 }];
  const shownList = lists.find((list) => list.id === listId);
  return (
    <div className="board">
      <header>
        <div>
          <h1>Tasks</h1>
          <span className="muted" data-testid="user-name">
            {userName}
          </span>{' '}
          <span className="live muted" data-state={live} data-testid="live-state">
            {live === 'live' ? 'live' : live === 'offline' ? 'not updating' : `${live}…`}
          </span>
        </div>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>

      <ListSidebar lists={lists} selectedId={listId} actions={listActions} />

      <section className="stack" aria-label="Tasks of the list">
        <h2 data-testid="list-title">{shownList?.name ?? '\u00a0'}</h2>
        <form className="stack" onSubmit={addTask} onReset={() => setNewTaskForm((count) => count + 1)} aria-label="New task">
          <input name="title" placeholder="What needs doing?" aria-label="Title" />
          <textarea name="description" placeholder="Details (optional)" aria-label="Description" rows={2} />
          <div className="toolbar tight">
            <ScheduleFields key={newTaskForm} />
            <LabelsField />
            <button className="primary" type="submit" disabled={adding}>
              Add task
            </button>
          </div>
        </form>

        {error && (
          <div className="alert" role="alert">
            {error.message}
            {error.fields.length > 0 && (
              <ul>
                {error.fields.map((field) => (
                  <li key={`${field.path}:${field.message}`}>{field.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}

        <div className="toolbar">
          {FILTERS.map((name) => (
            <button key={name} type="button" aria-pressed={filter === name} onClick={() => setFilter(name)}>
              {name[0]!.toUpperCase() + name.slice(1)}
              {counts[name] !== undefined && ` (${counts[name]})`}
            </button>
          ))}
          <input
            type="search"
            placeholder="Search"
            aria-label="Search"
            value={searchInput}
            onChange={(event) => setSearchInput(event.target.value)}
          />
          <button type="button" aria-pressed={repeatingOnly} onClick={() => setRepeatingOnly((on) => !on)}>
            Repeating
          </button>
        </div>
        {labelChips.length > 0 && (
          <div className="toolbar labels" role="group" aria-label="Filter by label">
            {labelChips.map((shown) => {
              const on = label !== null && label.toLowerCase() === shown.name.toLowerCase();
              return (
                <button
                  key={shown.name}
                  type="button"
                  className="chip"
                  aria-pressed={on}
                  onClick={() => setLabel(on ? null : shown.name)}
                  aria-label={`Label ${shown.name} (${shown.task_count})`}
                >
                  #{shown.name} <span className="muted">{shown.task_count}</span>
                </button>
              );
            })}
          </div>
        )}

        <ul className="tasks" aria-label="Tasks" aria-busy={loading}>
          {outline(tasks, filter === 'all' && label === null && !repeatingOnly && !search.trim() ? 'hidden' : 'top-level').map(({ task, depth, before, after }) => (
            <li
              key={task.id}
              className={task.completed ? 'completed' : undefined}
              data-task-id={task.id}
              data-depth={depth}
              style={{ paddingLeft: `${depth * 1.75}rem` }}
            >
              <input
                type="checkbox"
                checked={task.completed}
                aria-label={`Completed: ${task.title}`}
                onChange={() => void toggleTask(task)}
              />
              {editing?.id === task.id ? (
                <EditTaskForm
                  task={task}
                  lists={lists}
                  onSave={(event) => void saveTask(task, editing.version, event)}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <div className="body">
                  <div className="title">{task.title}</div>
                  {task.description && <div className="description muted">{task.description}</div>}
                  <TaskMeta task={task} movedOnTo={movedOn[task.id]} onRemoveLabel={(name) => void removeLabel(task, name)} />
                  {subtaskOf === task.id && (
                    <form className="toolbar tight subtask" onSubmit={(event) => void addSubtask(task, event)} aria-label={`New subtask of ${task.title}`}>
                      <input name="title" placeholder="A step of this task" aria-label="Title" autoFocus />
                      <button className="primary" type="submit">
                        Add subtask
                      </button>
                      <button type="button" onClick={() => setSubtaskOf(null)}>
                        Cancel
                      </button>
                    </form>
                  )}
                </div>
              )}
              {editing?.id !== task.id && (
                <div className="actions">
                  {before && (
                    <button type="button" onClick={() => void moveTask(task, { before_id: before.id })} aria-label={`Move ${task.title} up`}>
                      ↑
                    </button>
                  )}
                  {after && (
                    <button type="button" onClick={() => void moveTask(task, { after_id: after.id })} aria-label={`Move ${task.title} down`}>
                      ↓
                    </button>
                  )}
                  {depth < MAX_DEPTH - 1 && (
                    <button type="button" onClick={() => setSubtaskOf(task.id)} aria-label={`Add a subtask to ${task.title}`}>
                      + subtask
                    </button>
                  )}
                  <button type="button" onClick={() => setEditing({ id: task.id, version: task.version })} aria-label={`Edit ${task.title}`}>
                    Edit
                  </button>
                  <button type="button" onClick={() => void deleteTask(task)} aria-label={`Delete ${task.title}`}>
                    Delete
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
        {!loading && tasks.length === 0 && (
          <p className="muted" data-testid="empty">
            {search.trim() || filter !== 'all' || label !== null || repeatingOnly ? 'No tasks match.' : 'No tasks yet: add one above.'}
          </p>
        )}
        {hasMore && (
          <button type="button" onClick={() => void loadMore()} disabled={loading}>
            Load more
          </button>
        )}
      </section>
    </div>
  );
}

function EditTaskForm({
  task,
  lists,
  onSave,
  onCancel,
}: {
  task: Task;
  lists: TaskList[];
  onSave: (event: FormEvent<HTMLFormElement>) => void;
  onCancel: () => void;
}) {
  return (
    <form className="stack body" onSubmit={onSave} aria-label={`Edit ${task.title}`}>
      <input name="title" defaultValue={task.title} aria-label="Title" />
      <textarea name="description" defaultValue={task.description ?? ''} aria-label="Description" rows={2} />
      <div className="toolbar tight">
        <ScheduleFields task={task} />
        <LabelsField task={task} />
        <label className="field">
          List
          <select name="list_id" defaultValue={task.list_id} aria-label="List">
            {lists.map((list) => (
              <option key={list.id} value={list.id}>
                {list.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="actions">
        <button className="primary" type="submit">
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * The due date, repeat and priority inputs of the add and edit forms, filled in from `task` when editing. The repeat
 * picker needs a due date (the API counts the rule from it), and names its choices on it: "Every week on Monday".
 */
function ScheduleFields({ task }: { task?: Task }) {
  const [dueDate, setDueDate] = useState(task?.due_date ?? '');
  return (
    <>
      <label className="field">
        Due
        <input
          type="date"
          name="due_date"
          defaultValue={task?.due_date ?? ''}
          onChange={(event) => setDueDate(event.target.value)}
          aria-label="Due date"
        />
      </label>
      <RepeatFields task={task} dueDate={dueDate || null} />
      <label className="field">
        Priority
        <select name="priority" defaultValue={task?.priority ?? 'none'} aria-label="Priority">
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {priority}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** The repeat picker and its "from completion" box, which only a fixed interval takes. */
function RepeatFields({ task, dueDate }: { task?: Task; dueDate: string | null }) {
  const own = task?.repeat ?? null;
  const [choice, setChoice] = useState<RepeatChoice>(choiceOf(own));
  const choices = choice === 'custom' || choiceOf(own) === 'custom' ? [...REPEAT_CHOICES, 'custom' as const] : REPEAT_CHOICES;
  const off = dueDate === null;
  return (
    <>
      <label className="field" title={off ? 'Give a due date to repeat the task' : undefined}>
        Repeat
        <select name="repeat" value={off ? 'none' : choice} disabled={off} onChange={(event) => setChoice(event.target.value as RepeatChoice)} aria-label="Repeat">
          {choices.map((shown) => (
            <option key={shown} value={shown}>
              {choiceLabel(shown, dueDate, own)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <input
          type="checkbox"
          name="repeat_from_completion"
          defaultChecked={task?.repeat_from === 'completion'}
          disabled={off || !countsFromCompletion(choice)}
          aria-label="Repeat from completion"
        />
        from completion
      </label>
    </>
  );
}

/** The labels input of the add and edit forms: names separated by commas. */
function LabelsField({ task }: { task?: Task }) {
  return (
    <label className="field">
      Labels
      <input name="labels" defaultValue={task?.labels.join(', ') ?? ''} placeholder="home, errands" aria-label="Labels" />
    </label>
  );
}

/**
 * A task's due date (marked when overdue), how it repeats, priority (unless none) and labels, each label a chip with
 * a ×. `movedOnTo` is the due date completing it moved it to, if it was completed since the page loaded: while it is
 * still due then, the row says it was done and when it is due next.
 */
function TaskMeta({ task, movedOnTo, onRemoveLabel }: { task: Task; movedOnTo?: string; onRemoveLabel: (name: string) => void }) {
  const overdue = task.due_date !== null && !task.completed && task.due_date < today();
  const repeats = describeRepeat(task);
  const movedOn = !task.completed && repeats !== null && movedOnTo !== undefined && movedOnTo === task.due_date;
  if (task.due_date === null && task.priority === 'none' && task.labels.length === 0 && repeats === null) return null;
  return (
    <div className="meta">
      {movedOn && (
        <span className="moved-on" data-testid="next-due" aria-live="polite">
          done · next due {task.due_date}
        </span>
      )}
      {task.due_date !== null && (
        <span className={overdue ? 'due overdue' : 'due'} data-testid="due-date" data-overdue={overdue}>
          {overdue ? 'overdue' : 'due'} {task.due_date}
        </span>
      )}
      {repeats !== null && (
        <span className="repeat" data-testid="repeat" title={task.repeat ?? undefined}>
          ↻ {repeats}
        </span>
      )}
      {task.priority !== 'none' && (
        <span className={`priority priority-${task.priority}`} data-testid="priority">
          {task.priority}
        </span>
      )}
      {task.labels.map((name) => (
        <span key={name} className="chip label" data-testid="label">
          <span className="name">{name}</span>
          <button type="button" aria-label={`Remove label ${name} from ${task.title}`} onClick={() => onRemoveLabel(name)}>
            ×
          </button>
        </span>
      ))}
    </div>
  );
}
