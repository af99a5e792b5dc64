import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@vg/audit';
import { AppConfig, CoreModule, scopeConnections } from '@vg/core';
import { CapacityModule } from '@vg/capacity';
import { CockpitModule } from '@vg/cockpit';
import { EvaluationModule } from '@vg/evaluation';
import { FirmsModule } from '@vg/firms';
import { GroupsModule } from '@vg/groups';
import { IdentityModule } from '@vg/identity';
import { JobsModule } from '@vg/jobs';
import { MatchingModule } from '@vg/matching';
import { NotificationsModule } from '@vg/notifications';
import { OrdersModule } from '@vg/orders';
import { OutputModule } from '@vg/output';
import { ParksModule } from '@vg/parks';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './database/data-source-options';
import { graphqlOptions } from './graphql/graphql-options';
import { HealthController } from './health/health.controller';
import { jobQueueOptions } from './jobs/job-queue-options';
import { MetricsController } from './metrics/metrics.controller';

/**
 * `api` serves GraphQL and HTTP and, unless JOB_WORKERS=false, runs a worker in-process; `worker` (npm run worker)
 * runs the same libs without GraphQL or routes, taking jobs only.
 */
export type ProcessRole = 'api' | 'worker';

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    urls: { owner: string; api: string },
    logger: Logger,
    role: ProcessRole = 'api',
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            dataSourceOptions(
              urls.api,
              {},
              { statementTimeoutMs: config.statementTimeoutMs, connectTimeoutMs: config.databaseConnectTimeoutMs },
            ),
          // Each connection is told its caller's scope at checkout: row-level security's backstop.
          dataSourceFactory: async (options) => scopeConnections(await new DataSource(options!).initialize()),
        }),
        // The queue keeps its own schema, as the tables' owner; it grants the api's role what sending needs.
        JobsModule.forRoot(jobQueueOptions(urls.owner, process.env, { runWorkers: true })),
        ...(role === 'api'
          ? [GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, ...graphqlOptions(config, logger) })]
          : []),
        IdentityModule,
        ParksModule,
        FirmsModule,
        GroupsModule,
        CapacityModule,
        OrdersModule,
        MatchingModule,
        OutputModule,
        EvaluationModule,
        CockpitModule,
        AuditModule,
        NotificationsModule,
      ],
      controllers: role === 'api' ? [HealthController, MetricsController] : [],
    };
  }
}
