// The inbox's HTTP hardening: response headers on every inbox answer, and the same-origin check
// on every POST.
// Invariants:
//   1. Every inbox answer carries the strict CSP below (no inline script or style, nothing from
//      another origin, no framing, forms post only to the service), plus no-referrer and nosniff.
//   2. A POST to the inbox is refused (403) unless its Origin is the service's own public
//      origin: a browser always sends Origin on a cross-site POST, so another site cannot
//      post on a signed-in approver's behalf even before the CSRF token is checked.
import type { Context, MiddlewareHandler } from 'hono';

/** The Content-Security-Policy of every inbox page. */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Adds the headers of invariant 1 after the handler ran. */
export function securityHeaders(https: boolean): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('content-security-policy', CSP);
    c.header('referrer-policy', 'no-referrer');
    c.header('x-frame-options', 'DENY');
    c.header('cross-origin-opener-policy', 'same-origin');
    c.header('cross-origin-resource-policy', 'same-origin');
    c.header('permissions-policy', 'publickey-credentials-get=(self), publickey-credentials-create=(self)');
    if (https) c.header('strict-transport-security', 'max-age=31536000');
  };
}

/** True when the request's Origin is exactly `origin` (invariant 2). */
export function sameOrigin(c: Context, origin: string): boolean {
  return c.req.header('origin') === origin;
}
