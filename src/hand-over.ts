// The fast path's way out. The fast bundle (src/fast-path.ts) is built without the modules
// most runs never need (the policy loader, the shell parser, the terminal prompt library,
// checkpoint signing); importing one of them there throws HandOver instead, and the whole invocation is
// handed to the full program. Run commands let it through only while nothing has been logged
// yet, so a run is never half done by one and redone by the other.
import { ApproveRunError } from './errors.js';

/** Thrown where the fast bundle lacks a module; a message only seen if it escapes (exit 125). */
export class HandOver extends ApproveRunError {
  constructor(readonly module: string) {
    super('internal', `internal error: ${module} is not part of this bundle`);
    this.name = 'HandOver';
  }
}
