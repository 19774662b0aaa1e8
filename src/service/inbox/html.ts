// Server-rendered HTML for the inbox: a tagged template that escapes every value, and the one
// page layout every page shares.
// Invariants:
//   1. Every interpolated value is escaped (the five characters that can end a text node or
//      an attribute value), unless it is markup this module made (`Markup`); arrays are joined.
//   2. Pages load only the service's own script and style sheet (/assets/), nothing inline,
//      so the strict CSP of ./headers.ts holds without exceptions.
//   3. Text a person reads is first passed through escapeInvisible by the caller (./view.ts).

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Markup made by `h`: interpolated as is. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

// One interpolated value as markup (invariant 1).
function piece(value: unknown): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false) return '';
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A tagged template: h`<p>${text}</p>` escapes `text`. */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += piece(value) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

export interface PageOptions {
  title: string;
  /** `data-page` on <body>: which part of /assets/inbox.js runs. */
  page: string;
  /** The session's CSRF token, when signed in (read by the script from a meta tag). */
  csrf?: string | null;
  /** The signed-in approver, shown with a sign-out button. */
  approver?: string | null;
}

/** A whole page around `body` (invariant 2). */
export function layout(o: PageOptions, body: Markup): string {
  const signedIn = o.approver === null || o.approver === undefined ? '' : h`
    <form class="signout" method="post" action="/signout"><input type="hidden" name="csrf" value="${o.csrf ?? ''}"><span>${o.approver}</span> <button type="submit">Sign out</button></form>`;
  return h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
${o.csrf === null || o.csrf === undefined ? '' : h`<meta name="csrf-token" content="${o.csrf}">`}
<title>${o.title} · approve-run</title>
<link rel="stylesheet" href="/assets/inbox.css">
<script src="/assets/inbox.js" defer></script>
</head>
<body data-page="${o.page}">
<header><a class="brand" href="/">approve-run</a>${signedIn}</header>
<main>
${body}
</main>
</body>
</html>
`.text;
}
