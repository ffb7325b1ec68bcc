const pad = (n: number) => String(n).padStart(2, '0');

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Local wall-clock `hh:mm`, 24-hour; the input itself when it is not a date. */
export function formatHm(iso: string): string {
  const d = parse(iso);
  return d ? `${pad(d.getHours())}:${pad(d.getMinutes())}` : iso;
}

/** Local wall-clock `hh:mm:ss`, 24-hour. */
export function formatHms(iso: string): string {
  const d = parse(iso);
  return d ? `${formatHm(iso)}:${pad(d.getSeconds())}` : iso;
}

/** Local `yyyy-mm-dd hh:mm:ss`, for logs where the day matters. */
export function formatDateTime(iso: string): string {
  const d = parse(iso);
  return d ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatHms(iso)}` : iso;
}

/** `850 ms`, `2.4 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
