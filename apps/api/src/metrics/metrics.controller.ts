import { Controller, Get, Header } from '@nestjs/common';
import { metricsRegistry, Public } from '@vg/core';
import { DataSource } from 'typeorm';
import { observeDatabasePool } from './database-pool';

/**
 * Prometheus scrapes `GET /metrics` (text exposition format). Public like /health: it carries counts and timings,
 * never ids, names or figures; keep the port inside the cluster network.
 */
@Controller('metrics')
export class MetricsController {
  constructor(dataSource: DataSource) {
    observeDatabasePool(dataSource);
  }

  @Public()
  @Get()
  @Header('content-type', metricsRegistry.contentType)
  scrape(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
