import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { type Device, toMqttTopic } from '../../../src-shared';
import type { DeviceSort, SortKey } from '../lib/device-query';
import { useUnpushed } from '../stores/stores-context';
import { UNPUSHED_TITLES } from '../stores/unpushed-store';
import { LiveCells } from './live-cells';

export const ROW_HEIGHT = 52;
const HEADER_HEIGHT = 40;
/** Used until the scroll box has a size, and where layout reports none (a DOM without layout, e.g. jsdom). */
const FALLBACK_RECT = { width: 1200, height: 720 };

/** Below which window width a column is hidden (styles.css "Device table in narrow windows"). */
type Hide = 'hide-lg' | 'hide-md' | 'hide-sm' | 'hide-xs' | '';

/**
 * The sortable columns. `hide` goes on the column, its header and its cells: narrow windows hide the less
 * important columns, so the row's switch and buttons always stay in view; the device ID then shows under the name.
 */
const COLUMNS: Array<{ key: SortKey; label: string; className: string; hide: Hide }> = [
  { key: 'name', label: 'Name', className: 'col-name', hide: '' },
  { key: 'deviceId', label: 'Device ID', className: 'col-id', hide: 'hide-lg' },
  { key: 'topic', label: 'MQTT topic', className: 'col-topic', hide: 'hide-md' },
  { key: 'parser', label: 'Parser', className: 'col-parser', hide: 'hide-lg' },
  { key: 'thresholds', label: 'Standby / working', className: 'col-thresholds', hide: 'hide-sm' },
  { key: 'active', label: 'Active', className: 'col-active', hide: '' },
];
const hideOf = (key: SortKey): Hide => COLUMNS.find((c) => c.key === key)?.hide ?? '';

export interface DeviceTableProps {
  devices: readonly Device[];
  sort: DeviceSort;
  busyIds: ReadonlySet<number>;
  onSort(key: SortKey): void;
  onEdit(device: Device): void;
  onDelete(device: Device): void;
  /** Opens the device's Live dialog (power curve and thresholds). */
  onLive(device: Device): void;
  onToggleActive(device: Device, active: boolean): void;
  /** Ids ticked for bulk edit. */
  selected: ReadonlySet<number>;
  /** A row's checkbox changed; `range` is true for a shift-click. */
  onSelect(device: Device, checked: boolean, range: boolean): void;
  /** The header checkbox: select or unselect every shown row. */
  onSelectShown(checked: boolean): void;
}

/**
 * The device table, virtualised: only the rows in view (plus overscan) are in the DOM, with spacer rows above
 * and below, so 5,000 devices scroll as smoothly as 5. Rows have one fixed height; nothing needs measuring.
 */
export function DeviceTable(props: DeviceTableProps) {
  const { devices, sort, selected } = props;
  const shownSelected = countSelected(devices, selected);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: devices.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEADER_HEIGHT,
    initialRect: FALLBACK_RECT,
    getItemKey: (index) => devices[index]?.id ?? index,
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT)),
  });
  const items = virtualizer.getVirtualItems();
  const top = items.length > 0 ? items[0]!.start - HEADER_HEIGHT : 0;
  const bottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)!.end - HEADER_HEIGHT) : 0;

  return (
    <div className="table-scroll" ref={scrollRef}>
      <table className="device-table" aria-rowcount={devices.length + 1} aria-label="Devices">
        <colgroup>
          <col className="col-select" />
          {COLUMNS.map((c) => (
            <col key={c.key} className={`${c.className} ${c.hide}`.trim()} />
          ))}
          <col className="col-power hide-md" />
          <col className="col-seen hide-xs" />
          <col className="col-actions" />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="cell-select">
              <SelectAllBox
                all={shownSelected === devices.length}
                some={shownSelected > 0}
                onChange={props.onSelectShown}
              />
            </th>
            {COLUMNS.map((c) => {
              const active = sort.key === c.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={c.hide || undefined}
                  aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="sort-button" onClick={() => props.onSort(c.key)}>
                    {c.label}
                    <span className="sort-mark" aria-hidden="true">
                      {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
            <th scope="col" className="th-plain hide-md">
              Power
            </th>
            <th scope="col" className="th-plain hide-xs">
              Last seen
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {top > 0 ? (
            <tr className="spacer" style={{ height: top }}>
              <td colSpan={10} />
            </tr>
          ) : null}
          {items.map((item) => {
            const device = devices[item.index]!;
            return <DeviceRow key={item.key} device={device} rowIndex={item.index + 2} {...props} />;
          })}
          {bottom > 0 ? (
            <tr className="spacer" style={{ height: bottom }}>
              <td colSpan={10} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

function countSelected(devices: readonly Device[], selected: ReadonlySet<number>): number {
  if (selected.size === 0) return 0;
  let n = 0;
  for (const d of devices) if (selected.has(d.id)) n++;
  return n;
}

/** Checked when every shown row is selected, mixed when some are. */
function SelectAllBox({ all, some, onChange }: { all: boolean; some: boolean; onChange(on: boolean): void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = some && !all;
  }, [some, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="row-check"
      aria-label="Select all shown"
      checked={all}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}

function DeviceRow({
  device,
  rowIndex,
  busyIds,
  selected,
  onSelect,
  onEdit,
  onDelete,
  onLive,
  onToggleActive,
}: DeviceTableProps & { device: Device; rowIndex: number }) {
  const mqttTopic = toMqttTopic(device.topicPattern, device.parserType);
  const cfg = device.strategyConfig;
  const isSelected = selected.has(device.id);
  const classes = [device.active ? '' : 'row-inactive', isSelected ? 'row-selected' : ''].filter(Boolean);
  return (
    <tr
      aria-rowindex={rowIndex}
      aria-selected={isSelected}
      className={classes.length > 0 ? classes.join(' ') : undefined}
    >
      <td className="cell-select">
        <input
          type="checkbox"
          className="row-check"
          aria-label={`Select ${device.name}`}
          checked={isSelected}
          // shiftKey of the click that toggled it (a mouse click, or Shift+Space in Chromium).
          onChange={(e) =>
            onSelect(device, e.target.checked, (e.nativeEvent as MouseEvent).shiftKey === true)
          }
        />
      </td>
      <td className="cell-name" title={device.notes ? `${device.name} — ${device.notes}` : device.name}>
        <span className="name-text">{device.name}</span>
        <UnpushedMark deviceId={device.deviceId} />
        {/* Shown only while the Device ID column is hidden (a narrow window); read there from the editor. */}
        <code className="name-id" aria-hidden="true">
          {device.deviceId}
        </code>
      </td>
      <td className={hideOf('deviceId') || undefined}>
        <code>{device.deviceId}</code>
      </td>
      <td className={`cell-topic ${hideOf('topic')}`.trim()} title={mqttTopic}>
        <code>{device.topicPattern}</code>
        {mqttTopic !== device.topicPattern ? <span className="topic-bridge">→ {mqttTopic}</span> : null}
      </td>
      <td className={hideOf('parser') || undefined}>
        {device.parserType === 'shelly_pm' ? 'Shelly PM' : 'Generic'}
      </td>
      <td className={`cell-number ${hideOf('thresholds')}`.trim()}>
        {cfg.standbyThresholdW} / {cfg.workingThresholdW} W
      </td>
      <td>
        <input
          type="checkbox"
          role="switch"
          className="switch"
          aria-label={`Active: ${device.name}`}
          aria-checked={device.active}
          checked={device.active}
          disabled={busyIds.has(device.id)}
          onChange={(e) => onToggleActive(device, e.target.checked)}
        />
      </td>
      <LiveCells device={device} />
      <td className="cell-actions">
        <button
          type="button"
          className="button button-small"
          onClick={() => onLive(device)}
          aria-label={`Live: ${device.name}`}
        >
          Live
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => onEdit(device)}
          aria-label={`Edit ${device.name}`}
        >
          Edit
        </button>
        <button
          type="button"
          className="button button-small button-quiet-danger"
          onClick={() => onDelete(device)}
          aria-label={`Delete ${device.name}`}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}

/** "not on the bridge yet" under the name of a device whose change the bridge has not acknowledged. */
function UnpushedMark({ deviceId }: { deviceId: string }) {
  const kind = useUnpushed((s) => s.byDeviceId.get(deviceId));
  if (!kind) return null;
  return (
    <span className="unpushed-mark" title={UNPUSHED_TITLES[kind]}>
      not on the bridge yet
    </span>
  );
}
