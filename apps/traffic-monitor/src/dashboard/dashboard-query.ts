import {
  type DashboardQueryDto,
  type DashboardRowDto,
  type DashboardSortColumn,
  HEALTH_STATUSES,
  type HealthStatus,
  UNKNOWN_RAD_SET,
} from '@vantage/contracts';

export interface RowPage {
  readonly items: DashboardRowDto[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 50;

/**
 * Filters, sorts and pages the health rows of an organisation in memory: the rows are computed
 * (and cached) as a whole, so a page costs a sort, not a database query.
 */
export function queryRows(rows: readonly DashboardRowDto[], query: DashboardQueryDto): RowPage {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const matching = rows.filter(rowFilter(query));
  matching.sort(rowComparator(query.sortBy ?? 'status', query.sortDir ?? 'asc'));
  return {
    items: matching.slice((page - 1) * pageSize, page * pageSize),
    total: matching.length,
    page,
    pageSize,
  };
}

function rowFilter(query: DashboardQueryDto): (row: DashboardRowDto) => boolean {
  const sets = query.radSets?.length ? new Set(query.radSets) : undefined;
  const statuses = query.statuses?.length ? new Set<HealthStatus>(query.statuses) : undefined;
  const search = query.search?.trim().toLowerCase() || undefined;
  return (row) =>
    (!sets || sets.has(row.radSetId ?? UNKNOWN_RAD_SET)) &&
    (!statuses || statuses.has(row.status)) &&
    (!search || row.eventId.toLowerCase().includes(search)) &&
    (!query.highVolumeOnly || row.highVolume);
}

type SortKey = (row: DashboardRowDto) => number | string | null;

const SEVERITY = new Map<HealthStatus, number>(
  HEALTH_STATUSES.map((status, rank) => [status, rank]),
);

const SORT_KEYS: Readonly<Record<DashboardSortColumn, SortKey>> = {
  eventId: (row) => row.eventId,
  radSet: (row) => row.radSet.toLowerCase(),
  current: (row) => row.current,
  baseline: (row) => row.baseline,
  changePct: (row) => row.changePct,
  z: (row) => row.z,
  status: (row) => SEVERITY.get(row.status) ?? HEALTH_STATUSES.length,
  impact: (row) => row.impact,
  eventsDelta: (row) => row.eventsDelta,
};

/** Empty values (unscored rows) go last in both directions; ties fall back to the event id. */
function rowComparator(
  column: DashboardSortColumn,
  direction: 'asc' | 'desc',
): (a: DashboardRowDto, b: DashboardRowDto) => number {
  const key = SORT_KEYS[column];
  const sign = direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const left = key(a);
    const right = key(b);
    if (left === null || right === null) {
      if (left !== right) return left === null ? 1 : -1;
    } else {
      const order = compare(left, right);
      if (order !== 0) return order * sign;
    }
    return compare(a.eventId, b.eventId);
  };
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
