import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { AppConfig, formatGraphqlError, weightedCostRule } from '@vg/core';
import { Logger } from 'pino';
import { httpStatusPlugin } from './http-status.plugin';
import { metricsPlugin } from './metrics.plugin';

/** Limits rejected before any resolver (and so any SQL) runs; tuned to our deepest real query. */
export const GRAPHQL_LIMITS = { maxDepth: 8, maxCost: 20000, maxAliases: 15, maxTokens: 2000, maxDirectives: 20 };

interface WsContext {
  connectionParams?: Record<string, unknown>;
  extra?: { request?: { socket?: { remoteAddress?: string } } };
}

/**
 * Apollo set-up. Introspection, the Sandbox landing page and field suggestions are on only in development,
 * decided here explicitly because Apollo's own defaults turn them on whenever NODE_ENV is unset.
 */
export function graphqlOptions(config: AppConfig, logger: Logger): ApolloDriverConfig {
  const development = config.nodeEnv === 'development';
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
    // The token limit is enforced by the parser below: armor's version throws inside parsing, which Apollo
    // answers with HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
    blockFieldSuggestion: { enabled: !development },
  }).protect();
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    introspection: development,
    parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens },
    playground: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    validationRules: [...armor.validationRules, weightedCostRule()],
    // Field resolvers pass the same guard (each declares its roles) and the same argument rules as operations.
    fieldResolverEnhancers: ['guards', 'interceptors'],
    // graphql-armor is typed against Apollo's ESM build and Nest against its CJS build: same objects, twin types.
    plugins: [
      ...armor.plugins,
      httpStatusPlugin(),
      metricsPlugin(),
      ...(development ? [ApolloServerPluginLandingPageLocalDefault({ embed: true })] : []),
    ] as unknown as ApolloDriverConfig['plugins'],
    stopOnApplicationShutdown: true,
    // Nest's own plugin forces 200 on every executed response; httpStatusPlugin decides instead (503 when the
    // database is unavailable, for clients that accept application/graphql-response+json).
    preserveHttpStatusForExecutionErrors: false,
    formatError: (formatted, error) =>
      formatGraphqlError(formatted, error, ({ original, path, unavailable }) => {
        // The original may carry SQL; log only its class, SQLSTATE and message, never bound parameters.
        const failure = original as { name?: string; code?: string; message?: string };
        const fields = { path, errorName: failure?.name, sqlState: failure?.code, message: failure?.message };
        if (unavailable) logger.warn(fields, 'database unavailable: answered SERVICE_UNAVAILABLE');
        else logger.error(fields, 'masked internal error');
      }),
    context: (context: { req?: unknown } & WsContext) => {
      if (context.req) return { req: context.req };
      const authorization = context.connectionParams?.authorization ?? context.connectionParams?.Authorization;
      return {
        req: {
          headers: typeof authorization === 'string' ? { authorization } : {},
          ip: context.extra?.request?.socket?.remoteAddress,
        },
      };
    },
    subscriptions: { 'graphql-ws': { path: '/graphql' } },
  };
}
