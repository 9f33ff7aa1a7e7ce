import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RawAmiClient, frameValue } from './rawAmiClient.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<URL>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /listening: (ami:\/\/\S+)/.exec(out);
      if (m) resolve(new URL(m[1]));
    });
    child.on('exit', () => reject(new Error(`simulator exited: ${out}`)));
  });
  url.catch(() => undefined);
  return { child, url, exited, output: () => out };
}

describe('npm run simulator', () => {
  it('listens on the given port with the given AMI user, and stops cleanly on SIGTERM', async () => {
    const cli = runCli(['--port', '0', '--no-traffic', '--user', 'tool', '--secret', 's3cret']);
    const url = await cli.url;
    expect(cli.output()).toContain('alice');
    const client = await RawAmiClient.open(Number(url.port));
    const login = await client.action([['Action', 'Login'], ['ActionID', '1'], ['Username', 'tool'], ['Secret', 's3cret']]);
    expect(frameValue(login, 'Response')).toBe('Success');
    const { events } = await client.list([['Action', 'Agents'], ['ActionID', '2']]);
    expect(events).toHaveLength(12);
    client.close();
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('refuses bad arguments with the usage and exit code 2', async () => {
    const cli = runCli(['--port', 'many']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('--no-traffic');
  });
});
