export type BackendKind = 'moto' | 'localstack' | 'endpoint';

/** An AWS emulator (or any endpoint) behind the gateway, and how to let go of it. */
export interface Backend {
  readonly kind: BackendKind;
  /** Its base URL, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  /** Where its output goes, when the harness started it. */
  readonly logFile?: string;
  /** Stops what the harness started; a backend it was only pointed at is left running. */
  stop(): Promise<void>;
}
