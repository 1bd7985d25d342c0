import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import { concernCategoriesInWords } from '../../concerns/index.js'
import { bodyMapView } from '../../concerns/pages/bodyMapView.js'
import type { ConcernView } from '../../concerns/queries/viewConcern.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'

type Q = Kysely<DB> | Transaction<DB>

/**
 * The concern a referral from a DSL's decision carried to the local authority (issue 11, item 2): everything the
 * teacher recorded and the DSL's reasons for referring, each with who wrote it, for which organisation, and when.
 * Read from the concern and its decision event, which are never edited in place (a concern's later addenda are
 * events of their own), so this is what the referral carried when it was made. What the teacher wrote is typed as
 * the concern's own page shows it.
 */
export interface CarriedConcern extends Pick<
  ConcernView,
  'reference' | 'observedAt' | 'place' | 'facts' | 'childWords' | 'othersPresent' | 'actionTaken'
> {
  readonly concernId: string
  readonly organisation: string
  readonly recordedBy: string
  readonly recordedAt: Date
  /** In words ("Physical abuse", "Other: …"). */
  readonly categories: readonly string[]
  /** The body map's marks in words: the named region, what was seen, and which child when the concern is about several. */
  readonly marks: readonly { readonly label: string; readonly description: string; readonly child?: string }[]
  /** The DSL's decision that made the referral, with their rationale. */
  readonly decision: {
    readonly rationale: string
    readonly decidedBy: string
    readonly organisation: string
    readonly decidedAt: Date
  } | null
}

/**
 * The concern a referral carried, or undefined when the referral was not made from a concern. The decision is the
 * DSL's "refer to children's social care" decision that made this referral: written in the same transaction, so
 * at the referral's own moment; the latest such decision before it for a referral made otherwise.
 */
export async function carriedConcern(
  db: Q,
  concernId: string,
  referralReceivedAt: Date,
): Promise<CarriedConcern | undefined> {
  const c = await db
    .selectFrom('concern as c')
    .innerJoin('app_user as u', 'u.id', 'c.author_user_id')
    .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
    .select([
      'c.id',
      'c.reference',
      'c.observed_at',
      'c.created_at',
      'c.place',
      'c.facts',
      'c.child_words',
      'c.others_present',
      'c.categories',
      'c.other_category',
      'c.action_taken',
      'c.body_map',
      'u.display_name',
      'o.name as organisation',
    ])
    .where('c.id', '=', concernId)
    .executeTakeFirst()
  if (c === undefined) return undefined
  const [children, decision] = await Promise.all([
    db
      .selectFrom('concern_child as cc')
      .innerJoinLateral(childCurrentOf('cc.child_id', 'ch'), (j) => j.onTrue())
      .select(['ch.id', 'ch.given_name', 'ch.family_name'])
      .where('cc.concern_id', '=', c.id)
      .orderBy('ch.family_name')
      .orderBy('ch.given_name')
      .execute(),
    db
      .selectFrom('concern_event as e')
      .innerJoin('app_user as u', 'u.id', 'e.actor_user_id')
      .innerJoin('organisation as o', 'o.id', 'e.actor_organisation_id')
      .select(['e.text', 'e.created_at', 'u.display_name', 'o.name'])
      .where('e.concern_id', '=', c.id)
      .where('e.kind', '=', 'decision')
      .where('e.decision_kind', '=', 'refer_to_childrens_social_care')
      .where('e.created_at', '<=', referralReceivedAt)
      .orderBy('e.seq', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ])
  const marks = bodyMapView(
    c.body_map,
    undefined,
    children.map((ch) => ({ id: ch.id, name: `${ch.given_name} ${ch.family_name}` })),
  ).items.map((m) => ({
    label: m.label,
    description: m.description,
    ...(m.child === undefined ? {} : { child: m.child }),
  }))
  return {
    concernId: c.id,
    reference: c.reference,
    organisation: c.organisation,
    recordedBy: c.display_name,
    recordedAt: c.created_at,
    observedAt: c.observed_at,
    place: c.place,
    facts: c.facts,
    childWords: c.child_words,
    othersPresent: c.others_present,
    categories: concernCategoriesInWords(c.categories, c.other_category),
    actionTaken: c.action_taken,
    marks,
    decision:
      decision === undefined
        ? null
        : {
            rationale: decision.text,
            decidedBy: decision.display_name,
            organisation: decision.name,
            decidedAt: decision.created_at,
          },
  }
}
