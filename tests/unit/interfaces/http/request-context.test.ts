import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { createLogger } from '../../../../src/infrastructure/logging/logger.js';
import { requestContext, type RequestState } from '../../../../src/interfaces/http/middleware/request-context.js';

describe('request context', () => {
  let server: http.Server;
  let url: string;
  let lines: Record<string, unknown>[];

  beforeEach(async () => {
    lines = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const app = new Koa<RequestState>();
    app.use(requestContext(logger));
    app.use((ctx) => {
      ctx.state.userId = 'alice';
      ctx.state.log.warn({ token: 'eyJ.handler-secret', task: 'kept' }, 'handler line');
      ctx.status = 201;
      ctx.body = { ok: true };
    });
    server = http.createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('writes one line per request with its id, method, path without the query, status, duration and user', async () => {
    const response = await fetch(`${url}/api/tasks?search=private+words`, {
      method: 'POST',
      headers: { authorization: 'Bearer eyJ.request-secret', 'x-request-id': 'caller-id-1' },
    });
    expect(response.status).to.equal(201);
    expect(response.headers.get('x-request-id')).to.equal('caller-id-1');

    const requestLines = lines.filter((line) => line.msg === 'request');
    expect(requestLines).to.have.length(1);
    const [line] = requestLines;
    expect(line).to.include({ request_id: 'caller-id-1', method: 'POST', path: '/api/tasks', status: 201, user_id: 'alice', service: 'tasks-api' });
    expect(line!.duration_ms).to.be.a('number').and.at.least(0);
    expect(Object.keys(line!).sort()).to.deep.equal(
      ['duration_ms', 'level', 'method', 'msg', 'path', 'request_id', 'service', 'status', 'time', 'user_id'].sort(),
    );
    expect(JSON.stringify(lines)).to.not.include('private words').and.not.include('request-secret');
  });

  it('keeps redacting the lines a handler writes through the request’s logger, bound to the request id', async () => {
    await fetch(url, { headers: { 'x-request-id': 'caller-id-2' } });
    const handlerLine = lines.find((line) => line.msg === 'handler line');
    expect(handlerLine).to.include({ request_id: 'caller-id-2', token: '[redacted]', task: 'kept' });
  });

  it('replaces a request id it cannot log safely with its own', async () => {
    const response = await fetch(url, { headers: { 'x-request-id': 'no spaces or\tcontrol characters' } });
    const id = response.headers.get('x-request-id');
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(lines.find((line) => line.msg === 'request')).to.include({ request_id: id });
  });
});
