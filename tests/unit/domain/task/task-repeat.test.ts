import { expect } from 'chai';
import {
  DomainValidationError,
  REPEAT_MAX_LENGTH,
  Task,
  TaskDueDate,
  TaskRepeat,
  TaskTitle,
  taskRepeatFrom,
  type TaskEvent,
} from '../../../../src/domain/index.js';
import { ALICE, CREATED_AT, TaskMother } from '../../../support/task-mother.js';

const issuesOf = (act: () => unknown): { path: string; message: string }[] => {
  try {
    act();
  } catch (error) {
    expect(error).to.be.instanceOf(DomainValidationError);
    return [...(error as DomainValidationError).issues];
  }
  return expect.fail('expected a validation error');
};

/** The dates a rule falls on after `start`, counted from it, one after the other. */
function datesOf(rule: string, start: string, howMany: number): string[] {
  const repeat = TaskRepeat.from(rule);
  const dates: string[] = [];
  let after = start;
  for (let i = 0; i < howMany; i += 1) {
    const next = repeat.nextAfter(start, after);
    if (next === null) break;
    dates.push(next);
    after = next;
  }
  return dates;
}

const eventTypes = (events: TaskEvent[]): string[] => events.map((event) => event.type);

/** A stored repeating task (2026-12-07 is a Monday). */
function repeating(repeat: string, dueDate: string, repeatFrom: 'due' | 'completion' = 'due'): Task {
  return TaskMother.stored({ dueDate, repeat: TaskRepeat.from(repeat).value, repeatFrom });
}

const at = (iso: string): Date => new Date(iso);

describe('TaskRepeat', () => {
  describe('reading a rule', () => {
    for (const [raw, normalized] of [
      ['FREQ=WEEKLY;BYDAY=MO', 'FREQ=WEEKLY;BYDAY=MO'],
      ['rrule:freq=weekly;byday=fr,mo;interval=1', 'FREQ=WEEKLY;BYDAY=MO,FR'],
      ['BYDAY=-1FR;FREQ=MONTHLY;COUNT=3;INTERVAL=2', 'FREQ=MONTHLY;INTERVAL=2;COUNT=3;BYDAY=-1FR'],
      ['FREQ=YEARLY;BYMONTHDAY=1,-1;BYMONTH=12,3', 'FREQ=YEARLY;BYMONTH=3,12;BYMONTHDAY=-1,1'],
      ['FREQ=DAILY;UNTIL=20270131T235959Z', 'FREQ=DAILY;UNTIL=20270131'],
      ['  RRULE:FREQ=MONTHLY;BYDAY=-1FR,1MO ', 'FREQ=MONTHLY;BYDAY=1MO,-1FR'],
    ] as const) {
      it(`writes ${raw} as ${normalized}`, () => {
        expect(TaskRepeat.from(raw).value).to.equal(normalized);
        expect(TaskRepeat.from(normalized).value).to.equal(normalized);
      });
    }

    for (const [what, raw] of [
      ['not a rule', 'every monday'],
      ['empty', ''],
      ['without FREQ', 'BYDAY=MO'],
      ['by the hour', 'FREQ=HOURLY'],
      ['by the minute', 'FREQ=MINUTELY'],
      ['with BYSETPOS', 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1'],
      ['with BYHOUR', 'FREQ=DAILY;BYHOUR=9'],
      ['with WKST', 'FREQ=WEEKLY;WKST=SU'],
      ['with COUNT and UNTIL', 'FREQ=DAILY;COUNT=2;UNTIL=20270101'],
      ['with a part named twice', 'FREQ=DAILY;INTERVAL=2;INTERVAL=3'],
      ['with INTERVAL 0', 'FREQ=DAILY;INTERVAL=0'],
      ['with a fractional INTERVAL', 'FREQ=DAILY;INTERVAL=2.5'],
      ['with too large an INTERVAL', 'FREQ=DAILY;INTERVAL=1001'],
      ['with COUNT 0', 'FREQ=DAILY;COUNT=0'],
      ['with too large a COUNT', 'FREQ=DAILY;COUNT=1001'],
      ['with an UNTIL that is no date', 'FREQ=DAILY;UNTIL=tomorrow'],
      ['with a weekday that is none', 'FREQ=WEEKLY;BYDAY=XX'],
      ['with an ordinal on a weekly rule', 'FREQ=WEEKLY;BYDAY=1MO'],
      ['with an ordinal on a daily rule', 'FREQ=DAILY;BYDAY=-1FR'],
      ['with a sixth Monday in a month', 'FREQ=MONTHLY;BYDAY=6MO'],
      ['with BYMONTHDAY 0', 'FREQ=MONTHLY;BYMONTHDAY=0'],
      ['with BYMONTHDAY 32', 'FREQ=MONTHLY;BYMONTHDAY=32'],
      ['with BYMONTH 13', 'FREQ=YEARLY;BYMONTH=13'],
      ['with BYMONTHDAY on a weekly rule', 'FREQ=WEEKLY;BYMONTHDAY=1'],
      ['with a DTSTART beside it', 'FREQ=DAILY\nDTSTART:20200101'],
      ['that no date can match (February 30th)', 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'],
      ['that no date can match (April 31st)', 'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31'],
      ['that no date can match (the 31st of short months)', 'FREQ=MONTHLY;BYMONTH=2,4,6,9,11;BYMONTHDAY=31'],
      ['too long', `FREQ=WEEKLY;BYDAY=${'MO,'.repeat(REPEAT_MAX_LENGTH)}MO`],
    ] as const) {
      it(`refuses a rule ${what}, naming repeat`, () => {
        expect(issuesOf(() => TaskRepeat.from(raw)).map((issue) => issue.path)).to.deep.equal(['repeat']);
      });
    }

    it('refuses what is not text, naming repeat', () => {
      expect(issuesOf(() => TaskRepeat.from(42 as unknown as string)).map((issue) => issue.path)).to.deep.equal(['repeat']);
    });

    it('reads repeat_from as due or completion only', () => {
      expect(taskRepeatFrom('due')).to.equal('due');
      expect(taskRepeatFrom('completion')).to.equal('completion');
      expect(issuesOf(() => taskRepeatFrom('Due')).map((issue) => issue.path)).to.deep.equal(['repeat_from']);
    });
  });

  describe('the next date', () => {
    it('weekly on Mondays, from a Monday: the next Monday', () => {
      expect(datesOf('FREQ=WEEKLY;BYDAY=MO', '2026-12-07', 3)).to.deep.equal(['2026-12-14', '2026-12-21', '2026-12-28']);
    });

    it('weekly without BYDAY falls on the weekday of its start', () => {
      expect(datesOf('FREQ=WEEKLY', '2026-12-09', 2)).to.deep.equal(['2026-12-16', '2026-12-23']);
    });

    it('every second week keeps the weeks it started on, whatever date it looks after', () => {
      const repeat = TaskRepeat.from('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH');
      expect(repeat.nextAfter('2026-12-07', '2026-12-07')).to.equal('2026-12-10');
      expect(repeat.nextAfter('2026-12-07', '2026-12-10')).to.equal('2026-12-21');
      // 2027-01-11 lies in a week the rule skips.
      expect(repeat.nextAfter('2026-12-07', '2027-01-08')).to.equal('2027-01-18');
    });

    it('monthly on the 31st skips the months without one, as RFC 5545 says', () => {
      expect(datesOf('FREQ=MONTHLY', '2026-01-31', 5)).to.deep.equal(['2026-03-31', '2026-05-31', '2026-07-31', '2026-08-31', '2026-10-31']);
      expect(datesOf('FREQ=MONTHLY;BYMONTHDAY=31', '2026-01-31', 2)).to.deep.equal(['2026-03-31', '2026-05-31']);
    });

    it('monthly on the last day (-1) takes every month its own last day', () => {
      expect(datesOf('FREQ=MONTHLY;BYMONTHDAY=-1', '2026-01-31', 3)).to.deep.equal(['2026-02-28', '2026-03-31', '2026-04-30']);
    });

    it('monthly on the last Friday (-1FR)', () => {
      expect(datesOf('FREQ=MONTHLY;BYDAY=-1FR', '2026-12-25', 3)).to.deep.equal(['2027-01-29', '2027-02-26', '2027-03-26']);
    });

    it('monthly on the first Monday (1MO)', () => {
      expect(datesOf('FREQ=MONTHLY;BYDAY=1MO', '2026-12-07', 2)).to.deep.equal(['2027-01-04', '2027-02-01']);
    });

    it('yearly on February 29th waits for the next leap year', () => {
      expect(datesOf('FREQ=YEARLY', '2024-02-29', 2)).to.deep.equal(['2028-02-29', '2032-02-29']);
    });

    it('stops at UNTIL, the last day it may fall on', () => {
      expect(datesOf('FREQ=DAILY;UNTIL=20261210', '2026-12-07', 10)).to.deep.equal(['2026-12-08', '2026-12-09', '2026-12-10']);
    });

    it('daily on a date in 1900 looks only near the date it looks after', () => {
      expect(TaskRepeat.from('FREQ=DAILY').nextAfter('1900-01-01', '2026-12-05')).to.equal('2026-12-06');
      expect(TaskRepeat.from('FREQ=DAILY;INTERVAL=7').nextAfter('1900-01-01', '2026-12-05')).to.equal('2026-12-07');
      expect(TaskRepeat.from('FREQ=MONTHLY;BYDAY=-1FR').nextAfter('1900-01-01', '2026-12-05')).to.equal('2026-12-25');
    });

    it('answers none when no date comes within its bounded search, rather than looking on', () => {
      // Monday February 29th: 2016, then 2044 — 28 years, beyond what a daily rule looks through, within a yearly one.
      expect(TaskRepeat.from('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO').nextAfter('2016-02-29', '2016-02-29')).to.equal(null);
      expect(TaskRepeat.from('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO').nextAfter('2016-02-29', '2016-02-29')).to.equal('2044-02-29');
    });

    it('answers none beyond the last due date a task may have', () => {
      expect(TaskRepeat.from('FREQ=YEARLY').nextAfter('9999-06-01', '9999-06-01')).to.equal(null);
    });

    it('counts COUNT down one occurrence at a time, never below one', () => {
      const repeat = TaskRepeat.from('FREQ=DAILY;COUNT=2');
      expect(repeat.occurrencesLeft).to.equal(2);
      expect(repeat.withOneOccurrenceUsed().value).to.equal('FREQ=DAILY;COUNT=1');
      expect(repeat.withOneOccurrenceUsed().withOneOccurrenceUsed().occurrencesLeft).to.equal(1);
      expect(TaskRepeat.from('FREQ=DAILY').withOneOccurrenceUsed().value).to.equal('FREQ=DAILY');
    });
  });
});

describe('Task that repeats', () => {
  describe('its rule', () => {
    it('is created with a due date, repeating from the due date unless told otherwise', () => {
      const task = Task.create({
        id: TaskMother.id(),
        owner: ALICE,
        title: TaskTitle.from('Water the plants'),
        description: null,
        dueDate: TaskDueDate.from('2026-12-07'),
        repeat: TaskRepeat.from('freq=weekly;byday=mo'),
        listId: TaskMother.listOf(ALICE),
        now: CREATED_AT,
      });

      expect(task.snapshot()).to.include({ repeat: 'FREQ=WEEKLY;BYDAY=MO', repeatFrom: 'due', dueDate: '2026-12-07' });
      expect(task.pullDomainEvents()[0]!.task).to.include({ repeat: 'FREQ=WEEKLY;BYDAY=MO', repeatFrom: 'due' });
    });

    it('refuses a repeat without a due date, naming repeat', () => {
      const create = () =>
        Task.create({
          id: TaskMother.id(),
          owner: ALICE,
          title: TaskTitle.from('Water the plants'),
          description: null,
          repeat: TaskRepeat.from('FREQ=DAILY'),
          listId: TaskMother.listOf(ALICE),
          now: CREATED_AT,
        });
      expect(issuesOf(create).map((issue) => issue.path)).to.deep.equal(['repeat']);
      expect(issuesOf(() => TaskMother.stored().change(ALICE, { repeat: TaskRepeat.from('FREQ=DAILY') }, CREATED_AT)).map((issue) => issue.path)).to.deep.equal(['repeat']);
    });

    it('refuses a repeat and no due date in one change', () => {
      const task = repeating('FREQ=DAILY', '2026-12-07');
      const act = () => task.change(ALICE, { dueDate: null, repeat: TaskRepeat.from('FREQ=WEEKLY') }, CREATED_AT);
      expect(issuesOf(act).map((issue) => issue.path)).to.deep.equal(['repeat']);
    });

    it('goes when the due date goes, and stays when the due date moves', () => {
      const task = repeating('FREQ=DAILY', '2026-12-07');

      task.change(ALICE, { dueDate: TaskDueDate.from('2026-12-24') }, at('2026-12-05T10:00:00Z'));
      expect(task.snapshot()).to.include({ dueDate: '2026-12-24', repeat: 'FREQ=DAILY' });
      task.change(ALICE, { dueDate: null }, at('2026-12-05T10:01:00Z'));
      expect(task.snapshot()).to.include({ dueDate: null, repeat: null, version: 3 });
      expect(eventTypes(task.pullDomainEvents())).to.deep.equal(['task.updated', 'task.updated']);
    });

    it('changes, with repeat_from, as one update; the same rule written otherwise changes nothing', () => {
      const task = repeating('FREQ=DAILY', '2026-12-07');

      task.change(ALICE, { repeat: TaskRepeat.from('rrule:freq=daily') }, CREATED_AT);
      expect(task.version).to.equal(1);
      task.change(ALICE, { repeat: TaskRepeat.from('FREQ=WEEKLY'), repeatFrom: 'completion' }, CREATED_AT);
      expect(task.snapshot()).to.include({ repeat: 'FREQ=WEEKLY', repeatFrom: 'completion', version: 2 });
      task.change(ALICE, { repeat: null }, CREATED_AT);
      expect(task.snapshot()).to.include({ repeat: null, repeatFrom: 'completion', dueDate: '2026-12-07', version: 3 });
      expect(eventTypes(task.pullDomainEvents())).to.deep.equal(['task.updated', 'task.updated']);
    });

    it('comes back from a snapshot as it was', () => {
      const task = repeating('FREQ=MONTHLY;BYDAY=-1FR;COUNT=3', '2026-12-25', 'completion');
      expect(Task.rehydrate(task.snapshot()).snapshot()).to.deep.equal(task.snapshot());
    });
  });

  describe('completed from its due date', () => {
    it('moves on to the next date, stays pending and records task.repeated with its new state', () => {
      const task = repeating('FREQ=WEEKLY;BYDAY=MO', '2026-12-07');

      task.complete(ALICE, at('2026-12-07T09:00:00Z'));

      expect(task.snapshot()).to.include({ dueDate: '2026-12-14', completed: false, completedAt: null, version: 2, repeat: 'FREQ=WEEKLY;BYDAY=MO' });
      const events = task.pullDomainEvents();
      expect(eventTypes(events)).to.deep.equal(['task.repeated']);
      expect(events[0]!.task).to.include({ dueDate: '2026-12-14', completed: false, version: 2 });
    });

    it('every second week', () => {
      const task = repeating('FREQ=WEEKLY;INTERVAL=2', '2026-12-07');
      task.complete(ALICE, at('2026-12-07T09:00:00Z'));
      expect(task.dueDate?.value).to.equal('2026-12-21');
    });

    it('monthly on the 31st, skipping the short months', () => {
      const task = repeating('FREQ=MONTHLY;BYMONTHDAY=31', '2027-01-31');
      task.complete(ALICE, at('2027-01-31T09:00:00Z'));
      expect(task.dueDate?.value).to.equal('2027-03-31');
      task.complete(ALICE, at('2027-03-31T09:00:00Z'));
      expect(task.dueDate?.value).to.equal('2027-05-31');
    });

    it('on the last Friday of the month', () => {
      const task = repeating('FREQ=MONTHLY;BYDAY=-1FR', '2026-12-25');
      task.complete(ALICE, at('2026-12-25T09:00:00Z'));
      expect(task.dueDate?.value).to.equal('2027-01-29');
    });

    it('completed early, goes to the date after its due date', () => {
      const task = repeating('FREQ=WEEKLY;BYDAY=MO', '2026-12-14');
      task.complete(ALICE, at('2026-12-08T09:00:00Z'));
      expect(task.dueDate?.value).to.equal('2026-12-21');
    });

    it('an overdue daily task lands on tomorrow, not on the day after its old due date', () => {
      const task = repeating('FREQ=DAILY', '2026-11-20');
      task.complete(ALICE, at('2026-12-05T09:00:00Z'));
      expect(task.dueDate?.value).to.equal('2026-12-06');
    });

    it('an overdue weekly task lands on its next weekday after today', () => {
      const task = repeating('FREQ=WEEKLY;BYDAY=MO', '2026-11-16');
      task.complete(ALICE, at('2026-12-07T09:00:00Z'));
      expect(task.dueDate?.value).to.equal('2026-12-14');
    });

    it('daily from 1900-01-01 lands on tomorrow', () => {
      const task = repeating('FREQ=DAILY', '1900-01-01');
      task.complete(ALICE, at('2026-12-05T09:00:00Z'));
      expect(task.dueDate?.value).to.equal('2026-12-06');
    });

    it('takes "today" as given: the date in the completer\'s time zone', () => {
      const task = repeating('FREQ=DAILY', '2026-12-01');
      // 23:30 UTC on the 7th is already the 8th in Tokyo.
      task.complete(ALICE, at('2026-12-07T23:30:00Z'), TaskDueDate.from('2026-12-08'));
      expect(task.dueDate?.value).to.equal('2026-12-09');
    });

    it('also through change and toggle, with an update in the same change', () => {
      const task = repeating('FREQ=DAILY', '2026-12-05');
      task.change(ALICE, { title: TaskTitle.from('Stretch'), completed: true }, at('2026-12-05T09:00:00Z'));
      task.toggle(ALICE, at('2026-12-06T09:00:00Z'));

      expect(task.snapshot()).to.include({ title: 'Stretch', dueDate: '2026-12-07', completed: false, version: 3 });
      expect(eventTypes(task.pullDomainEvents())).to.deep.equal(['task.updated', 'task.repeated', 'task.repeated']);
    });

    it('with COUNT=2 moves on once, then closes on the second completion keeping its rule', () => {
      const task = repeating('FREQ=DAILY;COUNT=2', '2026-12-05');

      task.complete(ALICE, at('2026-12-05T09:00:00Z'));
      expect(task.snapshot()).to.include({ dueDate: '2026-12-06', repeat: 'FREQ=DAILY;COUNT=1', completed: false });
      task.complete(ALICE, at('2026-12-06T09:00:00Z'));
      expect(task.snapshot()).to.include({ dueDate: '2026-12-06', repeat: 'FREQ=DAILY;COUNT=1', completed: true });
      expect(eventTypes(task.pullDomainEvents())).to.deep.equal(['task.repeated', 'task.completed']);

      task.reopen(ALICE, at('2026-12-06T10:00:00Z'));
      expect(task.snapshot()).to.include({ repeat: 'FREQ=DAILY;COUNT=1', completed: false, dueDate: '2026-12-06' });
      expect(eventTypes(task.pullDomainEvents())).to.deep.equal(['task.reopened']);
    });

    it('with UNTIL closes once the next date would be after it', () => {
      const task = repeating('FREQ=DAILY;UNTIL=20261210', '2026-12-09');

      task.complete(ALICE, at('2026-12-09T09:00:00Z'));
      expect(task.snapshot()).to.include({ dueDate: '2026-12-10', completed: false });
      task.complete(ALICE, at('2026-12-10T09:00:00Z'));
      expect(task.snapshot()).to.include({ dueDate: '2026-12-10', completed: true, repeat: 'FREQ=DAILY;UNTIL=20261210' });
      expect(eventTypes(task.pullDomainEvents())).to.deep.equal(['task.repeated', 'task.completed']);
    });

    it('completing a closed repeating task changes nothing, as for any task', () => {
      const task = TaskMother.completed({ dueDate: '2026-12-06', repeat: 'FREQ=DAILY;COUNT=1' });
      task.complete(ALICE, at('2026-12-07T09:00:00Z'));
      expect(task.version).to.equal(2);
      expect(task.pullDomainEvents()).to.deep.equal([]);
    });
  });

  describe('completed, repeating from completion', () => {
    it('counts the rule from the day of completion', () => {
      const task = repeating('FREQ=WEEKLY;INTERVAL=2', '2026-12-01', 'completion');
      task.complete(ALICE, at('2026-12-09T12:00:00Z'));
      expect(task.dueDate?.value).to.equal('2026-12-23');
      expect(eventTypes(task.pullDomainEvents())).to.deep.equal(['task.repeated']);
    });

    it('counts from the day it is where the completer is, around midnight', () => {
      // 23:30 UTC on Monday the 7th: still the 7th in UTC, already Tuesday the 8th in Tokyo.
      const now = at('2026-12-07T23:30:00Z');
      const inUtc = repeating('FREQ=DAILY;INTERVAL=3', '2026-12-01', 'completion');
      const inTokyo = repeating('FREQ=DAILY;INTERVAL=3', '2026-12-01', 'completion');

      inUtc.complete(ALICE, now, TaskDueDate.from('2026-12-07'));
      inTokyo.complete(ALICE, now, TaskDueDate.from('2026-12-08'));

      expect(inUtc.dueDate?.value).to.equal('2026-12-10');
      expect(inTokyo.dueDate?.value).to.equal('2026-12-11');
    });

    it('a weekly rule without BYDAY falls on the weekday it was completed on', () => {
      const task = repeating('FREQ=WEEKLY', '2026-12-07', 'completion');
      task.complete(ALICE, at('2026-12-10T08:00:00Z'));
      expect(task.dueDate?.value).to.equal('2026-12-17');
    });
  });
});
