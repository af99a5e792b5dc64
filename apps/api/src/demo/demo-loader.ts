import { AppConfig, todayInChina } from '@vg/core';
import { parkCount } from '@vg/parks';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { generateDemoCluster } from './demo-cluster';
import { loadDemoCluster } from './demo-cluster-loader';

/** On an empty database, loads the demo cluster (seed 1) so a first `npm start` has something to show. */
export async function loadDemoClusterIfEmpty(url: string, config: AppConfig, logger: Logger): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url, extra: { max: 2 } });
  await dataSource.initialize();
  try {
    if ((await parkCount(dataSource.manager)) > 0) return;
    const startedAt = Date.now();
    const today = todayInChina();
    const cluster = generateDemoCluster({
      seed: 1,
      firms: config.demoFirms,
      parks: 2,
      asOf: lastDayOfPreviousMonth(today),
      capacityStart: today,
      capacityDays: 45,
    });
    await loadDemoCluster(dataSource, cluster);
    logger.info({ firms: cluster.firms.length, ms: Date.now() - startedAt }, 'demo cluster loaded');
  } finally {
    await dataSource.destroy();
  }
}

function lastDayOfPreviousMonth(isoDate: string): string {
  const firstOfMonth = new Date(`${isoDate.slice(0, 7)}-01T00:00:00Z`);
  return new Date(firstOfMonth.getTime() - 86_400_000).toISOString().slice(0, 10);
}
