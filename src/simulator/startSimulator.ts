import type { Clock } from '../domain/clock.js';
import { systemClock } from '../domain/clock.js';
import type { ContactCenterConfig } from '../domain/contactCenterConfig.js';
import { silentLogger, type Logger } from '../log.js';
import { AmiServer, type AmiCredentials } from './amiServer.js';
import { Pbx } from './pbx.js';
import { pbxFromContactCenterConfig, recordingLabPbx, type PbxDefinition } from './pbxDefinition.js';
import { startTraffic, type TrafficProfile } from './traffic.js';

export interface SimulatorOptions {
  /** TCP port; 0 picks a free one. Default 5038. */
  readonly port?: number;
  readonly host?: string;
  /** The contact center to simulate; without it (and without `pbx`) the recordings' lab PBX. */
  readonly config?: ContactCenterConfig;
  readonly pbx?: PbxDefinition;
  readonly clock?: Clock;
  readonly seed?: number;
  /** Demo traffic (agents and callers); false or absent: the PBX only answers actions. */
  readonly traffic?: TrafficProfile | false;
  readonly ami?: AmiCredentials;
  readonly queueLogFile?: string;
  /** Share of queue rings an agent lets ring out (AgentRingNoAnswer); 0 by default. */
  readonly agentNoAnswerRate?: number;
  /** Also emit `Event: CEL` records (off by default, as most CTI servers ignore them). */
  readonly cel?: boolean;
  /** Login probation before an agent is callable; a replay sets the recording's own. */
  readonly loginProbationMs?: number;
  readonly log?: Logger;
}

export interface RunningSimulator {
  readonly port: number;
  readonly host: string;
  /** `ami://user:secret@host:port`, ready for XUC_AMI_URL. */
  readonly amiUrl: string;
  readonly pbx: Pbx;
  /** The queue_log lines written so far, in Asterisk's format. */
  queueLog(): string[];
  stop(): Promise<void>;
}

/** Starts the embedded PBX and its AMI endpoint. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  const credentials = options.ami ?? { username: 'xuc', secret: 'xucpass' };
  const definition = options.pbx ?? (options.config ? pbxFromContactCenterConfig(options.config) : recordingLabPbx());
  const pbx = new Pbx(definition, { clock, seed: options.seed, queueLogFile: options.queueLogFile, cel: options.cel, loginProbationMs: options.loginProbationMs, agentNoAnswerRate: options.agentNoAnswerRate ?? (options.traffic ? options.traffic.ringNoAnswerRate : undefined) });
  const server = new AmiServer(pbx, credentials, options.log ?? silentLogger);
  const port = await server.listen(options.port ?? 5038, host);
  const traffic = options.traffic ? startTraffic(pbx, options.traffic, options.config) : undefined;
  return {
    port,
    host,
    amiUrl: `ami://${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.secret)}@${host}:${port}`,
    pbx,
    queueLog: () => pbx.queueLog.lines(),
    async stop() {
      traffic?.stop();
      pbx.stop();
      await server.close();
    },
  };
}
