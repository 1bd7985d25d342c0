/**
 * `together <command>`: each command lives in its own module, imported only when asked for, so that
 * commands that need no database (such as `timescale due`) never load one.
 */
import { consoleIo, USAGE_ERROR, type CliIo } from './io.js'

export { consoleIo, USAGE_ERROR, type CliIo }

type Command = (args: string[], io: CliIo) => Promise<number>

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: {
    summary: 'start the web service (and its embedded PostgreSQL unless DATABASE_URL is set)',
    load: async () => (await import('./serve.js')).serve,
  },
  migrate: { summary: 'run database migrations', load: async () => (await import('./migrate.js')).migrate },
  seed: { summary: 'seed --demo: create the Northshire demo area', load: async () => (await import('./seed.js')).seed },
  audit: {
    summary: 'audit verify: check the audit trail hash chain; audit seal: seal new entries now',
    load: async () => (await import('./audit.js')).audit,
  },
  backup: {
    summary: 'backup <file>: the whole database as one pg_dump archive',
    load: async () => (await import('./backup.js')).backup,
  },
  restore: {
    summary:
      'restore [--replace] <file>: load a backup into an empty database (or replace it), then verify the audit trail',
    load: async () => (await import('./backup.js')).restore,
  },
  import: {
    summary: 'import organisations|users <file.csv> --area <area>: all-or-nothing CSV import',
    load: async () => (await import('./import.js')).importCommand,
  },
  users: { summary: 'users create: create a user', load: async () => (await import('./users.js')).users },
  timescale: {
    summary: 'timescale list | timescale due <rule-id> <YYYY-MM-DD> [--partnership <id>]',
    load: async () => (await import('./timescale.js')).timescale,
  },
}

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  return ['Usage: together <command> [options]', '', 'Commands:', ...lines].join('\n')
}

export async function main(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage())
    return name === undefined ? USAGE_ERROR : 0
  }
  const command = commands[name]
  if (command === undefined) {
    io.err(`Unknown command "${name}".\n\n${usage()}`)
    return USAGE_ERROR
  }
  const run = await command.load()
  return run(rest, io)
}
