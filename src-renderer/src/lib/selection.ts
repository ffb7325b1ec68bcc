/**
 * Row selection for bulk edit, as pure functions over device ids: a click toggles one row, a shift-click sets
 * the whole range from the anchor (the last row clicked) to the clicked row, in the order the rows are shown.
 */
export interface Selection {
  selected: ReadonlySet<number>;
  /** The row the next shift-click extends from; null before the first click. */
  anchorId: number | null;
}

export const EMPTY_SELECTION: Selection = { selected: new Set(), anchorId: null };

/** The row was (un)checked; with `range`, every row between the anchor and it takes the same state. */
export function clickRow(
  selection: Selection,
  shownIds: readonly number[],
  id: number,
  checked: boolean,
  range: boolean,
): Selection {
  const selected = new Set(selection.selected);
  const from = range && selection.anchorId !== null ? shownIds.indexOf(selection.anchorId) : -1;
  const to = shownIds.indexOf(id);
  const ids = from >= 0 && to >= 0 ? shownIds.slice(Math.min(from, to), Math.max(from, to) + 1) : [id];
  for (const each of ids) {
    if (checked) selected.add(each);
    else selected.delete(each);
  }
  return { selected, anchorId: id };
}

/** Selects (or unselects) every shown row; rows hidden by the search keep their state. */
export function setShown(selection: Selection, shownIds: readonly number[], checked: boolean): Selection {
  const selected = new Set(selection.selected);
  for (const id of shownIds) {
    if (checked) selected.add(id);
    else selected.delete(id);
  }
  return { selected, anchorId: selection.anchorId };
}

/** Keeps only the ids that still exist (after a refresh), returning the same object when nothing went. */
export function pruneSelection(selection: Selection, existingIds: ReadonlySet<number>): Selection {
  let gone = false;
  for (const id of selection.selected) if (!existingIds.has(id)) gone = true;
  const anchorGone = selection.anchorId !== null && !existingIds.has(selection.anchorId);
  if (!gone && !anchorGone) return selection;
  return {
    selected: new Set([...selection.selected].filter((id) => existingIds.has(id))),
    anchorId: anchorGone ? null : selection.anchorId,
  };
}
