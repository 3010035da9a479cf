/**
 * The file `export` writes and `import` reads: the tasks in their HTTP wire shape, in an envelope that
 * says what the file is. Import checks the file's shape here (as the HTTP edge checks bodies with zod);
 * the values themselves are checked by the domain, in `ImportTasksCommand`.
 */
import { z } from 'zod';
import type { ImportedListRecord, ImportedTaskRecord } from '../../application/commands/import-tasks.js';
import type { TaskExport } from '../../application/queries/export-tasks.js';
import { CliError, EXIT } from './exit-status.js';

export const EXPORT_FORMAT = 'tasks-api/export';
/**
 * 2 added `due_date` and `priority`; 3 added subtasks, manual order and labels (`parent_id`, `position`, `labels`);
 * 4 added lists (`lists`, and each task's `list_id`); 5 added repeats (`repeat`, `repeat_from`). Files of earlier
 * versions still import: their tasks have none of what came later (they do not repeat), go to the inbox, and
 * (before 3) to the end of its top level in file order.
 */
export const EXPORT_FORMAT_VERSION = 5;
const READABLE_FORMAT_VERSIONS = [1, 2, 3, 4, 5] as const;

export interface TaskExportFile extends TaskExport {
  format: typeof EXPORT_FORMAT;
  format_version: typeof EXPORT_FORMAT_VERSION;
}

export function toExportFile(exported: TaskExport): TaskExportFile {
  return { format: EXPORT_FORMAT, format_version: EXPORT_FORMAT_VERSION, ...exported };
}

const ImportedTask = z.object({
  id: z.string({ error: 'id must be a string' }).optional(),
  title: z.string({ error: 'title must be a string' }),
  description: z.string({ error: 'description must be a string or null' }).nullable().optional(),
  due_date: z.string({ error: 'due_date must be a date string (YYYY-MM-DD) or null' }).nullable().optional(),
  priority: z.string({ error: 'priority must be a string' }).optional(),
  completed: z.boolean({ error: 'completed must be true or false' }).optional(),
  completed_at: z.string({ error: 'completed_at must be a date-time string or null' }).nullable().optional(),
  created_at: z.string({ error: 'created_at must be a date-time string' }).optional(),
  updated_at: z.string({ error: 'updated_at must be a date-time string' }).optional(),
  version: z.number({ error: 'version must be a number' }).optional(),
  parent_id: z.string({ error: 'parent_id must be a string or null' }).nullable().optional(),
  position: z.string({ error: 'position must be a string' }).optional(),
  labels: z.array(z.string({ error: 'each label must be a string' }), { error: 'labels must be an array of strings' }).optional(),
  list_id: z.string({ error: 'list_id must be a string or null' }).nullable().optional(),
  repeat: z.string({ error: 'repeat must be a string (an RRULE) or null' }).nullable().optional(),
  repeat_from: z.string({ error: 'repeat_from must be a string' }).optional(),
});

const ImportedList = z.object({
  id: z.string({ error: 'id must be a string' }).optional(),
  name: z.string({ error: 'name must be a string' }),
  is_inbox: z.boolean({ error: 'is_inbox must be true or false' }).optional(),
  position: z.string({ error: 'position must be a string' }).optional(),
});

const ImportFile = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `format must be '${EXPORT_FORMAT}'` }).optional(),
  format_version: z
    .literal(READABLE_FORMAT_VERSIONS, { error: `format_version must be ${formatVersionsRead()}: this version reads no other` })
    .optional(),
  user_id: z.string({ error: 'user_id must be a string' }).optional(),
  lists: z.array(ImportedList, { error: 'lists must be an array of lists' }).optional(),
  tasks: z.array(ImportedTask, { error: 'tasks must be an array of tasks' }),
}, { error: 'an export file is a JSON object with a tasks array' });

export interface ParsedImportFile {
  /** Whose tasks the file says it holds, if it says. */
  userId: string | undefined;
  /** The file's lists; none in a file from before lists. */
  lists: ImportedListRecord[];
  records: ImportedTaskRecord[];
}

/** Reads an export file's text, or fails with exit code 4 naming every problem with its place in the file. */
export function parseImportFile(text: string): ParsedImportFile {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new CliError(EXIT.invalid, `The file is not valid JSON: ${(error as Error).message}`);
  }
  const result = ImportFile.safeParse(document);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`);
    const shown = issues.slice(0, 5).join('; ');
    throw new CliError(EXIT.invalid, issues.length > 5 ? `${shown}; and ${issues.length - 5} more` : shown);
  }
  return { userId: result.data.user_id, lists: result.data.lists ?? [], records: result.data.tasks };
}

/** `1, 2, 3, 4 or 5`. */
function formatVersionsRead(): string {
  return `${READABLE_FORMAT_VERSIONS.slice(0, -1).join(', ')} or ${READABLE_FORMAT_VERSIONS.at(-1)}`;
}

/** `tasks[3].title`, as the import command names fields too. */
function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '') || '(file)';
}
