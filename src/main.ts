import { loadConfig } from './config.js';
import { createLogger } from './log.js';

const config = loadConfig();
const log = createLogger(config.logLevel);
log.info({ http: config.http }, 'xuc-ts starting');
