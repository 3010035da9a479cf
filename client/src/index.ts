export type { components, operations, paths } from './schema.js';
export {
  createTasksClient,
  ifMatch,
  unwrap,
  type CreateTask,
  type DataOf,
  type Label,
  type LabelList,
  type ListTasksQuery,
  type MoveTask,
  type Task,
  type TaskPage,
  type TasksClient,
  type TasksClientOptions,
  type TaskStats,
  type UpdateTask,
} from './tasks-client.js';
export { TasksApiError, type FieldError, type Problem } from './tasks-api-error.js';
export {
  followTaskEvents,
  type EventStreamConnection,
  type FollowTaskEventsOptions,
  type ListChange,
  type TaskChange,
  type TaskLogReset,
  type TaskStreamEvent,
} from './task-events.js';
export { SseParser, type SseMessage } from './sse-parser.js';
