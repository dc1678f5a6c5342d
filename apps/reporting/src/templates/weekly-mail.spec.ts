import { reportChartSpecs } from '../charts/report-charts';
import { sampleReport } from '../../test/support/sample-report';
import { renderWeekly } from './mail-templates';
import { weeklyView } from './weekly-view';

const person = {
  recipientEmail: 'ceo@example.com',
  unsubscribeUrl: 'https://vantage.example/api/v1/reports/unsubscribe?token=v1.abc',
  scheduleText: 'every Monday at 08:00 (UTC)',
};

function render(model = sampleReport()) {
  const charts = reportChartSpecs(model);
  return { charts, mail: renderWeekly(weeklyView(model, charts), person) };
}

describe('weekly report e-mail', () => {
  it('shows the figures of the week against the week before', () => {
    const { mail } = render();

    expect(mail.subject).toBe('Weekly report for Acme Analytics: 2026-W47 (16\u201322 Nov 2026)');
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('$12,400');
      expect(part).toContain('+3.3%');
      expect(part).toContain('$148,800');
      expect(part).toContain('2.50%');
      expect(part).toContain('41.3');
      expect(part).toContain('182,340');
      expect(part).toContain('POST /api/v1/events');
      expect(part).toContain('United States (US)');
      expect(part).toContain('pandc.vnext.recommendations.cart.add');
      expect(part).toContain('47 min');
      expect(part).toContain('0.42%');
      expect(part).toContain('1.1M\u20131.4M, 80% interval');
      expect(part).toContain('Self-serve SSO');
    }
    expect(mail.text).toContain('MRR: $12,400, +3.3% (was $12,000)');
    expect(mail.text).toContain('Critical events: 2, \u221260.0% (was 5)');
    expect(mail.text).toContain(
      'Ingest latency p95 < 300 ms (traffic-monitor) | 99% | 98.62% | \u221238% | breached',
    );
  });

  it('is table layout with inline styles, no SVG, no <style> and no remote images', () => {
    const { mail, charts } = render();

    expect(mail.html).not.toMatch(/<svg/i);
    expect(mail.html).not.toMatch(/<style/i);
    expect(mail.html).not.toMatch(/<img[^>]+src="(?!cid:)/i);
    expect(mail.html).toMatch(/<table role="presentation"/);
    expect(charts.map((chart) => chart.section)).toEqual([
      'revenue',
      'usage',
      'traffic',
      'reliability',
      'roadmap',
    ]);
    for (const chart of charts) expect(mail.html).toContain(`src="cid:${chart.cid}"`);
  });

  it('carries a preheader, and the unsubscribe link in both parts', () => {
    const { mail } = render();

    expect(mail.preheader).toBe(
      '2026-W47: MRR $12,400 (+3.3%) \u00b7 41.3 daily active users \u00b7 2 critical events \u00b7 error rate 0.42% \u00b7 3 roadmap items done',
    );
    expect(mail.html).toContain(`>${mail.preheader}&#8199;`);
    expect(mail.html).toContain(`href="${person.unsubscribeUrl}"`);
    expect(mail.text).toContain(`Unsubscribe: ${person.unsubscribeUrl}`);
  });

  it('says a section has no data yet instead of its figures, and draws no chart for it', () => {
    const model = sampleReport({
      revenue: { available: false, reason: 'timeout' },
      reliability: { available: false, reason: 'unknown pattern' },
    });

    const { mail, charts } = render(model);

    expect(mail.html).toContain('No billing data yet.');
    expect(mail.text).toContain('No reliability data yet.');
    expect(mail.text).not.toContain('MRR');
    expect(charts.map((chart) => chart.section)).toEqual(['usage', 'traffic', 'roadmap']);
  });

  it('leaves revenue out for an org it is not shared with', () => {
    const { mail } = render(sampleReport({ revenue: null }));

    expect(mail.text).not.toContain('== Revenue ==');
    expect(mail.text).toContain('== Usage ==');
  });

  it('escapes what users typed in the HTML, not in the text', () => {
    const model = sampleReport({ orgName: 'Tom & <Jerry>' });

    const { mail } = render(model);

    expect(mail.html).toContain('Tom &amp; &lt;Jerry&gt;');
    expect(mail.html).not.toContain('<Jerry>');
    expect(mail.text).toContain('Tom & <Jerry>');
  });
});
