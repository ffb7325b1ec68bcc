/** Why the data could not be opened, in words a workshop's staff can act on. Nothing was written. */
export class StoreOpenError extends Error {
  constructor(
    /**
     * damaged: not a database or failing its check; newer_schema: written by a newer app; unreadable: could not
     * be read for another reason; read_only: the disk, folder or file refuses writes; in_use: another Workshop
     * Manager holds the data directory.
     */
    readonly reason: 'damaged' | 'newer_schema' | 'unreadable' | 'read_only' | 'in_use',
    message: string,
  ) {
    super(message);
    this.name = 'StoreOpenError';
  }
}
