// Writes each jest run's counts to reports/jest/<project>.json, so `npm test` can print one
// total for all the projects that `nx run-many -t test` ran in separate jest processes.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

class TotalsReporter {
  /** `suffix` tells a second run of one project (e.g. its Redis Cluster run) from the first. */
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir;
    this.suffix = options.suffix ?? '';
  }

  onRunComplete(_contexts, results) {
    const project =
      (path.relative(root, this.rootDir).replace(/[\\/]/g, '__') || 'root') + this.suffix;
    const dir = path.join(root, 'reports', 'jest');
    fs.mkdirSync(dir, { recursive: true });
    const totals = {
      project,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
      // A suite that cannot even load has no failed test, but it has failed.
      brokenSuites: results.numRuntimeErrorTestSuites,
    };
    fs.writeFileSync(path.join(dir, `${project}.json`), `${JSON.stringify(totals, null, 2)}\n`);
  }
}

module.exports = TotalsReporter;
