import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { demoContactCenter } from '../../src/simulator/demoContactCenter.js';
import { startSimulator } from '../../src/simulator/startSimulator.js';

/** The slice of asterisk-ami-client this test uses (the library ships no types). */
interface PlainAmiClient {
  connect(user: string, secret: string, options: { host: string; port: number }): Promise<unknown>;
  on(event: 'event', listener: (e: Record<string, string>) => void): PlainAmiClient;
  removeListener(event: 'event', listener: (e: Record<string, string>) => void): PlainAmiClient;
  action(action: Record<string, string>, promisable: true): Promise<Record<string, string>>;
  disconnect(): void;
}
const AmiClient = createRequire(import.meta.url)('asterisk-ami-client') as new (options: object) => PlainAmiClient;

const start = Date.UTC(2026, 10, 28, 8, 0, 0);
const count = (lines: string[], event: string) => lines.filter((l) => l.split('|')[4] === event).length;

/** Runs the demo for `minutes` of simulated time and returns its queue_log. */
async function runDemo(minutes: number, seed: number): Promise<string[]> {
  const demo = demoContactCenter();
  const clock = new ManualClock(start);
  const sim = await startSimulator({ port: 0, clock, seed, config: demo.config, traffic: demo.traffic });
  for (let s = 0; s < minutes * 60; s++) clock.advance(1000);
  const lines = sim.queueLog();
  await sim.stop();
  return lines;
}

describe('demo contact center', () => {
  it('has 3 queues, 12 agents in 2 groups and 20 users with agent, supervisor and admin rights', () => {
    const { config, logins } = demoContactCenter();
    expect(config.queues.length).toBeGreaterThanOrEqual(3);
    expect(config.agents).toHaveLength(12);
    expect(new Set(config.agents.map((a) => a.groupId)).size).toBe(2);
    expect(config.users).toHaveLength(20);
    expect(new Set(config.users.map((u) => u.rights))).toEqual(new Set(['agent', 'supervisor', 'admin']));
    expect(logins.map((l) => l.username)).toEqual(config.users.map((u) => u.username));
    expect(config.userStatuses.some((s) => s.actions.some((a) => a.name === 'queuepause_all'))).toBe(true);
  });

  it('an hour of demo traffic: agents log in, pause, take calls and wrap up; some callers abandon', async () => {
    const log = await runDemo(60, 1);
    expect(count(log, 'AGENTLOGIN')).toBeGreaterThanOrEqual(12);
    expect(count(log, 'ADDMEMBER')).toBeGreaterThanOrEqual(12 * 2);
    expect(count(log, 'ENTERQUEUE')).toBeGreaterThan(200);
    expect(count(log, 'CONNECT')).toBeGreaterThan(100);
    expect(count(log, 'COMPLETECALLER')).toBeGreaterThan(100);
    expect(count(log, 'ABANDON')).toBeGreaterThan(0);
    expect(count(log, 'PAUSEALL')).toBeGreaterThan(0);
    expect(count(log, 'AGENTLOGOFF')).toBeGreaterThan(0);
    expect(count(log, 'RINGNOANSWER')).toBeGreaterThan(0);
    // Every answered call was entered first, and no call is connected twice.
    const connected = log.filter((l) => l.split('|')[4] === 'CONNECT').map((l) => l.split('|')[1]);
    expect(new Set(connected).size).toBe(connected.length);
  });

  it('the same seed gives the same day, another seed another one', async () => {
    const a = await runDemo(10, 42);
    const b = await runDemo(10, 42);
    const c = await runDemo(10, 43);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('a plain AMI client logs in, reads the snapshot lists and sees demo traffic', async () => {
    const demo = demoContactCenter();
    const clock = new ManualClock(start);
    const sim = await startSimulator({ port: 0, clock, seed: 5, config: demo.config, traffic: demo.traffic });
    const client = new AmiClient({ reconnect: false, keepAlive: false });
    const events: Array<Record<string, string>> = [];
    client.on('event', (e: Record<string, string>) => events.push(e));
    try {
      await client.connect('xuc', 'xucpass', { host: '127.0.0.1', port: sim.port });
      for (let s = 0; s < 300; s++) clock.advance(1000);
      const listOf = async (action: string) => {
        const id = `${action}-1`;
        const done = new Promise<void>((resolve) => {
          const check = (e: Record<string, string>) => {
            if (e.ActionID === id && e.EventList === 'Complete') client.removeListener('event', check), resolve();
          };
          client.on('event', check);
        });
        const response = await client.action({ Action: action, ActionID: id }, true);
        await done;
        return { response, items: events.filter((e) => e.ActionID === id && e.EventList !== 'Complete') };
      };
      const agents = await listOf('Agents');
      expect(agents.items).toHaveLength(12);
      expect(agents.items.some((a) => a.Status !== 'AGENT_LOGGEDOFF')).toBe(true);
      const queues = await listOf('QueueStatus');
      expect(queues.items.filter((e) => e.Event === 'QueueParams').map((e) => e.Queue).sort()).toEqual(['billing', 'sales', 'support']);
      expect(queues.items.some((e) => e.Event === 'QueueMember' && e.Location?.endsWith('@agents'))).toBe(true);
      const names = new Set(events.map((e) => e.Event));
      for (const name of ['AgentLogin', 'QueueMemberAdded', 'QueueCallerJoin', 'AgentCalled', 'AgentConnect', 'AgentComplete', 'Hold', 'Unhold', 'Hangup'])
        expect(names, name).toContain(name);
    } finally {
      client.disconnect();
      await sim.stop();
    }
  });
});
