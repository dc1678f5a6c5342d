import { type ChartSpec, SECTION_COLOURS } from '../charts/report-charts';
import type {
  Change,
  ReliabilitySection,
  RevenueSection,
  RoadmapSection,
  Section,
  TrafficSection,
  UsageSection,
  WeeklyReportModel,
} from '../weekly/report-model';
import {
  formatAverage,
  formatChange,
  formatCount,
  formatDuration,
  formatMoney,
  formatRate,
  formatRateChange,
  formatSigned,
  formatWeekRange,
  type Polarity,
} from './format';
import {
  type ChartView,
  changeView,
  type KpiView,
  kpiRows,
  type SectionView,
  table,
  type TableView,
  type WeeklyView,
} from './view-model';

/** The sections' fallbacks when a service has no answer: the report still goes out. */
export const UNAVAILABLE_TEXT = {
  revenue: 'No billing data yet.',
  usage: 'No usage data yet.',
  traffic: 'No traffic data yet.',
  reliability: 'No reliability data yet.',
  roadmap: 'No roadmap items yet.',
} as const;

/** Turns a report's figures into what the templates show. */
export function weeklyView(model: WeeklyReportModel, charts: readonly ChartSpec[]): WeeklyView {
  const from = new Date(model.from);
  const to = new Date(model.to);
  const range = formatWeekRange(from, to, model.timeZone);
  const orgName = model.orgName ?? 'your organisation';
  const chartOf = (section: keyof typeof SECTION_COLOURS): ChartView | null => {
    const spec = charts.find((chart) => chart.section === section);
    return spec
      ? {
          cid: spec.cid,
          alt: spec.alt,
          caption: spec.caption,
          colour: SECTION_COLOURS[section],
          compared: spec.compared,
        }
      : null;
  };
  const sections: SectionView[] = [
    ...(model.revenue ? [revenueView(model.revenue, chartOf('revenue'))] : []),
    usageView(model.usage, chartOf('usage')),
    trafficView(model.traffic, chartOf('traffic')),
    reliabilityView(model.reliability, chartOf('reliability')),
    roadmapView(model.roadmap, chartOf('roadmap')),
  ];
  return {
    subject: `Weekly report for ${orgName}: ${model.week} (${range})`,
    preheader: preheader(model),
    orgName,
    week: model.week,
    previousWeek: model.previousWeek,
    range,
    timeZone: model.timeZone,
    sections,
  };
}

/** The line mail clients show after the subject: the headline figure of each section. */
function preheader(model: WeeklyReportModel): string {
  const parts: string[] = [];
  if (model.revenue?.available) {
    const { mrr, currency } = model.revenue.data;
    parts.push(
      `MRR ${formatMoney(mrr.current, currency)} (${formatChange(mrr.current, mrr.previous).text})`,
    );
  }
  if (model.usage.available) {
    parts.push(`${formatAverage(model.usage.data.dau.current)} daily active users`);
  }
  if (model.traffic.available && model.traffic.data.health.available) {
    const { critical } = model.traffic.data.health.data;
    parts.push(`${formatCount(critical.current)} critical ${plural(critical.current, 'event')}`);
  }
  if (model.reliability.available) {
    parts.push(`error rate ${formatRate(model.reliability.data.errorRate.current)}`);
  }
  if (model.roadmap.available) {
    const done = model.roadmap.data.completed.current;
    parts.push(`${formatCount(done)} roadmap ${plural(done, 'item')} done`);
  }
  return parts.length > 0
    ? `${model.week}: ${parts.join(' \u00b7 ')}`
    : `${model.week}: your weekly report`;
}

function section(
  key: keyof typeof SECTION_COLOURS,
  title: string,
  fields: Partial<Omit<SectionView, 'key' | 'title' | 'colour'>>,
): SectionView {
  return {
    key,
    title,
    colour: SECTION_COLOURS[key],
    available: true,
    unavailableText: UNAVAILABLE_TEXT[key],
    kpiRows: [],
    chart: null,
    tables: [],
    notes: [],
    ...fields,
  };
}

function unavailable(key: keyof typeof SECTION_COLOURS, title: string): SectionView {
  return section(key, title, { available: false });
}

function kpi(
  label: string,
  value: string,
  change: Change | null,
  polarity: Polarity,
  hint = '',
): KpiView {
  return {
    label,
    value,
    change: change ? changeView(formatChange(change.current, change.previous, polarity)) : null,
    hint,
  };
}

function countKpi(label: string, change: Change, polarity: Polarity): KpiView {
  return kpi(
    label,
    formatCount(change.current),
    change,
    polarity,
    `was ${formatCount(change.previous)}`,
  );
}

function revenueView(revenue: Section<RevenueSection>, chart: ChartView | null): SectionView {
  if (!revenue.available) return unavailable('revenue', 'Revenue');
  const data = revenue.data;
  const money = (minor: number): string => formatMoney(minor, data.currency);
  return section('revenue', 'Revenue', {
    kpiRows: kpiRows([
      kpi('MRR', money(data.mrr.current), data.mrr, 'up-good', `was ${money(data.mrr.previous)}`),
      kpi('ARR', money(data.arr.current), data.arr, 'up-good', `was ${money(data.arr.previous)}`),
      countKpi('New subscriptions', data.newSubscriptions, 'up-good'),
      countKpi('Churned', data.churned, 'down-good'),
      {
        label: 'Churn rate',
        value: formatRate(data.churnRate.current),
        change: changeView(
          formatRateChange(data.churnRate.current, data.churnRate.previous, 'down-good'),
        ),
        hint: `was ${formatRate(data.churnRate.previous)}`,
      },
      countKpi('Failed payments', data.failedPayments, 'down-good'),
    ]),
    chart,
    notes: ['Revenue weeks run Monday to Monday UTC.'],
  });
}

function usageView(usage: Section<UsageSection>, chart: ChartView | null): SectionView {
  if (!usage.available) return unavailable('usage', 'Usage');
  const data = usage.data;
  const tables: TableView[] = [];
  if (data.topEndpoints.length > 0) {
    tables.push(
      table(
        'API calls by endpoint (top 10)',
        [
          { label: 'Endpoint' },
          { label: 'Calls', align: 'right' },
          { label: 'vs last week', align: 'right' },
        ],
        data.topEndpoints.map((row) => [
          row.key,
          formatCount(row.current),
          formatChange(row.current, row.previous).text,
        ]),
      ),
    );
  }
  if (data.countries.length > 0) {
    const total = data.countries.reduce((sum, row) => sum + row.current, 0);
    tables.push(
      table(
        'API calls by country',
        [
          { label: 'Country' },
          { label: 'Calls', align: 'right' },
          { label: 'Share', align: 'right' },
        ],
        data.countries.map((row) => [
          countryName(row.key),
          formatCount(row.current),
          formatRate(total > 0 ? row.current / total : null, 1),
        ]),
      ),
    );
  }
  return section('usage', 'Usage', {
    kpiRows: kpiRows([
      kpi(
        'Daily active users',
        formatAverage(data.dau.current),
        data.dau,
        'up-good',
        `average per day, was ${formatAverage(data.dau.previous)}`,
      ),
      countKpi('Weekly active users', data.wau, 'up-good'),
      countKpi('Monthly active users', data.mau, 'up-good'),
      countKpi('API calls', data.apiCalls, 'neutral'),
      countKpi('Events ingested', data.eventsIngested, 'neutral'),
    ]),
    chart,
    tables,
    notes:
      data.countries.length > 0 ? [] : ['Calls by country: the gateway knows no countries yet.'],
  });
}

function trafficView(traffic: Section<TrafficSection>, chart: ChartView | null): SectionView {
  if (!traffic.available) return unavailable('traffic', 'Traffic health');
  const { health, alerts } = traffic.data;
  const kpis: KpiView[] = [];
  const tables: TableView[] = [];
  const notes: string[] = [];
  if (health.available) {
    kpis.push(
      countKpi('Critical events', health.data.critical, 'down-good'),
      countKpi('Warning events', health.data.warning, 'down-good'),
      kpi(
        'Business impact',
        formatSigned(health.data.impact.current),
        null,
        'up-good',
        `was ${formatSigned(health.data.impact.previous)}`,
      ),
    );
    if (health.data.worst.length > 0) {
      tables.push(
        table(
          'Worst events at the end of the week',
          [
            { label: 'Event id' },
            { label: 'Status' },
            { label: 'Change', align: 'right' },
            { label: 'Impact', align: 'right' },
          ],
          health.data.worst.map((event) => [
            event.eventId,
            event.status,
            event.changePct === null
              ? 'n/a'
              : `${event.changePct > 0 ? '+' : '\u2212'}${Math.abs(event.changePct).toFixed(1)}%`,
            event.impact === null ? 'n/a' : formatSigned(event.impact),
          ]),
        ),
      );
    }
    notes.push(
      'Event health as judged at the end of each week (its last complete day against the baseline).',
    );
  } else {
    notes.push('No traffic health data yet.');
  }
  if (alerts.available) {
    kpis.push(
      countKpi('Alerts raised', alerts.data.raised, 'down-good'),
      countKpi('Alerts resolved', alerts.data.resolved, 'neutral'),
      {
        label: 'Median time to resolve',
        value: formatDuration(alerts.data.medianTimeToResolveMs.current),
        change: null,
        hint: `was ${formatDuration(alerts.data.medianTimeToResolveMs.previous)}`,
      },
    );
  } else {
    notes.push('No alert data yet.');
  }
  return section('traffic', 'Traffic health', {
    kpiRows: kpiRows(kpis),
    chart,
    tables,
    notes,
  });
}

function reliabilityView(
  reliability: Section<ReliabilitySection>,
  chart: ChartView | null,
): SectionView {
  if (!reliability.available) return unavailable('reliability', 'Reliability');
  const data = reliability.data;
  const kpis: KpiView[] = [
    {
      label: 'Error rate',
      value: formatRate(data.errorRate.current),
      change: changeView(
        formatRateChange(data.errorRate.current, data.errorRate.previous, 'down-good'),
      ),
      hint: `was ${formatRate(data.errorRate.previous)}`,
    },
    countKpi('Requests', data.requests, 'neutral'),
    countKpi('Errors', data.errors, 'down-good'),
  ];
  if (data.forecast) {
    const forecast = data.forecast;
    kpis.push({
      label: 'Next week forecast',
      value: `${formatCount(forecast.expected)} requests`,
      change: null,
      hint: `${formatCount(forecast.lower)}\u2013${formatCount(forecast.upper)}, ${formatRate(forecast.confidence, 0)} interval`,
    });
  }
  const tables: TableView[] = [];
  if (data.topErrors.length > 0) {
    tables.push(
      table(
        'Top errors by frequency',
        [{ label: 'Error' }, { label: 'Service' }, { label: 'Count', align: 'right' }],
        data.topErrors.map((error) => [error.error, error.service, formatCount(error.count)]),
      ),
    );
  }
  if (data.slos.length > 0) {
    tables.push(
      table(
        'SLOs',
        [
          { label: 'SLO' },
          { label: 'Objective', align: 'right' },
          { label: 'Attained', align: 'right' },
          { label: 'Budget left', align: 'right' },
          { label: 'Status' },
        ],
        data.slos.map((slo) => [
          `${slo.name} (${slo.service})`,
          formatRate(slo.objective, objectiveDigits(slo.objective)),
          formatRate(slo.attained, Math.max(2, objectiveDigits(slo.objective) + 1)),
          formatRate(slo.errorBudgetRemaining, 0),
          slo.state,
        ]),
      ),
    );
  }
  return section('reliability', 'Reliability', {
    kpiRows: kpiRows(kpis),
    chart,
    tables,
    notes: data.forecast ? [] : ['Next week forecast: not enough history yet.'],
  });
}

function roadmapView(roadmap: Section<RoadmapSection>, chart: ChartView | null): SectionView {
  if (!roadmap.available) return unavailable('roadmap', 'Roadmap');
  const data = roadmap.data;
  const entries = (items: RoadmapSection['completedItems']): string[][] =>
    items.map((item) => [item.title, item.owner ?? '\u2014', item.due ?? '\u2014']);
  const tables: TableView[] = [];
  const columns = [
    { label: 'Item' },
    { label: 'Owner' },
    { label: 'Due', align: 'right' as const },
  ];
  if (data.completedItems.length > 0) {
    tables.push(table('Completed this week', columns, entries(data.completedItems)));
  }
  if (data.blockedItems.length > 0) {
    tables.push(table('Blocked', columns, entries(data.blockedItems)));
  }
  if (data.inProgressItems.length > 0) {
    tables.push(table('In progress', columns, entries(data.inProgressItems)));
  }
  return section('roadmap', 'Roadmap', {
    kpiRows: kpiRows([
      countKpi('Completed', data.completed, 'up-good'),
      kpi('In progress', formatCount(data.inProgress), null, 'neutral'),
      kpi('Blocked', formatCount(data.blocked), null, 'down-good'),
      kpi(
        'Velocity',
        `${formatAverage(data.averageVelocity)} / week`,
        null,
        'neutral',
        `average of the last ${data.velocity.length} weeks`,
      ),
    ]),
    chart,
    tables,
  });
}

/** 99.9% needs one decimal to read right, 99% none. */
function objectiveDigits(objective: number): number {
  const percent = objective * 100;
  for (let digits = 0; digits < 3; digits += 1) {
    if (Math.abs(Number(percent.toFixed(digits)) - percent) < 1e-9) return digits;
  }
  return 3;
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(code: string): string {
  try {
    return `${regionNames.of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
}
