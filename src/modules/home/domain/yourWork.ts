/**
 * The home page's "Your work": the person's own work in numbers, each a link to the list it counts (issue 17,
 * item 4). Counts only, never names: the home page shows no child data, so it needs no audit row.
 */

export type DeadlineScope = 'mine' | 'team' | 'partnership'

/** What the home page counted for this person; a part is absent when their role has no such list. */
export interface WorkCounts {
  readonly inbox?: { readonly waiting: number; readonly urgent: number } | undefined
  readonly frontDoor?: { readonly waiting: number; readonly urgent: number; readonly overdue: number } | undefined
  readonly cases?: { readonly open: number; readonly overdue: number; readonly dueSoon: number } | undefined
  readonly deadlines?:
    | {
        readonly scope: DeadlineScope
        readonly counts: { readonly overdue: number; readonly due_today: number; readonly due_soon: number }
      }
    | undefined
  readonly families?: { readonly open: number; readonly reviewOverdue: number } | undefined
  readonly incidents?: { readonly open: number; readonly overdue: number } | undefined
  readonly ownConcerns?: { readonly recorded: number; readonly waiting: number; readonly decided: number } | undefined
  /** Concerns the DSL's chain told this person about that are still not acknowledged (issue 14). */
  readonly unacknowledged?: { readonly atOrganisation: number; readonly inArea: number } | undefined
}

export interface WorkLine {
  readonly count: number
  /** The whole line, number first, as the link's text: "3 new concerns waiting". */
  readonly text: string
  readonly href: string
  /** Needs attention now (urgent or overdue, and not zero): shown in bold. */
  readonly attention: boolean
}

export interface WorkGroup {
  readonly heading: string
  readonly lines: readonly WorkLine[]
}

/**
 * One line of counted work. `words` follow the number; where the singular and plural differ they stand together as
 * `{one|many}`, so "{referral|referrals} past {its|their} deadline" reads "1 referral past its deadline".
 */
const line = (count: number, words: string, href: string, attention = false): WorkLine => ({
  count,
  text: `${count} ${words.replace(/\{([^|}]*)\|([^}]*)\}/g, (_, one: string, many: string) => (count === 1 ? one : many))}`,
  href,
  attention: attention && count > 0,
})

const scopeWords: Readonly<Record<DeadlineScope, string>> = {
  mine: 'Your deadlines',
  team: 'Your organisation’s deadlines',
  partnership: 'The partnership’s deadlines',
}

const UNACKNOWLEDGED = '/concerns/unacknowledged'

export function yourWork(c: WorkCounts): WorkGroup[] {
  const groups: WorkGroup[] = []
  /** A group for each part the person's role counts (`part` is absent when it has no such list). */
  const add = <T>(part: T | undefined, heading: string, lines: (part: T) => WorkLine[]) => {
    if (part !== undefined) groups.push({ heading, lines: lines(part) })
  }
  // First, and only when there is one: someone must act on it now.
  const u = c.unacknowledged
  if (u !== undefined && u.atOrganisation + u.inArea > 0)
    groups.push({
      heading: 'Concerns nobody has acknowledged',
      // Only the kinds that have some (the group shows at all only when one has)
      lines: [
        line(
          u.atOrganisation,
          '{concern|concerns} recorded here {has|have} not been acknowledged in time',
          UNACKNOWLEDGED,
          true,
        ),
        line(
          u.inArea,
          '{concern|concerns} in your area {has|have} not been acknowledged by {its organisation|their organisations}',
          UNACKNOWLEDGED,
          true,
        ),
      ].filter((l) => l.count > 0),
    })
  add(c.inbox, 'Safeguarding inbox', (inbox) => [
    line(inbox.waiting, '{concern|concerns} waiting for a decision', '/inbox'),
    line(inbox.urgent, '{says|say} a child may be in immediate danger', '/inbox', true),
  ])
  add(c.frontDoor, 'Front door', (frontDoor) => [
    line(frontDoor.waiting, '{referral|referrals} waiting for a decision', '/front-door'),
    line(
      frontDoor.urgent,
      '{referral says|referrals say} a child may be in immediate danger',
      '/front-door?urgent=yes',
      true,
    ),
    line(
      frontDoor.overdue,
      '{referral|referrals} past {its|their} one working day decision',
      '/front-door?due=overdue',
      true,
    ),
  ])
  add(c.cases, 'Your cases', (cases) => [
    line(cases.open, 'open {case|cases}', '/caseload'),
    line(cases.overdue, '{case|cases} with an overdue deadline', '/caseload?status=overdue', true),
  ])
  add(c.deadlines, scopeWords[c.deadlines?.scope ?? 'mine'], (deadlines) => {
    const at = (status: string) => `/deadlines?scope=${deadlines.scope}&status=${status}`
    return [
      line(deadlines.counts.overdue, 'overdue', at('overdue'), true),
      line(deadlines.counts.due_today, 'due today', at('due_today')),
      line(deadlines.counts.due_soon, 'due in the next 2 working days', at('due_soon')),
    ]
  })
  add(c.families, 'Families you lead', (families) => [
    line(families.open, '{family|families} you support as lead practitioner', '/family-help/mine'),
    line(families.reviewOverdue, '{review|reviews} overdue', '/family-help/mine', true),
  ])
  add(c.incidents, 'Serious incidents', (incidents) => [
    line(incidents.open, 'serious {incident|incidents} not yet closed', '/partnership/incidents'),
    line(incidents.overdue, 'past {its deadline|their deadlines}', '/partnership/incidents', true),
  ])
  add(c.ownConcerns, 'Concerns you recorded', (ownConcerns) => [
    line(ownConcerns.waiting, 'waiting for a decision', '/concerns/mine'),
    line(ownConcerns.decided, 'decided', '/concerns/mine'),
  ])
  return groups
}
