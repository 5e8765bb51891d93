#!/usr/bin/env node
// `pulse` (npx pulse …): the CLI from dist/, built first when missing or older than the sources.
require('../scripts/ensure-build.js').ensureBuild();
require('../dist/apps/cli/src/main.js');
