// Digests are part of what an approval binds (SPEC §10): the binding hash, the session binding
// and what the approver is shown.
import { describe, expect, test } from 'vitest';
import { renderRequest } from '../../src/approval/terminal/render.js';
import { bindingHash } from '../../src/approval/request/request.js';
import { bindingHashOf, sessionBinding } from '../../src/approval/session/sessions.js';
import { request } from '../approval/world.js';

const one = { executable: `sha256:${'11'.repeat(32)}`, script: `sha256:${'22'.repeat(32)}` };
const two = { ...one, script: `sha256:${'33'.repeat(32)}` };

describe('digests in the request', () => {
  test('the binding hash and the session binding change with the script digest', () => {
    const a = request({ digests: one });
    const b = { ...a, digests: two };
    expect(bindingHash(a)).not.toBe(bindingHash(b));
    expect(bindingHashOf(sessionBinding(a))).not.toBe(bindingHashOf(sessionBinding(b)));
    expect(bindingHashOf(sessionBinding(a))).toBe(bindingHashOf(sessionBinding({ ...a, id: 'req_other', nonce: 'x' })));
  });

  test('the terminal shows them', () => {
    const text = renderRequest(request({ digests: one }), new Date());
    expect(text).toContain(one.executable);
    expect(text).toContain(one.script);
    expect(renderRequest(request({ digests: { ...one, script: null } }), new Date())).toMatch(/script\s+\(none\)/);
  });
});
