import type { DiscoveryAddReport, DiscoveryAddRow } from '../../../src-shared';

const ACTION_LABELS: Record<DiscoveryAddRow['action'], string> = {
  create: 'Add',
  skip: 'Already a device',
  refuse: 'Refused',
};

/** The dry run of Add all: each selected meter with the device it becomes, before anything is written. */
export function DiscoverAddPreview({ report }: { report: DiscoveryAddReport }) {
  const { create, skip, refuse } = report.counts;
  return (
    <>
      <p className="preview-summary">
        {create.toLocaleString()} device{create === 1 ? '' : 's'} to add
        {skip > 0 ? `, ${skip} already in the list` : ''}
        {refuse > 0 ? `, ${refuse} refused` : ''}: nothing is written yet.
      </p>
      <table className="data-table" aria-label="Devices to add">
        <thead>
          <tr>
            <th scope="col">Device ID</th>
            <th scope="col">Name</th>
            <th scope="col">Topic</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.key} className={row.action === 'refuse' ? 'row-refused' : undefined}>
              <td>{row.deviceId ? <code>{row.deviceId}</code> : <span className="muted">(none)</span>}</td>
              <td>{row.name || <span className="muted">(none)</span>}</td>
              <td>
                <code>{row.topicPattern || row.key}</code>
              </td>
              <td>
                <span
                  className={`pill ${row.action === 'create' ? 'pill-added' : row.action === 'refuse' ? 'pill-bad' : ''}`}
                >
                  {ACTION_LABELS[row.action]}
                </span>
                {row.fieldErrors
                  ? Object.entries(row.fieldErrors).map(([field, why]) => (
                      <div key={field} className="cell-message">
                        {field}: {why}
                      </div>
                    ))
                  : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
