// The web inbox over plain HTTP, without a browser: headers, redirects, the enrol command,
// expired and malformed links, same-origin checks. The browser flows are in
// inbox-browser.test.ts.
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startInboxService } from './inbox-world.js';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

describe('the web inbox over HTTP', () => {
  test('pages: strict CSP, nothing from another origin, no session means sign-in', async () => {
    const svc = await startInboxService('inbox: { enrol_ttl: 1s }\n');
    const home = await fetch(svc.url, { redirect: 'manual' });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/signin');
    expect(home.headers.get('content-security-policy')).toBe(CSP);
    const signin = await fetch(`${svc.url}/signin`);
    expect(signin.headers.get('content-security-policy')).toBe(CSP);
    expect(signin.headers.get('x-frame-options')).toBe('DENY');
    expect(signin.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await signin.text();
    expect(page).toContain('name="viewport"');
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page).not.toMatch(/<script>|style=/);
    const js = await fetch(`${svc.url}/assets/inbox.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toContain('navigator.credentials.get');
    for (const path of ['/requests/req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z', '/requests/%3Cscript%3E']) {
      expect((await fetch(`${svc.url}${path}`, { redirect: 'manual' })).status).toBe(303);
    }
    // Sign-in needs the service's own Origin, and a configured approver with a passkey.
    const post = (origin: string | null, body: string) => fetch(`${svc.url}/signin/options`, { method: 'POST', headers: { 'content-type': 'application/json', ...(origin === null ? {} : { origin }) }, body });
    expect((await post(null, '{"approver":"alice"}')).status).toBe(403);
    expect((await post('http://localhost.evil.example', '{"approver":"alice"}')).status).toBe(403);
    expect((await post(svc.url, '{"approver":"alice"}')).status).toBe(403);
    expect((await post(svc.url, '[')).status).toBe(400);

    // Enrolment: configured approvers only; an expired link is refused; a forged one too.
    const unknown = await runCli(['serve', 'enroll', 'mallory', '--config', svc.config]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('not in the configuration');
    const r = await runCli(['serve', 'enroll', 'alice', '--config', svc.config]);
    expect(r.code).toBe(0);
    const link = r.stdout.trim();
    expect(link).toMatch(new RegExp(`^${svc.url}/enroll/[A-Za-z0-9_-]{43}$`));
    expect((await fetch(link)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await fetch(link)).status).toBe(410);
    expect((await fetch(`${svc.url}/enroll/${'A'.repeat(43)}`)).status).toBe(410);
    expect((await fetch(`${link}/options`, { method: 'POST', headers: { origin: svc.url, 'content-type': 'application/json' }, body: '{}' })).status).toBe(410);
  }, 60_000);
});
