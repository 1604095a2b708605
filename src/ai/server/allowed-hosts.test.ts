import { describe, expect, it } from 'vitest';
import { hostAllowed, parseServerHosts } from './allowed-hosts';
import { cspHeaderValue, MODEL_HOSTS } from '../../pwa/csp';

describe('allowed model servers', () => {
  it('parses the deploy-time setting and rejects what is not an origin', () => {
    expect(parseServerHosts(undefined)).toEqual([]);
    expect(
      parseServerHosts(' https://gpu.lan:8000/, http://10.0.0.5:* https://*.corp.example'),
    ).toEqual(['https://gpu.lan:8000', 'http://10.0.0.5:*', 'https://*.corp.example']);
    expect(() => parseServerHosts('gpu.lan:8000')).toThrow(/not an origin/);
    expect(() => parseServerHosts("https://x'; script-src *")).toThrow(/not an origin/);
  });

  it('matches URLs as connect-src would', () => {
    const hosts = parseServerHosts(
      'https://gpu.lan:8000 http://127.0.0.1:* https://*.corp.example',
    );
    expect(hostAllowed('https://gpu.lan:8000/v1', hosts)).toBe(true);
    expect(hostAllowed('https://gpu.lan:8001/v1', hosts)).toBe(false);
    expect(hostAllowed('http://gpu.lan:8000/v1', hosts)).toBe(false);
    expect(hostAllowed('http://127.0.0.1:4345', hosts)).toBe(true);
    expect(hostAllowed('https://a.corp.example/v1', hosts)).toBe(true);
    expect(hostAllowed('https://corp.example.evil.com/v1', hosts)).toBe(false);
    expect(hostAllowed('http://localhost:4345', hosts)).toBe(false);
  });

  it('ends up in connect-src next to the model hosts', () => {
    const csp = cspHeaderValue([...MODEL_HOSTS, ...parseServerHosts('https://gpu.lan:8000')]);
    expect(csp).toMatch(/connect-src [^;]*https:\/\/gpu\.lan:8000/);
  });
});
