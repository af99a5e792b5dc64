import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface ComposeService {
  command?: string[];
  build?: { dockerfile?: string };
  deploy?: { replicas?: number };
  environment?: Record<string, string>;
}

const compose = parse(read('docker/compose.yaml'), { merge: true }) as { services: Record<string, ComposeService> };
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const dockerfile = read('docker/Dockerfile');
const ownServices = Object.entries(compose.services).filter(([, service]) => service.build);

describe('docker/compose.yaml runs the fleet', () => {
  it('has PostgreSQL, Redis, two api replicas, two workers and Prometheus', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'prometheus', 'redis', 'worker']);
    expect(compose.services.api.deploy?.replicas).toBe(2);
    expect(compose.services.worker.deploy?.replicas).toBe(2);
    // The api replicas only send jobs; the workers run them.
    expect(compose.services.api.environment?.JOB_WORKERS).toBe('false');
    expect(compose.services.worker.environment?.JOB_WORKERS).toBeUndefined();
  });

  it.each(ownServices)('%s runs a package.json script whose entry point the Dockerfile builds', (_, service) => {
    expect(service.build?.dockerfile).toBe('docker/Dockerfile');
    const [npm, run, ...rest] = service.command ?? [];
    expect([npm, run]).toEqual(['npm', 'run']);
    const script = rest.filter((word) => !word.startsWith('-'));
    expect(script).toHaveLength(1);
    const body = scripts[script[0]];
    expect(body).toBeDefined();
    // A production script runs compiled code only: no build step, no hook that would need the dev dependencies.
    expect(scripts[`pre${script[0]}`]).toBeUndefined();
    const entry = /node [^&|;]*?(dist\/(\S+)\.js)/.exec(body);
    expect(entry).not.toBeNull();
    const source = `${entry![2].replace(/^dist\//, '')}.ts`;
    expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
    // The build stage copies the sources of that entry and compiles them with `npm run build`, which takes `apps`.
    expect(dockerfile).toContain(`COPY ${source.split('/')[0]} ./${source.split('/')[0]}`);
    expect(dockerfile).toMatch(/RUN npm run build\b/);
    expect(scripts.build).toMatch(/swc apps libs /);
  });

  it('has Prometheus scrape the api and the worker on the ports they serve metrics on', () => {
    const prometheus = parse(read('docker/prometheus.yml')) as {
      scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[];
    };
    const targets = Object.fromEntries(
      prometheus.scrape_configs.map((config) => [config.dns_sd_configs[0].names[0], config.dns_sd_configs[0].port]),
    );
    expect(targets).toEqual({ api: 3000, worker: Number(compose.services.worker.environment?.METRICS_PORT) });
  });
});
