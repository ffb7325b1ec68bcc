/**
 * Saves text as a file the browser way: a Blob behind an `<a download>` link. Both hosts handle it: a browser
 * downloads it, Electron hands it to its download manager (which asks where to save). The contract has no
 * file-dialog call, so this is the one way that works in both.
 */
export function saveTextFile(filename: string, content: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a little later: some engines start reading the blob only after click() has returned.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const MIME_TYPES = { json: 'application/json', csv: 'text/csv' } as const;
