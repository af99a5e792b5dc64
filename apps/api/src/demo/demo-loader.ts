import { AppConfig, todayInChina } from '@vg/core';
import { parkCount } from '@vg/parks';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createApp } from '../bootstrap';
import { DemoCast, demoCast } from './demo-cast';
import { DemoCluster, generateDemoCluster } from './demo-cluster';
import { demoOwnerFirm, loadDemoCluster } from './demo-cluster-loader';
import { playDemoHistory } from './demo-history';

/**
 * On an empty database, loads the living demo: the cluster (seed 1: parks, firms, land, figures, capacity, users),
 * then a year of platform history played through the api itself, served for the while on a loopback port of its
 * own, so every cockpit panel has data on the first start. Start the app that serves afterwards: passport keeps one
 * strategy per name for the whole process, the last app's.
 */
export async function loadDemoClusterIfEmpty(url: string, config: AppConfig, logger: Logger): Promise<void> {
  const startedAt = Date.now();
  const today = todayInChina();
  const loaded = await loadClusterIfEmpty(url, config, today);
  if (!loaded) return;
  const loadedMs = Date.now() - startedAt;
  if (!loaded.cast) {
    logger.info({ firms: loaded.cluster.firms.length, loadedMs }, 'demo cluster loaded (too few firms for a history)');
    return;
  }
  const app = await createApp(config, url, logger);
  try {
    await app.listen(0, '127.0.0.1');
    const appUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const history = await playDemoHistory(appUrl, loaded.cast, today);
    logger.info(
      { firms: loaded.cluster.firms.length, loadedMs, ms: Date.now() - startedAt, ...history },
      'demo cluster and its platform history loaded',
    );
  } finally {
    await app.close();
  }
}

/** The cluster and its history's cast, written in one transaction; null when the database has parks already. */
async function loadClusterIfEmpty(
  url: string,
  config: AppConfig,
  today: string,
): Promise<{ cluster: DemoCluster; cast: DemoCast | null } | null> {
  const dataSource = new DataSource({ type: 'postgres', url, extra: { max: 2 } });
  await dataSource.initialize();
  try {
    if ((await parkCount(dataSource.manager)) > 0) return null;
    const cluster = generateDemoCluster({
      seed: 1,
      firms: config.demoFirms,
      parks: 2,
      asOf: lastDayOfPreviousMonth(today),
      capacityStart: today,
      capacityDays: 45,
    });
    const cast = demoCast(cluster, today, demoOwnerFirm(cluster).key);
    await loadDemoCluster(dataSource, cluster, cast ?? undefined);
    return { cluster, cast };
  } finally {
    await dataSource.destroy();
  }
}

function lastDayOfPreviousMonth(isoDate: string): string {
  const firstOfMonth = new Date(`${isoDate.slice(0, 7)}-01T00:00:00Z`);
  return new Date(firstOfMonth.getTime() - 86_400_000).toISOString().slice(0, 10);
}
