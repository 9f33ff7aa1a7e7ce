import type { ContactCenterConfig } from '../../../src/domain/contactCenterConfig.js';
import { contactCenterConfigSchema } from '../../../src/domain/contactCenterConfig.js';

/**
 * A small contact center for transport tests: two agents in the supervised group and queue,
 * one agent elsewhere, a supervisor of group 1 / queue 1, an admin, and a user with no line.
 */
export const testContactCenter: ContactCenterConfig = contactCenterConfigSchema.parse({
  users: [
    { id: 1, username: 'alice', password: 'alice-secret', firstName: 'Alice', lastName: 'Martin', mobileNumber: '0612345678', lineId: 1, agentId: 1 },
    { id: 2, username: 'bob', password: 'bob-secret', firstName: 'Bob', lastName: 'Durand', lineId: 2, agentId: 2 },
    { id: 3, username: 'carol', password: 'carol-secret', firstName: 'Carol', lastName: 'Petit', lineId: 4, agentId: 3 },
    {
      id: 9, username: 'sam', password: 'sam-secret', firstName: 'Sam', lastName: 'Visor', lineId: 3,
      rights: 'supervisor', supervises: { groups: [1], queues: [1] },
    },
    { id: 10, username: 'root', password: 'root-secret', firstName: 'Ada', lastName: 'Admin', lineId: 9, rights: 'admin' },
    { id: 11, username: 'nophone', password: 'nophone-secret' },
  ],
  lines: [
    { id: 1, interface: 'SIP/alice', number: '1001' },
    { id: 2, interface: 'SIP/bob', number: '1002' },
    { id: 3, interface: 'SIP/sam', number: '1003' },
    { id: 4, interface: 'SIP/carol', number: '1004' },
    { id: 9, interface: 'SIP/root', number: '1009' },
  ],
  agents: [
    { id: 1, number: '2001', firstName: 'Alice', lastName: 'Martin', groupId: 1 },
    { id: 2, number: '2002', firstName: 'Bob', lastName: 'Durand', groupId: 1 },
    { id: 3, number: '2003', firstName: 'Carol', lastName: 'Petit', groupId: 2 },
  ],
  agentGroups: [
    { id: 1, name: 'sales-team', displayName: 'Sales team' },
    { id: 2, name: 'support-team' },
  ],
  queues: [
    { id: 1, name: 'sales', displayName: 'Sales', number: '3001' },
    { id: 2, name: 'support', displayName: 'Support', number: '3002' },
  ],
  queueMembers: [
    { agentId: 1, queueId: 1, penalty: 0 },
    { agentId: 2, queueId: 1, penalty: 0 },
    { agentId: 3, queueId: 2, penalty: 0 },
  ],
  userStatuses: [
    { name: 'available', longName: 'Available', color: '#08FD20', actions: [{ name: 'queueunpause_all', parameters: 'true' }] },
    { name: 'lunch', longName: 'Lunch break', color: '#FF8C00', actions: [{ name: 'queuepause_all', parameters: 'true' }] },
    { name: 'away', longName: 'Away', color: '#9E9E9E' },
  ],
});
