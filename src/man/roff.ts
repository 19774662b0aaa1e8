// Writing roff for man(7) pages: escaping and the few macros the pages use.

/** `text` safe in a roff line: backslashes, hyphens, and a leading `.` or `'` escaped. */
export function roff(text: string): string {
  const escaped = text.replace(/\\/g, '\\e').replace(/-/g, '\\-');
  return /^[.']/.test(escaped) ? `\\&${escaped}` : escaped;
}

/** A section heading. */
export const section = (title: string): string => `.SH ${title.toUpperCase()}\n`;

/** A sub-section heading. */
export const subsection = (title: string): string => `.SS "${roff(title).replace(/"/g, '\\(dq')}"\n`;

/** A tagged paragraph: `tag` in bold (a `<value>` part in italics), then its text. */
export function tagged(tag: string, text: string): string {
  const shown = roff(tag).replace(/<([^>]+)>/g, '\\fI$1\\fB');
  return `.TP\n\\fB${shown}\\fR\n${roff(text)}\n`;
}

/** Paragraphs of plain text, one roff line each. */
export function paragraphs(...texts: string[]): string {
  return texts.map((t) => `.PP\n${roff(t)}\n`).join('');
}
