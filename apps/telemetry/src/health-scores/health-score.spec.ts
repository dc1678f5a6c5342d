import {
  cpuScore,
  DEFAULT_HEALTH_WEIGHTS,
  errorScore,
  gradeOf,
  healthScore,
  type HealthInputs,
  latencyScore,
  memoryScore,
  parseHealthWeights,
  statusOf,
  trafficScore,
} from './health-score';

const targets = { latencyTargetMs: 300, memoryLimitBytes: 1000 };
const perfect: HealthInputs = {
  latencyP95Ms: 100,
  errorRate: 0,
  cpuUtilisation: 0.1,
  rssBytes: 100,
  trafficDeviation: 0,
};

describe('grade bands', () => {
  it.each([
    [100, 'A+'],
    [97, 'A+'],
    [96.9, 'A'],
    [93, 'A'],
    [92.9, 'A-'],
    [90, 'A-'],
    [89.9, 'B+'],
    [87, 'B+'],
    [86.9, 'B'],
    [83, 'B'],
    [82.9, 'B-'],
    [80, 'B-'],
    [79.9, 'C+'],
    [77, 'C+'],
    [76.9, 'C'],
    [73, 'C'],
    [72.9, 'C-'],
    [70, 'C-'],
    [69.9, 'D'],
    [60, 'D'],
    [59.9, 'F'],
    [0, 'F'],
  ])('grades %d as %s', (score, grade) => {
    expect(gradeOf(score)).toBe(grade);
  });
});

describe('status bands', () => {
  it.each([
    [80, 'healthy'],
    [79.9, 'degraded'],
    [60, 'degraded'],
    [59.9, 'critical'],
    [0, 'critical'],
  ] as const)('calls %d %s', (score, status) => {
    expect(statusOf(score)).toBe(status);
  });

  it('is unknown without a score', () => {
    expect(statusOf(null)).toBe('unknown');
  });
});

describe('component curves', () => {
  it('scores latency 100 at the target, 50 at twice it, 0 at three times', () => {
    expect(latencyScore(300, 300)).toBe(100);
    expect(latencyScore(600, 300)).toBe(50);
    expect(latencyScore(900, 300)).toBe(0);
  });

  it('scores errors log-linearly: 0.1 % is 100, 1 % is 50, 10 % is 0', () => {
    expect(errorScore(0.001)).toBe(100);
    expect(errorScore(0.01)).toBeCloseTo(50, 9);
    expect(errorScore(0.1)).toBe(0);
  });

  it('scores cpu, memory and traffic at their edges', () => {
    expect(cpuScore(0.6)).toBe(100);
    expect(cpuScore(0.8)).toBeCloseTo(50, 9);
    expect(cpuScore(1)).toBe(0);
    expect(memoryScore(700, 1000)).toBe(100);
    expect(memoryScore(1000, 1000)).toBe(0);
    expect(trafficScore(0.25)).toBe(100);
    expect(trafficScore(1)).toBe(0);
  });
});

describe('healthScore', () => {
  it('is 100, A+, healthy when every component is perfect', () => {
    expect(healthScore(perfect, targets)).toMatchObject({
      score: 100,
      grade: 'A+',
      status: 'healthy',
    });
  });

  it('weights components: errors at 1 % cost 15 points with the default weights', () => {
    expect(healthScore({ ...perfect, errorRate: 0.01 }, targets).score).toBe(85);
  });

  it('reweights over the components with data', () => {
    const result = healthScore(
      { ...perfect, trafficDeviation: null, cpuUtilisation: null, errorRate: 0.1 },
      targets,
    );
    // latency 100 × 0.3, errors 0 × 0.3, memory 100 × 0.15, over 0.75.
    expect(result.score).toBe(60);
    expect(result).toMatchObject({ grade: 'D', status: 'degraded' });
    expect(result.components.find((c) => c.name === 'traffic')?.score).toBeNull();
  });

  it('is unknown with no data at all', () => {
    const none = {
      latencyP95Ms: null,
      errorRate: null,
      cpuUtilisation: null,
      rssBytes: null,
      trafficDeviation: null,
    };
    expect(healthScore(none, targets)).toMatchObject({
      score: null,
      grade: null,
      status: 'unknown',
    });
  });

  it('honours configured weights', () => {
    const weights = {
      ...DEFAULT_HEALTH_WEIGHTS,
      errors: 1,
      latency: 0,
      cpu: 0,
      memory: 0,
      traffic: 0,
    };
    expect(healthScore({ ...perfect, errorRate: 0.01 }, targets, weights).score).toBe(50);
  });
});

describe('parseHealthWeights', () => {
  it('keeps defaults for components left out', () => {
    expect(parseHealthWeights('errors=0.5')).toEqual({ ...DEFAULT_HEALTH_WEIGHTS, errors: 0.5 });
  });

  it('refuses weights summing to zero and malformed parts', () => {
    expect(() => parseHealthWeights('latency=0,errors=0,cpu=0,memory=0,traffic=0')).toThrow(
      'sum to more than 0',
    );
    expect(() => parseHealthWeights('disk=1')).toThrow('not <component>=<weight>');
  });
});
