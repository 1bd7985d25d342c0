import fs from 'node:fs/promises'
import path from 'node:path'
import { seedDemoArea, type DemoUser } from '../modules/people/steps/seedDemoArea.js'
import { tellDemoStories } from '../modules/demo/steps/demoStories.js'
import { operatorName, withDatabase } from './bootstrap.js'
import { USAGE_ERROR, type CliIo } from './io.js'

/** Writes the demo sign-ins where the README says they are. */
export async function writeDemoUsersFile(dataDir: string, users: readonly DemoUser[]): Promise<string> {
  const file = path.join(dataDir, 'demo-users.json')
  await fs.mkdir(dataDir, { recursive: true })
  const rows = users.map((u) => ({
    email: u.email,
    password: u.password,
    name: u.name,
    roles: u.roles,
    organisation: u.organisation,
  }))
  await fs.writeFile(file, `${JSON.stringify(rows, null, 2)}\n`, { mode: 0o600 })
  return file
}

export async function seed(args: string[], io: CliIo): Promise<number> {
  if (args.length !== 1 || args[0] !== '--demo') {
    io.err('Usage: together seed --demo')
    return USAGE_ERROR
  }
  return withDatabase('attach', async ({ config, deps }) => {
    const result = await seedDemoArea(deps, operatorName())
    const file = await writeDemoUsersFile(config.dataDir, result.users)
    // The families at every stage: each story is told once, so seeding again changes nothing.
    const told = await tellDemoStories(deps)
    if (told.length > 0)
      io.out(`Told ${told.length} demo ${told.length === 1 ? 'story' : 'stories'}: ${told.join(', ')}.`)
    io.out(
      result.created
        ? `Created the Northshire demo area with ${result.users.length} users.`
        : 'The Northshire demo area already exists; nothing changed.',
    )
    io.out(`Demo sign-ins: ${file}`)
    return 0
  })
}
