/**
 * Model servers the deployment allows the page to reach. The build reads them from the
 * ANNOTA_MODEL_SERVERS environment variable (comma- or space-separated origins, CSP source syntax:
 * `https://gpu.lan:8000`, `http://10.0.0.5:*`, `https://*.corp.example`), adds them to the CSP's
 * connect-src (meta tag and dist/_headers) and tells the app, which explains a host left out.
 */
const SOURCE = /^(https?):\/\/(\*\.)?[a-z0-9.-]+(\[[0-9a-f:]+\])?(:(\d{1,5}|\*))?$/i;

export class ServerHostsError extends Error {}

/** Parses the setting; throws on an entry that is not an http(s) origin, so a typo fails the build. */
export function parseServerHosts(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(/[\s,]+/)
    .map((e) => e.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const entry of entries)
    if (!SOURCE.test(entry))
      throw new ServerHostsError(
        `ANNOTA_MODEL_SERVERS: "${entry}" is not an origin like https://gpu.example:8000`,
      );
  return [...new Set(entries)];
}

/** Whether a CSP host source (as parsed above) matches a URL's origin. */
export function hostAllowed(url: string, sources: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return sources.some((source) => {
    const m = /^(https?):\/\/(\*\.)?([^:/]+|\[[^\]]+\])(?::(\d+|\*))?$/i.exec(source);
    if (!m) return false;
    const [, scheme, wildcard, host, sourcePort] = m;
    if (`${scheme!.toLowerCase()}:` !== target.protocol) return false;
    const name = target.hostname.toLowerCase();
    const want = host!.toLowerCase();
    const hostOk = wildcard ? name.endsWith(`.${want}`) : name === want;
    const wantPort = sourcePort ?? (scheme!.toLowerCase() === 'https' ? '443' : '80');
    return hostOk && (wantPort === '*' || wantPort === port);
  });
}

declare const __ANNOTA_MODEL_SERVERS__: string[] | undefined;

/** What this build allows (vite.config.ts defines it); null outside a Vite build (the CLI in Node). */
export function allowedServerHosts(): string[] | null {
  return typeof __ANNOTA_MODEL_SERVERS__ === 'undefined' ? null : __ANNOTA_MODEL_SERVERS__;
}
