import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, CoreModule } from '@vg/core';
import { CapacityModule } from '@vg/capacity';
import { FirmsModule } from '@vg/firms';
import { IdentityModule } from '@vg/identity';
import { MatchingModule } from '@vg/matching';
import { OrdersModule } from '@vg/orders';
import { ParksModule } from '@vg/parks';
import { Logger } from 'pino';
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
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl)),
        GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, ...graphqlOptions(config, logger) }),
        IdentityModule,
        ParksModule,
        FirmsModule,
        CapacityModule,
        OrdersModule,
        MatchingModule,
      ],
      controllers: [HealthController],
    };
  }
}
