// The inbox's two reading pages: the list (pending requests first, then past ones) and one
// request with its decision buttons. Everything shown comes from ./view.ts, escaped.
import { h, layout, type Markup } from './html.js';
import type { RequestView } from './view.js';
import type { Session } from './session.js';

// "alice, bob of 2" style quorum progress, from the relayed approvals.
function progress(v: RequestView): Markup {
  const approved = [...new Set(v.decisions.filter((d) => d.decision === 'approve').map((d) => d.approver))];
  const denied = v.decisions.filter((d) => d.decision === 'deny');
  return h`<span class="progress">${approved.length} of ${v.quorum} approved${approved.length > 0 ? h` (${approved.join(', ')})` : ''}${denied.length > 0 ? h`; denied by ${denied.map((d) => d.approver).join(', ')}` : ''}</span>`;
}

// The state badge: pending, expired, or the outcome the host reported.
const badge = (v: RequestView): Markup => h`<span class="badge ${v.state}">${v.state === 'ended' ? v.outcome : v.state}</span>`;

// One request in the list: the command, the main fields, the progress.
function card(v: RequestView): Markup {
  const field = (label: string): string => v.fields.find((f) => f.label === label)?.value ?? '';
  return h`<li class="card ${v.state}"><a href="/requests/${v.id}">
<div class="line">${badge(v)} <code class="cmd">${v.command}</code></div>
<div class="meta">${field('requester')} on ${field('host')} · rule ${field('rule')} · risk ${field('risk')}</div>
<div class="meta">reason: ${field('reason')}</div>
<div class="meta">${progress(v)} · expires ${field('expires')}${v.barred !== null && v.state === 'pending' ? h` · <em>${v.barred.startsWith('this is your own') ? 'your own request' : 'not yours to approve'}</em>` : ''}</div>
</a></li>`;
}

/** The list page. */
export function inboxPage(session: Session, views: RequestView[]): string {
  const pending = views.filter((v) => v.state === 'pending');
  const past = views.filter((v) => v.state !== 'pending');
  return layout({ title: 'Inbox', page: 'inbox', csrf: session.csrf, approver: session.approver }, h`<h1>Pending requests</h1>
${pending.length === 0 ? h`<p class="empty">Nothing is waiting for approval.</p>` : h`<ul class="cards" id="pending">${pending.map(card)}</ul>`}
<h2>Past requests</h2>
${past.length === 0 ? h`<p class="empty">No past requests.</p>` : h`<ul class="cards" id="past">${past.map(card)}</ul>`}`);
}

// The decision controls, or why there are none.
function controls(v: RequestView): Markup {
  if (v.state !== 'pending') return h`<p class="note">This request is ${v.state === 'ended' ? `over (${v.outcome ?? ''})` : 'expired'}; it can no longer be decided.</p>`;
  if (v.barred !== null) return h`<p class="barred" id="barred">You cannot decide on this request: ${v.barred}.</p>`;
  return h`<section id="decide">
<h2>Your decision</h2>
<label for="reason">Reason (required to deny)</label>
<textarea id="reason" maxlength="2000" rows="2"></textarea>
<div class="buttons"><button type="button" class="primary" id="approve" data-decision="approve">Approve…</button> <button type="button" class="danger" id="deny" data-decision="deny">Deny…</button></div>
<div id="confirm" hidden>
<p>Your passkey will sign exactly this decision (its SHA-256 is the WebAuthn challenge). <code>request_hash</code> is the hash of the request shown above.</p>
<pre id="signing"></pre>
<div class="buttons"><button type="button" class="primary" id="sign">Sign with passkey</button> <button type="button" id="cancel">Cancel</button></div>
</div>
<p id="status" role="status"></p>
</section>`;
}

/** One request's page. */
export function requestPage(session: Session, v: RequestView): string {
  return layout({ title: v.id, page: 'request', csrf: session.csrf, approver: session.approver }, h`<p><a href="/">← Inbox</a></p>
<h1>Request <span class="id">${v.id}</span></h1>
<p>${badge(v)} ${progress(v)}</p>
<h2>Command</h2>
<pre class="cmd" id="command">${v.command}</pre>
<table class="fields" id="fields"><tbody>
${v.fields.map((f) => h`<tr><th scope="row">${f.label}</th><td>${f.value}</td></tr>`)}
<tr><th scope="row">approvers</th><td>${v.approvers.join(', ') || '(none)'} (quorum ${v.quorum})</td></tr>
<tr><th scope="row">request hash</th><td><code id="request-hash">${v.hash}</code></td></tr>
</tbody></table>
<details><summary>The request exactly as hashed (JCS)</summary><pre class="wrap">${v.canonical}</pre></details>
${controls(v)}
<h2>Decisions so far</h2>
<p class="note">As relayed; the service verifies nothing, each host checks every signature against its own policy.</p>
${v.decisions.length === 0 ? h`<p class="empty">None yet.</p>` : h`<ul class="decisions" id="decisions">${v.decisions.map((d) => h`<li><strong>${d.approver}</strong> ${d.decision} at ${d.decided_at} (${d.kind})${d.reason === null || d.reason === '' ? '' : h`: ${d.reason}`}</li>`)}</ul>`}`);
}
