// The inbox's only script and style sheet, served by the service itself (/assets/), so the
// CSP needs no inline code and no other origin. The script is plain ES2017 for any current
// browser: it turns the server's WebAuthn options into navigator.credentials calls and posts
// the answers back as JSON with the session's CSRF token. It holds no secret and decides
// nothing: the server builds every decision and checks every answer.

/** /assets/inbox.js */
export const INBOX_JS = String.raw`(function () {
  'use strict';
  var page = document.body.getAttribute('data-page');
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';

  function fromB64url(text) {
    var s = text.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function toB64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function say(text, bad) {
    var el = document.getElementById('status');
    if (!el) return;
    el.textContent = text;
    el.className = bad ? 'error' : 'ok';
  }
  async function post(url, body) {
    var res = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf || '' }, body: JSON.stringify(body) });
    var data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) throw new Error((data && data.error) || ('HTTP ' + res.status));
    return data;
  }
  function credentialIds(list) {
    return (list || []).map(function (c) { return { type: 'public-key', id: fromB64url(typeof c === 'string' ? c : c.id) }; });
  }
  async function assertion(challenge, rpId, allow) {
    var cred = await navigator.credentials.get({ publicKey: { challenge: fromB64url(challenge), rpId: rpId, allowCredentials: credentialIds(allow), userVerification: 'required', timeout: 120000 } });
    if (!cred) throw new Error('no passkey answered');
    var r = cred.response;
    return { id: cred.id, rawId: toB64url(cred.rawId), type: cred.type, response: { authenticatorData: toB64url(r.authenticatorData), clientDataJSON: toB64url(r.clientDataJSON), signature: toB64url(r.signature), userHandle: r.userHandle ? toB64url(r.userHandle) : undefined } };
  }

  function signIn() {
    var form = document.getElementById('signin');
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var approver = document.getElementById('approver').value.trim();
      try {
        say('Waiting for your passkey…');
        var started = await post('/signin/options', { approver: approver });
        var o = started.options;
        var response = await assertion(o.challenge, o.rpId, o.allowCredentials);
        await post('/signin/finish', { flow: started.flow, approver: approver, response: response });
        location.assign('/');
      } catch (e) { say('Sign-in failed: ' + e.message, true); }
    });
  }

  function enrol() {
    var base = location.pathname.replace(/\/+$/, '');
    document.getElementById('enrol').addEventListener('click', async function () {
      try {
        say('Waiting for your passkey…');
        var o = await post(base + '/options', {});
        var cred = await navigator.credentials.create({ publicKey: {
          rp: o.rp, user: { id: fromB64url(o.user.id), name: o.user.name, displayName: o.user.displayName },
          challenge: fromB64url(o.challenge), pubKeyCredParams: o.pubKeyCredParams, timeout: o.timeout,
          attestation: o.attestation, authenticatorSelection: o.authenticatorSelection, excludeCredentials: credentialIds(o.excludeCredentials),
        } });
        var r = cred.response;
        var done = await post(base + '/finish', { id: cred.id, rawId: toB64url(cred.rawId), type: cred.type,
          response: { clientDataJSON: toB64url(r.clientDataJSON), attestationObject: toB64url(r.attestationObject), transports: r.getTransports ? r.getTransports() : [] },
          clientExtensionResults: cred.getClientExtensionResults() });
        document.getElementById('entry-text').textContent = done.entry;
        document.getElementById('entry').hidden = false;
        document.getElementById('enrol').disabled = true;
        say('Passkey registered for ' + done.approver + '. You can sign in now.');
      } catch (e) { say('Registration failed: ' + e.message, true); }
    });
  }

  function decide() {
    var section = document.getElementById('decide');
    if (!section) return;
    var id = location.pathname.split('/')[2];
    var pending = null;
    async function start(kind) {
      var reason = document.getElementById('reason').value;
      if (kind === 'deny' && reason.trim() === '') { say('Give a reason to deny.', true); return; }
      try {
        pending = await post('/requests/' + id + '/begin', { decision: kind, reason: reason });
        document.getElementById('signing').textContent = JSON.stringify(pending.decision, null, 2);
        document.getElementById('confirm').hidden = false;
        say('Check the decision, then sign it.');
      } catch (e) { say('Could not start: ' + e.message, true); }
    }
    document.getElementById('approve').addEventListener('click', function () { start('approve'); });
    document.getElementById('deny').addEventListener('click', function () { start('deny'); });
    document.getElementById('cancel').addEventListener('click', function () { pending = null; document.getElementById('confirm').hidden = true; say(''); });
    document.getElementById('sign').addEventListener('click', async function () {
      if (!pending) return;
      var flow = pending;
      pending = null;
      try {
        say('Waiting for your passkey…');
        var response = await assertion(flow.challenge, flow.rpId, flow.allowCredentials);
        var done = await post('/requests/' + id + '/finish', { flow: flow.flow, response: response });
        document.getElementById('confirm').hidden = true;
        say((done.decision === 'approve' ? 'Approved' : 'Denied') + ': signed and relayed to the host.');
        section.setAttribute('data-done', done.decision);
      } catch (e) { say('Not sent: ' + e.message, true); }
    });
  }

  if (page === 'signin') signIn();
  else if (page === 'enrol') enrol();
  else if (page === 'request') decide();
})();
`;

/** /assets/inbox.css: one column on a phone, wider tables scroll in their own box. */
export const INBOX_CSS = `*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f7f9}
header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between;padding:.6rem 1rem;background:#1b1f24;color:#fff}
header a.brand{color:#fff;font-weight:600;text-decoration:none}
header form.signout{display:flex;gap:.5rem;align-items:center;margin:0}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.5rem 0 1rem;overflow-wrap:anywhere}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
a{color:#0b5cad}
code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.92em}
pre{background:#fff;border:1px solid #d5d9de;border-radius:6px;padding:.6rem;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
ul.cards{list-style:none;margin:0;padding:0;display:grid;gap:.6rem}
.card a{display:block;padding:.7rem .8rem;background:#fff;border:1px solid #d5d9de;border-radius:8px;color:inherit;text-decoration:none}
.card a:hover{border-color:#0b5cad}
.card .line{display:flex;gap:.5rem;align-items:baseline;flex-wrap:wrap}
.card code.cmd{overflow-wrap:anywhere;font-weight:600}
.meta{color:#4b5563;font-size:.9rem;overflow-wrap:anywhere}
.badge{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:.8rem;font-weight:600;background:#e5e7eb;color:#374151}
.badge.pending{background:#fef3c7;color:#92400e}
.badge.expired{background:#e5e7eb;color:#4b5563}
.badge.ended{background:#dcfce7;color:#166534}
table.fields{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d5d9de;border-radius:6px;display:block;overflow-x:auto}
table.fields th{text-align:left;vertical-align:top;padding:.35rem .6rem;color:#4b5563;font-weight:500;white-space:nowrap}
table.fields td{padding:.35rem .6rem;overflow-wrap:anywhere;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input,textarea{width:100%;font:inherit;padding:.5rem;border:1px solid #9ca3af;border-radius:6px;background:#fff}
.stack button{margin-top:.75rem}
.buttons{display:flex;flex-wrap:wrap;gap:.5rem;margin:.6rem 0}
button{font:inherit;padding:.55rem 1rem;border-radius:6px;border:1px solid #9ca3af;background:#fff;cursor:pointer;min-height:2.75rem}
button.primary{background:#0b5cad;border-color:#0b5cad;color:#fff}
button.danger{background:#b42318;border-color:#b42318;color:#fff}
header button{min-height:auto;padding:.2rem .6rem}
.error{color:#b42318}
.ok{color:#166534}
.note,.empty{color:#4b5563}
.barred{padding:.6rem;border-left:4px solid #b42318;background:#fff}
ul.decisions{padding-left:1.2rem;overflow-wrap:anywhere}
details pre.wrap{font-size:.8rem}
.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
`;
