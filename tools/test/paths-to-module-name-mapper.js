// Turns tsconfig.base.json `paths` into jest's moduleNameMapper, so the aliases are declared once.
const fs = require('node:fs');
const path = require('node:path');

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function pathsToModuleNameMapper(tsconfigPath) {
  const { compilerOptions } = JSON.parse(fs.readFileSync(tsconfigPath, 'utf8'));
  const root = path.dirname(tsconfigPath);
  const mapper = {};
  for (const [alias, targets] of Object.entries(compilerOptions.paths ?? {})) {
    mapper[`^${escapeRegExp(alias)}$`] = path.join(root, targets[0]);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
