import type { Db } from '../../src/platform/db/database.js'

/**
 * A path on its own ("/family-help/…", "Read it in Together: /allegations/…") at the start of a line, after a space,
 * a colon or a bracket: useless in a mail client, which has no page to resolve it against.
 */
const RELATIVE_LINK = /(?:^|[\s(:"'])(\/[A-Za-z][\w\-./?=&%]*)/gm
const ABSOLUTE_LINK = /\bhttps?:\/\/[^\s)"'<>]+/g

export interface EmailLinkProblem {
  readonly kind: string
  readonly link: string
  readonly problem: 'relative' | 'another address'
}

/** Every link in one email body that is relative, or absolute but not on the service's own public address. */
export function linkProblems(kind: string, body: string, serviceUrl: string): EmailLinkProblem[] {
  const problems: EmailLinkProblem[] = []
  for (const m of body.matchAll(ABSOLUTE_LINK))
    if (!m[0].startsWith(`${serviceUrl}/`)) problems.push({ kind, link: m[0], problem: 'another address' })
  const withoutAbsolute = body.replace(ABSOLUTE_LINK, ' ')
  for (const m of withoutAbsolute.matchAll(RELATIVE_LINK))
    problems.push({ kind, link: m[1] ?? m[0], problem: 'relative' })
  return problems
}

/** Every problem link in every message the outbox holds (sent or not). */
export async function outboxLinkProblems(db: Db, serviceUrl: string): Promise<EmailLinkProblem[]> {
  const rows = await db.selectFrom('notification_outbox').select(['kind', 'subject', 'body']).execute()
  return rows.flatMap((r) => [
    ...linkProblems(r.kind, r.subject, serviceUrl),
    ...linkProblems(r.kind, r.body, serviceUrl),
  ])
}
