/** Something that holds writes during a turn and lets them go when told. */
export interface TurnWriter {
  endTurn(): void;
}

/**
 * Tells every writer that held writes during this turn of the event loop to let them go, at the
 * turn's end: one timer for all of them, however many sockets and messages the turn had.
 */
export class TurnFlush {
  private writers: TurnWriter[] = [];

  /** Calls `writer.endTurn()` once the current turn's callbacks are done; once per call. */
  atEndOfTurn(writer: TurnWriter): void {
    if (this.writers.push(writer) === 1) setImmediate(this.flush);
  }

  private readonly flush = () => {
    const writers = this.writers;
    this.writers = [];
    for (const writer of writers) writer.endTurn();
  };
}
