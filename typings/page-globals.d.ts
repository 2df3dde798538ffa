// What the page scripts share through `window`, and the globals Material for MkDocs defines; for `make lint`
// (tsc over docs/assets/javascripts) only, never shipped.

interface MaterialObservable<T> {
  subscribe(next: (value: T) => void): { unsubscribe(): void };
}

interface Window {
  /** Material's instant navigation: emits the new document after every page change. */
  document$?: MaterialObservable<Document>;
  /** Material's storage helper, keyed under its own scope. */
  __md_set?: (key: string, value: unknown, storage?: Storage) => void;
  /** The calculators' public handle (calculators.js), for site.js, the tests and anyone scripting the page. */
  jmCalculators?: {
    run(calculator: string, inputs: Record<string, unknown>): Promise<unknown>;
    start(): void;
    readonly state: string;
    readonly starts: number;
    readonly snapshot?: string;
    readonly snapshotKept?: boolean;
    [more: string]: unknown;
  };
}
