const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'billing', rootDir: __dirname };
