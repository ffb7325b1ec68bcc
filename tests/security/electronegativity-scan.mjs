// `npm run test:security`: Electronegativity over the Electron host's sources, failing on any finding that the
// allow-list (.electronegativity-allow.json) does not explain with a reason.
//
// Electronegativity exits 0 whatever it finds, so this reads its CSV report instead of its exit code. It runs
// offline and never leaves loopback (see typescript-for-electronegativity.cjs and offline-got.cjs), with the
// Electron version from package.json (its defaults decide several checks). Exit codes: 0 clean, 1 unexplained
// findings, files it could not parse, or a broken allow-list; 2 when the scanner itself failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const SCAN_DIRS = ['src-main/electron'];
const ALLOW_FILE = '.electronegativity-allow.json';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const electronVersion = (pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '').replace(
  /^[^\d]*/,
  '',
);
if (!/^\d+\.\d+\.\d+$/.test(electronVersion)) {
  console.error(`security scan: cannot read the Electron version from package.json ("${electronVersion}")`);
  process.exit(2);
}

/** @typedef {{ check: string; file: string; sample?: string; reason: string }} AllowEntry */
/** @type {AllowEntry[]} */
let allow;
try {
  allow = JSON.parse(readFileSync(join(root, ALLOW_FILE), 'utf8')).allow;
} catch (error) {
  console.error(`security scan: cannot read ${ALLOW_FILE}: ${error.message}`);
  process.exit(1);
}
const badEntries = allow.filter(
  (e) => typeof e.check !== 'string' || typeof e.file !== 'string' || !(e.reason?.trim().length >= 20),
);
if (badEntries.length > 0) {
  console.error(
    `security scan: ${ALLOW_FILE} entries need check, file and a reason (a sentence, not a word):`,
  );
  for (const e of badEntries) console.error(`  ${JSON.stringify(e)}`);
  process.exit(1);
}

const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist/index.js');
function dirname(p) {
  return resolve(p, '..');
}

const findings = [];
const parseErrors = [];
const work = mkdtempSync(join(tmpdir(), 'wm-electronegativity-'));
try {
  for (const dir of SCAN_DIRS) {
    const out = join(work, `${dir.replaceAll('/', '_')}.csv`);
    const run = spawnSync(
      process.execPath,
      [
        '--require',
        join(import.meta.dirname, 'typescript-for-electronegativity.cjs'),
        cli,
        '--input',
        join(root, dir),
        '--electron-version',
        electronVersion,
        '--output',
        out,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, LANG: 'en-US', FORCE_COLOR: '0' },
        timeout: 120_000,
      },
    );
    const console_ = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
    if (run.status !== 0 || run.error) {
      console.error(
        `security scan: Electronegativity failed on ${dir} (${run.error?.message ?? `exit ${run.status}`})`,
      );
      console.error(console_.slice(-4000));
      process.exit(2);
    }
    for (const line of console_.split('\n')) {
      const m = /^Error parsing (.*?) - (.*)$/.exec(line.trim());
      if (m) parseErrors.push({ file: m[1].replace(`${root}/`, ''), message: m[2] });
    }
    let csv;
    try {
      csv = readFileSync(out, 'utf8');
    } catch {
      console.error(`security scan: Electronegativity wrote no report for ${dir}`);
      console.error(console_.slice(-4000));
      process.exit(2);
    }
    const parsed = Papa.parse(csv.trim(), {
      header: true,
      transformHeader: (h) => h.trim(),
      skipEmptyLines: true,
    });
    for (const row of parsed.data) {
      findings.push({
        check: row.issue,
        severity: row.severity,
        confidence: row.confidence,
        file: resolve(row.filename).replace(`${root}/`, ''),
        location: row.location,
        sample: row.sample,
        description: row.description,
      });
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const used = new Set();
const unexplained = [];
for (const f of findings) {
  const index = allow.findIndex(
    (e) =>
      e.check === f.check && e.file === f.file && (e.sample === undefined || f.sample?.includes(e.sample)),
  );
  if (index === -1) unexplained.push(f);
  else used.add(index);
}

const where = (f) => `${f.file}:${f.location}`;
console.log(
  `security scan: Electronegativity (Electron ${electronVersion}) over ${SCAN_DIRS.join(', ')}: ${findings.length} finding(s), ${findings.length - unexplained.length} explained in ${ALLOW_FILE}`,
);
for (const f of findings) {
  if (!unexplained.includes(f)) console.log(`  allowed  ${f.check} ${where(f)}`);
}
allow.forEach((e, i) => {
  if (!used.has(i))
    console.log(`  note: allow-list entry matches nothing now (remove it?): ${e.check} ${e.file}`);
});
let failed = false;
if (parseErrors.length > 0) {
  failed = true;
  console.error('security scan: files Electronegativity could not parse (so they were not checked):');
  for (const e of parseErrors) console.error(`  ${e.file}: ${e.message}`);
}
if (unexplained.length > 0) {
  failed = true;
  console.error(`security scan: ${unexplained.length} finding(s) not explained in ${ALLOW_FILE}:`);
  for (const f of unexplained) {
    console.error(
      `  ${f.severity}/${f.confidence} ${f.check} ${where(f)}  ${f.sample ?? ''}\n    ${f.description}`,
    );
  }
  console.error(
    `Fix the code, or add {"check", "file", "sample"?, "reason"} to ${ALLOW_FILE} saying why it is safe.`,
  );
}
process.exit(failed ? 1 : 0);
