#!/usr/bin/env node
require('../dist/main.cjs'); // eslint-disable-line no-undef, @typescript-eslint/no-require-imports -- CommonJS (bin/package.json), so no ESM loader
