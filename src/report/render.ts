// Picks the rendering of a report by --format. A rendering comes in parts, written one after the
// other, so that a report of a million entries never has to be one string.
import { renderHtml } from './html.js';
import { jsonParts } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { ReportData } from './model.js';
import { renderOscal } from './oscal.js';

export { verdictLine } from './verdict.js';

/** The report in one of the formats of `audit report --format`, as parts to concatenate. */
export function renderReport(data: ReportData, format: 'html' | 'md' | 'json' | 'oscal'): Iterable<string> {
  switch (format) {
    case 'html':
      return [renderHtml(data)];
    case 'md':
      return [renderMarkdown(data)];
    case 'oscal':
      return [renderOscal(data)];
    case 'json':
      return [...jsonParts(data), '\n'];
  }
}
