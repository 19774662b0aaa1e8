// The service's HTTP application (Hono): routes, body limit, and fail-closed errors.
// Invariants:
//   1. Every body is bounded (MAX_BODY_BYTES) before it is read: 413 otherwise.
//   2. Unknown paths are 404, wrong methods 404 too; any thrown error is a 500 with no detail
//      (the detail goes to the service's log), never a partial success.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BODY_BYTES, refuse } from './http-util.js';
import { approverRoutes } from './routes-approvers.js';
import { hostRoutes } from './routes-hosts.js';
import { inboxRoutes } from './inbox/index.js';
import { slackRoutes } from './chat/slack-actions.js';
import type { ServiceState } from './state.js';
import { witnessRoutes } from './witness/routes.js';

/** The Hono app for one running service. */
export function serviceApp(s: ServiceState): Hono {
  const app = new Hono();
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => refuse(c, 413, `body larger than ${MAX_BODY_BYTES} bytes`) }));
  app.use('*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
    c.header('x-content-type-options', 'nosniff');
  });
  hostRoutes(app, s);
  approverRoutes(app, s);
  inboxRoutes(app, s);
  slackRoutes(app, s);
  witnessRoutes(app, s);
  app.notFound((c) => refuse(c, 404, 'not found'));
  app.onError((error, c) => {
    s.log(`error: ${error instanceof Error ? error.message : String(error)}`);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
