import type { AlertSeverity } from '@vantage/contracts';

/** An incoming-webhook message: `text` is the fallback (notifications), `blocks` the layout. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

type SlackBlock =
  | { readonly type: 'section'; readonly text: { readonly type: 'mrkdwn'; readonly text: string } }
  | {
      readonly type: 'context';
      readonly elements: readonly { readonly type: 'mrkdwn'; readonly text: string }[];
    };

/** What a notification says about an alert. */
export interface AlertNotice {
  readonly alertId: string;
  readonly ruleName: string;
  readonly severity: AlertSeverity;
  readonly summary: string;
  readonly openedAt: Date;
  readonly resolvedAt?: Date | undefined;
}

const SEVERITY_ICONS: Readonly<Record<AlertSeverity, string>> = {
  critical: ':rotating_light:',
  warning: ':warning:',
  info: ':information_source:',
};

/** The Slack message for an alert raised, or (with `resolvedAt`) resolved. */
export function slackMessage(notice: AlertNotice): SlackMessage {
  const severity = notice.severity.toUpperCase();
  const rule = escapeMrkdwn(notice.ruleName);
  const summary = escapeMrkdwn(notice.summary);
  const resolvedAt = notice.resolvedAt;
  const headline = resolvedAt
    ? `:white_check_mark: Resolved [${severity}] ${rule}`
    : `${SEVERITY_ICONS[notice.severity]} [${severity}] ${rule}`;
  const timing = resolvedAt
    ? `Opened ${notice.openedAt.toISOString()}, resolved ${resolvedAt.toISOString()} (${formatDuration(resolvedAt.getTime() - notice.openedAt.getTime())})`
    : `Opened ${notice.openedAt.toISOString()}`;
  return {
    text: `${headline}: ${summary}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${headline}*\n${summary}` } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `${timing} · alert ${notice.alertId}` }],
      },
    ],
  };
}

/** Slack's three control characters; anything else in a name or event id is shown as is. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}
