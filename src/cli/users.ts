import { createUser } from '../modules/people/steps/createUser.js'
import { isRole, roles as allRoles } from '../platform/identity/roles.js'
import { parseOptions } from './args.js'
import { operatorName, withDatabase } from './bootstrap.js'
import { USAGE_ERROR, type CliIo } from './io.js'

const usage = `Usage: together users create --organisation <name or id> --email <email> --name <full name> --role <role> [--role <role> ...] (--password <password> | --password-stdin)
Roles: ${allRoles.join(', ')}`

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

export async function users(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'create') {
    io.err(usage)
    return USAGE_ERROR
  }
  const { options, positional, problems } = parseOptions(rest, ['password-stdin'])
  const one = (name: string) => options.get(name)?.[0]
  const organisation = one('organisation')
  const email = one('email')
  const name = one('name')
  const roles = options.get('role') ?? []
  if (positional.length > 0) problems.push(`unexpected ${positional.join(' ')}`)
  if (organisation === undefined) problems.push('--organisation is required')
  if (email === undefined || !/^[^@\s]+@[^@\s]+$/.test(email)) problems.push('--email must be an email address')
  if (name === undefined || name.trim() === '') problems.push('--name is required')
  if (roles.length === 0) problems.push('at least one --role is required')
  const unknown = roles.filter((r) => !isRole(r))
  if (unknown.length > 0) problems.push(`unknown role ${unknown.join(', ')}`)
  const password = options.has('password-stdin') ? await readStdin() : one('password')
  if (password === undefined) problems.push('give --password or --password-stdin')
  if (
    problems.length > 0 ||
    organisation === undefined ||
    email === undefined ||
    name === undefined ||
    password === undefined
  ) {
    io.err(`${problems.join('\n')}\n\n${usage}`)
    return USAGE_ERROR
  }
  return withDatabase('attach', async ({ deps }) => {
    const result = await createUser(deps, {
      organisation,
      email,
      displayName: name,
      roles: roles.filter(isRole),
      password,
      operator: operatorName(),
    })
    if (!result.ok) {
      io.err(result.error.message)
      return USAGE_ERROR
    }
    io.out(`Created user ${email} (${result.value.userId}).`)
    return 0
  })
}
