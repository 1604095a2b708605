/**
 * Where the e2e servers listen. ANNOTA_E2E_PORT moves them (the app on it, the model harness on the
 * next port), so a second run on the same machine does not reuse the first run's servers.
 */
export const APP_PORT = Number(process.env.ANNOTA_E2E_PORT ?? 4173);
export const HARNESS_PORT = APP_PORT + 1;
export const APP_ORIGIN = `http://localhost:${APP_PORT}`;
export const HARNESS_ORIGIN = `http://localhost:${HARNESS_PORT}`;
