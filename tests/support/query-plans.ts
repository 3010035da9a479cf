/**
 * A sort step in an `explain` plan's text: a Sort or Incremental Sort node, not the "Sort Key" a Merge Append (which
 * merges inputs already in order) prints.
 */
export const SORT_NODE = /(^|->\s+)(Incremental )?Sort\s+\(/m;
