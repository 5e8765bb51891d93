import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The documentation keeps up with the code: every environment variable the code reads is documented,
 * and every relative link between the docs (file and #anchor) resolves.
 */
const ROOT = resolve(__dirname, '..');

function files(dir: string, match: RegExp, skip = /node_modules|dist/): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (skip.test(entry.name)) continue;
    if (entry.isDirectory()) out.push(...files(full, match, skip));
    else if (match.test(entry.name)) out.push(full);
  }
  return out;
}

const docs = [join(ROOT, 'README.md'), ...files(join(ROOT, 'docs'), /\.md$/)];

/** Names the code reads: the validated configuration, plus every direct process.env read. */
function variablesReadByCode(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (name: string, file: string) => {
    if (!found.has(name)) found.set(name, relative(ROOT, file));
  };
  for (const file of files(join(ROOT, 'libs/config/src'), /\.ts$/)) {
    if (file.endsWith('.spec.ts')) continue;
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/read\.\w+\(\s*'([A-Z][A-Z0-9_]*)'/g)) add(m[1], file);
    for (const m of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)) add(m[1], file);
  }
  const code = ['apps', 'libs', 'test', 'scripts', 'bin'].flatMap((dir) =>
    files(join(ROOT, dir), /\.(ts|js)$/),
  );
  for (const file of code) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g)) {
      add(m[1] ?? m[2], file);
    }
  }
  for (const file of files(join(ROOT, 'scripts'), /\.sh$/)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\$\{([A-Z][A-Z0-9_]*):-/g)) add(m[1], file);
  }
  for (const system of ['PATH', 'HOME', 'TZ']) found.delete(system);
  return found;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, duplicates numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const base = heading[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

function links(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) continue;
    for (const m of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) out.push(m[1]);
  }
  return out;
}

describe('documentation', () => {
  const documented = docs.map((file) => readFileSync(file, 'utf8')).join('\n');

  it('documents every environment variable the code reads', () => {
    const variables = variablesReadByCode();
    expect(variables.size).toBeGreaterThan(60); // the scan finds the configuration
    const missing = [...variables]
      .filter(([name]) => !documented.includes(`\`${name}\``))
      .map(([name, file]) => `${name} (read in ${file})`);
    expect(missing).toEqual([]);
  });

  it('has relative links and anchors that resolve', () => {
    const broken: string[] = [];
    for (const file of docs) {
      for (const link of links(readFileSync(file, 'utf8'))) {
        if (/^[a-z]+:/i.test(link)) continue; // http(s), mailto: not checked here
        const [path, anchor] = link.split('#');
        const target = path === '' ? file : resolve(dirname(file), path);
        const where = `${relative(ROOT, file)} → ${link}`;
        if (!existsSync(target)) {
          broken.push(`${where} (no such file)`);
          continue;
        }
        if (anchor && statSync(target).isFile() && target.endsWith('.md')) {
          if (!anchors(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${where} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('keeps the README a front door', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(180);
    expect(links(readme).filter((link) => link.startsWith('docs/')).length).toBeGreaterThan(10);
  });
});
