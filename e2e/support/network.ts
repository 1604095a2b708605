import type { BrowserContext, ConsoleMessage, Page, Request } from '@playwright/test';

/** The origins a session may talk to besides the page's own; a mirror host is added here too. */
export const MODEL_HOSTS = [
  'https://huggingface.co',
  'https://cdn-lfs.huggingface.co',
  'https://cdn-lfs-us-1.hf.co',
  /^https:\/\/[\w-]+\.hf\.co$/,
] as const;

export type AllowedOrigin = string | RegExp;

export interface RecordedRequest {
  url: string;
  method: string;
  resourceType: string;
  body: Buffer | null;
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // blob: and data: never leave the browser.
    if (parsed.protocol === 'blob:' || parsed.protocol === 'data:') return null;
    return parsed.origin;
  } catch {
    return null;
  }
}

function allowed(origin: string, list: readonly AllowedOrigin[]): boolean {
  return list.some((a) => (typeof a === 'string' ? a === origin : a.test(origin)));
}

/** True when `body` carries a recognisable run of `secret`, raw or base64-encoded. */
export function carriesBytes(body: Buffer, secret: Buffer, window = 48): boolean {
  if (secret.length < window) return body.includes(secret);
  const text = body.toString('latin1');
  const starts = [0, Math.floor(secret.length / 2), secret.length - window];
  for (const start of starts) {
    const run = secret.subarray(start, start + window);
    if (body.includes(run)) return true;
    // base64 of the run at each of the three byte alignments, trimmed to whole characters.
    for (let shift = 0; shift < 3; shift++) {
      const encoded = run.subarray(shift, shift + 42).toString('base64');
      if (text.includes(encoded) || text.includes(encoded.replace(/\+/g, '-').replace(/\//g, '_')))
        return true;
    }
  }
  return false;
}

/**
 * Records every request a browser context makes (pages, workers and, where Chromium reports them,
 * the service worker), so a test can assert where a whole session's traffic went.
 */
export class NetworkRecorder {
  readonly requests: RecordedRequest[] = [];
  private readonly listener = (request: Request) => {
    this.requests.push({
      url: request.url(),
      method: request.method(),
      resourceType: request.resourceType(),
      body: request.postDataBuffer(),
    });
  };

  constructor(private readonly context: BrowserContext) {
    context.on('request', this.listener);
  }

  stop(): void {
    this.context.off('request', this.listener);
  }

  /** Requests to anywhere but `pageOrigin` and the allowed hosts. */
  offOrigin(pageOrigin: string, allow: readonly AllowedOrigin[] = MODEL_HOSTS): RecordedRequest[] {
    return this.requests.filter((r) => {
      const origin = originOf(r.url);
      return origin !== null && origin !== pageOrigin && !allowed(origin, allow);
    });
  }

  /** Requests whose body carries any of the given files' bytes. */
  carrying(files: readonly Buffer[]): RecordedRequest[] {
    return this.requests.filter((r) => r.body && files.some((f) => carriesBytes(r.body!, f)));
  }
}

declare global {
  interface Window {
    annotaReportCsp?: (violation: string) => Promise<void>;
  }
}

/**
 * Collects Content-Security-Policy violations in every page of the context, across navigations:
 * the DOM's securitypolicyviolation events and the console errors Chromium prints for them (which
 * also cover workers).
 */
export async function watchCspViolations(context: BrowserContext): Promise<() => string[]> {
  const found: string[] = [];
  await context.exposeBinding('annotaReportCsp', (_source, violation: string) => {
    found.push(violation);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      void window.annotaReportCsp?.(`${e.violatedDirective} blocked ${e.blockedURI} ${e.sample}`);
    });
  });
  const onConsole = (message: ConsoleMessage) => {
    if (/Content.Security.Policy/i.test(message.text())) found.push(message.text());
  };
  const watch = (page: Page) => page.on('console', onConsole);
  context.pages().forEach(watch);
  context.on('page', watch);
  return () => [...found];
}
