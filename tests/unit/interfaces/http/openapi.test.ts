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
    expect(change.properties.type.enum).to.deep.equal(['task.created', 'task.updated', 'task.completed', 'task.reopened', 'task.deleted']);
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
