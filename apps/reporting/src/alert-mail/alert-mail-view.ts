import type { AlertMailRequestedEvent, AlertSeverity } from '@vantage/contracts';
import { formatCount, formatDuration } from '../templates/format';
import type { NoticeView } from '../templates/notice';
import { table } from '../templates/view-model';

const SEVERITY_COLOURS: Record<AlertSeverity, string> = {
  critical: '#b91c1c',
  warning: '#b45309',
  info: '#1d4ed8',
};
const RESOLVED_COLOUR = '#047857';

/** The e-mail of one alert transition, from the traffic monitor's event. */
export function alertMailView(event: AlertMailRequestedEvent): NoticeView {
  const resolved = event.kind === 'resolved';
  const severity = event.severity.toUpperCase();
  const openedAt = new Date(event.openedAt);
  const resolvedAt = event.resolvedAt ? new Date(event.resolvedAt) : null;
  const facts = [
    { label: 'Rule', value: event.ruleName },
    { label: 'Severity', value: severity },
    { label: 'Opened', value: utc(openedAt) },
    ...(resolvedAt
      ? [
          { label: 'Resolved', value: utc(resolvedAt) },
          {
            label: 'Open for',
            value: formatDuration(resolvedAt.getTime() - openedAt.getTime()),
          },
        ]
      : []),
  ];
  const details = event.details;
  if (details.kind === 'formula') {
    facts.push(
      { label: 'Formula', value: details.expression },
      {
        label: 'Value',
        value: `${formatNumber(details.value)} (${details.operator} ${formatNumber(details.threshold)})`,
      },
      {
        label: 'Interval',
        value: `${utc(new Date(details.intervalFrom))} to ${utc(new Date(details.intervalTo))}`,
      },
    );
  }
  return {
    subject: resolved
      ? `[Resolved] ${event.ruleName}`
      : `[${severity}] ${event.ruleName}: ${event.summary}`,
    preheader: resolved
      ? `Resolved after ${formatDuration(resolvedAt ? resolvedAt.getTime() - openedAt.getTime() : null)}: ${event.summary}`
      : event.summary,
    kicker: 'Alert',
    heading: `${resolved ? 'Alert resolved' : 'Alert raised'}: ${event.ruleName}`,
    subheading: resolved
      ? 'The condition is back to normal.'
      : 'The condition of this rule is met.',
    banner: resolved ? 'RESOLVED' : severity,
    bannerColour: resolved ? RESOLVED_COLOUR : SEVERITY_COLOURS[event.severity],
    lead: event.summary,
    facts,
    table:
      details.kind === 'status' && details.events.length > 0
        ? table(
            `Events (${formatCount(details.matched)} matched)`,
            [
              { label: 'Event id' },
              { label: 'Status' },
              { label: 'Current', align: 'right' },
              { label: 'Baseline', align: 'right' },
              { label: 'Change', align: 'right' },
            ],
            details.events
              .slice(0, 20)
              .map((row) => [
                row.eventId,
                row.status,
                formatCount(row.current),
                formatCount(row.baseline),
                row.changePct === null
                  ? 'n/a'
                  : `${row.changePct > 0 ? '+' : '\u2212'}${Math.abs(row.changePct).toFixed(1)}%`,
              ]),
          )
        : null,
    button: null,
    footer: [
      'You receive this e-mail because you are a recipient of this alert rule in Vantage.',
      'Change the rule’s e-mail channel to stop these notifications.',
    ],
  };
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? formatCount(value) : String(Math.round(value * 1000) / 1000);
}
