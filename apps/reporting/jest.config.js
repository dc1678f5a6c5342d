const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'reporting', rootDir: __dirname };
