// The transport's integration specs again, against a real 3-master Redis Cluster.
const { redisClusterJestConfig } = require('../../jest.cluster-preset');
const projectConfig = require('./jest.config');

module.exports = redisClusterJestConfig(projectConfig, [
  'test/two-replicas.int-spec.ts',
  'test/envelope.int-spec.ts',
  'test/broadcast.int-spec.ts',
  'test/idempotency.int-spec.ts',
  'test/replica-killed.int-spec.ts',
  'test/no-replica.int-spec.ts',
  'test/graceful-close.int-spec.ts',
  'test/stream-trimming.int-spec.ts',
]);
