import { describe, expect, it } from 'vitest';
import { loadConfig, parseAmiUrl } from '../../src/config.js';

describe('configuration', () => {
  it('layers defaults < environment < overrides, treating empty variables as absent', () => {
    const config = loadConfig({ XUC_HTTP_PORT: '9001', XUC_AMI_URL: '', XUC_LOG_LEVEL: 'debug' }, { http: { host: '0.0.0.0' } });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 9001 });
    expect(config.ami.url).toBeUndefined();
    expect(config.logLevel).toBe('debug');
    expect(config.database.dataDir).toBe('./data');
  });

  it('rejects a non-numeric port with the variable name in the message', () => {
    expect(() => loadConfig({ XUC_HTTP_PORT: 'eighty' })).toThrow(/XUC_HTTP_PORT/);
  });

  it('parses ami:// URLs with encoded secrets and the default port', () => {
    expect(parseAmiUrl('ami://xuc:p%40ss@10.0.0.1')).toEqual({ host: '10.0.0.1', port: 5038, username: 'xuc', secret: 'p@ss' });
    expect(() => parseAmiUrl('http://x')).toThrow(/ami:\/\//);
  });
});
