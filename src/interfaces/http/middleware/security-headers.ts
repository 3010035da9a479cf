import type Koa from 'koa';
import helmet from 'koa-helmet';

/**
 * What every answer but the docs page carries: the security headers OWASP's REST Security Cheat Sheet names for an
 * API — its JSON is never a document to frame, run scripts in or guess the type of. Stricter than a web page's
 * (nothing may load, nothing may frame it) and a quarter of the bytes; the browser-document headers Helmet adds for
 * HTML pages (X-XSS-Protection, X-Download-Options, Origin-Agent-Cluster, …) do nothing for JSON.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  // The API is read by front ends on other origins (CORS decides which).
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

const API_HEADER_ENTRIES = Object.entries(API_SECURITY_HEADERS);

/** The docs page (Swagger UI) and its files: an HTML document, with Helmet's headers for one. */
function isDocsPath(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/');
}

export function securityHeaders(): Koa.Middleware {
  const documentHeaders = helmet({
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    // TLS is usually ended by a proxy, so upgrading /docs sub-requests to https would break it on a plain-http
    // development server.
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  return (ctx, next) => {
    if (isDocsPath(ctx.path)) return documentHeaders(ctx, next);
    // Straight onto the response: Koa's ctx.set would copy each pair twice more on every request.
    for (const [name, value] of API_HEADER_ENTRIES) ctx.res.setHeader(name, value);
    return next();
  };
}
