/** The figures as rows beside their aims, the machine they ran on, and the printed table. */
import { cpus, release, totalmem } from 'node:os';
import { SHORT } from './options';
import type { Summary } from './stats';

export interface Row {
  id: string;
  label: string;
  unit: 'ms' | 'MB' | 'x' | 'pushes' | 'KiB' | '%';
  n: number;
  median: number;
  p95: number;
  p99?: number;
  aim?: string;
  /** Whether the aim was met (undefined when the figure has no aim). */
  met?: boolean;
  note?: string;
}

export const rows: Row[] = [];
export const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

export function addRow(row: Omit<Row, 'n' | 'median' | 'p95'>, s: Summary, withP99 = false): Row {
  const full: Row = { ...row, n: s.n, median: s.median, p95: s.p95, ...(withP99 ? { p99: s.p99 } : {}) };
  rows.push(full);
  return full;
}

export function machineInfo(): Record<string, unknown> {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${release()}`,
  };
}

const fmt = (value: number | undefined, unit: Row['unit']) => {
  if (value === undefined || Number.isNaN(value)) return '';
  if (unit === 'x') return `${value.toFixed(2)}×`;
  if (unit === 'pushes') return String(value);
  if (unit === 'MB') return value.toFixed(0);
  return value < 10 ? value.toFixed(3) : value.toFixed(1);
};

export function printTable(machine: Record<string, unknown>): void {
  const header = ['benchmark', 'unit', 'n', 'median', 'p95', 'aim', 'met'];
  const body = rows.map((r) => [
    r.label,
    r.unit,
    String(r.n),
    fmt(r.median, r.unit),
    fmt(r.p95, r.unit),
    r.aim ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
  for (const r of rows)
    if (r.p99 !== undefined) console.log(`  ${r.label.trim()}: p99 ${fmt(r.p99, r.unit)} ms`);
  for (const r of rows) if (r.note) console.log(`  ${r.label.trim()}: ${r.note}`);
  console.log(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}${machine.chromium ? `, Chromium ${machine.chromium}` : ''}; mode ${SHORT ? 'short' : 'full'}`,
  );
}
