/** Where a statement's parameters name a sibling group: the owner, the parent (null for a list's top level), the list. */
export interface GroupParameters {
  readonly owner: number;
  readonly parent: number;
  readonly list: number;
}

const READ_PARAMETERS: GroupParameters = { owner: 1, parent: 2, list: 3 };

/**
 * A sibling group: the owner's tasks of one list directly under one parent (null: the list's top level). The one
 * place that says what a group is — the unique index `tasks_sibling_position_key` keeps positions distinct within
 * it. Two spellings, one for each kind of group, so that each is one range of that index whatever the plan: a
 * prepared statement's generic plan cannot use an index for `parent_id = $2 or ($2 is null and parent_id is null)`
 * (nor for `is not distinct from`). The top-level one still names the parent parameter (null there), so that both
 * take the same parameters.
 */
export function siblingGroup(topLevel: boolean, at: GroupParameters = READ_PARAMETERS): string {
  return topLevel
    ? `user_id = $${at.owner} and parent_id is null and $${at.parent}::uuid is null and list_id = $${at.list}::uuid`
    : `user_id = $${at.owner} and parent_id = $${at.parent}::uuid and list_id = $${at.list}::uuid`;
}

/**
 * A sibling group's positions in order, spelled so that one scan of the unique index gives them sorted: a top-level
 * group's `parent_id is null` selects the index range but, not being an equality, does not tell the planner that
 * the range is in position order; naming `parent_id` first (a constant within the group) does. Without it, reading
 * a group's first or last position sorts the whole group.
 */
export function inGroupOrder(direction: 'asc' | 'desc'): string {
  return `order by parent_id ${direction}, position ${direction}`;
}

/**
 * True when the group has a task (other than task `$except`) at or after position `$position`: a write that means
 * to put a task at the group's end refuses itself with it. Asked as "is the group's last position at or after it",
 * one step backward down the group's range of the unique index (`inGroupOrder`): an `exists` over the range would
 * leave the planner free to walk another index of the owner's list and filter — every task of the list when, as
 * usual, none is there.
 */
export function taskAtOrAfter(topLevel: boolean, at: GroupParameters, position: number, except?: number): string {
  const other = except === undefined ? '' : ` and id <> $${except}::uuid`;
  return `coalesce((select position from tasks where ${siblingGroup(topLevel, at)}${other} ${inGroupOrder('desc')} limit 1) >= $${position}::text, false)`;
}
