import { sql, type Kysely, type Transaction } from 'kysely'
import { decide } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/people/actor.js'
import { isValidNhsNumber, isValidUpn, normaliseNhsNumber, normaliseUpn } from '../../domain/children/identifiers.js'
import { expandNickname, normaliseName } from '../../domain/children/nameMatching.js'
import { domainError, err, ok, type DomainError, type Result } from '../../domain/shared/result.js'
import { parseLocalDate } from '../../domain/calendar/localDate.js'
import { appendAudit } from '../../infrastructure/audit/auditLog.js'
import type { DB } from '../../infrastructure/db/schema.js'
import { actorAudit } from '../auth/loadActor.js'
import type { Deps, RequestMeta } from '../context.js'
import { isUuid } from '../../domain/shared/ids.js'

type Q = Kysely<DB> | Transaction<DB>

export interface ChildSearch {
  readonly givenName?: string | undefined
  readonly familyName?: string | undefined
  readonly dateOfBirth?: string | undefined
  readonly nhsNumber?: string | undefined
  readonly upn?: string | undefined
}

export interface ChildMatch {
  readonly id: string
  readonly givenName: string
  readonly familyName: string
  readonly dateOfBirth: string | null
  readonly expectedDateOfDelivery: string | null
  readonly sex: string
  readonly nhsNumber: string | null
  readonly upn: string | null
  /** 0..1: how closely the name matched (1 for an identifier match). */
  readonly score: number
  readonly matchedOn: readonly string[]
}

/** Children an organisation may find: those it is involved with, or that its own people created. */
function visibleTo(db: Q, actor: Actor) {
  return db
    .selectFrom('child as c')
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('involvement as i').select('i.child_id').whereRef('i.child_id', '=', 'c.id').where('i.organisation_id', '=', actor.organisationId)),
        eb('c.created_by_organisation_id', '=', actor.organisationId),
      ]),
    )
}

export async function visibleChildren(db: Q, actor: Actor, ids: readonly string[]) {
  const valid = ids.filter(isUuid)
  if (valid.length === 0) return []
  return visibleTo(db, actor).select(['c.id', 'c.date_of_birth', 'c.sex', 'c.given_name', 'c.family_name', 'c.local_area_id']).where('c.id', 'in', valid).execute()
}

export type SearchError = DomainError<'CHILD.SEARCH_INVALID'>

/** A name counts as matching at this similarity; the index search itself uses NAME_THRESHOLD. */
const SIMILARITY = 0.3
const NAME_THRESHOLD = 0.5
const LIMIT = 10

/**
 * Find before create: fuzzy name search (trigram similarity over the name both ways round, recorded aliases
 * and common nicknames), exact date of birth, NHS number and UPN. Only children the actor's organisation is
 * involved with are searched, so a search never reveals that a child is known elsewhere.
 */
export async function searchChildren(deps: Deps, actor: Actor, search: ChildSearch, meta: RequestMeta): Promise<Result<ChildMatch[], SearchError>> {
  const decision = decide(actor, { kind: 'child.search' })
  if (!decision.allowed) return ok([])
  const fields: Record<string, string> = {}
  const nhs = search.nhsNumber?.trim() ? normaliseNhsNumber(search.nhsNumber) : undefined
  const upn = search.upn?.trim() ? normaliseUpn(search.upn) : undefined
  if (nhs !== undefined && !isValidNhsNumber(nhs)) fields.nhsNumber = 'Enter a valid NHS number, like 943 476 5919'
  if (upn !== undefined && !isValidUpn(upn)) fields.upn = 'Enter a valid unique pupil number (UPN), like A123456789012'
  const dob = search.dateOfBirth?.trim() || undefined
  if (dob !== undefined && !parseLocalDate(dob).ok) fields.dateOfBirth = 'Enter a real date of birth, like 2016-05-14'
  const given = normaliseName(search.givenName ?? '')
  const family = normaliseName(search.familyName ?? '')
  if (given === '' && family === '' && nhs === undefined && upn === undefined && dob === undefined) {
    fields.givenName = 'Enter a name, date of birth, NHS number or UPN to search for'
  }
  if (Object.keys(fields).length > 0) return err(domainError('CHILD.SEARCH_INVALID', 'Check the search', fields))

  // pg_trgm makes trigrams word by word, so "family given" scores exactly as "given family": one form per
  // spelling of the given name (as typed, plus nicknames) is enough.
  const forms = [...new Set((given === '' ? [''] : [given, ...expandNickname(given)]).map((g) => `${g} ${family}`.trim()))].filter((f) => f !== '')

  // Candidates first, each through its own index (identifier, date of birth, trigram GIN per name form on
  // children and on aliases), then scores and visibility for those candidates only. An OR across the child
  // and its aliases would stop PostgreSQL using the trigram index and scan every child.
  const nameScore =
    forms.length === 0 ? sql<number>`0::real` : sql<number>`(SELECT max(similarity(c.search_name, f)) FROM unnest(${forms}::text[]) AS f)`
  const sources = [
    ...(nhs === undefined ? [] : [sql`SELECT c.id AS child_id, ${nameScore} AS s FROM child c WHERE c.nhs_number = ${nhs}`]),
    ...(upn === undefined ? [] : [sql`SELECT c.id AS child_id, ${nameScore} AS s FROM child c WHERE c.upn = ${upn}`]),
    ...(dob === undefined ? [] : [sql`SELECT c.id AS child_id, ${nameScore} AS s FROM child c WHERE c.date_of_birth = ${dob}::date`]),
    // With a date of birth, the children born that day are few: score their names instead of searching names.
    ...(forms.length === 0 || dob !== undefined
      ? []
      : [
          sql`SELECT c.id AS child_id, similarity(c.search_name, f) AS s FROM unnest(${forms}::text[]) AS f CROSS JOIN LATERAL (SELECT id, search_name FROM child WHERE search_name % f) AS c`,
          sql`SELECT a.child_id, similarity(a.search_name, f) AS s FROM unnest(${forms}::text[]) AS f CROSS JOIN LATERAL (SELECT child_id, search_name FROM child_alias WHERE search_name % f) AS a`,
        ]),
  ]
  const rows = await deps.db.transaction().execute(async (tx) => {
    // A typo'd name still scores about 0.7; 0.5 keeps the index selective among a million children.
    await sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(NAME_THRESHOLD)}, true)`.execute(tx)
    const result = await sql<{
      id: string
      given_name: string
      family_name: string
      date_of_birth: string | null
      expected_date_of_delivery: string | null
      sex: string
      nhs_number: string | null
      upn: string | null
      score: number
    }>`
      WITH m AS (${sql.join(sources, sql` UNION ALL `)}),
      best AS (SELECT child_id, max(s) AS score FROM m GROUP BY child_id)
      SELECT c.id, c.given_name, c.family_name, c.date_of_birth, c.expected_date_of_delivery, c.sex, c.nhs_number, c.upn, b.score
      FROM best b JOIN child c ON c.id = b.child_id
      WHERE (EXISTS (SELECT 1 FROM involvement i WHERE i.child_id = c.id AND i.organisation_id = ${actor.organisationId}) OR c.created_by_organisation_id = ${actor.organisationId})
      ORDER BY b.score DESC, c.family_name, c.given_name
      LIMIT ${LIMIT * 3}`.execute(tx)
    return result.rows
  })

  const seen = new Set<string>()
  const matches: ChildMatch[] = []
  for (const r of rows) {
    if (seen.has(r.id)) continue
    seen.add(r.id)
    const matchedOn: string[] = []
    if (nhs !== undefined && r.nhs_number === nhs) matchedOn.push('NHS number')
    if (upn !== undefined && r.upn === upn) matchedOn.push('UPN')
    if (dob !== undefined && r.date_of_birth === dob) matchedOn.push('date of birth')
    if (Number(r.score) >= SIMILARITY) matchedOn.push('name')
    if (matchedOn.length === 0) continue
    matches.push({
      id: r.id,
      givenName: r.given_name,
      familyName: r.family_name,
      dateOfBirth: r.date_of_birth,
      expectedDateOfDelivery: r.expected_date_of_delivery,
      sex: r.sex,
      nhsNumber: r.nhs_number,
      upn: r.upn,
      score: matchedOn.includes('NHS number') || matchedOn.includes('UPN') ? 1 : Number(r.score),
      matchedOn,
    })
    if (matches.length >= LIMIT) break
  }
  matches.sort((a, b) => b.score - a.score)
  await deps.db.transaction().execute(async (tx) => {
    await appendAudit(tx, { ...actorAudit(actor), action: 'child.searched', subjectType: 'organisation', subjectId: actor.organisationId, reason: decision.reason, correlationId: meta.correlationId, details: { criteria: { given: search.givenName, family: search.familyName, dateOfBirth: dob, nhsNumber: nhs, upn }, results: matches.map((m) => m.id) } }, deps.clock.now())
  })
  return ok(matches)
}
