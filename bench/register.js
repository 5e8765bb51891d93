// Lets benchmarks run straight from TypeScript: `node -r ./bench/register.js bench/<name>.bench.ts`.
// Transpiles with the installed TypeScript (no type-check: CI type-checks) and resolves @app/* paths.
const ts = require('typescript');
const fs = require('node:fs');
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const root = path.resolve(__dirname, '..');
const { compilerOptions } = require(path.join(root, 'tsconfig.json'));

tsconfigPaths.register({ baseUrl: root, paths: compilerOptions.paths });

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
      sourceMap: false,
    },
  });
  module._compile(outputText, filename);
};
