import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'

type Q = Kysely<DB> | Transaction<DB>

/** Whom to call at a local authority: its name and its front door's phone and email (when recorded). */
export interface LocalAuthorityContact {
  readonly id: string
  readonly name: string
  readonly phone: string | null
  readonly email: string | null
}

/**
 * The child a check matched exactly, shown to the checker before anything else so they can confirm it is the
 * child in front of them: the recorded name, date of birth and postcode district (never the full address).
 */
export interface MatchedChild {
  readonly name: string
  /** YYYY-MM-DD. */
  readonly dateOfBirth: string
  /** "SW1A", or null when no postcode is recorded. */
  readonly postcodeDistrict: string | null
  /** Set when the check matched one of the child's other recorded names: the name it matched. */
  readonly matchedOtherName: string | null
}

/** A current child protection plan, as much of it as a check reveals. */
export interface PlanFound {
  /** Which child the plan is for. Null only in checks stored before checks showed the matched child. */
  readonly child: MatchedChild | null
  /** YYYY-MM-DD. */
  readonly startedOn: string
  /** NEG, PHY, SAB, EMO or MUL (the latest category). */
  readonly category: string
  readonly categoryLabel: string
  /** The lead practitioner (the allocated social worker), when one is allocated. */
  readonly leadPractitioner: string | null
  readonly localAuthority: LocalAuthorityContact
}

/** What a check showed, stored with it so that it is shown again exactly as it was. */
export interface ProtectionCheckOutcome {
  readonly planFound: boolean
  readonly plans: readonly PlanFound[]
  /** The area's children's social care, to call when worried whatever the answer. */
  readonly areaContacts: readonly LocalAuthorityContact[]
}

/** Children's social care organisations of a local area, oldest first. */
export async function areaLocalAuthorities(db: Q, localAreaId: string): Promise<LocalAuthorityContact[]> {
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'name', 'contact_phone', 'contact_email'])
    .where('local_area_id', '=', localAreaId)
    .where('kind', '=', 'la_childrens_social_care')
    .orderBy('created_at')
    .orderBy('name')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.name, phone: r.contact_phone, email: r.contact_email }))
}

/**
 * A stored outcome read back. A record that cannot be read is an error, never "no plan found": a wrong "no"
 * could leave a child unprotected.
 */
export function readOutcome(stored: Readonly<Record<string, unknown>>): ProtectionCheckOutcome {
  if (typeof stored.planFound !== 'boolean' || !Array.isArray(stored.plans) || !Array.isArray(stored.areaContacts)) {
    throw new Error('A stored protection check outcome is unreadable')
  }
  return {
    planFound: stored.planFound,
    plans: (stored.plans as PlanFound[]).map((p) => ({ ...p, child: p.child ?? null })),
    areaContacts: stored.areaContacts as LocalAuthorityContact[],
  }
}
