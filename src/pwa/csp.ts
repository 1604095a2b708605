/**
 * The Content-Security-Policy of the built app, in one place: vite.config.ts writes it into
 * index.html as a meta tag, and public/_headers carries the same policy for static hosts that can
 * send headers (a unit test keeps the two equal).
 *
 * To load models from a mirror, add its origin to MODEL_HOSTS and to public/_headers.
 */
export const MODEL_HOSTS = [
  // Only the model organisation's path on the Hub (its /api/ accepts uploads); CSP checks the path
  // of this first request, the CDN hosts below serve its redirects and are matched by origin.
  'https://huggingface.co/onnx-community/',
  'https://cdn-lfs.huggingface.co',
  'https://cdn-lfs.hf.co',
  'https://cdn-lfs-us-1.hf.co',
  'https://cas-bridge.xethub.hf.co',
] as const;

type Directives = Record<string, readonly string[]>;

export function cspDirectives(modelHosts: readonly string[] = MODEL_HOSTS): Directives {
  return {
    'default-src': ["'self'"],
    // onnxruntime-web compiles WebAssembly; nothing else may be evaluated and nothing inline runs.
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    // No inline style at all: components set styles through style: directives and CSS variables
    // (CSSOM, from validated values), so a style smuggled into markup cannot apply.
    'style-src': ["'self'"],
    'img-src': ["'self'", 'blob:', 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", 'blob:', 'data:', ...modelHosts],
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'media-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'none'"],
  };
}

/** Directives a <meta> policy may not carry (browsers ignore them there and warn). */
const HEADER_ONLY: Directives = { 'frame-ancestors': ["'none'"] };

function serialise(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

export function cspMetaContent(modelHosts: readonly string[] = MODEL_HOSTS): string {
  return serialise(cspDirectives(modelHosts));
}

export function cspHeaderValue(modelHosts: readonly string[] = MODEL_HOSTS): string {
  return serialise({ ...cspDirectives(modelHosts), ...HEADER_ONLY });
}
