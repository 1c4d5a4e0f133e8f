import type { ExportDeps } from './export.ts';
import type { RunDeps } from './runs.ts';
import type { StatementDeps } from './statements.ts';

/** What the payment-run services need from the outside, for the API, the web app and the CLI alike. */
export interface PaymentDeps {
  run: RunDeps;
  export: ExportDeps;
  statements: StatementDeps;
  /** Today in the organisation's time zone. */
  today: () => string;
}
