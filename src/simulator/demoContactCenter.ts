import { parseContactCenterConfig, type ContactCenterConfig } from '../domain/contactCenterConfig.js';
import type { TrafficProfile } from './traffic.js';

/** A demo login, printed at start so a newcomer can sign in. */
export interface DemoLogin {
  readonly username: string;
  readonly password: string;
  readonly rights: 'agent' | 'supervisor' | 'admin';
  readonly who: string;
}

const agentPeople: ReadonlyArray<readonly [string, string]> = [
  ['Alice', 'Martin'], ['Bruno', 'Petit'], ['Chloe', 'Durand'], ['David', 'Moreau'], ['Emma', 'Laurent'], ['Felix', 'Simon'],
  ['Gaelle', 'Michel'], ['Hugo', 'Lefebvre'], ['Ines', 'Garcia'], ['Jules', 'Roux'], ['Karima', 'Fournier'], ['Leo', 'Girard'],
];
const staff: ReadonlyArray<readonly [string, string, DemoLogin['rights']]> = [
  ['Sam', 'Visor', 'supervisor'], ['Nora', 'Lead', 'supervisor'], ['Ada', 'Admin', 'admin'],
  ['Olga', 'Accounts', 'agent'], ['Paul', 'Reception', 'agent'], ['Quentin', 'Sales', 'agent'],
  ['Rita', 'Logistics', 'agent'], ['Sofia', 'Legal', 'agent'],
];

/** The demo's pause statuses (user statuses with queuepause_all), also the traffic's pause reasons. */
export const demoPauseReasons = ['lunch', 'break', 'training'] as const;

/** Lively but readable: a call every 10 s on average, a few abandons, pauses every few minutes. */
export const demoTrafficProfile: TrafficProfile = {
  callsPerMinute: 6,
  talkSeconds: { min: 15, max: 90 },
  patienceSeconds: { min: 10, max: 90 },
  pauseEverySeconds: 240,
  pauseSeconds: { min: 20, max: 90 },
  pauseReasons: demoPauseReasons,
  logoutEverySeconds: 900,
  awaySeconds: { min: 30, max: 120 },
  loginSpreadSeconds: 5,
  ringNoAnswerRate: 0.05,
  holdRate: 0.15,
  holdSeconds: { min: 5, max: 15 },
};

/**
 * The demo contact center: 3 queues, 12 agents in 2 groups, 20 users (12 agents, 2 supervisors,
 * an admin, 5 users without agent), each user on a phone line `Local/<number>@phones`.
 */
export function demoContactCenter(): { config: ContactCenterConfig; logins: DemoLogin[]; traffic: TrafficProfile } {
  const lines = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, interface: `Local/${1001 + i}@phones`, number: String(1001 + i), context: 'default' }));
  const agents = agentPeople.map(([firstName, lastName], i) => ({
    id: i + 1, number: String(1001 + i), firstName, lastName, groupId: i < 6 ? 1 : 2, context: 'default',
  }));
  const logins: DemoLogin[] = [];
  const users = [
    ...agentPeople.map(([firstName, lastName], i) => {
      const username = firstName.toLowerCase();
      logins.push({ username, password: `${username}-demo`, rights: 'agent', who: `${firstName} ${lastName}, agent ${1001 + i}` });
      return { id: i + 1, username, password: `${username}-demo`, firstName, lastName, lineId: i + 1, agentId: i + 1, rights: 'agent' as const };
    }),
    ...staff.map(([firstName, lastName, rights], j) => {
      const username = firstName.toLowerCase();
      logins.push({ username, password: `${username}-demo`, rights, who: `${firstName} ${lastName}, ${rights}` });
      return {
        id: 13 + j, username, password: `${username}-demo`, firstName, lastName, lineId: 13 + j, rights,
        supervises: j === 0 ? { groups: [1], queues: [1, 2] } : j === 1 ? { groups: [2], queues: [2, 3] } : { groups: [], queues: [] },
      };
    }),
  ];
  const raw = {
    pbx: { agentMemberInterface: 'Local/{number}@agents' },
    users,
    lines,
    agents,
    agentGroups: [
      { id: 1, name: 'front', displayName: 'Front office' },
      { id: 2, name: 'back', displayName: 'Back office' },
    ],
    queues: [
      { id: 1, name: 'sales', displayName: 'Sales', number: '3000', context: 'default', wrapUpTime: 5 },
      { id: 2, name: 'support', displayName: 'Support', number: '3001', context: 'default', wrapUpTime: 10 },
      { id: 3, name: 'billing', displayName: 'Billing', number: '3002', context: 'default', wrapUpTime: 0 },
    ],
    queueMembers: agents.flatMap((a) =>
      a.groupId === 1
        ? [{ agentId: a.id, queueId: 1, penalty: 0 }, { agentId: a.id, queueId: 2, penalty: 1 }]
        : [{ agentId: a.id, queueId: 2, penalty: 0 }, { agentId: a.id, queueId: 3, penalty: 0 }, { agentId: a.id, queueId: 1, penalty: 2 }],
    ),
    userStatuses: [
      { name: 'available', longName: 'Available', color: '#08FD20', actions: [{ name: 'queueunpause_all', parameters: '' }] },
      { name: 'lunch', longName: 'Lunch', color: '#FF8000', actions: [{ name: 'queuepause_all', parameters: '' }] },
      { name: 'break', longName: 'Break', color: '#F7FE2E', actions: [{ name: 'queuepause_all', parameters: '' }] },
      { name: 'training', longName: 'Training', color: '#2E9AFE', actions: [{ name: 'queuepause_all', parameters: '' }] },
    ],
  };
  const parsed = parseContactCenterConfig(raw);
  // The demo is generated here; a problem is a bug in this file, not user input.
  if (!parsed.ok) throw new Error(`demo configuration is invalid: ${JSON.stringify(parsed.problems)}`);
  return { config: parsed.config, logins, traffic: demoTrafficProfile };
}

/** The demo logins as printable lines. */
export function formatDemoLogins(logins: readonly DemoLogin[]): string {
  return logins.map((l) => `  ${l.username.padEnd(10)} ${l.password.padEnd(16)} ${l.rights.padEnd(10)} ${l.who}`).join('\n');
}
