import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/auth/passwords.js';
import { MemoryConfigStore, readContactCenterConfigFile } from '../../src/auth/memoryConfigStore.js';

describe('passwords', () => {
  it('stores a salted scrypt hash that verifies only the right password', async () => {
    const a = await hashPassword('alice-secret');
    const b = await hashPassword('alice-secret');
    expect(a).toMatch(/^scrypt\$/);
    expect(a).not.toContain('alice-secret');
    expect(a).not.toBe(b);
    expect(await verifyPassword('alice-secret', a)).toBe(true);
    expect(await verifyPassword('alice-secreT', a)).toBe(false);
    expect(await verifyPassword('x', 'scrypt$garbage')).toBe(false);
  });

  it('loads the fixtures configuration and keeps no plain-text password', async () => {
    const config = await readContactCenterConfigFile('../shared/fixtures/ami/config.json');
    const store = await MemoryConfigStore.create(config);
    expect(store.current().users.length).toBe(12);
    for (const u of store.current().users) expect(u.password).toMatch(/^scrypt\$/);
  });

  it('rejects a bad configuration file as a whole, naming entry and field', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const dir = await mkdtemp('/tmp/xuc-cfg-');
    await writeFile(`${dir}/bad.json`, JSON.stringify({ users: [{ id: 1, username: 'a', password: 'p', lineId: 9 }] }));
    await expect(readContactCenterConfigFile(`${dir}/bad.json`)).rejects.toThrow(/users\[0\]\.lineId: no line with id 9/);
  });
});
