import type { Deps } from '../../../platform/context.js'
import { hasRole, type Actor } from '../../../platform/identity/actor.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { inboxCounts, ownConcernCounts, unacknowledgedCounts } from '../../concerns/index.js'
import { frontDoorCounts } from '../../referrals/index.js'
import { myCaseCounts } from '../../protection/index.js'
import { deadlineCounts } from '../../timescales/index.js'
import { myFamilyCounts } from '../../family-help/index.js'
import { openIncidentCounts } from '../../partnership/index.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import type { WorkCounts } from '../domain/yourWork.js'
import { serviceNavigation } from '../../../platform/web/navigation.js'

/**
 * Counts of the person's own work, each from the module that owns the list, side by side. Each counter checks
 * its own access (undefined: not this person's list) and counts only the person's own organisation or work.
 */
export async function workCounts(deps: Deps, actor: Actor): Promise<WorkCounts> {
  const today = todayInEngland(deps.clock.now())
  // Lead practitioners are mostly DSLs and staff; anyone else sees the part only when they lead a family.
  const familyRoles = hasRole(actor, 'dsl', 'deputy_dsl', 'staff', 'early_help_coordinator')
  // "Due and overdue" is counted for the people whose navigation has it: those whose work has statutory clocks.
  const hasDeadlines = serviceNavigation(actor.roles, '/').some((item) => item.href === '/deadlines')
  const [inbox, frontDoor, cases, deadlines, families, incidents, ownConcerns, unacknowledged] = await Promise.all([
    inboxCounts(deps.db, actor),
    frontDoorCounts(deps.db, actor, today),
    myCaseCounts(deps, actor),
    hasDeadlines ? deadlineCounts(deps, actor) : Promise.resolve(undefined),
    myFamilyCounts(deps, actor),
    openIncidentCounts(deps, actor, formatLocalDate(today)),
    hasRole(actor, 'staff') ? ownConcernCounts(deps.db, actor) : Promise.resolve(undefined),
    unacknowledgedCounts(deps.db, actor),
  ])
  return {
    inbox,
    frontDoor,
    cases,
    deadlines,
    families: familyRoles || families.open > 0 ? families : undefined,
    incidents,
    ownConcerns,
    unacknowledged,
  }
}
