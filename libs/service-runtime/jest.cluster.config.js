// The revisioned cache's and the locks' integration specs again, on a real 3-master Redis Cluster.
const { redisClusterJestConfig } = require('../../jest.cluster-preset');
const projectConfig = require('./jest.config');

module.exports = redisClusterJestConfig(projectConfig, [
  'src/cache/revisioned-cache.int-spec.ts',
  'src/locks/redis-locks.int-spec.ts',
]);
