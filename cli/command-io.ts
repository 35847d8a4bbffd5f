/** What a command reads and writes, so tests can run it in-process. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The whole of standard input. */
  readonly readStdin: () => string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** A subcommand: its one-line summary, its `--help` text, and how it runs (the exit code). */
export interface Command {
  readonly summary: string;
  readonly help: string;
  readonly run: (argv: readonly string[], io: CommandIo) => Promise<number>;
}
