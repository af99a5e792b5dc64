import net from 'node:net';
import { REDIS_MISSING, startRedisServer } from './redis-server';

function ping(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.end();
      resolve(data.toString().trim());
    });
    socket.once('error', reject);
  });
}

describe('a private Redis for a test', () => {
  it('answers on a port of its own and is gone once stopped', async () => {
    const redis = await startRedisServer();
    expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await ping(redis.url)).toBe('+PONG');
    await redis.stop();
    await expect(ping(redis.url)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('says what is missing and how to install it when there is no redis-server', async () => {
    const saved = process.env.REDIS_SERVER_PATH;
    process.env.REDIS_SERVER_PATH = '/nonexistent/redis-server';
    try {
      await expect(startRedisServer()).rejects.toThrow(REDIS_MISSING);
    } finally {
      if (saved === undefined) delete process.env.REDIS_SERVER_PATH;
      else process.env.REDIS_SERVER_PATH = saved;
    }
    expect(REDIS_MISSING).toContain('apt-get install redis-server');
  });
});
