// Escaping for the HTML and Markdown renderings. Every string from the log goes through these.
// Invariants:
//   1. html() escapes the five characters that can end a text node or an attribute value, so
//      a logged string can never open a tag, an attribute or a script.
//   2. md() escapes Markdown and HTML syntax and table pipes, and keeps each value on one line.

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an HTML text node or a quoted attribute value. */
export function html(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** Text safe inside a Markdown table cell or paragraph. */
export function md(value: unknown): string {
  return String(value ?? '')
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/[\r\n]+/g, ' ');
}
