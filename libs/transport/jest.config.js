const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'transport', rootDir: __dirname };
