/**
 * What the admin CLI prints: JSON for scripts (`--json`), plain tables and field lists for people.
 * Results go to stdout, diagnostics to stderr, so `--json` output is always parseable.
 */
import type { ListView } from '../../application/list-view.js';
import type { TaskView } from '../../application/ports/task-read-model.js';

export interface CliStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

// Control characters (a description may hold an escape sequence) and the bidirectional overrides that can make
// text display as something else: shown escaped, never sent to the operator's terminal as they are.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export class CliOutput {
  constructor(private readonly streams: CliStreams) {}

  json(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Output as it is, e.g. a document already serialised. */
  text(text: string): void {
    this.streams.stdout.write(text);
  }

  line(text = ''): void {
    this.streams.stdout.write(`${text}\n`);
  }

  /** Columns padded to their widest cell; every cell made printable. */
  table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
    const cells = [headers.map(String), ...rows.map((row) => row.map((cell) => printable(String(cell))))];
    const widths = headers.map((_, column) => Math.max(...cells.map((row) => [...(row[column] ?? '')].length)));
    for (const row of cells) {
      this.line(row.map((cell, column) => (column === row.length - 1 ? cell : pad(cell, widths[column]!))).join('  ').trimEnd());
    }
  }

  /** One `name  value` line per field. */
  fields(entries: readonly (readonly [string, string | number])[]): void {
    const width = Math.max(...entries.map(([name]) => name.length));
    for (const [name, value] of entries) this.line(`${pad(name, width)}  ${printable(String(value))}`);
  }

  task(task: TaskView): void {
    this.fields([
      ['id', task.id],
      ['user_id', task.user_id],
      ['title', task.title],
      ['description', task.description ?? '-'],
      ['due_date', task.due_date ?? '-'],
      ['repeat', task.repeat ?? '-'],
      ['repeat_from', task.repeat_from],
      ['priority', task.priority],
      ['completed', task.completed ? 'yes' : 'no'],
      ['completed_at', task.completed_at ?? '-'],
      ['list_id', task.list_id],
      ['parent_id', task.parent_id ?? '-'],
      ['position', task.position],
      ['labels', task.labels.length === 0 ? '-' : task.labels.join(', ')],
      ['created_at', task.created_at],
      ['updated_at', task.updated_at],
      ['version', task.version],
    ]);
  }

  list(list: ListView): void {
    this.fields([
      ['id', list.id],
      ['name', list.name],
      ['is_inbox', list.is_inbox ? 'yes' : 'no'],
      ['position', list.position],
      ['created_at', list.created_at],
      ['updated_at', list.updated_at],
      ['version', list.version],
    ]);
  }
}

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => {
    if (character === '\n') return '\\n';
    if (character === '\t') return '\\t';
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}
