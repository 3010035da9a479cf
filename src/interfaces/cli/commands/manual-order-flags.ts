/** The flags that say where a move puts a task or a list in manual order, shared by `tasks move` and `lists move`. */
import type { MoveNeighbour } from '../../../domain/index.js';
import { CliError, EXIT } from '../exit-status.js';

export interface PlaceOptions {
  after?: string;
  before?: string;
  first?: boolean;
  last?: boolean;
}

export interface RequestedPlace {
  readonly side: MoveNeighbour['side'];
  /** The neighbour's id; null for the start (`after`) or the end (`before`). */
  readonly neighbourId: string | null;
}

/** Exactly one of `--after`, `--before`, `--first`, `--last`, as HTTP's `after_id`/`before_id` (null for the ends). */
export function requestedPlace(options: PlaceOptions, what: 'task' | 'list'): RequestedPlace {
  const places = [
    options.after !== undefined && ({ side: 'after', neighbourId: options.after } as const),
    options.before !== undefined && ({ side: 'before', neighbourId: options.before } as const),
    options.first === true && ({ side: 'after', neighbourId: null } as const),
    options.last === true && ({ side: 'before', neighbourId: null } as const),
  ].filter((place) => place !== false);
  if (places.length !== 1) throw new CliError(EXIT.usage, `Say where the ${what} goes: give one of --after, --before, --first or --last`);
  return places[0]!;
}
