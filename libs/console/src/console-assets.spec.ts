import { gunzipSync } from 'node:zlib';
import { ConsoleAssets } from './console-assets';

describe('ConsoleAssets', () => {
  const sources = [
    { name: 'app.js', text: "import { x } from './core.js';\nimport './side.js';\nx();\n" },
    { name: 'core.js', text: 'export const x = () => 1;\n' },
    { name: 'side.js', text: 'export {};\n' },
    { name: 'console.css', text: 'body { margin: 0; }\n' },
  ];

  it('serves each file under a content-hashed name and rewrites imports to the hashed names', () => {
    const assets = new ConsoleAssets(sources);
    const core = assets.url('core.js');
    expect(core).toMatch(/^\/console\/assets\/core\.[0-9a-f]{10}\.js$/);
    const app = assets.get(assets.url('app.js').split('/').pop()!)!;
    expect(app.contentType).toBe('text/javascript; charset=utf-8');
    expect(app.body.toString()).toContain(`from './${core.split('/').pop()}'`);
    expect(app.body.toString()).toContain(`import './${assets.url('side.js').split('/').pop()}'`);
    expect(gunzipSync(app.gzipped).equals(app.body)).toBe(true);
    expect(assets.get('core.js')).toBeUndefined();
  });

  it('gives an importer a new hash when only what it imports changed', () => {
    const before = new ConsoleAssets(sources).url('app.js');
    const changed = sources.map((s) =>
      s.name === 'core.js' ? { ...s, text: 'export const x = () => 2;\n' } : s,
    );
    expect(new ConsoleAssets(changed).url('app.js')).not.toBe(before);
  });

  it('refuses an import of a missing module and circular imports', () => {
    expect(() => new ConsoleAssets([{ name: 'a.js', text: "import './b.js';" }])).toThrow(
      /unresolved or circular/,
    );
    expect(
      () =>
        new ConsoleAssets([
          { name: 'a.js', text: "import './b.js';" },
          { name: 'b.js', text: "import './a.js';" },
        ]),
    ).toThrow(/a\.js, b\.js/);
  });

  it('loads the real console files and uPlot', () => {
    const assets = ConsoleAssets.load();
    for (const name of ['app.js', 'console.css', 'uPlot.iife.min.js', 'uPlot.min.css']) {
      expect(assets.url(name)).toMatch(/\.[0-9a-f]{10}\.(js|css)$/);
    }
  });
});
