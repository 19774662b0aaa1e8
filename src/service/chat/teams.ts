// Microsoft Teams (SPEC §13): an Adaptive Card posted to a Workflows webhook when a request
// arrives, with an "Open" link to its page, and another when it ends.
// Invariants:
//   1. The body is the envelope Workflows' "when a webhook request is received" flow takes:
//      `{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",
//      "content":{AdaptiveCard}}]}`.
//   2. Text from hosts and approvers goes only into TextRun elements, which Adaptive Cards do
//      not read as Markdown: a command cannot add links or formatting.
//   3. Any 2xx is delivered; 429 and 5xx are retried (./deliver.ts); the webhook URL, a
//      secret, never appears in the log.
import { postJson, withRetries, type Attempt } from './deliver.js';
import { clipText, type RequestView } from './request-view.js';

const CARD_VERSION = '1.4';

// One RichTextBlock line `label: value`, the label bold (invariant 2).
function line(label: string, value: string, monospace = false): unknown {
  return {
    type: 'RichTextBlock',
    inlines: [
      { type: 'TextRun', text: `${label}: `, weight: 'Bolder' },
      { type: 'TextRun', text: clipText(value, 4000), ...(monospace ? { fontType: 'Monospace' } : {}) },
    ],
  };
}

/** The message for `view`: the request, or its end when `status` is set. */
export function teamsCard(view: RequestView, pageUrl: string, status: string | null): unknown {
  const body: unknown[] = [
    { type: 'TextBlock', text: status === null ? 'Approval requested' : 'Approval request ended', weight: 'Bolder', size: 'Medium', wrap: true },
  ];
  if (status !== null) body.push(line('Status', status));
  body.push(line('Command', view.command, true));
  for (const [label, value] of view.fields) body.push(line(label, value));
  body.push(line('Reason', view.reason), line('Request', view.id));
  const content = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: CARD_VERSION,
    body,
    actions: [{ type: 'Action.OpenUrl', title: 'Open', url: pageUrl }],
  };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }] };
}

/** Posts cards to one Workflows webhook. */
export class TeamsWebhook {
  constructor(
    private readonly url: URL,
    private readonly log: (line: string) => void,
    private readonly signal: AbortSignal,
  ) {}

  // One attempt (invariant 3).
  private async attempt(body: string): Promise<Attempt> {
    const answer = await postJson(this.url.href, {}, body, this.signal);
    if (answer.status >= 200 && answer.status < 300) return { done: true, value: true };
    const transient = answer.status === 429 || answer.status >= 500;
    return { done: false, retry: transient, problem: `HTTP ${answer.status}`, retryAfterMs: answer.retryAfterMs };
  }

  /** Posts `message`; true when the webhook took it (a failure is logged). */
  async post(message: unknown, about: string): Promise<boolean> {
    const body = JSON.stringify(message);
    return (await withRetries(`teams webhook (${about})`, () => this.attempt(body), { signal: this.signal, log: this.log })) === true;
  }
}
