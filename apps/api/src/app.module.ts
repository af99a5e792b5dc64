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

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            dataSourceOptions(
              databaseUrl,
              {},
              { statementTimeoutMs: config.statementTimeoutMs, connectTimeoutMs: config.databaseConnectTimeoutMs },
            ),
          // Each connection is told its caller's scope at checkout: row-level security's backstop.
          dataSourceFactory: async (options) => scopeConnections(await new DataSource(options!).initialize()),
        }),
        GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, ...graphqlOptions(config, logger) }),
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
      controllers: [HealthController],
    };
  }
}
