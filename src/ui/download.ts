/** Saves text as a file through the browser's download. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // The click starts the download synchronously; the URL can go on the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Today as YYYY-MM-DD in the person's time zone, for file names (the same in every language). */
export function today(): string {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}
