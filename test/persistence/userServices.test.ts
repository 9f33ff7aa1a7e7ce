import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { emptyContactCenterConfig } from '../../src/domain/contactCenterConfig.js';
import { silentLogger } from '../../src/log.js';
import { startPersistentServices } from '../../src/services/persistentServices.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { QueueMemberPayload } from '../../src/domain/xucMessages.js';
import { directDbAccess, type Db } from '../../src/persistence/db.js';
import { DbConfigStore } from '../../src/persistence/dbConfigStore.js';
import { CallHistoryService, type CallRecord } from '../../src/services/callHistoryService.js';
import { DirectoryService } from '../../src/services/directoryService.js';
import { MembershipService, type UserQueueDefaultMembership } from '../../src/services/membershipService.js';
import { UserSettingsService } from '../../src/services/userSettingsService.js';
import { describeEachBackend } from './backends.js';

let hash = '';
beforeAll(async () => {
  hash = await hashPassword('secret');
});

/** Two agents (alice, bruno), a supervisor without agent (sam), three queues. */
async function configured(db: Db) {
  const store = await DbConfigStore.load(db);
  await store.replace({
    users: [
      { id: 1, username: 'alice', password: hash, firstName: 'Alice', lastName: 'Martin', lineId: 1, agentId: 1, mobileNumber: '0612345678' },
      { id: 2, username: 'bruno', password: hash, firstName: 'Bruno', lastName: 'Petit', lineId: 2, agentId: 2 },
      { id: 9, username: 'sam', password: hash, firstName: 'Sam', lastName: 'Visor_100%', rights: 'supervisor' },
    ],
    lines: [{ id: 1, interface: 'SIP/alice', number: '1001' }, { id: 2, interface: 'SIP/bruno', number: '1002' }],
    agents: [{ id: 1, number: '2001' }, { id: 2, number: '2002' }],
    queues: [{ id: 3, name: 'sales' }, { id: 4, name: 'support' }, { id: 5, name: 'vip' }],
  });
  return store;
}

/** The engine as the membership service sees it: a live membership it changes on command. */
function fakeEngine(live: QueueMemberPayload[]) {
  const commands: string[] = [];
  return {
    commands,
    queueMembers: () => live.map((m) => ({ ...m })),
    setAgentQueue: async (c: { agentId: number; queueId: number; penalty: number }) => {
      commands.push(`set ${c.agentId} ${c.queueId} ${c.penalty}`);
      const m = live.find((x) => x.agentId === c.agentId && x.queueId === c.queueId);
      if (m) m.penalty = c.penalty;
      else live.push({ ...c });
    },
    removeAgentFromQueue: async (c: { agentId: number; queueId: number }) => {
      commands.push(`remove ${c.agentId} ${c.queueId}`);
      live.splice(live.findIndex((x) => x.agentId === c.agentId && x.queueId === c.queueId), 1);
    },
  };
}

describeEachBackend('user services', ({ newDb }) => {
  it('default membership: set for several users, read back, apply to the live membership', async () => {
    const db = await newDb();
    const config = await configured(db);
    const engine = fakeEngine([{ agentId: 1, queueId: 3, penalty: 0 }, { agentId: 1, queueId: 5, penalty: 1 }]);
    const membership = new MembershipService({ db: directDbAccess(db), config, engine });
    const announced: UserQueueDefaultMembership[] = [];
    membership.onChange((m) => announced.push(m));

    await membership.setUsersDefaultMembership([1, 2], [{ queueId: 4, penalty: 2 }, { queueId: 3, penalty: 1 }]);
    expect(announced.map((m) => m.userId)).toEqual([1, 2]);
    expect(await membership.getUserDefaultMembership(1)).toEqual({
      userId: 1, membership: [{ queueId: 3, penalty: 1 }, { queueId: 4, penalty: 2 }],
    });
    expect((await membership.getUsersDefaultMembership()).memberships).toEqual([
      { userId: 1, membership: [{ queueId: 3, penalty: 1 }, { queueId: 4, penalty: 2 }] },
      { userId: 2, membership: [{ queueId: 3, penalty: 1 }, { queueId: 4, penalty: 2 }] },
      { userId: 9, membership: [] },
    ]);

    const results = await membership.applyUsersDefaultMembership([1, 9]);
    expect(results[0]).toEqual({ userId: 1, added: 1, changed: 1, removed: 1 });
    expect(results[1].error?.code).toBe('XUC_ERR_NO_AGENT');
    expect(engine.queueMembers().filter((m) => m.agentId === 1).sort((a, b) => a.queueId - b.queueId))
      .toEqual([{ agentId: 1, queueId: 3, penalty: 1 }, { agentId: 1, queueId: 4, penalty: 2 }]);

    await expect(membership.setUserDefaultMembership(1, [{ queueId: 99, penalty: 0 }])).rejects.toMatchObject({ code: 'XUC_ERR_UNKNOWN_QUEUE' });
    await expect(membership.setUserDefaultMembership(77, [])).rejects.toMatchObject({ code: 'XUC_ERR_UNKNOWN_USER' });
    await expect(membership.setUserDefaultMembership(1, [{ queueId: 3, penalty: -4 }])).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
  });

  it('base membership from the active one keeps the lowest penalty when a queue is listed twice', async () => {
    const db = await newDb();
    const config = await configured(db);
    const engine = fakeEngine([
      { agentId: 2, queueId: 4, penalty: 3 }, { agentId: 2, queueId: 4, penalty: 1 }, { agentId: 2, queueId: 5, penalty: 0 },
    ]);
    const membership = new MembershipService({ db: directDbAccess(db), config, engine });
    await membership.createBaseFromActive();
    expect(await membership.getUserDefaultMembership(2)).toEqual({
      userId: 2, membership: [{ queueId: 4, penalty: 1 }, { queueId: 5, penalty: 0 }],
    });
    expect((await membership.getUserDefaultMembership(1)).membership).toEqual([]);
  });

  it('call history: per user (emitted for own calls), per agent, per queue, and customer search', async () => {
    const db = await newDb();
    const clock = new ManualClock(Date.parse('2016-09-12T12:00:00Z'));
    const history = new CallHistoryService({ db: directDbAccess(db), clock, timeZone: 'Europe/Paris' });
    const call = (over: Partial<CallRecord>): CallRecord => ({
      callId: 'c1', start: Date.parse('2016-09-12T08:15:02Z'), durationSeconds: 192, status: 'answered',
      srcNum: '0298765432', dstNum: '1001', dstFirstName: 'Alice', dstLastName: 'Martin', dstUsername: 'alice',
      agentId: 1, agentName: 'Alice Martin', queueId: 3, queueName: 'sales', ...over,
    });
    await history.record(call({ status: 'ongoing' }));
    await history.record(call({}));
    await history.record(call({ callId: 'c2', start: Date.parse('2016-09-12T09:00:00Z'), durationSeconds: 3_725, status: 'emitted',
      srcNum: '1001', srcUsername: 'alice', dstNum: '0600000000', dstUsername: null, dstFirstName: '', dstLastName: '',
      agentId: null, agentName: null, queueId: null, queueName: null }));
    await history.record(call({ callId: 'c3', start: Date.parse('2016-09-10T09:00:00Z'), status: 'abandoned', dstNum: '3000',
      dstUsername: null, agentId: null, durationSeconds: 20 }));

    const alice = await history.getUserCallHistory('alice', 10);
    expect(alice.map((c) => [c.start, c.duration, c.status])).toEqual([
      ['2016-09-12 11:00:00', '01:02:05', 'emitted'],
      ['2016-09-12 10:15:02', '00:03:12', 'answered'],
    ]);
    expect(alice[1]).toMatchObject({ srcNum: '0298765432', dstNum: '1001', dstFirstName: 'Alice', dstUsername: 'alice' });
    expect(await history.getUserCallHistory('alice', 1)).toHaveLength(1);
    expect((await history.getAgentCallHistory(1, 10)).map((c) => c.status)).toEqual(['answered']);
    expect((await history.getQueueCallHistory('sales', 10)).map((c) => c.status)).toEqual(['answered', 'abandoned']);
    expect(await history.getUserCallHistoryByDays('alice', 1)).toHaveLength(2);

    const found = await history.findCustomerCallHistory(4, { filters: [{ field: 'src_num', operator: '=', value: '0298765432' }], size: 1 });
    expect(found).toMatchObject({ id: 4, response: { total: 2, list: [{ start: '2016-09-12 10:15:02' }] } });
    await expect(history.record({ ...call({}), status: 'weird' as never })).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
    await expect(history.getUserCallHistory('alice', 0)).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
    await expect(history.findCustomerCallHistory(5, { filters: [{ field: 'start', operator: '>', value: 'yesterday' }] }))
      .rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
  });

  it('directory: users and contacts with presence, favourites added and removed', async () => {
    const db = await newDb();
    await configured(db);
    const directory = new DirectoryService({ db: directDbAccess(db), phoneStatus: (n) => (n === '1001' ? 0 : -2) });
    const contactId = await directory.addContact({ firstName: 'Martine', lastName: 'Client', number: '0298765432' });

    const result = await directory.directoryLookUp(2, 'mart');
    expect(result.headers).toEqual(['Name', 'Number', 'Mobile', 'Favorite']);
    expect(result.entries).toEqual([
      { status: -2, entry: ['Martine Client', '0298765432', '', 'false'], contact_id: contactId, source: 'contacts', favorite: false },
      { status: 0, entry: ['Alice Martin', '1001', '0612345678', 'false'], contact_id: '1', source: 'internal', favorite: false },
    ]);
    // LIKE wildcards in the term are literal.
    expect((await directory.directoryLookUp(2, '100%')).entries.map((e) => e.contact_id)).toEqual(['9']);
    expect((await directory.directoryLookUp(2, 'a_i')).entries).toEqual([]); // would match Alice as a wildcard

    expect(await directory.addFavorite(2, '1', 'internal')).toEqual({ action: 'Added', contact_id: '1', source: 'internal' });
    expect(await directory.addFavorite(2, '404', 'internal')).toMatchObject({ action: 'AddFail' });
    expect(await directory.addFavorite(2, '1', 'nowhere')).toMatchObject({ action: 'AddFail' });
    expect((await directory.getFavorites(2)).entries).toEqual([
      { status: 0, entry: ['Alice Martin', '1001', '0612345678', 'true'], contact_id: '1', source: 'internal', favorite: true },
    ]);
    expect((await directory.directoryLookUp(2, 'alice')).entries[0].favorite).toBe(true);
    expect((await directory.getFavorites(1)).entries).toEqual([]);
    expect(await directory.removeFavorite(2, '1', 'internal')).toMatchObject({ action: 'Removed' });
    expect(await directory.removeFavorite(2, '1', 'internal')).toMatchObject({ action: 'RemoveFail' });
    await expect(directory.directoryLookUp(2, '   ')).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
  });

  it('user settings: DND and forwards survive a restart; bad destinations are refused', async () => {
    const db = await newDb();
    const config = await configured(db);
    const settings = new UserSettingsService({ db: directDbAccess(db), config });
    expect(await settings.get(1)).toMatchObject({ dndEnabled: false, uncFwdEnabled: false });
    await settings.setDnd(1, true);
    await settings.setForward(1, 'busy', true, '1200');
    const again = new UserSettingsService({ db: directDbAccess(db), config: await DbConfigStore.load(db) });
    expect(await again.get(1)).toEqual({
      dndEnabled: true, naFwdEnabled: false, naFwdDestination: '', uncFwdEnabled: false, uncFwdDestination: '',
      busyFwdEnabled: true, busyFwdDestination: '1200',
    });
    await expect(settings.setForward(1, 'unc', true, '')).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
    await expect(settings.setForward(1, 'unc', true, "1'; DROP TABLE x")).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
    await expect(settings.setDnd(42, true)).rejects.toMatchObject({ code: 'XUC_ERR_UNKNOWN_USER' });
  });
});

describeEachBackend('persistent services wiring', ({ newDb }) => {
  it('answer XUC_ERR_DB_UNAVAILABLE before the database is ready, then work and load the configuration file', async () => {
    const db = await newDb();
    const configFile = join(mkdtempSync(join(tmpdir(), 'xuc-wiring-')), 'config.json');
    writeFileSync(configFile, JSON.stringify({ users: [{ id: 1, username: 'alice', password: hash }] }));
    const config = loadConfig({}, { contactCenterConfigFile: configFile });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const loaded = new Promise<void>((resolve) => {
      const services = startPersistentServices({
        config, clock: new ManualClock(0), logger: silentLogger, configStore: { current: () => emptyContactCenterConfig(), onChange: () => () => {} },
        engine: { dial: async () => {}, queueMembers: () => [], setAgentQueue: async () => {}, removeAgentFromQueue: async () => {} },
        phoneStatus: () => 0,
        open: async () => {
          await gate;
          return { kind: db.kind, query: (q, p) => db.query(q, p), exec: (q) => db.exec(q), transaction: (w) => db.transaction(w), close: async () => {} };
        },
        onReady: () => resolve(),
      });
      void (async () => {
        await expect(services.callbacks.getCallbackLists()).rejects.toMatchObject({ code: 'XUC_ERR_DB_UNAVAILABLE' });
        release();
      })();
    });
    await loaded;
    expect(await db.query('SELECT username FROM xuc_user')).toEqual([{ username: 'alice' }]);
  });
});
