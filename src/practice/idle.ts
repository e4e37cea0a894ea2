/** Work that must stay off the first paint's path: run it once the page is idle. */

/** Runs `task` when the browser is idle (at most `timeoutMs` later), or after `timeoutMs` where there is no idle callback; returns a cancel. */
export function whenIdle(task: () => void, timeoutMs = 4_000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => task(), { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  // Safari has no requestIdleCallback: a plain delay keeps the task after the first paint.
  const handle = setTimeout(task, Math.min(timeoutMs, 1_500));
  return () => clearTimeout(handle);
}
