const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'telemetry', rootDir: __dirname };
