// The web inbox (SPEC §13): approvers sign in with a passkey, read pending requests with every
// field, and approve or deny with a decision their passkey signs. Pages are server-rendered
// (./html.ts); the only script and style sheet are the service's own (./assets.ts).
// Invariants:
//   1. Every inbox path answers with the hardening headers of ./headers.ts.
//   2. A page with requests on it is shown only inside a live session (./session.ts);
//      without one, the browser is sent to /signin.
//   3. The inbox never decides anything: it shows what hosts sent and relays signed decisions.
import type { Context, Hono } from 'hono';
import { REQUEST_ID } from '../http-util.js';
import type { ServiceState } from '../state.js';
import { INBOX_CSS, INBOX_JS } from './assets.js';
import { inboxTimes, type InboxTimes } from './config.js';
import { decisionRoutes } from './decide.js';
import { enrolRoutes } from './enrol.js';
import { securityHeaders } from './headers.js';
import { h, layout } from './html.js';
import { inboxPage, requestPage } from './pages.js';
import { currentSession } from './session.js';
import { signInRoutes } from './signin.js';
import { viewOf } from './view.js';

/** Requests the list page reads, newest first. */
const LISTED = 200;

// GET /: the list of pending and past requests.
async function list(c: Context, s: ServiceState, t: InboxTimes): Promise<Response> {
  const session = await currentSession(c, s, t);
  if (session === null) return c.redirect('/signin', 303);
  const views = await Promise.all((await s.storage.recentRequests(LISTED)).map((r) => viewOf(s, r, session.approver)));
  return c.html(inboxPage(session, views));
}

// GET /requests/:id: one request.
async function one(c: Context, s: ServiceState, t: InboxTimes): Promise<Response> {
  const session = await currentSession(c, s, t);
  if (session === null) return c.redirect('/signin', 303);
  const id = c.req.param('id') ?? '';
  const stored = REQUEST_ID.test(id) ? await s.storage.getRequest(id) : null;
  if (stored === null) return c.html(layout({ title: 'Not found', page: 'none', csrf: session.csrf, approver: session.approver }, h`<h1>No such request</h1><p><a href="/">Back to the inbox</a></p>`), 404);
  return c.html(requestPage(session, await viewOf(s, stored, session.approver)));
}

// A static asset with its type; cached briefly (the app sets no-store on everything else).
function asset(c: Context, body: string, type: string): Response {
  c.header('content-type', `${type}; charset=utf-8`);
  return c.body(body, 200);
}

/** Adds the inbox's pages and endpoints to `app`. */
export function inboxRoutes(app: Hono, s: ServiceState): void {
  const t = inboxTimes(s.config.inbox);
  const headers = securityHeaders(s.publicUrl.startsWith('https:'));
  for (const path of ['/', '/requests/*', '/signin', '/signin/*', '/signout', '/enroll/*', '/assets/*']) app.use(path, headers);
  app.get('/', (c) => list(c, s, t));
  app.get('/requests/:id', (c) => one(c, s, t));
  app.get('/assets/inbox.css', (c) => asset(c, INBOX_CSS, 'text/css'));
  app.get('/assets/inbox.js', (c) => asset(c, INBOX_JS, 'text/javascript'));
  signInRoutes(app, s, t);
  enrolRoutes(app, s);
  decisionRoutes(app, s, t);
}
