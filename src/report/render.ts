// Picks the rendering of a report by --format.
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { ReportData } from './model.js';
import { renderOscal } from './oscal.js';

export { verdictLine } from './verdict.js';

/** The report in one of the formats of `audit report --format`. */
export function renderReport(data: ReportData, format: 'html' | 'md' | 'json' | 'oscal'): string {
  switch (format) {
    case 'html':
      return renderHtml(data);
    case 'md':
      return renderMarkdown(data);
    case 'oscal':
      return renderOscal(data);
    case 'json':
      return `${JSON.stringify(data)}\n`;
  }
}
