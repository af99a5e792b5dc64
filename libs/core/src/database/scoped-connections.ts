import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { scopeSettings, SET_SCOPE_SQL } from './database-scope';

type PooledClient = { query(sql: string, values: readonly string[]): Promise<unknown> };

/**
 * Every connection the pool hands out is first told the scope of the code that asked for it (read when it asks,
 * so a request waiting for a connection gets its own scope, not that of the request that freed it). The settings
 * are session settings overwritten at each checkout; a connection that already carries the same scope is not told
 * again (one statement saved per checkout), and one whose telling failed is discarded, not reused.
 */
export function scopeConnections(dataSource: DataSource): DataSource {
  const driver = dataSource.driver as PostgresDriver;
  const obtain = driver.obtainMasterConnection.bind(driver);
  const told = new WeakMap<object, string>();
  driver.obtainMasterConnection = async () => {
    const settings = scopeSettings();
    const key = settings.join('/');
    const [connection, release] = (await obtain()) as [PooledClient, (error?: unknown) => void];
    if (told.get(connection) !== key) {
      try {
        await connection.query(SET_SCOPE_SQL, settings);
      } catch (error) {
        told.delete(connection);
        release(error);
        throw error;
      }
      told.set(connection, key);
    }
    return [connection, release];
  };
  return dataSource;
}
