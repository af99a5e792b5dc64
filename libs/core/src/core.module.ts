import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { PubSub } from 'graphql-subscriptions';
import { AccessGuard, JwtStrategy } from './auth';
import { APP_CONFIG, AppConfig } from './config';
import { UnitOfWork } from './database';
import { EventBus, EventOutboxEntity, OutboxRelay, PUB_SUB, RedisPubSub } from './events';
import { RateLimitBucketEntity, RateLimitInterceptor } from './rate-limit';
import { RuntimeStatus } from './runtime';
import { Clock } from './time/clock';
import { ControlCharactersInterceptor } from './validation';

/** Tables the shared kernel itself owns. */
export const CORE_ENTITIES = [RateLimitBucketEntity, EventOutboxEntity];

/**
 * The shared kernel every context uses: config, transactions, events, the deny-by-default guard, and the rules
 * applied to every operation (control characters refused, then `@RateLimit`), in that order.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [PassportModule],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        RuntimeStatus,
        {
          provide: PUB_SUB,
          inject: [RuntimeStatus],
          // Not awaited: the api starts and serves without Redis, reporting it down until it answers.
          useFactory: (status: RuntimeStatus) => {
            if (!config.redisUrl) return new PubSub();
            status.redis = 'down';
            return new RedisPubSub(config.redisUrl, (up) => (status.redis = up ? 'up' : 'down'));
          },
        },
        EventBus,
        OutboxRelay,
        UnitOfWork,
        Clock,
        JwtStrategy,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: ControlCharactersInterceptor },
        { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor },
      ],
      exports: [APP_CONFIG, PUB_SUB, EventBus, OutboxRelay, UnitOfWork, RuntimeStatus, Clock],
    };
  }
}
