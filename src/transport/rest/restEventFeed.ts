import type { ConfigStore } from '../../domain/configStore.js';
import type { EngineApi } from '../../domain/engineApi.js';
import { phoneStatusCodes, type PhoneStatusName } from '../../domain/xucMessages.js';
import { phoneStatusOf } from '../ws/phoneStatus.js';
import type { EventPoster } from './eventPoster.js';

/**
 * Which users integrations connected (REST `connect`, per domain) and the feed of their phone
 * events and phone status changes to the event poster; `handshake` re-posts the current state.
 */
export class RestEventFeed {
  private readonly domains = new Map<string, Set<string>>();
  private readonly lineStatus = new Map<number, PhoneStatusName>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly engine: EngineApi,
    private readonly configStore: ConfigStore,
    private readonly poster: EventPoster | undefined,
  ) {
    this.unsubscribe = engine.subscribe((event) => {
      if (event.kind === 'phoneEvent') this.onPhoneEvent(event.lineId, event.event);
    });
  }

  connect(domain: string, username: string): void {
    const users = this.domains.get(domain) ?? new Set<string>();
    users.add(username);
    this.domains.set(domain, users);
  }

  /** Re-posts, for every user connected for the domain, its phone status and its calls in progress. */
  handshake(domain: string): void {
    const config = this.configStore.current();
    for (const username of this.domains.get(domain) ?? []) {
      const lineId = config.users.find((u) => u.username === username)?.lineId;
      if (lineId === undefined) continue;
      const calls = this.engine.currentCalls(lineId);
      this.poster?.post(username, { username, status: phoneStatusCodes[phoneStatusOf(calls)] });
      for (const call of calls) this.poster?.post(username, { username, message: { msgType: 'PhoneEvent', ctiMessage: call } });
    }
  }

  stop(): void {
    this.unsubscribe();
  }

  private connectedUsernames(): Set<string> {
    const all = new Set<string>();
    for (const users of this.domains.values()) for (const u of users) all.add(u);
    return all;
  }

  private onPhoneEvent(lineId: number, ctiMessage: unknown): void {
    if (!this.poster) return;
    const connected = this.connectedUsernames();
    const users = this.configStore.current().users.filter((u) => u.lineId === lineId && connected.has(u.username));
    if (users.length === 0) return;
    const status = phoneStatusOf(this.engine.currentCalls(lineId));
    const changed = this.lineStatus.get(lineId) !== status;
    this.lineStatus.set(lineId, status);
    for (const { username } of users) {
      this.poster.post(username, { username, message: { msgType: 'PhoneEvent', ctiMessage } });
      if (changed) this.poster.post(username, { username, status: phoneStatusCodes[status] });
    }
  }
}
