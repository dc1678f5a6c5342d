// The rate limiter's and abuse counters' integration specs again, on a real 3-master Redis Cluster.
const { redisClusterJestConfig } = require('../../jest.cluster-preset');
const projectConfig = require('./jest.config');

module.exports = redisClusterJestConfig(projectConfig, [
  'test/rate-limit-storage.int-spec.ts',
  'test/account-backoff.int-spec.ts',
]);
