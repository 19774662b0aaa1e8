// Horizontal bar charts as inline SVG: a few rects and labels, escaped, no script, no fonts.
import { html } from './escape.js';
import type { Tally } from './model.js';

const ROW = 22;
const LABEL = 150;
const WIDTH = 420;

/** One bar chart as an inline <svg> element with a title for screen readers. */
export function barChart(title: string, data: Tally): string {
  if (data.length === 0) return `<p class="empty">${html(title)}: no data in the period.</p>`;
  const max = Math.max(1, ...data.map((d) => d.count));
  const height = data.length * ROW + 8;
  const bars = data
    .map((d, i) => {
      const y = i * ROW + 4;
      const w = Math.round(((WIDTH - LABEL - 40) * d.count) / max);
      const label = d.label.length > 22 ? `${d.label.slice(0, 21)}…` : d.label;
      return `<text x="${LABEL - 6}" y="${y + 14}" text-anchor="end">${html(label)}</text><rect x="${LABEL}" y="${y + 2}" width="${w}" height="${ROW - 6}"/><text x="${LABEL + w + 4}" y="${y + 14}">${d.count}</text>`;
    })
    .join('');
  return `<figure><svg role="img" aria-label="${html(title)}" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>${html(title)}</title>${bars}</svg><figcaption>${html(title)}</figcaption></figure>`;
}
