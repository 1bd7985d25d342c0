import { childCurrentOf } from '../../../platform/db/childCurrent.js'
import { sql, type Kysely, type Transaction } from 'kysely'
import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { isValidNhsNumber, isValidUpn, normaliseNhsNumber, normaliseUpn } from '../domain/identifiers.js'
import { expandNickname, normaliseName } from '../domain/nameMatching.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { parseLocalDate } from '../../../platform/calendar/localDate.js'
import { auditRow } from '../../../platform/audit/auditLog.js'
import type { DB } from '../../../platform/db/schema.js'
import { actorAudit } from '../../people/queries/loadActor.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { childIdentityFields, type ChildIdentityFields } from '../../../platform/db/childIdentityFields.js'

type Q = Kysely<DB> | Transaction<DB>

export interface ChildSearch {
  readonly givenName?: string | undefined
  readonly familyName?: string | undefined
  readonly dateOfBirth?: string | undefined
  readonly nhsNumber?: string | undefined
  readonly upn?: string | undefined
}

export interface ChildMatch extends ChildIdentityFields {
  readonly id: string
  /** 0..1: how closely the name matched (1 for an identifier match). */
  readonly score: number
  readonly matchedOn: readonly string[]
}

/** A word with each pair of neighbouring letters swapped ("loe" → "ole", "leo"); none for words under 3 letters. */
export function adjacentSwaps(word: string): string[] {
  if (word.length < 3 || word.includes(' ')) return []
  const out: string[] = []
  for (let i = 0; i < word.length - 1; i++) {
    if (word[i] === word[i + 1]) continue
    out.push(word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2))
  }
  return out
}

/** Children an organisation may find: those it is involved with, or that its own people created. */
function visibleTo(db: Q, actor: Actor) {
  return db
    .selectFrom('child as c')
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('involvement as i')
            .select('i.child_id')
            .whereRef('i.child_id', '=', 'c.id')
            .where('i.organisation_id', '=', actor.organisationId),
        ),
        eb('c.created_by_organisation_id', '=', actor.organisationId),
      ]),
    )
}

export async function visibleChildren(db: Q, actor: Actor, ids: readonly string[]) {
  const valid = ids.filter(isUuid)
  if (valid.length === 0) return []
  // Shown as known now: a corrected name, date of birth or sex is what the form shows.
  return visibleTo(db, actor)
    .innerJoinLateral(childCurrentOf('c.id', 'cc'), (j) => j.onTrue())
    .select(['c.id', 'cc.date_of_birth', 'cc.sex', 'cc.given_name', 'cc.family_name', 'c.local_area_id'])
    .where('c.id', 'in', valid)
    .execute()
}

export type SearchError = DomainError<'CHILD.SEARCH_INVALID'>

/** A name counts as matching at this similarity (of the whole name, to the best of the name forms searched). */
const SIMILARITY = 0.3
/*
 * The trigram thresholds of the candidate searches are set by the SQL functions that run them (migration 0004):
 * - children_named_like, 0.5: with one name field, children whose whole name is like a form. A typo'd name
 *   still scores about 0.7; 0.5 keeps the index selective among a million children.
 * - name_words_like, 0.2: with both names, the known words like a typed word. Low on purpose: one slip in a
 *   five-letter name can leave a fifth of its trigrams ("Jnoes" and "Jones" share 2 of 10). It only chooses
 *   which children are scored; the whole name must still score SIMILARITY.
 */
const LIMIT = 10

/**
 * Find before create: fuzzy name search (trigram similarity over the name both ways round, recorded aliases
 * and common nicknames), exact date of birth, NHS number and UPN. Only children the actor's organisation is
 * involved with are searched, so a search never reveals that a child is known elsewhere.
 */
export async function searchChildren(
  deps: Deps,
  actor: Actor,
  search: ChildSearch,
  meta: RequestMeta,
): Promise<Result<ChildMatch[], SearchError>> {
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
  // Two letters typed the wrong way round ("Loe" for "Leo") share almost no trigrams with the name, so each typed
  // name is also tried with each pair of neighbouring letters swapped.
  const givenSpellings = given === '' ? [] : [...new Set([given, ...expandNickname(given), ...adjacentSwaps(given)])]
  const familySpellings = family === '' ? [''] : [family, ...adjacentSwaps(family)]
  const forms = [
    ...new Set((given === '' ? [''] : givenSpellings).flatMap((g) => familySpellings.map((f) => `${g} ${f}`.trim()))),
  ].filter((f) => f !== '')
  const words = (names: readonly string[]) => [...new Set(names.flatMap((n) => n.split(' ')))].filter((w) => w !== '')
  const byWords = given !== '' && family !== '' && dob === undefined
  // One name alone ("Ruby"): a whole-name trigram search misses it (it is a small part of "ruby hartley"), so the
  // children with a word like it are scored too.
  const oneName = (given === '') !== (family === '') && dob === undefined

  // Children as they are known now (child_current: the first record with its corrections applied, migration 0014):
  // a corrected name, date of birth, NHS number or UPN is what is searched; an uncorrected child is the child row
  // itself, so the conditions below still reach child's own indexes.
  // Candidates first, each through its own index (identifiers, date of birth, names), then scores and
  // visibility for those candidates only. An OR across the child and its aliases would stop PostgreSQL using
  // the indexes and scan every child.
  const nameScore =
    forms.length === 0
      ? sql<number>`0::real`
      : sql<number>`(SELECT max(similarity(c.search_name, f)) FROM unnest(${forms}::text[]) AS f)`
  // Both names given: the words like each typed given name (or its nicknames) and like each typed family name,
  // from name_word; then the children whose name has a word from each set, in either order. This never
  // rechecks every child who merely shares one common word with the search, as a whole-name trigram search
  // must (every "Oliver ..." for "Oliver Smiht").
  const nameSources = byWords
    ? [
        // Candidates only: their names are scored once, as they are now, in the statement below.
        sql`SELECT k.id AS child_id, 0::real AS s FROM child k, like_words
            WHERE string_to_array(k.search_name, ' ') && like_words.given AND string_to_array(k.search_name, ' ') && like_words.family
            UNION ALL SELECT k.child_id, 0::real FROM child_correction k, like_words
            WHERE k.kind = 'name' AND string_to_array(k.search_name, ' ') && like_words.given AND string_to_array(k.search_name, ' ') && like_words.family`,
        sql`SELECT a.child_id, (SELECT max(similarity(a.search_name, f)) FROM unnest(${forms}::text[]) AS f) AS s FROM child_alias a, like_words
            WHERE string_to_array(a.search_name, ' ') && like_words.given AND string_to_array(a.search_name, ' ') && like_words.family`,
      ]
    : // With a date of birth, the children born that day are few: score their names instead of searching names.
      forms.length === 0 || dob !== undefined
      ? []
      : [
          sql`SELECT child_id, score AS s FROM children_named_like(${forms}::text[])`,
          ...(oneName
            ? [
                sql`SELECT c.id AS child_id, ${nameScore} AS s FROM child_current c, like_words
                    WHERE string_to_array(c.search_name, ' ') && like_words.one`,
              ]
            : []),
        ]
  // The children with an identifier or date of birth, as first recorded or as corrected, each through its own
  // index (child's, child_correction's: migration 0021). Whether the value is still theirs is judged below, on
  // child_current for these ids only: a condition on child_current's value alone cannot use an index for
  // corrected children and read every one of them (1.1 s a search among a million children with 10,000
  // corrections).
  const byValue = (column: 'nhs_number' | 'upn' | 'date_of_birth', value: unknown) =>
    sql`SELECT id AS child_id, 0::real AS s FROM child WHERE ${sql.ref(column)} = ${value}
        UNION ALL SELECT child_id, 0::real FROM child_correction WHERE ${sql.ref(column)} = ${value}`
  const sources = [
    ...(nhs === undefined ? [] : [byValue('nhs_number', nhs)]),
    ...(upn === undefined ? [] : [byValue('upn', upn)]),
    ...(dob === undefined ? [] : [byValue('date_of_birth', sql`${dob}::date`)]),
    ...nameSources,
  ]
  const likeWords = byWords
    ? sql`like_words AS (SELECT name_words_like(${words(givenSpellings)}::text[]) AS given, name_words_like(${words(familySpellings)}::text[]) AS family),`
    : oneName
      ? sql`like_words AS (SELECT name_words_like(${words(given === '' ? familySpellings : givenSpellings)}::text[]) AS one),`
      : sql``
  const audit = auditRow(
    {
      ...actorAudit(actor),
      action: 'child.searched',
      subjectType: 'organisation',
      subjectId: actor.organisationId,
      reason: decision.reason,
      correlationId: meta.correlationId,
      details: {
        criteria: { given: search.givenName, family: search.familyName, dateOfBirth: dob, nhsNumber: nhs, upn },
      },
    },
    deps.clock.now(),
  )
  // One statement: candidates, scores, what the actor's organisation may see, the best LIMIT (identifier
  // matches first), and the audit entry listing them, so the search and its audit are one transaction.
  const rows = await sql<{
    id: string
    given_name: string
    family_name: string
    date_of_birth: string | null
    expected_date_of_delivery: string | null
    sex: string
    nhs_number: string | null
    upn: string | null
    score: number
    on_nhs: boolean
    on_upn: boolean
    on_dob: boolean
  }>`
    WITH ${likeWords} m AS (${sql.join(sources, sql` UNION ALL `)}),
    best AS (SELECT child_id, max(s) AS score FROM m GROUP BY child_id),
    -- Candidates' scores from their aliases and from the whole-name search, looked up by id in one object (each
    -- candidate's name as it is now is scored below, once). Joined to the candidates instead, PostgreSQL
    -- takes both for a handful of rows and may compare every pair: 1,809 children born on one day among 12
    -- million is 3.3 million comparisons, each with its visibility check (37 s; bench/child-search.bench.ts).
    scores AS (SELECT coalesce(jsonb_object_agg(child_id, score), '{}'::jsonb) AS by_child FROM best),
    -- The candidates as they are now, read once by id (both parts of child_current through their primary key); a
    -- join to child_current on id instead reads the whole view, or repeats the lookup for every candidate.
    candidate AS MATERIALIZED (SELECT * FROM child_current WHERE id = ANY (ARRAY(SELECT child_id FROM best))),
    -- Materialised, so the score is worked out once per candidate and the ranking sorts plain rows (inlined, the
    -- sort carried the whole object of scores in every row: 170 MB on disk for 2,000 candidates).
    scored AS MATERIALIZED (
      SELECT c.id, c.given_name, c.family_name, c.date_of_birth, c.expected_date_of_delivery, c.sex, c.nhs_number, c.upn,
        greatest((scores.by_child ->> c.id::text)::real, ${nameScore}) AS score,
        coalesce(c.nhs_number = ${nhs ?? null}, false) AS on_nhs, coalesce(c.upn = ${upn ?? null}, false) AS on_upn,
        coalesce(c.date_of_birth = ${dob ?? null}::date, false) AS on_dob
      FROM candidate c, scores
      WHERE (EXISTS (SELECT 1 FROM involvement i WHERE i.child_id = c.id AND i.organisation_id = ${actor.organisationId}) OR c.created_by_organisation_id = ${actor.organisationId})
    ), found AS (
      SELECT scored.*, row_number() OVER (ORDER BY CASE WHEN on_nhs OR on_upn THEN 1 ELSE score END DESC, family_name, given_name, id) AS rank
      FROM scored WHERE on_nhs OR on_upn OR on_dob OR score >= ${SIMILARITY}
      ORDER BY rank LIMIT ${LIMIT}
    ), audited AS (
      INSERT INTO audit_event (occurred_at, actor_user_id, actor_organisation_id, actor_roles, action, subject_type, subject_id, reason, correlation_id, details)
      VALUES (${audit.occurred_at}, ${audit.actor_user_id}, ${audit.actor_organisation_id}, ${sql.val(audit.actor_roles)}::text[], ${audit.action}, ${audit.subject_type},
        ${audit.subject_id}, ${audit.reason}, ${audit.correlation_id},
        ${audit.details}::jsonb || jsonb_build_object('results', (SELECT coalesce(jsonb_agg(id ORDER BY rank), '[]'::jsonb) FROM found)))
    )
    SELECT * FROM found ORDER BY rank`.execute(deps.db)

  const matches: ChildMatch[] = rows.rows.map((r) => {
    const matchedOn = [
      ...(r.on_nhs ? ['NHS number'] : []),
      ...(r.on_upn ? ['UPN'] : []),
      ...(r.on_dob ? ['date of birth'] : []),
      ...(Number(r.score) >= SIMILARITY ? ['name'] : []),
    ]
    return {
      id: r.id,
      ...childIdentityFields(r),
      score: r.on_nhs || r.on_upn ? 1 : Number(r.score),
      matchedOn,
    }
  })
  return ok(matches)
}
