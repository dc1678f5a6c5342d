import {
  acceptedCountOf,
  countryFrom,
  endpointOf,
  INGEST_ENDPOINT,
  isRecordedRoute,
} from './usage-request';

describe('usage of a request', () => {
  it('names the endpoint by method and route template', () => {
    expect(endpointOf('get', '/api/v1/rad-sets/:id')).toBe('GET /api/v1/rad-sets/:id');
    expect(endpointOf('POST', '/api/v1/traffic/events')).toBe(INGEST_ENDPOINT);
  });

  it.each(['/health/live', '/health/ready', '/metrics', '/docs', '/docs-json', '/ws'])(
    'does not record %s',
    (route) => {
      expect(isRecordedRoute(route)).toBe(false);
    },
  );

  it.each(['/api/v1/rad-sets', '/api/v1/org/members/:userId', '/api/v1/metrics'])(
    'records %s',
    (route) => {
      expect(isRecordedRoute(route)).toBe(true);
    },
  );

  it.each([
    ['de', 'DE'],
    [' US ', 'US'],
  ])('takes the country %j as %s', (header, country) => {
    expect(countryFrom(header)).toBe(country);
  });

  it.each([undefined, '', 'XX', 'T1', 'DEU', 'Germany', ['DE', 'FR']])(
    'takes no country from %j',
    (header) => {
      expect(countryFrom(header)).toBeUndefined();
    },
  );

  it('reads the accepted count of an ingest answer, within the contract’s bound', () => {
    expect(acceptedCountOf({ accepted: 42, rejected: 1, errors: [] })).toBe(42);
    expect(acceptedCountOf({ accepted: 5_000_000 })).toBe(1_000_000);
    expect(acceptedCountOf({ accepted: -1 })).toBeUndefined();
    expect(acceptedCountOf({ accepted: '3' })).toBeUndefined();
    expect(acceptedCountOf(null)).toBeUndefined();
  });
});
