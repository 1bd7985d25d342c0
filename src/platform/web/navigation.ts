import type { Role } from '../identity/roles.js'

/** One item of the GOV.UK service navigation, in the shape its macro takes. */
export interface NavigationItem {
  readonly href: string
  readonly text: string
  /** The page shown is this item's own page: aria-current="page". */
  readonly current?: boolean
  /** The page shown is inside this item's part of the service: aria-current="true". */
  readonly active?: boolean
}

interface Place {
  readonly href: string
  readonly text: string
  readonly roles: readonly Role[] | 'everyone'
  /** Other addresses that belong to this part of the service (a case's pages belong to "Cases"). */
  readonly within?: readonly string[]
}

const leads: readonly Role[] = ['dsl', 'deputy_dsl']
const socialCare: readonly Role[] = ['social_worker', 'team_manager', 'conference_chair']
const partnership: readonly Role[] = ['partnership_lead', 'business_manager', 'independent_scrutineer']

/**
 * Where each role goes most: home first, then the role's own queue, then what it shares with others. A person
 * with several roles sees each place once, in this order. Every address here is a page the role may open.
 */
const places: readonly Place[] = [
  { href: '/', text: 'Home', roles: 'everyone' },
  { href: '/inbox', text: 'Inbox', roles: [...leads, 'health_lead'], within: ['/concerns/'] },
  { href: '/front-door', text: 'Front door', roles: ['front_door', 'team_manager'] },
  { href: '/caseload', text: 'Cases', roles: socialCare, within: ['/cases/'] },
  { href: '/concerns/mine', text: 'Your concerns', roles: ['staff'] },
  { href: '/protection-check', text: 'Check for a plan', roles: ['police_officer', 'health_lead'] },
  { href: '/referrals', text: 'Your referrals', roles: ['police_officer'] },
  // The roles of children/domain/finding.ts (childFinderRoles): those who may open a child's record once found.
  {
    href: '/children/search',
    text: 'Find a child',
    roles: [...leads, 'health_lead', ...socialCare, 'front_door', 'police_officer'],
  },
  { href: '/family-help/area', text: 'Family help', roles: ['early_help_coordinator'], within: ['/family-help/'] },
  { href: '/family-help/mine', text: 'Family help', roles: [...leads, 'staff'], within: ['/family-help/'] },
  { href: '/allegations', text: 'Allegations', roles: ['lado', 'head', 'chair_of_governors'] },
  {
    href: '/deadlines',
    text: 'Due and overdue',
    roles: [
      ...leads,
      'front_door',
      ...socialCare,
      'police_officer',
      'health_lead',
      'partnership_lead',
      'business_manager',
      'lado',
      'early_help_coordinator',
    ],
  },
  { href: '/partnership', text: 'Partnership', roles: partnership },
  { href: '/admin/users', text: 'Administration', roles: ['org_admin'], within: ['/admin/'] },
]

const pathOf = (url: string): string => url.split(/[?#]/, 1)[0] ?? url

/**
 * The service navigation for a person's roles, with the page they are on marked. The most specific match wins, so
 * "/family-help/mine" is current on its own page while a family's page marks the family help item as its section.
 */
export function serviceNavigation(userRoles: readonly Role[], url: string): NavigationItem[] {
  const path = pathOf(url)
  const seen = new Set<string>()
  const mine = places.filter((p) => {
    const fits = p.roles === 'everyone' || p.roles.some((r) => userRoles.includes(r))
    if (!fits || seen.has(p.text)) return false
    seen.add(p.text)
    return true
  })
  const exact = mine.find((p) => p.href === path)
  const section =
    exact ??
    mine.find(
      (p) =>
        p.href !== '/' && (path.startsWith(`${p.href}/`) || (p.within ?? []).some((prefix) => path.startsWith(prefix))),
    )
  return mine.map((p) => ({
    href: p.href,
    text: p.text,
    ...(p === exact ? { current: true } : p === section ? { active: true } : {}),
  }))
}
