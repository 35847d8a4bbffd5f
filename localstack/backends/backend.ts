export type BackendKind = 'moto' | 'localstack' | 'endpoint';

/** An AWS emulator (or any endpoint) behind the gateway, and how to let go of it. */
export interface Backend {
  readonly kind: BackendKind;
  /** Its base URL, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  /** Where its output goes, when the harness started it; `stop()` removes it unless the backend failed. */
  readonly logFile?: string;
  /** Its process id, when the harness started it on the host. */
  readonly pid?: number;
  /** How it ended, e.g. 'was killed by SIGKILL', once a process the harness started has ended. */
  ended?(): string | undefined;
  /**
   * How it ended, waiting up to `graceMs` for a process whose connection just broke: a killed
   * process's sockets close before its exit is reaped. Undefined when it is still running.
   */
  endedWithin?(graceMs: number): Promise<string | undefined>;
  /** Stops what the harness started; a backend it was only pointed at is left running. */
  stop(): Promise<void>;
}
