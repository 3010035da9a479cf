/**
 * The tasks shown, as the outline a person reads: each subtask under its parent, indented one step per level,
 * siblings in manual order. A subtask whose parent is not shown is left out while every task is wanted (its
 * parent is on a page not loaded yet, and it shows with it); when a filter or search left the parent out, the
 * subtask stands on the top level instead.
 */

export interface Placed {
  readonly id: string;
  readonly parent_id: string | null;
  /** An opaque key that sorts byte-wise in manual order (ASCII, so string comparison is byte order). */
  readonly position: string;
}

export interface OutlineRow<T extends Placed> {
  readonly task: T;
  /** 0 on the top level, 1 for a subtask, and so on. */
  readonly depth: number;
  /** The sibling just before and just after it (same parent), where shown: the tasks it moves past. */
  readonly before: T | null;
  readonly after: T | null;
}

/** Manual order among siblings (tasks of one parent, or lists): by position, then by id for two equal keys. */
export function inManualOrder(a: Pick<Placed, 'id' | 'position'>, b: Pick<Placed, 'id' | 'position'>): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The rows of the outline, top to bottom, every group in manual order. */
export function outline<T extends Placed>(tasks: readonly T[], orphans: 'top-level' | 'hidden'): OutlineRow<T>[] {
  const shown = new Set(tasks.map((task) => task.id));
  const roots: T[] = [];
  const children = new Map<string, T[]>();
  for (const task of tasks) {
    if (task.parent_id !== null && shown.has(task.parent_id)) {
      const siblings = children.get(task.parent_id) ?? [];
      siblings.push(task);
      children.set(task.parent_id, siblings);
    } else if (task.parent_id === null || orphans === 'top-level') {
      roots.push(task);
    }
  }
  roots.sort(inManualOrder);
  const rows: OutlineRow<T>[] = [];
  const visit = (group: T[], depth: number) => {
    group.forEach((task, index) => {
      // Only a real sibling is a neighbour: two tasks on the top level by a filter may have different parents.
      const sibling = (other: T | undefined) => (other && other.parent_id === task.parent_id ? other : null);
      rows.push({ task, depth, before: sibling(group[index - 1]), after: sibling(group[index + 1]) });
      const below = children.get(task.id);
      if (below) visit(below.sort(inManualOrder), depth + 1);
    });
  };
  visit(roots, 0);
  return rows;
}
