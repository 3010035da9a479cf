import { DomainError, DomainValidationError, type ValidationIssue } from '../shared/domain-error.js';
import { characterCount, hasControlCharacters, hasUnstorableCharacters } from '../shared/text.js';

export const LABEL_NAME_MAX_LENGTH = 50;
export const MAX_LABELS_PER_TASK = 20;

/**
 * One label's name: 1-50 characters once surrounding white space is trimmed, one line of plain text. Names that
 * differ only in case are one label: `key` is what identifies it, the name is how it is spelled.
 */
export class LabelName {
  private constructor(
    readonly value: string,
    readonly key: string,
  ) {}

  static from(raw: string, path = 'name'): LabelName {
    const name = LabelName.tryFrom(raw);
    if (typeof name === 'string') throw DomainValidationError.of(path, name);
    return name;
  }

  /** The name, or why it is not one. */
  static tryFrom(raw: string): LabelName | string {
    const trimmed = raw.trim();
    if (trimmed.length === 0) return 'Label must not be empty';
    if (characterCount(trimmed) > LABEL_NAME_MAX_LENGTH) return `Label must be at most ${LABEL_NAME_MAX_LENGTH} characters`;
    if (hasControlCharacters(trimmed, { allowTab: false }) || hasUnstorableCharacters(trimmed)) {
      return 'Label must be plain text without control characters';
    }
    return new LabelName(trimmed, LabelName.keyOf(trimmed));
  }

  /**
   * The label's identity: the name in lower case. Computed here alone, so the stores match by the same rule
   * (the PostgreSQL one keeps the keys beside the names instead of folding case itself).
   */
  static keyOf(name: string): string {
    return name.toLowerCase();
  }

  equals(other: LabelName): boolean {
    return this.value === other.value;
  }

  sameLabelAs(other: LabelName): boolean {
    return this.key === other.key;
  }
}

/**
 * The user has no task with this label (in any case). Another user's labels are no one else's to see: theirs
 * raise the same error.
 */
export class LabelNotFoundError extends DomainError {
  readonly code = 'label_not_found';

  constructor() {
    super('Label not found');
  }
}

/**
 * A task already has, or would have, more labels than one task may carry: nothing was changed. Counted after
 * names that differ only in case are merged.
 */
export class LabelLimitReachedError extends DomainError {
  readonly code = 'label_limit_reached';

  constructor(readonly limit: number) {
    super(`A task can have at most ${limit} labels`);
  }
}

/**
 * The labels of one task, in the order given. The same name in another case is the same label and is kept
 * once, in the spelling that came first. At most {@link MAX_LABELS_PER_TASK}.
 */
export class TaskLabels {
  private constructor(private readonly names: readonly LabelName[]) {}

  static readonly NONE = new TaskLabels([]);

  /** Labels as a caller gave them; every bad name is reported at once, under `labels[i]`. */
  static from(raw: readonly string[], path = 'labels'): TaskLabels {
    const issues: ValidationIssue[] = [];
    const names: LabelName[] = [];
    raw.forEach((value, index) => {
      const name = typeof value === 'string' ? LabelName.tryFrom(value) : 'Label must be a string';
      if (typeof name === 'string') issues.push({ path: `${path}[${index}]`, message: name });
      else names.push(name);
    });
    if (issues.length > 0) throw new DomainValidationError(issues);
    return TaskLabels.of(names);
  }

  static of(names: readonly LabelName[]): TaskLabels {
    const kept: LabelName[] = [];
    for (const name of names) if (!kept.some((other) => other.sameLabelAs(name))) kept.push(name);
    if (kept.length > MAX_LABELS_PER_TASK) throw new LabelLimitReachedError(MAX_LABELS_PER_TASK);
    return new TaskLabels(kept);
  }

  get values(): string[] {
    return this.names.map((name) => name.value);
  }

  /** Each label's key (`LabelName.keyOf`), in the labels' order. */
  get keys(): string[] {
    return this.names.map((name) => name.key);
  }

  get size(): number {
    return this.names.length;
  }

  has(key: string): boolean {
    return this.names.some((name) => name.key === key);
  }

  /**
   * The same labels, spelled the same, whatever their order: setting them again changes nothing (and keeps the
   * order they had).
   */
  equals(other: TaskLabels): boolean {
    if (this.names.length !== other.names.length) return false;
    const spellings = new Set(other.values);
    return this.names.every((name) => spellings.has(name.value));
  }

  /**
   * The label `key` renamed to `to`: the first label that is either of them takes its place, spelled as `to`, and
   * the other goes (two labels merged into one). Labels without either stay as they are.
   */
  renamed(key: string, to: LabelName): TaskLabels {
    const at = this.names.findIndex((name) => name.key === key || name.key === to.key);
    if (at < 0) return this;
    const names = this.names.filter((name, index) => index === at || (name.key !== key && name.key !== to.key));
    return new TaskLabels(names.map((name, index) => (index === at ? to : name)));
  }

  /** Without the label `key`. */
  without(key: string): TaskLabels {
    return new TaskLabels(this.names.filter((name) => name.key !== key));
  }
}
