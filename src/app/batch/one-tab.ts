/**
 * Runs a job's work only where no other tab of this browser runs the same job (Web Locks): two
 * tabs resuming one job would answer its images twice. `onHeld` is told when another tab has it.
 */
export function inOneTab<T>(
  lockName: string,
  work: () => Promise<T>,
  onHeld: () => void,
): Promise<T | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return work();
  return locks.request(lockName, { ifAvailable: true }, async (lock) => {
    if (!lock) {
      onHeld();
      return null;
    }
    return work();
  });
}
