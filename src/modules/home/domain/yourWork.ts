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

const line = (count: number, one: string, many: string, href: string, attention = false): WorkLine => ({
  count,
  text: `${count} ${count === 1 ? one : many}`,
  href,
  attention: attention && count > 0,
})

const scopeWords: Readonly<Record<DeadlineScope, string>> = {
  mine: 'Your deadlines',
  team: 'Your organisation’s deadlines',
  partnership: 'The partnership’s deadlines',
}

export function yourWork(c: WorkCounts): WorkGroup[] {
  const groups: WorkGroup[] = []
  // First, and only when there is one: someone must act on it now.
  const u = c.unacknowledged
  if (u !== undefined && u.atOrganisation + u.inArea > 0)
    groups.push({
      heading: 'Concerns nobody has acknowledged',
      lines: [
        ...(u.atOrganisation > 0
          ? [
              line(
                u.atOrganisation,
                'concern recorded here has not been acknowledged in time',
                'concerns recorded here have not been acknowledged in time',
                '/concerns/unacknowledged',
                true,
              ),
            ]
          : []),
        ...(u.inArea > 0
          ? [
              line(
                u.inArea,
                'concern in your area has not been acknowledged by its organisation',
                'concerns in your area have not been acknowledged by their organisations',
                '/concerns/unacknowledged',
                true,
              ),
            ]
          : []),
      ],
    })
  if (c.inbox !== undefined)
    groups.push({
      heading: 'Safeguarding inbox',
      lines: [
        line(c.inbox.waiting, 'concern waiting for a decision', 'concerns waiting for a decision', '/inbox'),
        line(
          c.inbox.urgent,
          'says a child may be in immediate danger',
          'say a child may be in immediate danger',
          '/inbox',
          true,
        ),
      ],
    })
  if (c.frontDoor !== undefined)
    groups.push({
      heading: 'Front door',
      lines: [
        line(c.frontDoor.waiting, 'referral waiting for a decision', 'referrals waiting for a decision', '/front-door'),
        line(
          c.frontDoor.urgent,
          'referral says a child may be in immediate danger',
          'referrals say a child may be in immediate danger',
          '/front-door?urgent=yes',
          true,
        ),
        line(
          c.frontDoor.overdue,
          'referral past its one working day decision',
          'referrals past their one working day decision',
          '/front-door?due=overdue',
          true,
        ),
      ],
    })
  if (c.cases !== undefined)
    groups.push({
      heading: 'Your cases',
      lines: [
        line(c.cases.open, 'open case', 'open cases', '/caseload'),
        line(
          c.cases.overdue,
          'case with an overdue deadline',
          'cases with an overdue deadline',
          '/caseload?status=overdue',
          true,
        ),
      ],
    })
  if (c.deadlines !== undefined) {
    const at = (status: string) => `/deadlines?scope=${c.deadlines?.scope ?? 'mine'}&status=${status}`
    groups.push({
      heading: scopeWords[c.deadlines.scope],
      lines: [
        line(c.deadlines.counts.overdue, 'overdue', 'overdue', at('overdue'), true),
        line(c.deadlines.counts.due_today, 'due today', 'due today', at('due_today')),
        line(
          c.deadlines.counts.due_soon,
          'due in the next 2 working days',
          'due in the next 2 working days',
          at('due_soon'),
        ),
      ],
    })
  }
  if (c.families !== undefined)
    groups.push({
      heading: 'Families you lead',
      lines: [
        line(
          c.families.open,
          'family you support as lead practitioner',
          'families you support as lead practitioner',
          '/family-help/mine',
        ),
        line(c.families.reviewOverdue, 'review overdue', 'reviews overdue', '/family-help/mine', true),
      ],
    })
  if (c.incidents !== undefined)
    groups.push({
      heading: 'Serious incidents',
      lines: [
        line(
          c.incidents.open,
          'serious incident not yet closed',
          'serious incidents not yet closed',
          '/partnership/incidents',
        ),
        line(c.incidents.overdue, 'past its deadline', 'past their deadlines', '/partnership/incidents', true),
      ],
    })
  if (c.ownConcerns !== undefined)
    groups.push({
      heading: 'Concerns you recorded',
      lines: [
        line(c.ownConcerns.waiting, 'waiting for a decision', 'waiting for a decision', '/concerns/mine'),
        line(c.ownConcerns.decided, 'decided', 'decided', '/concerns/mine'),
      ],
    })
  return groups
}
