/**
 * Whether a process of this machine with this pid exists (EPERM: it does, but
 * belongs to another user). A reused pid reads as alive: callers err on the
 * side of waiting rather than taking over a live process's work.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
