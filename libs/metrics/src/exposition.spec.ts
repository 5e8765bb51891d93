import { Counter, Histogram, Registry } from 'prom-client';
import { histogramChunks, renderMetrics as renderChunks } from './exposition';

const renderMetrics = async (registry: Registry) =>
  Buffer.concat(await renderChunks(registry)).toString('utf8');

describe('renderMetrics', () => {
  function populated(): Registry {
    const registry = new Registry();
    const histogram = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration with a "quote", a back\\slash\nand a newline.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 1, 3, 5, 7, 10],
      registers: [registry],
    });
    histogram.observe({ method: 'GET', route: '/api/v1/items/:id', status_code: '200' }, 0.004);
    histogram.observe({ route: '/x', method: 'POST', status_code: '500' }, 12);
    histogram.observe({ method: 'GET', route: 'we"ird\\route\nname', status_code: '404' }, 0.3);
    histogram.observe({ method: 'GET', route: '/api/v1/items/:id', status_code: '200' }, 0.05);
    const unlabelled = new Histogram({
      name: 'job_seconds',
      help: 'h',
      buckets: [1, 2],
      registers: [registry],
    });
    unlabelled.observe(1.5);
    new Histogram({
      name: 'empty_seconds',
      help: 'never observed',
      labelNames: ['a'],
      registers: [registry],
    });
    const counter = new Counter({
      name: 'things_total',
      help: 'c',
      labelNames: ['k'],
      registers: [registry],
    });
    counter.inc({ k: 'v' }, 3);
    return registry;
  }

  it("is byte-identical to prom-client's exposition", async () => {
    const registry = populated();
    await expect(renderMetrics(registry)).resolves.toBe(await registry.metrics());
  });

  it('renders again the series that changed since the previous scrape, and only those', async () => {
    const registry = populated();
    await renderMetrics(registry);
    const histogram = registry.getSingleMetric('http_request_duration_seconds') as Histogram;
    histogram.observe({ method: 'GET', route: '/api/v1/items/:id', status_code: '200' }, 2);
    histogram.observe({ method: 'DELETE', route: '/new', status_code: '204' }, 0.02);
    await expect(renderMetrics(registry)).resolves.toBe(await registry.metrics());
    histogram.reset();
    histogram.observe({ method: 'GET', route: '/api/v1/items/:id', status_code: '200' }, 0.001);
    await expect(renderMetrics(registry)).resolves.toBe(await registry.metrics());
  });

  it('falls back to prom-client for what it does not render itself', async () => {
    const registry = new Registry();
    const withCollect = new Histogram({
      name: 'collected_seconds',
      help: 'h',
      registers: [registry],
      collect: () => undefined,
    });
    withCollect.observe(0.2);
    expect(histogramChunks(withCollect)).toBeUndefined();
    registry.setDefaultLabels({ instance: 'a' });
    await expect(renderMetrics(registry)).resolves.toBe(await registry.metrics());
  });
});
