import { expect, it } from 'vitest';
import type { CallbackListener } from '../../src/domain/callback.js';
import { ManualClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/log.js';
import { directDbAccess, type Db } from '../../src/persistence/db.js';
import { CallbackAdmin } from '../../src/services/callbackAdmin.js';
import { CallbackService } from '../../src/services/callbackService.js';
import { describeEachBackend } from './backends.js';

const docCsv = `phoneNumber|mobilePhoneNumber|firstName|lastName|company|description|dueDate|Period
0230210092|0689746321|John|Doe|MyCompany|Call back quickly||
0587963214|0789654123|Alice|O'Neill|YourSociety||2016-08-01|Afternoon
`;

interface Dialled { lineId: number; number: string; variables: Record<string, string> }

/** A callback service and admin over `db`, recording what they dial and announce. */
function callbacksOver(db: Db, options: { failDial?: boolean } = {}) {
  const clock = new ManualClock(Date.parse('2016-07-31T10:00:00Z'));
  const dialled: Dialled[] = [];
  const messages: Parameters<CallbackListener>[0][] = [];
  const service = new CallbackService({
    db: directDbAccess(db), clock, logger: silentLogger,
    dial: async (lineId, number, variables) => {
      if (options.failDial) throw new Error('Asterisk refused the call');
      dialled.push({ lineId, number, variables });
    },
  });
  service.onMessage((m) => messages.push(m));
  const admin = new CallbackAdmin({ db: directDbAccess(db), clock, callbacks: service });
  return { service, admin, dialled, messages, clock };
}

async function listWithDocRequests(db: Db, failDial = false) {
  const cb = callbacksOver(db, { failDial });
  await cb.admin.createPeriod({ name: 'Morning', periodStart: '08:00', periodEnd: '12:10', default: true });
  const afternoon = await cb.admin.createPeriod({ name: 'Afternoon', periodStart: '14:00:00', periodEnd: '17:00:00' });
  const list = await cb.admin.createList({ name: 'Liste de test', queueId: 3 });
  expect(await cb.admin.importCsv(list.uuid, docCsv)).toEqual({ imported: 2 });
  const [lists] = [await cb.service.getCallbackLists([3])];
  return { ...cb, list, afternoon, requests: lists[0].callbacks };
}

describeEachBackend('callbacks', ({ newDb, kind }) => {
  it('imports the documented CSV with its defaults: next day and the default period', async () => {
    const { requests, list } = await listWithDocRequests(await newDb());
    expect(requests).toHaveLength(2);
    const john = requests.find((r) => r.lastName === 'Doe')!;
    const alice = requests.find((r) => r.lastName === "O'Neill")!;
    expect(john).toMatchObject({
      listUuid: list.uuid, queueId: 3, phoneNumber: '0230210092', mobilePhoneNumber: '0689746321', firstName: 'John',
      company: 'MyCompany', description: 'Call back quickly', agentId: null, dueDate: '2016-08-01',
      preferredPeriod: { name: 'Morning', periodStart: '08:00:00', periodEnd: '12:10:00', default: true },
    });
    expect(alice).toMatchObject({ description: null, dueDate: '2016-08-01', preferredPeriod: { name: 'Afternoon', default: false } });
  });

  it('take → start → Answered: the agent dials, the request is clotured and its ticket exported', async () => {
    const db = await newDb();
    const { service, admin, requests, dialled, messages, list } = await listWithDocRequests(db);
    const uuid = requests[0].uuid;
    await service.takeCallback(uuid, 7);
    expect(messages.at(-1)).toEqual({ msgType: 'CallbackTaken', queueId: 3, agentId: 7, ctiMessage: { uuid, agentId: 7 } });
    expect((await service.getCallbackLists())[0].callbacks.find((r) => r.uuid === uuid)!.agentId).toBe(7);

    const { ticketUuid } = await service.startCallback(uuid, 7, 41, '0230210092');
    expect(dialled).toEqual([{ lineId: 41, number: '0230210092', variables: expect.objectContaining({ USR_CALLBACK_TICKET_UUID: ticketUuid }) }]);
    expect(messages.at(-1)).toMatchObject({ msgType: 'CallbackStarted', agentId: 7, ctiMessage: { requestUuid: uuid, ticketUuid } });

    await service.updateCallbackTicket(ticketUuid, 7, { status: 'Answered', comment: 'all good' });
    expect(messages.at(-1)).toEqual({ msgType: 'CallbackClotured', queueId: 3, agentId: 7, ctiMessage: { uuid } });
    expect((await service.getCallbackLists())[0].callbacks.map((r) => r.uuid)).not.toContain(uuid);
    expect(service.actor(uuid)).toBeUndefined();
    await expect(service.takeCallback(uuid, 8)).rejects.toMatchObject({ code: 'XUC_ERR_NOT_FOUND' });

    const csv = (await admin.exportTickets(list.uuid)).trim().split('\n');
    expect(csv[0]).toMatch(/^uuid\|requestUuid\|listUuid\|phoneNumber/);
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain(`${ticketUuid}|${uuid}|${list.uuid}|`);
    expect(csv[1]).toMatch(/\|all good\|Answered\|7$/);
  });

  it('status Callback reschedules: new due date and period, back to pending for any agent', async () => {
    const { service, requests, afternoon, messages } = await listWithDocRequests(await newDb());
    const uuid = requests[0].uuid;
    await service.takeCallback(uuid, 7);
    const { ticketUuid } = await service.startCallback(uuid, 7, 41, requests[0].mobilePhoneNumber!);
    await service.updateCallbackTicket(ticketUuid, 7, { status: 'Callback', comment: 'busy', dueDate: '2016-08-03', periodUuid: afternoon.uuid });
    const updated = messages.at(-1)!;
    expect(updated).toMatchObject({
      msgType: 'CallbackRequestUpdated', queueId: 3,
      ctiMessage: { request: { uuid, agentId: null, dueDate: '2016-08-03', preferredPeriod: { uuid: afternoon.uuid } } },
    });
    expect(service.actor(uuid)!.getSnapshot().value).toBe('pending');
    await service.takeCallback(uuid, 8);
    await expect(service.updateCallbackTicket(ticketUuid, 7, { status: 'Answered' })).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_STATE' });
  });

  it('only the taking agent may start, update or release; the others get clear errors', async () => {
    const { service, requests } = await listWithDocRequests(await newDb());
    const uuid = requests[0].uuid;
    await expect(service.releaseCallback(uuid, 7)).rejects.toMatchObject({ code: 'XUC_ERR_CALLBACK_NOT_TAKEN_BY_YOU' });
    await service.takeCallback(uuid, 7);
    await expect(service.takeCallback(uuid, 8)).rejects.toMatchObject({ code: 'XUC_ERR_CALLBACK_TAKEN', params: { agentId: 7 } });
    await expect(service.startCallback(uuid, 8, 42, '0230210092')).rejects.toMatchObject({ code: 'XUC_ERR_CALLBACK_NOT_TAKEN_BY_YOU' });
    await expect(service.releaseCallback(uuid, 8)).rejects.toMatchObject({ code: 'XUC_ERR_CALLBACK_NOT_TAKEN_BY_YOU' });
    const { ticketUuid } = await service.startCallback(uuid, 7, 41, '0230210092');
    await expect(service.updateCallbackTicket(ticketUuid, 8, { status: 'Fax' })).rejects.toMatchObject({ code: 'XUC_ERR_CALLBACK_NOT_TAKEN_BY_YOU' });
    await expect(service.releaseCallback(uuid, 7)).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_STATE' });
    await service.updateCallbackTicket(ticketUuid, 7, { status: 'Email' });
  });

  it('a released callback is free again; a refused dial leaves no ticket', async () => {
    const db = await newDb();
    const { service, requests, messages, list, admin } = await listWithDocRequests(db, true);
    const uuid = requests[0].uuid;
    await service.takeCallback(uuid, 7);
    await expect(service.startCallback(uuid, 7, 41, '0230210092')).rejects.toThrow('Asterisk refused');
    expect((await admin.exportTickets(list.uuid)).trim().split('\n')).toHaveLength(1);
    await service.releaseCallback(uuid, 7);
    expect(messages.at(-1)).toEqual({ msgType: 'CallbackReleased', queueId: 3, agentId: 7, ctiMessage: { uuid } });
    await service.takeCallback(uuid, 8);
  });

  it('agents taking the same callback at once: exactly one wins, also across two servers', async () => {
    const db = await newDb();
    const { service, requests } = await listWithDocRequests(db);
    const other = callbacksOver(db).service; // a second server on the same database
    for (const request of requests) {
      const takes = [1, 2, 3, 4].map((agent) => (agent % 2 ? service : other).takeCallback(request.uuid, agent));
      const results = await Promise.allSettled(takes);
      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i + 1] : []));
      expect(winners).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason.code).toMatch(/XUC_ERR_CALLBACK_TAKEN|XUC_ERR_CONFLICT/);
      const [row] = await db.query<{ agent_id: number }>('SELECT agent_id FROM callback_request WHERE uuid = $1', [request.uuid]);
      expect(row.agent_id).toBe(winners[0]);
    }
    expect(kind).toMatch(/pg|pglite/);
  });

  it('a restarted service finds each request where it was: taken, started', async () => {
    const db = await newDb();
    const first = await listWithDocRequests(db);
    const [a, b] = first.requests;
    await first.service.takeCallback(a.uuid, 7);
    await first.service.takeCallback(b.uuid, 8);
    const { ticketUuid } = await first.service.startCallback(b.uuid, 8, 42, '0587963214');
    first.service.stop();

    const restarted = callbacksOver(db).service;
    expect(await restarted.load()).toBe(2);
    expect(restarted.actor(a.uuid)!.getSnapshot().value).toBe('taken');
    expect(restarted.actor(b.uuid)!.getSnapshot()).toMatchObject({ value: 'started', context: { agentId: 8, ticketUuid } });
    await restarted.updateCallbackTicket(ticketUuid, 8, { status: 'NoAnswer' });
    await restarted.releaseCallback(a.uuid, 7);
  });

  it('a bad CSV is rejected whole with line numbers; nothing is imported', async () => {
    const { admin, service, list } = await listWithDocRequests(await newDb());
    const bad = `phoneNumber|mobilePhoneNumber|firstName|dueDate|period
0102030405||Ann||
||Nobody||
0102030406||Bob|2016-02-30|
0102030407||Cid||Night
`;
    const error = await admin.importCsv(list.uuid, bad).catch((e) => e);
    expect(error.code).toBe('XUC_ERR_INVALID_IMPORT');
    expect(error.message).toContain('line 3: phoneNumber or mobilePhoneNumber is required');
    expect(error.message).toContain('line 4: dueDate');
    expect(error.message).toContain('line 5: period: unknown period "Night"');
    expect((await service.getCallbackLists())[0].callbacks).toHaveLength(2);
    const header = await admin.importCsv(list.uuid, 'phone|name\n1|x\n').catch((e) => e);
    expect(header.message).toMatch(/line 1: unknown column "phone"/);
  });

  it('supervisor operations: periods, requests, search, deletions', async () => {
    const { admin, service, list, afternoon, messages } = await listWithDocRequests(await newDb());
    await expect(admin.createPeriod({ name: 'Afternoon', periodStart: '13:00', periodEnd: '14:00' })).rejects.toMatchObject({ code: 'XUC_ERR_CONFLICT' });
    await expect(admin.createPeriod({ name: 'Bad', periodStart: '15:00', periodEnd: '14:00' })).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
    const evening = await admin.createPeriod({ name: 'Evening', periodStart: '18:00', periodEnd: '20:00', default: true });
    expect((await service.getCallbackPreferredPeriods()).filter((p) => p.default).map((p) => p.uuid)).toEqual([evening.uuid]);
    await expect(admin.deletePeriod(afternoon.uuid)).rejects.toMatchObject({ code: 'XUC_ERR_CONFLICT' });

    const created = await admin.createRequest(list.uuid, { mobilePhoneNumber: '+33612345678', lastName: 'Zed' });
    expect(created).toMatchObject({ dueDate: '2016-08-01', preferredPeriod: { uuid: evening.uuid }, phoneNumber: null });
    expect(messages.at(-1)).toEqual({ msgType: 'CallbackListsChanged', queueId: 3 });
    await expect(admin.createRequest(list.uuid, { firstName: 'no number' })).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });

    const found = await service.findCallbackRequest(5, { filters: [{ field: 'lastName', operator: 'ilike', value: 'z%' }] });
    expect(found).toEqual({ id: 5, response: { list: [expect.objectContaining({ uuid: created.uuid })], total: 1 } });
    const page = await service.findCallbackRequest(6, { filters: [{ field: 'agentId', operator: 'is null' }], offset: 1, limit: 1 });
    expect(page.response).toMatchObject({ total: 3, list: [expect.anything()] });
    await expect(service.findCallbackRequest(7, { filters: [{ field: 'uuid; DROP TABLE callback_request', operator: '=' }] }))
      .rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });

    await admin.deleteRequest(created.uuid);
    expect((await service.getCallbackLists())[0].callbacks).toHaveLength(2);
    await admin.deleteList(list.uuid);
    expect(await service.getCallbackLists()).toEqual([]);
    await expect(admin.exportTickets(list.uuid)).rejects.toMatchObject({ code: 'XUC_ERR_NOT_FOUND' });
  });

  it('bad input gets typed errors, never a crash', async () => {
    const { service } = await listWithDocRequests(await newDb());
    await expect(service.takeCallback('not-a-uuid', 7)).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
    await expect(service.takeCallback('0b8e9d7a-1111-4c2b-8b7e-3a9b2c4d5e6f', -1)).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
    await expect(service.takeCallback('0b8e9d7a-1111-4c2b-8b7e-3a9b2c4d5e6f', 7)).rejects.toMatchObject({ code: 'XUC_ERR_NOT_FOUND' });
    await expect(service.updateCallbackTicket('0b8e9d7a-1111-4c2b-8b7e-3a9b2c4d5e6f', 7, { status: 'Maybe' }))
      .rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
    await expect(service.findCallbackRequest(1, 'nonsense')).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
  });
});
