// Every process the harness starts is tracked so that a test run that ends early (an uncaught
// error, Ctrl-C, a runner's SIGTERM) still kills what it started, by PID.
const running = new Map();

export function track(child, description) {
  running.set(child.pid, description);
  child.once('exit', () => running.delete(child.pid));
  return child;
}

function killAll() {
  for (const pid of running.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  running.clear();
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    // Die of the same signal, as if this handler had not been here.
    process.kill(process.pid, signal);
  });
}
