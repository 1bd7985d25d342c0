/** Parses `--name value` and `--flag` options; repeated options collect into arrays. */
export function parseOptions(
  args: readonly string[],
  flags: readonly string[] = [],
): { options: Map<string, string[]>; positional: string[]; problems: string[] } {
  const options = new Map<string, string[]>()
  const positional: string[] = []
  const problems: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string
    if (!a.startsWith('--')) {
      positional.push(a)
      continue
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    if (flags.includes(name)) {
      options.set(name, ['true'])
      continue
    }
    const value = inline ?? args[++i]
    if (value === undefined) {
      problems.push(`--${name} needs a value`)
      continue
    }
    options.set(name, [...(options.get(name) ?? []), value])
  }
  return { options, positional, problems }
}
