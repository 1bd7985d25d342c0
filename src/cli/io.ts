/** How a command talks to its caller; tests pass one that captures the lines. */
export interface CliIo {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
}

export const consoleIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}

/** Exit code 2 means the command was used wrongly (unknown command, bad arguments, impossible input). */
export const USAGE_ERROR = 2
