// Shared jest settings for every project: SWC transpiles TypeScript (type checking is the
// `typecheck` target's job) and keeps decorator metadata, which Nest's injector needs.
const path = require('node:path');
const { pathsToModuleNameMapper } = require('./tools/test/paths-to-module-name-mapper');

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swcOptions] },
  // Nest 12 (and content-disposition, used by @fastify/static, and cookie, used by Fastify's
  // inject) ship ES modules only; SWC turns them into CommonJS for jest's module registry.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|content-disposition|cookie)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(path.join(__dirname, 'tsconfig.base.json')),
  testMatch: ['**/?(*.)+(spec|int-spec).ts'],
  globalSetup: path.join(__dirname, 'tools/test/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'tools/test/global-teardown.ts'),
  reporters: ['default', path.join(__dirname, 'tools/test/totals-reporter.js')],
  testTimeout: 30000,
};
