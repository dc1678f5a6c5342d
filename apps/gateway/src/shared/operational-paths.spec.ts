import { isOperationalPath, isProbeOrScrapePath } from './operational-paths';

describe('probe and scrape paths', () => {
  it.each(['/health/live', '/health/ready', '/health', '/metrics', '/health/live?probe=1'])(
    '%s is a probe or the scrape, and operational',
    (path) => {
      expect(isProbeOrScrapePath(path)).toBe(true);
      expect(isOperationalPath(path)).toBe(true);
    },
  );

  it.each(['/docs', '/docs-json', '/api/v1/metrics', '/healthy', '/metrics/x', '/api/v1/health'])(
    '%s is not',
    (path) => {
      expect(isProbeOrScrapePath(path)).toBe(false);
    },
  );
});
