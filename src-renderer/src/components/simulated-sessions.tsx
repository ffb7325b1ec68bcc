import { formatSpan, type SimulationResult } from '../../../src-shared';

const pad = (n: number) => String(n).padStart(2, '0');

/** Local `hh:mm:ss`, with the date in front when it is not the day of `reference`. */
export function formatClock(ms: number, reference: number): string {
  const d = new Date(ms);
  const r = new Date(reference);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const sameDay =
    d.getFullYear() === r.getFullYear() && d.getMonth() === r.getMonth() && d.getDate() === r.getDate();
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** The sessions the bridge would make of the trace under the thresholds being tried. */
export function SimulatedSessions({ result }: { result: SimulationResult }) {
  const { sessions, summary } = result;
  return (
    <div className="sessions-table-box">
      <table className="sessions-table" aria-label="Simulated sessions">
        <thead>
          <tr>
            <th scope="col">Start</th>
            <th scope="col">End</th>
            <th scope="col">Duration</th>
            <th scope="col">Working time</th>
            <th scope="col">Standby time</th>
          </tr>
        </thead>
        <tbody>
          {sessions.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                No sessions: the readings never stayed at or above the standby threshold for the start
                debounce.
              </td>
            </tr>
          ) : (
            sessions.map((s) => (
              <tr key={s.start}>
                <td>{formatClock(s.start, summary.to)}</td>
                <td>{s.ongoing ? 'still running' : formatClock(s.end, summary.to)}</td>
                <td className="cell-number">{formatSpan(s.durationMs)}</td>
                <td className="cell-number">{formatSpan(s.workingMs)}</td>
                <td className="cell-number">{formatSpan(s.standbyMs)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
