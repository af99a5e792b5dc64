/** Where a figure came from. */
export enum FigureSource {
  /** Entered by the firm itself (一企一单), or corrected by it through an accepted objection. */
  SELF_REPORTED = 'SELF_REPORTED',
  /** From a bureau file (tax, statistics, power, environment), through an import job. */
  IMPORTED = 'IMPORTED',
  /** Derived from the platform's own records: delivered proposals × unit price. */
  PLATFORM = 'PLATFORM',
}

/** The park's review of a figure: new figures wait; a returned one carries the reason and waits for a correction. */
export enum AuditState {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  RETURNED = 'RETURNED',
}
