import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { Public, RuntimeStatus } from '@vg/core';
import { DataSource } from 'typeorm';

@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly status: RuntimeStatus,
  ) {}

  /** Liveness: the process answers. */
  @Public()
  @Get()
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: 503 while shutting down or while the database does not answer within a second. A configured Redis
   * that is down leaves the replica ready (it serves everything; only cross-replica fan-out waits) and says so.
   */
  @Public()
  @Get('ready')
  async ready() {
    const redis = this.status.redis === 'off' ? {} : { redis: this.status.redis };
    if (this.status.draining) throw new ServiceUnavailableException({ status: 'draining', ...redis });
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1_000)),
      ]);
    } catch {
      throw new ServiceUnavailableException({ status: 'unavailable', database: 'down', ...redis });
    }
    return { status: this.status.redis === 'down' ? 'degraded' : 'ready', database: 'up', ...redis };
  }
}
