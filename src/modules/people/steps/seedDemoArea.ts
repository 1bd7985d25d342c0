import { sql } from 'kysely'
import type { OrganisationKind } from '../../../platform/identity/organisations.js'
import type { Role } from '../../../platform/identity/roles.js'
import { appendAudit } from '../../../platform/audit/auditLog.js'
import { noActor } from '../../../platform/audit/noActor.js'
import { hashPassword } from '../../../platform/security/secrets.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import type { Deps } from '../../../platform/context.js'
import { seedPartnershipRegister } from '../../partnership/index.js'
import { addOrganisation } from '../../organisations/steps/addOrganisation.js'
import { addUser } from './newUser.js'

/** Every demo account shares one password so the README can list it. Demo mode says so on every page. */
export const DEMO_PASSWORD = 'Northshire-demo-2026'
export const DEMO_AREA = 'Northshire'
export const DEMO_LA_CODE = '999'

export interface DemoUser {
  readonly email: string
  readonly password: string
  readonly name: string
  readonly roles: readonly Role[]
  readonly organisation: string
}

interface DemoOrganisation {
  readonly name: string
  readonly kind: OrganisationKind
  readonly domain: string
  /** Whom other agencies call (the local authority's front door): shown by the child protection plan check. */
  readonly contact?: { readonly phone: string; readonly email: string }
  readonly users: readonly (readonly [local: string, name: string, roles: readonly Role[]])[]
  /** A school's unique reference number (Get Information About Schools); demo numbers. */
  readonly urn?: string
}

const organisations: readonly DemoOrganisation[] = [
  {
    name: "Northshire Council children's social care",
    kind: 'la_childrens_social_care',
    domain: 'northshire-council.example',
    // 01632 960xxx is Ofcom's range of numbers reserved for drama: it never rings anyone.
    contact: { phone: '01632 960 123', email: 'mash@northshire-council.example' },
    users: [
      ['front.door', 'Priya Shah', ['front_door']],
      ['social.worker', 'Tom Bennett', ['social_worker']],
      ['team.manager', 'Grace Okafor', ['team_manager']],
      ['conference.chair', 'Martin Hughes', ['conference_chair']],
      ['early.help', 'Aisha Rahman', ['early_help_coordinator']],
      ['partnership.lead', 'Helen Carter', ['partnership_lead']],
      ['business.manager', 'Nadia Rahman', ['business_manager']],
      ['independent.scrutineer', 'Ruth Adeyemi', ['independent_scrutineer']],
      ['admin', 'Sam Patel', ['org_admin']],
      ['lado', 'Ruth Ahmed', ['lado']],
    ],
  },
  {
    name: 'Northshire ICB',
    kind: 'icb',
    domain: 'northshire-icb.example',
    users: [
      ['designated.nurse', 'Fiona Walsh', ['health_lead']],
      ['partnership.lead', 'Dr Anil Mehta', ['partnership_lead']],
    ],
  },
  {
    name: 'Northshire Police',
    kind: 'police_force',
    domain: 'northshire-police.example',
    users: [
      ['dc.officer', 'DC Laura Price', ['police_officer']],
      ['partnership.lead', 'Det Supt Mark Ellis', ['partnership_lead']],
    ],
  },
  {
    name: 'Oakfield Primary School',
    kind: 'school',
    domain: 'oakfield-primary.example',
    users: [
      ['teacher', 'Amira Khan', ['staff']],
      ['dsl', 'Jane Morgan', ['dsl']],
      ['deputy.dsl', 'Chris Lee', ['deputy_dsl']],
      ['admin', 'Pat Evans', ['org_admin']],
      ['head', 'Alan Turner', ['head']],
      ['chair.governors', 'Margaret Bell', ['chair_of_governors']],
    ],
    urn: '100001',
  },
  {
    name: 'Riverside Academy',
    kind: 'school',
    domain: 'riverside-academy.example',
    users: [
      ['teacher', 'Daniel Brooks', ['staff']],
      ['dsl', 'Rachel Green', ['dsl']],
      ['admin', 'Owen Jones', ['org_admin']],
    ],
    urn: '100002',
  },
  {
    name: 'Beacon Nursery',
    kind: 'early_years',
    domain: 'beacon-nursery.example',
    users: [
      ['practitioner', 'Lucy Adams', ['staff']],
      ['dsl', 'Nadia Hussain', ['dsl']],
    ],
  },
  {
    name: 'Elm Tree Surgery',
    kind: 'gp_practice',
    domain: 'elmtree-surgery.example',
    users: [
      ['gp', 'Dr Sarah Wilson', ['staff']],
      ['safeguarding.lead', 'Dr James Reid', ['health_lead']],
    ],
  },
  {
    name: 'Northshire NHS Foundation Trust',
    kind: 'nhs_trust',
    domain: 'northshire-nhs.example',
    users: [
      ['school.nurse', 'Emma Clarke', ['staff']],
      ['safeguarding.lead', 'Yvonne Baker', ['health_lead']],
    ],
  },
  {
    name: 'Northshire Youth Football Club',
    kind: 'sports_youth_club',
    domain: 'northshire-youth-fc.example',
    users: [
      ['coach', 'Kevin Doyle', ['staff']],
      ['welfare.officer', 'Maria Santos', ['dsl']],
      // The club's one DSL has a named backup: the club manager (the DSL's chain, issue 14).
      ['manager', 'Gary Wood', ['head']],
    ],
  },
]

/** Northshire's 2026–27 school year, with inset days at the start of the autumn and spring terms (issue 14). */
const demoTerms: readonly (readonly [string, string])[] = [
  ['2026-09-02', '2026-10-23'],
  ['2026-11-02', '2026-12-18'],
  ['2027-01-04', '2027-02-12'],
  ['2027-02-22', '2027-03-26'],
  ['2027-04-12', '2027-05-28'],
  ['2027-06-07', '2027-07-21'],
]
const demoInsetDays: readonly string[] = ['2026-09-02', '2027-01-04']

export function demoUsers(): DemoUser[] {
  return organisations.flatMap((o) =>
    o.users.map(([local, name, roles]) => ({
      email: `${local}@${o.domain}`,
      password: DEMO_PASSWORD,
      name,
      roles,
      organisation: o.name,
    })),
  )
}

/**
 * Creates the Northshire demo area once. Running it again changes nothing, so the first `npm start` and an
 * explicit `together seed --demo` can both call it.
 */
export async function seedDemoArea(deps: Deps, operator: string): Promise<{ created: boolean; users: DemoUser[] }> {
  const users = demoUsers()
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const created = await deps.db.transaction().execute(async (tx) => {
    // Serialise concurrent seeders (two first starts at once) on a transaction-scoped advisory lock.
    await sql`SELECT pg_advisory_xact_lock(4242001)`.execute(tx)
    const existing = await tx.selectFrom('local_area').select('id').where('name', '=', DEMO_AREA).executeTakeFirst()
    if (existing !== undefined) return false
    const now = deps.clock.now()
    // A DfE local authority number for the fictional Northshire (999: no council holds it), so a newcomer can make
    // its children in need census straight away (an area without one is asked for it first). It is set with the
    // area, as the area's name is; a real area's administrator records and corrects its own on the area page
    // (updateLocalArea, with its history).
    const areaId = await insertWithNewId(tx, 'local_area', { name: DEMO_AREA, la_code: DEMO_LA_CODE, created_at: now })
    for (const o of organisations) {
      const orgId = await addOrganisation(
        tx,
        areaId,
        {
          name: o.name,
          kind: o.kind,
          urn: o.urn ?? null,
          odsCode: null,
          contactPhone: o.contact?.phone ?? null,
          contactEmail: o.contact?.email ?? null,
          safeguardingLeadName: null,
          safeguardingLeadEmail: null,
        },
        now,
      )
      if (o.kind === 'school') {
        for (const [starts, ends] of demoTerms)
          await tx
            .insertInto('school_term')
            .values({ organisation_id: orgId, starts_on: starts, ends_on: ends })
            .execute()
        for (const d of demoInsetDays)
          await tx
            .insertInto('school_closure')
            .values({ organisation_id: orgId, closed_on: d, kind: 'inset' })
            .execute()
      }
      for (const [local, name, roles] of o.users) {
        const email = `${local}@${o.domain}`
        const user = { organisationId: orgId, email, displayName: name, roles, passwordHash, isDemo: true }
        // The area is new, so are its accounts: an address already taken fails the seeding, as the unique index did.
        if ((await addUser(tx, user, now)) === undefined) throw new Error(`${email} already has an account`)
      }
    }
    await seedPartnershipRegister(tx, areaId, now)
    await tx
      .insertInto('setting')
      .values({ key: 'demo_seeded', value: JSON.stringify(true) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(true) }))
      .execute()
    await appendAudit(
      tx,
      {
        ...noActor,
        action: 'system.demo_area_seeded',
        subjectType: 'local_area',
        subjectId: areaId,
        reason: `seeded by operator ${operator}`,
        details: { organisations: organisations.length, users: users.length },
      },
      now,
    )
    return true
  })
  return { created, users }
}
