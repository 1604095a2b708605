import { describe, expect, it } from 'vitest';
import { classifyInferenceError } from '../src/model/errors';
import { fileUrl, preflightError, preflightMirror } from './model-preflight';

const HOST = 'https://mirror.example/models/';
const files = [
  { path: 'config.json' },
  { path: 'onnx/a.onnx', bytes: 10 },
  { path: 'onnx/b.onnx' },
];

function host(answers: Record<string, Response | Error>) {
  const asked: { url: string; method: string | undefined }[] = [];
  const network = (url: string, init?: RequestInit) => {
    asked.push({ url, method: init?.method });
    const answer = answers[url.replace(fileUrl(HOST, 'org/m', 'abc', ''), '')];
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve(answer ?? new Response(null, { status: 404 }));
  };
  return { asked, network };
}

const ok = (bytes: number) => new Response(null, { headers: { 'content-length': String(bytes) } });

describe('preflightMirror', () => {
  it('asks for the headers of every file at the pinned revision and names the missing one', async () => {
    const { asked, network } = host({ 'config.json': ok(5), 'onnx/a.onnx': ok(10) });
    const problems = await preflightMirror(HOST, 'org/m', 'abc', files, network, () => true);
    expect(asked.map((a) => a.method)).toEqual(['HEAD', 'HEAD', 'HEAD']);
    expect(asked[0]!.url).toBe('https://mirror.example/models/org/m/resolve/abc/config.json');
    expect(problems).toEqual([{ kind: 'missing', path: 'onnx/b.onnx' }]);
    const error = preflightError(problems, HOST)!;
    expect(classifyInferenceError(error)).toEqual({
      kind: 'missing-files',
      message: 'onnx/b.onnx',
    });
  });

  it('names a file whose size differs from the manifest as damaged', async () => {
    const { network } = host({ 'config.json': ok(5), 'onnx/a.onnx': ok(7), 'onnx/b.onnx': ok(1) });
    const problems = await preflightMirror(HOST, 'org/m', 'abc', files, network, () => true);
    expect(classifyInferenceError(preflightError(problems, HOST))).toEqual({
      kind: 'corrupt-file',
      message: 'onnx/a.onnx (7 of 10 bytes)',
    });
  });

  it('tells a mirror without CORS (online, fetch fails) from being offline', async () => {
    const refused = new TypeError('Failed to fetch');
    const { network } = host({
      'config.json': refused,
      'onnx/a.onnx': refused,
      'onnx/b.onnx': refused,
    });
    const online = await preflightMirror(HOST, 'org/m', 'abc', files, network, () => true);
    expect(classifyInferenceError(preflightError(online, HOST)).kind).toBe('unreachable');
    const offline = await preflightMirror(HOST, 'org/m', 'abc', files, network, () => false);
    expect(classifyInferenceError(preflightError(offline, HOST)).kind).toBe('offline');
  });

  it('finds nothing wrong with a complete mirror', async () => {
    const { network } = host({ 'config.json': ok(5), 'onnx/a.onnx': ok(10), 'onnx/b.onnx': ok(3) });
    const problems = await preflightMirror(HOST, 'org/m', 'abc', files, network, () => true);
    expect(preflightError(problems, HOST)).toBeNull();
  });
});
