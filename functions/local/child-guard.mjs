// A watchdog for one child process of the local stack (DynamoDB Local's Java): `node child-guard.mjs <pid>`.
// Its stdin is a pipe from the process that started both. When that process ends in any way — even
// `kill -9`, which runs no clean-up of its own — the kernel closes the pipe; the guard then stops
// <pid> (SIGTERM, SIGKILL after 5 s) so no orphan keeps the port and the data directory.
// Plain JavaScript, run by plain node: it must start fast and need nothing but Node itself.
const pid = Number(process.argv[2]);
if (!Number.isInteger(pid) || pid <= 0) {
  process.stderr.write('usage: node child-guard.mjs <pid>\n');
  process.exit(2);
}
const parent = process.ppid;

function alive(target) {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

let stopping = false;
function stopChild() {
  if (stopping) return;
  stopping = true;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    process.exit(0);
  }
  setTimeout(() => {
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    process.exit(0);
  }, 5_000).unref();
}

process.stdin.on('end', stopChild);
process.stdin.on('close', stopChild);
process.stdin.on('error', stopChild);
process.stdin.resume();

// A clean stop is the starter's job: it stops the child itself, then ends the guard with SIGTERM.
process.on('SIGTERM', () => process.exit(0));
// Ctrl-C reaches the whole process group (the child too); the starter does the stopping.
process.on('SIGINT', () => {});

// Every half second: exit once the child is gone (nothing left to guard), and treat a new parent
// (the starter died and the guard was adopted) like a closed pipe, in case a stray copy of it stays open.
setInterval(() => {
  if (!alive(pid)) process.exit(0);
  if (process.ppid !== parent) stopChild();
}, 500);
