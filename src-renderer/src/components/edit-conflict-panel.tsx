import { FIELD_LABELS, type FormField } from '../lib/device-form';
import type { EditConflict } from '../lib/edit-conflict';

export interface EditConflictPanelProps {
  conflict: EditConflict;
  /** Clashing fields where the person chose their version. */
  keepTheirs: ReadonlySet<FormField>;
  onChoose(field: FormField, side: 'theirs' | 'mine'): void;
  onKeepTheirs(): void;
  onUseMine(): void;
  onMerge(): void;
  busy: boolean;
}

/** Says what another window changed while this one edited, and offers the ways out. Nothing is saved until chosen. */
export function EditConflictPanel(props: EditConflictPanelProps) {
  const { conflict, keepTheirs, busy } = props;
  return (
    <section className="conflict-panel" role="alert" aria-labelledby="conflict-title">
      <h3 id="conflict-title">Saved elsewhere while you edited — nothing was saved yet</h3>
      <ul className="conflict-changes">
        {conflict.theirChanges.map((c) => (
          <li key={c.field}>{c.sentence}.</li>
        ))}
        {conflict.theirChanges.length === 0 ? <li>It was saved again with the same values.</li> : null}
      </ul>
      {conflict.clashes.length > 0 ? (
        <fieldset className="conflict-choices">
          <legend>You both changed these: choose per field</legend>
          {conflict.clashes.map((c) => (
            <div
              key={c.field}
              className="conflict-choice"
              role="radiogroup"
              aria-label={FIELD_LABELS[c.field]}
            >
              <span className="conflict-field">{FIELD_LABELS[c.field]}</span>
              <label className="check">
                <input
                  type="radio"
                  name={`conflict-${c.field}`}
                  checked={keepTheirs.has(c.field)}
                  onChange={() => props.onChoose(c.field, 'theirs')}
                />
                Theirs: {c.theirs}
              </label>
              <label className="check">
                <input
                  type="radio"
                  name={`conflict-${c.field}`}
                  checked={!keepTheirs.has(c.field)}
                  onChange={() => props.onChoose(c.field, 'mine')}
                />
                Mine: {c.mine}
              </label>
            </div>
          ))}
        </fieldset>
      ) : (
        <p className="muted">Your changes touch other fields: using yours keeps their changes too.</p>
      )}
      <div className="conflict-actions">
        <button type="button" className="button" onClick={props.onKeepTheirs} disabled={busy}>
          Keep theirs
        </button>
        <button type="button" className="button" onClick={props.onUseMine} disabled={busy}>
          Use mine
        </button>
        {conflict.clashes.length > 0 ? (
          <button type="button" className="button button-primary" onClick={props.onMerge} disabled={busy}>
            Save merged
          </button>
        ) : null}
      </div>
    </section>
  );
}
