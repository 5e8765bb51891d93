// Lints an OpenAPI document read from stdin with Redocly's recommended rules; prints problems as JSON.
// Used by test/openapi.e2e-spec.ts (@redocly/openapi-core is ESM-only, Jest here is CommonJS).
import { createConfig, lintFromString } from '@redocly/openapi-core';

let source = '';
for await (const chunk of process.stdin) source += chunk;
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
process.stdout.write(
  JSON.stringify(
    problems.map((problem) => ({
      severity: problem.severity,
      rule: problem.ruleId,
      message: problem.message,
      at: problem.location?.[0]?.pointer,
    })),
  ),
);
