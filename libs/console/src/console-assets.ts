import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ConsoleAsset {
  body: Buffer;
  /** Compressed once at start: what the page-weight budget (300 kB of gzipped JS) counts. */
  gzipped: Buffer;
  contentType: string;
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};
/** `from './x.js'` and `import './x.js'` between the console's own modules. */
const LOCAL_IMPORT = /(from\s+|import\s+)'\.\/([\w.-]+\.js)'/g;

/**
 * The console's static files, loaded once at start and served under content-hashed names
 * (`app.3f9c0a1b2c.js`), so they can be cached for a year: a changed file gets a new URL. Relative
 * imports between the modules are rewritten to the hashed names (leaves first), which makes the hash
 * of a module cover what it imports — no bundler needed.
 */
export class ConsoleAssets {
  private readonly byUrlName = new Map<string, ConsoleAsset>();
  private readonly urlNames = new Map<string, string>();

  constructor(sources: Array<{ name: string; text: string }>) {
    const pending = new Map(sources.map((source) => [source.name, source.text]));
    while (pending.size > 0) {
      const ready = [...pending].find(([, text]) =>
        [...text.matchAll(LOCAL_IMPORT)].every(([, , dep]) => this.urlNames.has(dep)),
      );
      if (!ready)
        throw new Error(
          `Console assets: unresolved or circular imports in ${[...pending.keys()].join(', ')}`,
        );
      const [name, text] = ready;
      pending.delete(name);
      this.add(
        name,
        text.replace(
          LOCAL_IMPORT,
          (_all, lead: string, dep: string) => `${lead}'./${this.urlNames.get(dep)}'`,
        ),
      );
    }
  }

  /** The assets of libs/console/assets plus uPlot from node_modules. */
  static load(dir = join(__dirname, '..', 'assets')): ConsoleAssets {
    const sources = readdirSync(dir)
      .filter((name) => /\.(js|css)$/.test(name))
      .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
    const uplot = require.resolve('uplot/dist/uPlot.iife.min.js');
    sources.push({ name: 'uPlot.iife.min.js', text: readFileSync(uplot, 'utf8') });
    sources.push({ name: 'uPlot.min.css', text: readFileSync(join(uplot, '..', 'uPlot.min.css'), 'utf8') });
    return new ConsoleAssets(sources);
  }

  /** `/console/assets/<hashed name>` of a source file name. */
  url(name: string): string {
    const urlName = this.urlNames.get(name);
    if (!urlName) throw new Error(`Unknown console asset ${name}`);
    return `/console/assets/${urlName}`;
  }

  get(urlName: string): ConsoleAsset | undefined {
    return this.byUrlName.get(urlName);
  }

  private add(name: string, text: string): void {
    const body = Buffer.from(text, 'utf8');
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    const dot = name.lastIndexOf('.');
    const urlName = `${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
    this.urlNames.set(name, urlName);
    this.byUrlName.set(urlName, {
      body,
      gzipped: gzipSync(body, { level: 9 }),
      contentType: TYPES[name.slice(dot + 1)] ?? 'application/octet-stream',
    });
  }
}
