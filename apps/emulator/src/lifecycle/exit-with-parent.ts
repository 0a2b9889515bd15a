// `pnpm start` does not pass SIGTERM/SIGHUP on to the emulator it runs: when pnpm (or whatever started
// the emulator with --exit-with-parent) goes away, the emulator is re-parented; it notices and stops.
const CHECK_EVERY_MS = 250;

/** Calls `onGone` once when the parent process exits; returns a function that stops watching. */
export function watchParent(onGone: () => void, ppid: () => number = () => process.ppid): () => void {
  const parent = ppid();
  const timer = setInterval(() => {
    if (ppid() === parent) return;
    clearInterval(timer);
    onGone();
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
