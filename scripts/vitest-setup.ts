import fc from 'fast-check';

// Property tests explore new random cases on every local run; CI replays one fixed seed so a
// submission's result does not depend on the draw. Set FAST_CHECK_SEED to replay a reported failure.
const seed = process.env.FAST_CHECK_SEED ?? (process.env.CI ? '20261124' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
