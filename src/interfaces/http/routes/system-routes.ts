import Router from '@koa/router';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HttpProblem } from '../problem.js';
import type { RequestState } from '../middleware/request-context.js';

// Swagger UI is served from the installed package, so /docs works offline and loads nothing from a CDN.
const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const SWAGGER_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Tasks API — docs</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="stylesheet" href="/docs/index.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/swagger-initializer.js"></script>
</body>
</html>`;

/** How long "Try it out" in /docs reads an event stream before it shows what arrived. */
export const DOCS_STREAM_PREVIEW_SECONDS = 5;

// Tokens pasted into "Authorize" stay in this browser tab's storage only.
// Swagger UI shows a response only once it has ended, and an event stream does not end: left alone, "Execute" on
// GET /api/events would spin for ever. So a stream is read for a few seconds, then closed, and what came is shown.
const DOCS_INITIALIZER = `async function previewEventStream(url, request) {
  const response = await fetch(url, request);
  const type = response.headers.get('content-type') || '';
  if (!response.body || !type.startsWith('text/event-stream')) return response;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const timeUp = new Promise((resolve) => setTimeout(() => resolve({ done: true }), ${DOCS_STREAM_PREVIEW_SECONDS * 1000}));
  let text = '';
  for (;;) {
    const chunk = await Promise.race([reader.read(), timeUp]);
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel();
  return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
}

window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    requestInterceptor: (request) => {
      request.userFetch = request.userFetch || previewEventStream;
      return request;
    },
  });
};`;

export interface SystemRoutesOptions {
  isDatabaseReachable: () => Promise<boolean>;
  openApiDocument: object;
}

/** Unauthenticated routes: health probes for orchestrators, and the API's own documentation. */
export function systemRoutes(options: SystemRoutesOptions): Router<RequestState> {
  const router = new Router<RequestState>();
  const openApiJson = JSON.stringify(options.openApiDocument);

  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });

  router.get('/readyz', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    if (!(await options.isDatabaseReachable())) {
      throw new HttpProblem(503, 'Database unreachable', { 'Retry-After': '5' });
    }
    ctx.body = { status: 'ready' };
  });

  router.get('/openapi.json', (ctx) => {
    ctx.type = 'application/json';
    ctx.body = openApiJson;
  });

  router.get('/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = DOCS_PAGE;
  });
  router.get('/docs/swagger-initializer.js', (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.body = DOCS_INITIALIZER;
  });
  router.get('/docs/:asset', async (ctx, next) => {
    const asset = ctx.params.asset ?? '';
    const type = SWAGGER_ASSETS[asset];
    if (!type) return next();
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.type = type;
    ctx.body = await readFile(path.join(swaggerUiDir, asset));
  });

  return router;
}
