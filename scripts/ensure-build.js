// Builds only when dist/ is missing or older than a source file, so `npm start` and `npx pulse` start
// at once on a current build (a full build takes ~30 s here; an incremental one a few seconds).
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const SOURCES = ['apps', 'libs', 'migrations'];
const FILES = ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (
        (entry.name.endsWith('.ts') && !/\.(spec|e2e-spec)\.ts$/.test(entry.name)) ||
        full.includes(`${path.sep}assets${path.sep}`) // the console's static files are copied by the build
      ) {
        newest = Math.max(newest, fs.statSync(full).mtimeMs);
      }
    }
  };
  for (const dir of SOURCES) visit(path.join(root, dir));
  for (const file of FILES) newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  return newest;
}

function ensureBuild() {
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (built >= newestSource()) return;
  const started = Date.now();
  process.stderr.write(built === 0 ? 'Building Pulse (first run)…\n' : 'Sources changed: rebuilding…\n');
  // stdout stays clean for what the command prints (a key, a report line).
  execSync('npm run build --silent', { cwd: root, stdio: ['ignore', 2, 2] });
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
  process.stderr.write(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

module.exports = { ensureBuild };
if (require.main === module) ensureBuild();
