import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/auth/passwords.js';
import type { ContactCenterConfig } from '../../src/domain/contactCenterConfig.js';
import { importConfigFile } from '../../src/persistence/configImport.js';
import { configImportCommand } from '../../src/persistence/configImportCommand.js';
import { DbConfigStore } from '../../src/persistence/dbConfigStore.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/persistence/db.js';
import { describeEachBackend } from './backends.js';

const fixtureConfig = '/work/shared/fixtures/ami/config.json';
const dir = mkdtempSync(join(tmpdir(), 'xuc-config-'));
const writeJson = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};
/** The fixture with its passwords already hashed: re-imports then cost no scrypt work. */
let preHashed = '';
const raw = () => {
  const config = JSON.parse(readFileSync(fixtureConfig, 'utf8')) as Record<string, any>;
  for (const u of config.users) u.password = preHashed;
  return config;
};
beforeAll(async () => {
  preHashed = await hashPassword('secret');
});

describeEachBackend('configuration cache', ({ newDb }) => {
  it('imports the recordings\' configuration file and serves it back with hashed passwords only', async () => {
    const db = await newDb();
    const counts = await importConfigFile(db, fixtureConfig);
    expect(counts).toEqual({ users: 12, agents: 10, queues: 4, lines: 12, groups: 2 });

    const store = await DbConfigStore.load(db);
    const config = store.current();
    const alice = config.users.find((u) => u.username === 'alice')!;
    expect(alice).toMatchObject({ id: 1, firstName: 'Alice', lastName: 'Martin', lineId: 1, agentId: 1, rights: 'agent' });
    expect(alice.password).toMatch(/^scrypt\$/);
    expect(await verifyPassword('alice-secret', alice.password)).toBe(true);
    expect(config.pbx.agentMemberInterface).toBe('Local/{number}@agents');
    expect(config.queues.map((q) => q.name)).toEqual(raw().queues.map((q: { name: string }) => q.name));
    expect(config.userStatuses.map((s) => s.name)).toEqual(raw().userStatuses.map((s: { name: string }) => s.name));
    const plain = await db.query('SELECT id FROM xuc_user WHERE password_hash LIKE $1', ['%secret%']);
    expect(plain).toEqual([]);
  });

  it('rejects a bad file whole, naming entry and field, and leaves the cache as it was', async () => {
    const db = await newDb();
    await importConfigFile(db, writeJson('good.json', raw()));
    const bad = raw();
    bad.users[0].firstName = 'Changed';
    bad.users[3].lineId = 999;
    bad.queues[1].number = 'not digits';
    const error = await importConfigFile(db, writeJson('bad.json', bad)).catch((e) => e);
    expect(error.code).toBe('XUC_ERR_INVALID_IMPORT');
    expect(error.message).toContain('queues[1].number');
    const refs = await importConfigFile(db, writeJson('bad-ref.json', { ...raw(), users: [{ ...raw().users[0], lineId: 999 }] })).catch((e) => e);
    expect(refs.message).toContain('users[0].lineId');
    const config = (await DbConfigStore.load(db)).current();
    expect(config.users.find((u) => u.id === 1)!.firstName).toBe('Alice');
    expect(config.users).toHaveLength(12);
  });

  it('a re-import upserts, removes what the file dropped, and tells the listeners', async () => {
    const db = await newDb();
    const store = await DbConfigStore.load(db);
    const seen: ContactCenterConfig[] = [];
    store.onChange((c) => seen.push(c));
    const first = raw();
    await store.replace(first);
    expect(seen).toHaveLength(1);

    const next = raw();
    next.users = next.users.filter((u: { id: number }) => u.id !== 2);
    next.queues[0].displayName = 'Renamed';
    // Two lines swap numbers: only valid once both rows are written, which the deferred checks allow.
    const [l1, l2] = [next.lines[0].number, next.lines[1].number];
    next.lines[0].number = l2;
    next.lines[1].number = l1;
    await importConfigFile(db, writeJson('next.json', next));
    await store.reload();
    expect(seen).toHaveLength(2);
    const config = store.current();
    expect(config.users.map((u) => u.id)).not.toContain(2);
    expect(config.queues[0].displayName).toBe('Renamed');
    expect(config.lines[0].number).toBe(l2);
    await store.reload();
    expect(seen).toHaveLength(2);
    expect(await store.counts()).toMatchObject({ users: 11 });
  });

  it('config import command: imports a file and reports counts; a bad file exits 1, no file exits 2', async () => {
    const db = await newDb();
    // The command closes what it opens; this borrowed connection must survive for the checks below.
    const open = async (): Promise<Db> => ({
      kind: db.kind, query: (q, p) => db.query(q, p), exec: (q) => db.exec(q),
      transaction: (w) => db.transaction(w), close: async () => {},
    });
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const config = loadConfig({}, {});
    expect(await configImportCommand([writeJson('cli.json', raw())], config, io, open)).toBe(0);
    expect(out.join('\n')).toMatch(/12 users, 10 agents, 4 queues, 12 lines, 2 groups/);
    expect(await configImportCommand([writeJson('broken.json', { users: [{ id: 1 }] })], config, io, open)).toBe(1);
    expect(err.join('\n')).toMatch(/users\[0\]\.username/);
    expect(await configImportCommand([], config, io, open)).toBe(2);
    expect(await db.query('SELECT username FROM xuc_user WHERE id = 1')).toEqual([{ username: 'alice' }]);
  });
});
