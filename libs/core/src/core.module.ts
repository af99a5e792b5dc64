import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { PubSub } from 'graphql-subscriptions';
import { AccessGuard, JwtStrategy } from './auth';
import { APP_CONFIG, AppConfig } from './config';
import { UnitOfWork } from './database';
import { EventBus, PUB_SUB, RedisPubSub } from './events';

/** The shared kernel every context uses: config, transactions, events, the deny-by-default guard. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [PassportModule],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: PUB_SUB,
          useFactory: async () => {
            if (!config.redisUrl) return new PubSub();
            const redis = new RedisPubSub(config.redisUrl);
            await redis.ready();
            return redis;
          },
        },
        EventBus,
        UnitOfWork,
        JwtStrategy,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [APP_CONFIG, PUB_SUB, EventBus, UnitOfWork],
    };
  }
}
