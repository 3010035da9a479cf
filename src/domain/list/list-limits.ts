/** How many lists one user may have (`MAX_LISTS_PER_USER`). */
export interface ListLimits {
  readonly maxListsPerUser: number;
}

export const DEFAULT_LIST_LIMITS: ListLimits = { maxListsPerUser: 500 };
