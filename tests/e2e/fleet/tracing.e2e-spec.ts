import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createTestDatabase } from '../../setup/test-database';
import { buildApi, removeBuild } from '../faults/api-process';
import { FleetProcess, fleetEnvironment, startFleetProcess } from './fleet-processes';

interface OtlpSpan {
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

/** A local OTLP/HTTP receiver: keeps every JSON export POSTed to /v1/traces. */
async function startReceiver() {
  const exports: OtlpExport[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const spans = () =>
    exports.flatMap((batch) =>
      (batch.resourceSpans ?? []).flatMap((resource) =>
        (resource.scopeSpans ?? []).flatMap((scope) =>
          (scope.spans ?? []).map((span) => ({
            ...span,
            service: resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue,
          })),
        ),
      ),
    );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const attribute = (span: OtlpSpan, key: string) => span.attributes?.find((a) => a.key === key)?.value;

describe('OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  let build: string;
  let api: FleetProcess | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    build = buildApi();
    receiver = await startReceiver();
    api = await startFleetProcess(build, 'api', 'api', {
      ...fleetEnvironment(await createTestDatabase()),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
  }, 180_000);

  afterAll(async () => {
    await api?.stop('SIGKILL');
    await receiver?.close();
    if (build) removeBuild(build);
  });

  it('exports a span per resolver and per SQL statement of a request', async () => {
    const response = await fetch(`${api!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
        variables: { input: { email: 'nobody@vg.test', password: 'not-the-password' } },
      }),
    });
    expect(response.status).toBe(200);
    const deadline = Date.now() + 30_000;
    const resolverSpan = () =>
      receiver.spans().find((span) => attribute(span, 'graphql.field.name')?.stringValue === 'login');
    const sqlSpan = () =>
      receiver
        .spans()
        .find((span) =>
          ['db.system', 'db.system.name'].some((key) => attribute(span, key)?.stringValue === 'postgresql'),
        );
    while (!(resolverSpan() && sqlSpan()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(resolverSpan()).toMatchObject({ service: 'virtual-group-api' });
    expect(sqlSpan()).toBeDefined();
    // Statements, never their bound values (the password above must not travel).
    expect(JSON.stringify(receiver.spans())).not.toContain('not-the-password');
  }, 60_000);
});
