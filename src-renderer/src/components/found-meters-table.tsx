import { type DiscoveredMeter, STATUS_UPDATES_OFF_SENTENCE } from '../../../src-shared';
import { formatWatts, meterDetails, meterTitle, statusUpdatesLabel } from '../lib/describe-found-meter';

export interface FoundMetersTableProps {
  meters: DiscoveredMeter[];
  selected: ReadonlySet<string>;
  onSelect(key: string, checked: boolean): void;
  onSelectAll(checked: boolean): void;
  onAdd(meter: DiscoveredMeter): void;
  onOpen(meter: DiscoveredMeter): void;
}

/** The meters heard so far: what each is, its last reading, status updates, and Add (or Open if already a device). */
export function FoundMetersTable({
  meters,
  selected,
  onSelect,
  onSelectAll,
  onAdd,
  onOpen,
}: FoundMetersTableProps) {
  const addable = meters.filter((m) => !m.existing);
  const allSelected = addable.length > 0 && addable.every((m) => selected.has(m.key));
  return (
    <table className="data-table found-meters" aria-label="Meters found">
      <thead>
        <tr>
          <th scope="col" className="col-select">
            <input
              type="checkbox"
              aria-label="Select all new meters"
              checked={allSelected}
              disabled={addable.length === 0}
              onChange={(e) => onSelectAll(e.target.checked)}
            />
          </th>
          <th scope="col">Meter</th>
          <th scope="col">Component</th>
          <th scope="col" className="cell-number">
            Power
          </th>
          <th scope="col">Status updates</th>
          <th scope="col">
            <span className="visually-hidden">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {meters.map((meter) => {
          const label = meter.existing ? meter.existing.name : meter.suggestion.name;
          const details = meterDetails(meter);
          return (
            <tr key={meter.key} aria-label={`${meterTitle(meter)} ${meter.prefix}`}>
              <td className="col-select">
                {meter.existing ? null : (
                  <input
                    type="checkbox"
                    aria-label={`Select ${meter.prefix}`}
                    checked={selected.has(meter.key)}
                    onChange={(e) => onSelect(meter.key, e.target.checked)}
                  />
                )}
              </td>
              <td>
                <div className="found-title">{meterTitle(meter)}</div>
                <code className="found-prefix">{meter.prefix}</code>
                {meter.shellyId && meter.shellyId !== meter.prefix.split('/').at(-1) ? (
                  <div className="muted found-id">id {meter.shellyId}</div>
                ) : null}
                {details ? <div className="muted found-id">{details}</div> : null}
                {meter.existing ? (
                  <div className="muted found-id">
                    Already a device: {meter.existing.name} ({meter.existing.deviceId})
                  </div>
                ) : null}
                {meter.online === false ? <div className="found-offline">Offline (its last will)</div> : null}
              </td>
              <td>
                {meter.components.length > 0 ? meter.components.join(', ') : <span className="muted">—</span>}
              </td>
              <td className="cell-number nowrap">{formatWatts(meter.watts)}</td>
              <td>
                <span className={meter.statusUpdates === 'off' ? 'found-warning' : undefined}>
                  {statusUpdatesLabel(meter)}
                </span>
                {meter.statusUpdates === 'off' ? (
                  <p className="found-advice">{STATUS_UPDATES_OFF_SENTENCE}</p>
                ) : null}
              </td>
              <td className="cell-actions">
                {meter.existing ? (
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Open ${label}`}
                    onClick={() => onOpen(meter)}
                  >
                    Open
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Add ${label}`}
                    onClick={() => onAdd(meter)}
                  >
                    Add
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
