import { DataSource, DataSourceOptions } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** SQL that would bring the schema in line with the entities; empty when entities and migrations agree. */
export async function pendingSchemaChanges(url: string, entities?: DataSourceOptions['entities']): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, { extra: { max: 2 }, ...(entities ? { entities } : {}) }));
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((query) => query.query);
  } finally {
    await dataSource.destroy();
  }
}
