import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import path from 'node:path';

/**
 * OpenTelemetry traces, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set (OTLP over HTTP, e.g. a collector at
 * `http://otel-collector:4318`): a span per HTTP request, per GraphQL resolver and per SQL statement. Imported first
 * by both entry points, before `pg` and `graphql` are loaded, so their instrumentations can wrap them. The standard
 * OTEL_* variables (service name, sampler, headers) apply; the service name defaults to the entry point.
 */
function startTracing(): NodeSDK | null {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  process.env.OTEL_SERVICE_NAME ??= `virtual-group-${path.basename(process.argv[1] ?? 'api', '.js') === 'worker' ? 'worker' : 'api'}`;
  const sdk = new NodeSDK({
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => request.url === '/metrics' }),
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      // Statements only: bound values may be tax figures, so they never reach a span.
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  // Spans still buffered are sent before the process exits (SIGTERM drain ends in process.exit).
  process.once('beforeExit', () => void sdk.shutdown());
  return sdk;
}

export const tracing = startTracing();
