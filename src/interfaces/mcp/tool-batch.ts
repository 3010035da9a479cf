/**
 * How a batch tool acts on its items: one at a time, each through its own command (its own unit of work), so
 * that the good items are done whatever becomes of the others, and the model is told per item what happened.
 */
import type { Logger } from '../../infrastructure/logging/logger.js';
import { toToolError, UNEXPECTED_TOOL_ERROR, type ToolError } from './tool-errors.js';

export type BatchItemResult<Done> = ({ index: number; ok: true } & Done) | { index: number; id?: string; ok: false; error: ToolError };

export interface BatchOutcome<Done> {
  results: BatchItemResult<Done>[];
  succeeded: number;
  failed: number;
}

export interface BatchOptions<Item> {
  /** The task an item is about, if it names one: a failure is reported with it. */
  readonly idOf?: (item: Item) => string | undefined;
  readonly log: Logger;
  readonly tool: string;
}

/**
 * Runs `act` on each item in order. A failure that is about the item (invalid, not found) is reported and the
 * next item goes on; one that is about the service (unavailable, or a failure nobody foresaw) would fail every
 * item after it too, so those are not attempted and say so — the model retries them later, knowing exactly which
 * were done.
 */
export async function runBatch<Item, Done extends object>(
  items: readonly Item[],
  act: (item: Item) => Promise<Done>,
  options: BatchOptions<Item>,
): Promise<BatchOutcome<Done>> {
  const results: BatchItemResult<Done>[] = [];
  let stoppedBy: { index: number; error: ToolError } | null = null;
  for (const [index, item] of items.entries()) {
    const id = options.idOf?.(item);
    const failed = (error: ToolError) => results.push({ index, ...(id !== undefined && { id }), ok: false, error });
    if (stoppedBy) {
      failed({ code: 'not_attempted', message: `Not attempted, since item ${stoppedBy.index} failed: ${stoppedBy.error.message}` });
      continue;
    }
    try {
      results.push({ index, ok: true, ...(await act(item)) });
    } catch (error) {
      const known = toToolError(error, id);
      if (!known) options.log.error({ err: error, tool: options.tool, item: index }, 'MCP tool failed on an item');
      const reported = known ?? UNEXPECTED_TOOL_ERROR;
      failed(reported);
      if (!known || known.code === 'service_unavailable') stoppedBy = { index, error: reported };
    }
  }
  const succeeded = results.filter((result) => result.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}

/**
 * The text for a batch: what was done, one line each, then what failed, one line each with the reason. `done`
 * describes a successful item, e.g. a task line.
 */
export function batchText<Done>(outcome: BatchOutcome<Done>, verb: string, done: (result: { index: number } & Done) => string): string {
  const total = outcome.results.length;
  const lines = [outcome.failed === 0 ? `${verb} ${total} of ${total}.` : `${verb} ${outcome.succeeded} of ${total}; ${outcome.failed} failed.`];
  for (const result of outcome.results) {
    if (result.ok) lines.push(done(result));
  }
  for (const result of outcome.results) {
    if (!result.ok) lines.push(`- item ${result.index}${result.id === undefined ? '' : ` (id ${result.id})`} failed: ${result.error.message}`);
  }
  return lines.join('\n');
}
