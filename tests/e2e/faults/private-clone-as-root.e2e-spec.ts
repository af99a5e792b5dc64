import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, graphql } from './api-process';

const REPOSITORY = path.resolve(__dirname, '../../..');
const RUNNING_AS_ROOT = process.getuid?.() === 0;

/**
 * `npm start` as root from a checkout inside a mode-0700 directory (as root's own home is): PostgreSQL refuses to
 * run as root and its `postgres` user cannot reach the checkout, so the embedded server's binaries and data must be
 * placed where it can. The checkout is a copy of this working tree (node_modules hard-linked, so its paths, too,
 * are inside the private directory). Skipped unless the tests run as root: only root can show it.
 */
(RUNNING_AS_ROOT ? describe : describe.skip)('npm start as root from a private directory', () => {
  let home: string;
  let clone: string;
  let npm: ChildProcess | null = null;

  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-private-home-'));
    fs.chmodSync(home, 0o700);
    clone = path.join(home, 'virtual-group');
    fs.mkdirSync(clone);
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: REPOSITORY,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((file) => file && fs.existsSync(path.join(REPOSITORY, file)));
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
      fs.copyFileSync(path.join(REPOSITORY, file), path.join(clone, file));
    }
    execFileSync('cp', ['-al', path.join(REPOSITORY, 'node_modules'), path.join(clone, 'node_modules')]);
  });

  afterAll(async () => {
    if (npm?.pid && npm.exitCode === null && npm.signalCode === null) {
      try {
        process.kill(-npm.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    }
    const pgLink = path.join(clone, '.data', 'pg');
    const relocated = fs.existsSync(pgLink) ? fs.realpathSync(pgLink) : null;
    fs.rmSync(home, { recursive: true, force: true });
    if (relocated?.startsWith('/var/lib/virtual-group/')) fs.rmSync(relocated, { recursive: true, force: true });
  });

  it('serves GraphQL, with the database placed where its server user can reach it, and stops cleanly', async () => {
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    const port = await freePort();
    const output: string[] = [];
    npm = spawn('npm', ['start'], {
      cwd: clone,
      detached: true,
      env: { PATH: process.env.PATH ?? '', HOME: home, PORT: String(port), DEMO_FIRMS: '5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    npm.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    npm.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => npm?.once('exit', (code) => resolve(code)));

    const url = `http://127.0.0.1:${port}`;
    let answer = null;
    for (let waited = 0; waited < 180_000 && npm.exitCode === null; waited += 500) {
      answer = await graphql(url, '{ __typename }');
      if (answer.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect({ answer: answer?.body, output: npm.exitCode === null ? 'running' : output.join('') }).toEqual({
      answer: { data: { __typename: 'Query' } },
      output: 'running',
    });
    const login = await graphql(
      url,
      'mutation { login(input: { email: "buyer@demo.vg", password: "demo-password" }) { accessToken } }',
    );
    expect(login.body.errors).toBeUndefined();

    const pgLink = path.join(clone, '.data', 'pg');
    expect(fs.lstatSync(pgLink).isSymbolicLink()).toBe(true);
    expect(fs.realpathSync(pgLink)).toMatch(/^\/var\/lib\/virtual-group\/embedded-postgres\/data-/);
    expect(fs.statSync(path.join(clone, '.data', 'jwt-secret')).mode & 0o777).toBe(0o600);

    // Ctrl-C in a terminal: the whole foreground group gets SIGINT; the api drains and stops PostgreSQL itself.
    // (npm and its shell answer the signal in their own way; what counts is the api's own account.)
    process.kill(-(npm.pid as number), 'SIGINT');
    await exited;
    const stopped = output
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'stopped');
    expect(stopped).toMatchObject({ exitCode: 0 });
    expect(fs.existsSync(path.join(fs.realpathSync(pgLink), 'postmaster.pid'))).toBe(false);
  });
});
