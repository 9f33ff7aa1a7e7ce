import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { configImportCommand } from './persistence/configImportCommand.js';
import { formatDemoLogins, startApp, version } from './app/startApp.js';

/** How long a graceful stop may take before the process exits anyway. */
const STOP_DEADLINE_MS = 8_000;

/** The `xuc` command: `xuc` runs the server; `xuc config import FILE` imports a configuration. */
async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  if (argv[0] === 'config') {
    if (argv[1] === 'import') return configImportCommand(argv.slice(2), config);
    console.error('usage: xuc config import FILE');
    return 2;
  }
  if (argv.length > 0) {
    console.error(`unknown command "${argv.join(' ')}"; usage: xuc [config import FILE]`);
    return 2;
  }

  const logger = createLogger(config.logLevel);
  // A forgotten promise (a write that failed after its client left) must not stop every other call.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection (kept running)'));
  const app = await startApp(config, logger);
  const base = app.server.url;
  const lines = [
    '',
    `xuc-ts ${version} is running`,
    `  status      ${base}/`,
    `  inspector   ${base}/inspector  (admin login)`,
    `  metrics     ${base}/metrics`,
    `  CTI clients ws://${base.slice('http://'.length)}/xuc/ctichannel`,
    `  REST        ${base}/xuc/api/1.0/  and  ${base}/xuc/api/2.0/`,
    app.simulator
      ? `  AMI         embedded PBX simulator at ${app.simulator.host}:${app.simulator.port} with the demo contact center`
      : `  AMI         ${config.ami.url?.replace(/\/\/([^:@]+):[^@]*@/, '//$1:***@')}`,
    `  database    ${config.database.url ? 'PostgreSQL' : `PGlite in ${config.database.dataDir}`}`,
  ];
  if (app.demoLogins) lines.push('', 'demo logins (username, password, rights):', formatDemoLogins(app.demoLogins));
  process.stdout.write(`${lines.join('\n')}\n\n`);
  logger.info({ url: base }, 'xuc-ts started');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        // A second Ctrl-C means "now".
        logger.warn({ signal }, 'second signal while stopping; exiting at once');
        resolve(1);
        return;
      }
      stopping = true;
      logger.info({ signal }, 'stopping');
      const deadline = setTimeout(() => {
        logger.error('graceful stop took too long; exiting');
        resolve(1);
      }, STOP_DEADLINE_MS);
      deadline.unref();
      app
        .stop()
        .then(() => resolve(0))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'error while stopping');
          resolve(1);
        });
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
