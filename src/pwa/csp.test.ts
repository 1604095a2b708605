import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cspDirectives, cspHeaderValue, cspMetaContent, MODEL_HOSTS } from './csp';

const headersFile = readFileSync(new URL('../../public/_headers', import.meta.url), 'utf8');

function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('content security policy', () => {
  it('is the same in public/_headers as in the built index.html (plus header-only rules)', () => {
    const line = headersFile
      .split('\n')
      .find((l) => l.trim().startsWith('Content-Security-Policy:'));
    expect(line?.trim()).toBe(`Content-Security-Policy: ${cspHeaderValue()}`);
    expect(cspHeaderValue().startsWith(cspMetaContent())).toBe(true);
  });

  it('runs scripts only from the app itself, with WebAssembly allowed for onnxruntime', () => {
    const script = parse(cspMetaContent()).get('script-src');
    expect(script).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(cspMetaContent()).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
    expect(parse(cspMetaContent()).get('object-src')).toEqual(["'none'"]);
  });

  it('connects only to the app origin, local data and the model hosts', () => {
    const connect = parse(cspMetaContent()).get('connect-src') ?? [];
    const remote = connect.filter((c) => c.startsWith('http'));
    expect(remote).toEqual([...MODEL_HOSTS]);
    expect(connect.filter((c) => !c.startsWith('http'))).toEqual(["'self'", 'blob:', 'data:']);
  });

  it('allows no inline style, so an injected style attribute cannot apply', () => {
    expect(parse(cspMetaContent()).get('style-src')).toEqual(["'self'"]);
    expect(cspHeaderValue()).not.toContain("'unsafe-inline'");
  });

  it('reaches the Hub only under the model organisation, never its upload API or any *.hf.co', () => {
    const remote = (parse(cspMetaContent()).get('connect-src') ?? []).filter((c) =>
      c.startsWith('http'),
    );
    expect(remote).not.toContain('https://huggingface.co');
    expect(remote.some((c) => c.includes('*'))).toBe(false);
    for (const source of remote.filter((c) => c.startsWith('https://huggingface.co')))
      expect(source).toMatch(/^https:\/\/huggingface\.co\/[\w-]+\/$/);
  });

  it('takes a mirror host when one is configured', () => {
    const mirror = 'https://models.example.org';
    expect(cspDirectives([...MODEL_HOSTS, mirror])['connect-src']).toContain(mirror);
  });

  it('keeps frame-ancestors out of the meta tag, where browsers ignore it', () => {
    expect(cspMetaContent()).not.toContain('frame-ancestors');
    expect(parse(cspHeaderValue()).get('frame-ancestors')).toEqual(["'none'"]);
  });
});
