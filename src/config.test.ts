import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPostgresUrl, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(resolve('.rushcart'));
    expect(config.databaseUrl).toBe(resolve('.rushcart', 'rushcart.db'));
    expect(config.seedDemo).toBe(true);
  });

  it('treats empty variables as unset, so `RUSHCART_DATA_DIR= rushcart` never writes secrets into the working folder', () => {
    const config = loadConfig({ RUSHCART_DATA_DIR: '', RUSHCART_DATABASE_URL: '', PORT: '' });
    expect(config.dataDir).toBe(resolve('.rushcart'));
    expect(config.databaseUrl).toBe(resolve('.rushcart', 'rushcart.db'));
    expect(config.port).toBe(3000);
  });

  it('serves every agent protocol unless the merchant lists fewer, and refuses unknown ones', () => {
    expect([...loadConfig({}).agentProtocols]).toEqual(['mcp', 'acp', 'ucp']);
    expect([...loadConfig({ RUSHCART_AGENT_PROTOCOLS: 'none' }).agentProtocols]).toEqual([]);
    expect([...loadConfig({ RUSHCART_AGENT_PROTOCOLS: '' }).agentProtocols]).toEqual([]);
    expect([...loadConfig({ RUSHCART_AGENT_PROTOCOLS: ' MCP ' }).agentProtocols]).toEqual(['mcp']);
    expect(() => loadConfig({ RUSHCART_AGENT_PROTOCOLS: 'mcp,gopher' })).toThrow(/gopher/);
  });

  it('sends ACP order events only with a URL and a long enough secret', () => {
    expect(loadConfig({}).acpWebhook).toBeUndefined();
    const secret = 'x'.repeat(32);
    expect(
      loadConfig({
        RUSHCART_ACP_WEBHOOK_URL: 'https://agent.example/hooks',
        RUSHCART_ACP_WEBHOOK_SECRET: secret,
      }).acpWebhook,
    ).toEqual({
      url: 'https://agent.example/hooks',
      secret,
      retryBaseMs: 1000,
    });
    expect(() =>
      loadConfig({
        RUSHCART_ACP_WEBHOOK_URL: 'https://agent.example/hooks',
        RUSHCART_ACP_WEBHOOK_SECRET: 'short',
      }),
    ).toThrow(/32/);
    expect(() =>
      loadConfig({ RUSHCART_ACP_WEBHOOK_URL: 'ftp://x', RUSHCART_ACP_WEBHOOK_SECRET: secret }),
    ).toThrow(/http/);
  });

  it('refuses a port that is not a port', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ PORT: 'http' })).toThrow(/PORT/);
  });

  it('reads which proxies to trust, and refuses what is not an address', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ RUSHCART_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ RUSHCART_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ RUSHCART_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
    ]);
    expect(() => loadConfig({ RUSHCART_TRUST_PROXY: 'proxy.internal' })).toThrow(/RUSHCART_TRUST_PROXY/);
  });

  it('tells PostgreSQL URLs from SQLite paths', () => {
    expect(isPostgresUrl('postgres://localhost/test')).toBe(true);
    expect(isPostgresUrl('postgresql://localhost/test')).toBe(true);
    expect(isPostgresUrl('./.rushcart/rushcart.db')).toBe(false);
  });
});
