import { Server } from 'node:http';
import { Socket } from 'node:net';

/**
 * The HTTP connections of a server, for the shutdown to wait on. Upgraded (WebSocket) sockets leave the set: the
 * subscription server closes those itself.
 */
export function trackConnections(server: Server) {
  const open = new Set<Socket>();
  let onEmpty: (() => void) | null = null;
  const forget = (socket: Socket) => {
    open.delete(socket);
    if (open.size === 0) onEmpty?.();
  };
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => forget(socket));
  });
  server.on('upgrade', (_request, socket: Socket) => forget(socket));
  return {
    get open(): number {
      return open.size;
    },
    /** Resolves true once every HTTP connection has closed, false when `timeoutMs` passes first. */
    closed(timeoutMs: number): Promise<boolean> {
      if (open.size === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          onEmpty = null;
          resolve(false);
        }, timeoutMs);
        onEmpty = () => {
          clearTimeout(timer);
          onEmpty = null;
          resolve(true);
        };
      });
    },
  };
}
