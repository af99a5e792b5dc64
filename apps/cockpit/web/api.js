/* global fetch, sessionStorage, WebSocket, location, setTimeout, clearTimeout */
/**
 * The page's only way to the server: GraphQL over HTTP POST, and graphql-ws (the graphql-transport-ws protocol)
 * for the live feed. The session (tokens) lives in sessionStorage, so it ends with the tab.
 */
const SESSION_KEY = 'vg.cockpit.session';

export class GraphqlError extends Error {
  constructor(errors) {
    super(errors.map((error) => error.message).join('; '));
    this.code = errors[0]?.extensions?.code;
  }
}

export class Api {
  constructor() {
    this.session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    this.refreshTimer = null;
    if (this.session) this.scheduleRefresh();
  }

  get signedIn() {
    return Boolean(this.session);
  }

  get user() {
    return this.session?.user ?? null;
  }

  async request(query, variables = {}) {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.session ? { authorization: `Bearer ${this.session.accessToken}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors?.length) throw new GraphqlError(body.errors);
    return body.data;
  }

  async login(email, password) {
    const data = await this.request(
      `mutation ($input: LoginInput!) {
        login(input: $input) { accessToken expiresIn refreshToken user { id email role parkId } }
      }`,
      { input: { email, password } },
    );
    this.remember(data.login);
    return data.login.user;
  }

  logout() {
    clearTimeout(this.refreshTimer);
    this.session = null;
    sessionStorage.removeItem(SESSION_KEY);
  }

  remember(payload) {
    this.session = { ...payload, expiresAt: Date.now() + payload.expiresIn * 1000 };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(this.session));
    this.scheduleRefresh();
  }

  /** The cockpit stays open all day: trade the refresh token for a new pair a minute before the access token ends. */
  scheduleRefresh() {
    clearTimeout(this.refreshTimer);
    const wait = Math.max(5_000, this.session.expiresAt - Date.now() - 60_000);
    this.refreshTimer = setTimeout(async () => {
      try {
        const data = await this.request(
          `mutation ($input: RefreshTokenInput!) {
            refreshToken(input: $input) { accessToken expiresIn refreshToken user { id email role parkId } }
          }`,
          { input: { refreshToken: this.session.refreshToken } },
        );
        this.remember(data.refreshToken);
      } catch {
        this.logout();
        location.reload();
      }
    }, wait);
  }

  /**
   * One subscription over graphql-ws; reconnects with back-off. `onState` hears 'on' / 'off' for the status light.
   * Returns a function that stops it.
   */
  subscribe(query, variables, { onNext, onError, onState }) {
    let socket = null;
    let stopped = false;
    let attempt = 0;
    let retry = null;
    const connect = () => {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
      socket = new WebSocket(url, 'graphql-transport-ws');
      socket.onopen = () => {
        socket.send(
          JSON.stringify({
            type: 'connection_init',
            payload: { authorization: `Bearer ${this.session?.accessToken ?? ''}` },
          }),
        );
      };
      socket.onmessage = (message) => {
        const frame = JSON.parse(message.data);
        if (frame.type === 'connection_ack') {
          attempt = 0;
          socket.send(JSON.stringify({ id: 'feed', type: 'subscribe', payload: { query, variables } }));
          onState('on');
        } else if (frame.type === 'next') {
          if (frame.payload.errors?.length) onError(new GraphqlError(frame.payload.errors));
          else onNext(frame.payload.data);
        } else if (frame.type === 'error') {
          onError(new GraphqlError(frame.payload));
        } else if (frame.type === 'ping') {
          socket.send(JSON.stringify({ type: 'pong' }));
        }
      };
      socket.onclose = () => {
        onState('off');
        if (stopped) return;
        attempt += 1;
        retry = setTimeout(connect, Math.min(30_000, 500 * 2 ** attempt));
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }
}
