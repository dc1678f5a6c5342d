import { slackMessage } from './slack-message';

const OPENED = new Date('2026-11-20T12:00:00Z');

describe('slackMessage', () => {
  it('announces a raised alert with its severity, rule and summary', () => {
    const message = slackMessage({
      alertId: 'alt_1',
      ruleName: 'Feed down',
      severity: 'critical',
      summary: '1 event CRITICAL: feed.view (-90%)',
      openedAt: OPENED,
    });

    expect(message.text).toBe(
      ':rotating_light: [CRITICAL] Feed down: 1 event CRITICAL: feed.view (-90%)',
    );
    expect(message.blocks[1]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Opened 2026-11-20T12:00:00.000Z · alert alt_1' }],
    });
  });

  it('announces a resolution with how long the alert was open', () => {
    const message = slackMessage({
      alertId: 'alt_1',
      ruleName: 'Feed down',
      severity: 'warning',
      summary: 's',
      openedAt: OPENED,
      resolvedAt: new Date('2026-11-20T13:25:00Z'),
    });

    expect(message.text).toBe(':white_check_mark: Resolved [WARNING] Feed down: s');
    expect(JSON.stringify(message.blocks)).toContain('(1 h 25 min)');
  });

  it('escapes the characters Slack reads as markup', () => {
    const message = slackMessage({
      alertId: 'alt_1',
      ruleName: '<!channel> & co',
      severity: 'info',
      summary: 'a > b',
      openedAt: OPENED,
    });

    expect(message.text).toBe(':information_source: [INFO] &lt;!channel&gt; &amp; co: a &gt; b');
  });
});
