// tsc keeps the repo layout under dist/apps/<app>/ (apps and libs side by side), so each app
// gets a stable entry point at dist/apps/<app>/main.js for `node`, Docker and `npm start`.
const fs = require('node:fs');
const path = require('node:path');

const app = process.argv[2];
if (!app) {
  console.error('usage: write-entry <app>');
  process.exit(1);
}
const outDir = path.join(__dirname, '..', '..', 'dist', 'apps', app);
const target = `./apps/${app}/src/main.js`;
if (!fs.existsSync(path.join(outDir, target))) {
  console.error(`write-entry: ${target} was not built under ${outDir}`);
  process.exit(1);
}
fs.writeFileSync(path.join(outDir, 'main.js'), `'use strict';\nrequire('${target}');\n`);
