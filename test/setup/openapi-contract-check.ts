import { takeContractViolations } from '../utils/openapi-contract';

// Every response of the shared test app is checked against the OpenAPI document (test/utils/test-app.ts);
// a test whose requests got a response the document does not describe fails here.
afterEach(() => {
  const violations = takeContractViolations();
  if (violations.length > 0) {
    throw new Error(
      `Responses the OpenAPI document does not describe:\n${[...new Set(violations)].join('\n')}`,
    );
  }
});
