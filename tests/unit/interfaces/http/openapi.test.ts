/** The OpenAPI document describes sync, live events and idempotent creation, from the same zod schemas. */
import { expect } from 'chai';
import { buildOpenApiDocument } from '../../../../src/interfaces/http/openapi.js';

describe('OpenAPI document: sync and events', () => {
  const document = buildOpenApiDocument() as any;

  it('documents the change feed, its never-null next_cursor and the change shape', () => {
    const changes = document.paths['/api/tasks/changes'].get;
    expect(changes.parameters.map((parameter: any) => parameter.name)).to.deep.equal(['since', 'limit']);
    expect(Object.keys(changes.responses)).to.include.members(['200', '400', '401', '410']);
    expect(changes.responses['410'].description).to.match(/CHANGE_RETENTION_DAYS/);
    expect(changes.description).to.match(/compacted away/);
    const page = document.components.schemas.TaskChangePage;
    expect(page.required).to.include.members(['changes', 'next_cursor', 'has_more']);
    expect(page.properties.next_cursor.description).to.match(/Never null/);
    const change = document.components.schemas.TaskChange;
    expect(Object.keys(change.properties)).to.deep.equal(['id', 'type', 'task_id', 'occurred_at', 'task']);
    expect(change.properties.type.enum).to.deep.equal(['task.created', 'task.updated', 'task.completed', 'task.reopened', 'task.repeated', 'task.deleted']);
  });

  it('documents the event stream: text/event-stream, Last-Event-ID, heartbeat and limits', () => {
    const events = document.paths['/api/events'].get;
    expect(Object.keys(events.responses['200'].content)).to.deep.equal(['text/event-stream']);
    expect(events.parameters.map((parameter: any) => [parameter.name, parameter.in])).to.deep.equal([['Last-Event-ID', 'header']]);
    expect(events.description).to.match(/heartbeat.*every 15 s/).and.match(/fetch/);
    expect(Object.keys(events.responses)).to.include.members(['400', '401', '410', '429']);
    expect(events.responses['410'].content['application/problem+json']).to.have.property('schema');
    expect(events.security).to.deep.equal([{ bearerAuth: [] }]);
  });

  it('documents Idempotency-Key on task creation, with 409 and 422', () => {
    const create = document.paths['/api/tasks'].post;
    expect(create.parameters.map((parameter: any) => [parameter.name, parameter.in, parameter.schema.maxLength])).to.deep.equal([
      ['Idempotency-Key', 'header', 255],
    ]);
    expect(create.description).to.match(/24 hours/);
    expect(create.responses['409'].description).to.match(/in progress/).and.match(/`limit`/);
    expect(create.description).to.match(/MAX_TASKS_PER_USER/);
    expect(document.components.schemas.Problem.properties.limit.type).to.equal('integer');
    expect(create.responses['422'].description).to.match(/different body/);
    expect(create.responses['201'].headers).to.have.keys(['ETag', 'Location', 'Idempotent-Replayed']);
  });
});

describe('OpenAPI document: due dates and priorities', () => {
  const document = buildOpenApiDocument() as any;
  const schemas = document.components.schemas;

  it('describes both fields on the task, and takes them on creation and on change', () => {
    expect(Object.keys(schemas.Task.properties)).to.deep.equal([
      'id', 'user_id', 'title', 'description', 'due_date', 'priority', 'completed', 'completed_at', 'list_id', 'parent_id', 'position', 'labels',
      'repeat', 'repeat_from', 'created_at', 'updated_at', 'version',
    ]);
    expect(schemas.Task.required).to.include.members(['due_date', 'priority']);
    expect(schemas.Task.properties.due_date).to.include({ format: 'date' });
    expect(schemas.Task.properties.due_date.type).to.deep.equal(['string', 'null']);
    expect(schemas.Task.properties.priority.enum).to.deep.equal(['none', 'low', 'medium', 'high']);
    expect(schemas.Task.description).to.match(/overdue when it is not completed and its due date is before today/);
    for (const body of [schemas.CreateTask, schemas.UpdateTask]) {
      expect(body.properties.due_date.type).to.deep.equal(['string', 'null']);
      expect(body.properties.priority.enum).to.deep.equal(['none', 'low', 'medium', 'high']);
      expect(body.required ?? []).to.not.include.members(['due_date', 'priority']);
    }
  });

  it('describes repeats on the task, takes them on creation and on change, and tz on the requests that complete', () => {
    expect(schemas.Task.required).to.include.members(['repeat', 'repeat_from']);
    expect(schemas.Task.properties.repeat.type).to.deep.equal(['string', 'null']);
    expect(schemas.Task.properties.repeat_from.enum).to.deep.equal(['due', 'completion']);
    for (const body of [schemas.CreateTask, schemas.UpdateTask]) {
      expect(body.properties.repeat.type).to.deep.equal(['string', 'null']);
      expect(body.properties.repeat.description).to.match(/RFC 5545/);
      expect(body.properties.repeat_from.enum).to.deep.equal(['due', 'completion']);
      expect(body.required ?? []).to.not.include.members(['repeat', 'repeat_from']);
    }
    const queryOf = (operation: any) => operation.parameters.filter((parameter: any) => parameter.in === 'query').map((parameter: any) => parameter.name);
    expect(queryOf(document.paths['/api/tasks/{id}/complete'].patch)).to.deep.equal(['tz']);
    expect(queryOf(document.paths['/api/tasks/{id}'].patch)).to.deep.equal(['tz']);
    expect(queryOf(document.paths['/api/tasks/{id}'].put)).to.deep.equal(['tz']);
    const repeating = document.paths['/api/tasks'].get.parameters.find((parameter: any) => parameter.name === 'repeating');
    expect(repeating.schema.enum).to.deep.equal(['true', 'false']);
  });

  it('documents the new listing parameters, their values and their 400', () => {
    const list = document.paths['/api/tasks'].get;
    const parameters = Object.fromEntries(list.parameters.map((parameter: any) => [parameter.name, parameter]));
    expect(parameters.sort.schema.enum).to.deep.equal(['created_at', 'updated_at', 'title', 'due_date', 'priority', 'position']);
    expect(parameters.sort.description).to.match(/without a due date come last in both orders/);
    expect(parameters.order.description).to.match(/`asc` for `title`, `due_date` \(soonest first\) and `position`/);
    expect(parameters.priority.description).to.match(/separated by commas/);
    for (const name of ['due_before', 'due_after']) expect(parameters[name].schema).to.include({ format: 'date' });
    expect(parameters.overdue.schema.enum).to.deep.equal(['true', 'false']);
    expect(parameters.overdue.description).to.match(/not completed and due before today/);
    expect(parameters.tz.description).to.match(/IANA/);
    expect(list.responses['400'].description).to.match(/`priority`, `due_before`, `due_after`, `overdue`, `tz`/);
  });

  it('documents the overdue and due-today counts and their time zone', () => {
    const stats = document.paths['/api/tasks/stats'].get;
    expect(stats.parameters.map((parameter: any) => [parameter.name, parameter.in])).to.deep.equal([['tz', 'query']]);
    expect(Object.keys(stats.responses)).to.include.members(['200', '400']);
    expect(Object.keys(schemas.TaskStats.properties)).to.deep.equal(['total', 'pending', 'completed', 'overdue', 'due_today']);
    expect(stats.description).to.match(/not completed and due before today/).and.match(/not completed and due today/);
  });
});

describe('OpenAPI document: labels', () => {
  const document = buildOpenApiDocument() as any;
  const schemas = document.components.schemas;

  it('describes labels on the task and takes them on creation and on change, with their limit', () => {
    expect(schemas.Task.required).to.include('labels');
    expect(schemas.Task.properties.labels).to.deep.include({ type: 'array', items: { type: 'string' } });
    for (const body of [schemas.CreateTask, schemas.UpdateTask]) {
      expect(body.properties.labels).to.include({ type: 'array', maxItems: 20 });
      expect(body.required ?? []).to.not.include('labels');
    }
    expect(document.paths['/api/tasks'].post.responses['409'].description).to.match(/20 labels/);
    expect(document.paths['/api/tasks/{id}'].patch.responses['409'].description).to.match(/20 labels/);
  });

  it('documents the label filter and the three label paths, with their answers and errors', () => {
    const list = Object.fromEntries(document.paths['/api/tasks'].get.parameters.map((parameter: any) => [parameter.name, parameter]));
    expect(list.label.description).to.match(/any of several separated by commas/);
    expect(Object.keys(document.paths['/api/labels'])).to.deep.equal(['get']);
    expect(Object.keys(document.paths['/api/labels/{name}'])).to.deep.equal(['patch', 'delete']);
    expect(Object.keys(schemas.Label.properties)).to.deep.equal(['name', 'task_count']);
    const rename = document.paths['/api/labels/{name}'].patch;
    expect(Object.keys(rename.responses)).to.include.members(['200', '404', '409', '422']);
    expect(rename.description).to.match(/merge/).and.match(/task\.updated/);
    expect(Object.keys(document.paths['/api/labels/{name}'].delete.responses)).to.include.members(['204', '404', '409']);
  });
});

describe('OpenAPI document: Swagger UI’s "Try it out"', () => {
  const document = buildOpenApiDocument() as any;
  // What Swagger UI 5 puts into the form when it opens: the parameter's `examples` (the first) or `example`,
  // an `example` of its content, or its schema's `example` or `default`.
  const prefilled = (parameter: any) =>
    [
      parameter.example,
      parameter.examples,
      parameter.default,
      ...Object.values<any>(parameter.content ?? {}).map((media) => media.example ?? media.examples),
      parameter.schema?.example,
      parameter.schema?.default,
    ].filter((value) => value !== undefined);
  const parameters = Object.entries<any>(document.paths).flatMap(([path, operations]) =>
    Object.entries<any>(operations).flatMap(([method, operation]) =>
      (operation.parameters ?? []).map((parameter: any) => ({ where: `${method.toUpperCase()} ${path} ${parameter.name}`, parameter })),
    ),
  );

  it('gives no parameter a value the form would start with, so an untouched form filters nothing', () => {
    expect(parameters.length).to.be.greaterThan(10);
    const filledIn = parameters.filter(({ parameter }) => prefilled(parameter).length > 0).map(({ where }) => where);
    expect(filledIn).to.deep.equal([]);
  });

  it('still shows the examples, in the descriptions', () => {
    const list = Object.fromEntries(document.paths['/api/tasks'].get.parameters.map((parameter: any) => [parameter.name, parameter]));
    expect(list.priority.description).to.include('e.g. `high,medium`');
    expect(list.tz.description).to.include('e.g. `Europe/Paris`');
    expect(document.paths['/api/tasks/stats'].get.parameters[0].description).to.include('e.g. `Europe/Paris`');
  });
});

describe('OpenAPI document: subtasks and manual order', () => {
  const document = buildOpenApiDocument() as any;

  it('describes the move, its body and its answers', () => {
    const move = document.paths['/api/tasks/{id}/move'].post;
    expect(Object.keys(document.components.schemas.MoveTask.properties)).to.deep.equal(['after_id', 'before_id', 'parent_id', 'list_id']);
    expect(Object.keys(move.responses)).to.include.members(['200', '404', '412', '422']);
    expect(move.parameters.map((parameter: any) => parameter.name)).to.include.members(['id', 'If-Match', 'Idempotency-Key']);
    expect(document.components.schemas.CreateTask.properties.parent_id.type).to.deep.equal(['string', 'null']);
  });

  it('documents the level filters of a listing', () => {
    const list = document.paths['/api/tasks'].get;
    const parameters = Object.fromEntries(list.parameters.map((parameter: any) => [parameter.name, parameter]));
    expect(parameters.parent_id.schema).to.include({ format: 'uuid' });
    expect(parameters.top_level.schema.enum).to.deep.equal(['true', 'false']);
    expect(list.responses['400'].description).to.match(/`parent_id`, `top_level`/);
  });
});

describe('OpenAPI document: lists', () => {
  const document = buildOpenApiDocument() as any;
  const schemas = document.components.schemas;
  const parameterNames = (operation: any) => operation.parameters.map((parameter: any) => parameter.name);

  it('describes a list and the collection of them', () => {
    expect(Object.keys(schemas.List.properties)).to.deep.equal(['id', 'name', 'is_inbox', 'position', 'created_at', 'updated_at', 'version']);
    expect(schemas.List.required).to.include.members(['id', 'name', 'is_inbox', 'position', 'version']);
    expect(schemas.List.properties.name).to.include({ minLength: 1, maxLength: 100 });
    expect(schemas.ListCollection.properties.items.items).to.deep.equal({ $ref: '#/components/schemas/List' });
  });

  it('documents every list path with its answers, ETag, If-Match and Idempotency-Key', () => {
    expect(Object.keys(document.paths['/api/lists'])).to.deep.equal(['get', 'post']);
    expect(Object.keys(document.paths['/api/lists/{id}'])).to.deep.equal(['get', 'patch', 'delete']);
    expect(Object.keys(document.paths['/api/lists/{id}/move'])).to.deep.equal(['post']);
    const create = document.paths['/api/lists'].post;
    expect(parameterNames(create)).to.deep.equal(['Idempotency-Key']);
    expect(create.responses['201'].headers).to.have.keys(['ETag', 'Location', 'Idempotent-Replayed']);
    expect(create.responses['409'].description).to.match(/`limit`/).and.match(/name/);
    expect(create.description).to.match(/MAX_LISTS_PER_USER/).and.match(/ignoring case/);
    const rename = document.paths['/api/lists/{id}'].patch;
    expect(parameterNames(rename)).to.deep.equal(['id', 'If-Match']);
    expect(Object.keys(rename.responses)).to.include.members(['200', '404', '409', '412', '422']);
    const move = document.paths['/api/lists/{id}/move'].post;
    expect(parameterNames(move)).to.deep.equal(['id', 'If-Match', 'Idempotency-Key']);
    expect(Object.keys(schemas.MoveList.properties)).to.deep.equal(['after_id', 'before_id']);
    const remove = document.paths['/api/lists/{id}'].delete;
    expect(Object.keys(remove.responses)).to.include.members(['204', '404', '409', '412']);
    expect(remove.description).to.match(/task\.deleted/).and.match(/inbox cannot be deleted/);
    expect(document.paths['/api/lists/{id}'].get.parameters[0].description).to.match(/`inbox`/);
  });

  it('takes a list on a task: list_id on create, change and move', () => {
    for (const body of [schemas.CreateTask, schemas.UpdateTask, schemas.MoveTask]) {
      expect(body.properties.list_id.type).to.equal('string');
      expect(body.required ?? []).to.not.include('list_id');
    }
    expect(schemas.Task.required).to.include('list_id');
  });

  it('documents the list filter of a listing and its 404', () => {
    const list = document.paths['/api/tasks'].get;
    const parameters = Object.fromEntries(list.parameters.map((parameter: any) => [parameter.name, parameter]));
    expect(parameters.list_id.description).to.match(/`inbox`/).and.match(/404/);
    expect(list.responses['404'].description).to.match(/`list_id`/);
  });
});
