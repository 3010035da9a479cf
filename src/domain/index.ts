export { AggregateRoot } from './shared/aggregate-root.js';
export { DomainError, DomainValidationError, type ValidationIssue } from './shared/domain-error.js';
export { Task, type ExpectedVersion, type TaskEdit, type TaskMove, type SiblingGroup, type TaskPlacement } from './task/task.js';
export {
  MAX_TASK_DEPTH,
  TaskHierarchy,
  TaskHierarchyError,
  type AncestorChain,
  type TaskHierarchyProblem,
} from './task/task-hierarchy.js';
export { TaskDescription, DESCRIPTION_MAX_LENGTH } from './task/task-description.js';
export { TaskDueDate, DUE_DATE_MAX, DUE_DATE_MESSAGE, DUE_DATE_MIN } from './task/task-due-date.js';
export { TaskLimitReachedError, TaskNotFoundError, TaskVersionMismatchError } from './task/task-errors.js';
export { TASK_EVENT_TYPES, type TaskEvent, type TaskEventType, type TaskSnapshot } from './task/task-events.js';
export { TaskId } from './task/task-id.js';
export {
  LABEL_NAME_MAX_LENGTH,
  LabelLimitReachedError,
  LabelName,
  LabelNotFoundError,
  MAX_LABELS_PER_TASK,
  TaskLabels,
} from './task/task-labels.js';
export {
  REPEAT_FROM_MESSAGE,
  REPEAT_MAX_COUNT,
  REPEAT_MAX_INTERVAL,
  REPEAT_MAX_LENGTH,
  TASK_REPEAT_FROM,
  TaskRepeat,
  taskRepeatFrom,
  type TaskRepeatFrom,
} from './task/task-repeat.js';
export { TaskPriority, PRIORITY_MESSAGE, TASK_PRIORITIES, type TaskPriorityName } from './task/task-priority.js';
export { DEFAULT_TASK_LIMITS, type TaskLimits } from './task/task-limits.js';
export type { MoveNeighbour, TaskRepository } from './task/task-repository.js';
export { TaskTitle, TITLE_MAX_LENGTH } from './task/task-title.js';
export { UserId } from './task/user-id.js';
export { Position, POSITION_MAX_LENGTH, type PositionGap } from './shared/position.js';
export { characterCount, hasControlCharacters, hasUnstorableCharacters } from './shared/text.js';
export { TaskList, INBOX_NAME } from './list/task-list.js';
export { ListId } from './list/list-id.js';
export { ListName, LIST_NAME_MAX_LENGTH } from './list/list-name.js';
export {
  InboxNotDeletableError,
  ListLimitReachedError,
  ListNameTakenError,
  ListNotFoundError,
  ListVersionMismatchError,
} from './list/list-errors.js';
export { LIST_EVENT_TYPES, type ListEvent, type ListEventType, type ListSnapshot } from './list/list-events.js';
export { DEFAULT_LIST_LIMITS, type ListLimits } from './list/list-limits.js';
export type { TaskListRepository } from './list/task-list-repository.js';
