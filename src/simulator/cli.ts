import { parseArgs } from 'node:util';
import { createLogger } from '../log.js';
import { demoContactCenter, formatDemoLogins } from './demoContactCenter.js';
import { recordingLabPbx } from './pbxDefinition.js';
import { startSimulator } from './startSimulator.js';

const usage = `npm run simulator -- [options]
  --port <n>         AMI port (default 5038; 0 = any free port)
  --host <addr>      listen address (default 127.0.0.1)
  --seed <n>         random seed (default 1): the same seed gives the same traffic
  --no-traffic       no demo traffic: the PBX only answers actions
  --lab              the PBX of the recordings (shared/fixtures/ami) instead of the demo, no traffic
  --user <name>      AMI user (default xuc)
  --secret <secret>  AMI secret (default xucpass)
  --queue-log <file> also append queue_log records to this file
  --cel              also send CEL events (Event: CEL)
  --help`;

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string', default: '5038' },
        host: { type: 'string', default: '127.0.0.1' },
        seed: { type: 'string', default: '1' },
        'no-traffic': { type: 'boolean', default: false },
        lab: { type: 'boolean', default: false },
        user: { type: 'string', default: 'xuc' },
        secret: { type: 'string', default: 'xucpass' },
        'queue-log': { type: 'string' },
        cel: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(usage);
    return;
  }
  const port = Number(args.port);
  const seed = Number(args.seed);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(seed)) {
    console.error(`--port must be 0..65535 and --seed an integer\n\n${usage}`);
    process.exit(2);
  }
  const demo = demoContactCenter();
  const log = createLogger();
  const sim = await startSimulator({
    port, host: args.host, seed, log,
    ami: { username: args.user, secret: args.secret },
    queueLogFile: args['queue-log'],
    cel: args.cel,
    ...(args.lab ? { pbx: recordingLabPbx(), traffic: false } : { config: demo.config, traffic: args['no-traffic'] ? false : demo.traffic }),
  });
  const logins = args.lab ? '' : `\nDemo users (username, password, rights):\n${formatDemoLogins(demo.logins)}`;
  console.log(`Simulated Asterisk listening: ${sim.amiUrl}${logins}`);
  const stop = () => void sim.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
