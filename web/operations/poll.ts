/**
 * Run `refresh` every `intervalMs` while the tab is visible: a hidden tab asks the server nothing
 * (an office keeps consoles open all day in background tabs), and refreshes at once when shown again.
 * Returns the function that stops it.
 */
export function whileVisible(refresh: () => void, intervalMs: number): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  const start = () => {
    timer ??= setInterval(refresh, intervalMs);
  };
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const onChange = () => {
    if (document.visibilityState === 'visible') {
      refresh();
      start();
    } else {
      stop();
    }
  };
  document.addEventListener('visibilitychange', onChange);
  if (document.visibilityState === 'visible') start();
  return () => {
    stop();
    document.removeEventListener('visibilitychange', onChange);
  };
}
