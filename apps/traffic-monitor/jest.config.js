const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'traffic-monitor', rootDir: __dirname };
