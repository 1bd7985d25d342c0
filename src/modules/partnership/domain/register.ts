/**
 * The safeguarding partnership's register and the rule that only the three statutory partners sign off.
 *
 * Source: ../shared/domain-2026.md §3. The lead safeguarding partners are the local authority's chief executive,
 * the chief officer of police and the ICB's chief executive; each names a delegated safeguarding partner senior
 * enough to decide for them. They jointly sign off the published arrangements, the threshold document, the
 * budget, the yearly report and (chapter 5) each rapid review.
 */
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { okUnlessProblems } from '../../../platform/shared/problems.js'
import { wordList } from '../../../platform/shared/wordList.js'

export const { ids: statutoryPartners, labels: statutoryPartnerLabels } = wordList({
  local_authority: 'Local authority',
  police: 'Police',
  icb: 'Integrated care board',
})
export type StatutoryPartner = (typeof statutoryPartners)[number]

/** Each statutory partner's lead, and the organisation kind the partner must be (see people/domain/organisations). */
export const statutoryPartnerSeats: Readonly<
  Record<StatutoryPartner, { readonly leadTitle: string; readonly organisationKind: string }>
> = {
  local_authority: {
    leadTitle: 'Chief executive of the local authority',
    organisationKind: 'la_childrens_social_care',
  },
  police: { leadTitle: 'Chief officer of police', organisationKind: 'police_force' },
  icb: { leadTitle: 'Chief executive of the integrated care board', organisationKind: 'icb' },
}

/**
 * Relevant agencies: the SI 2018/789 categories the partners name, plus the designated education and childcare
 * agencies that CWSA 2026 s.2 (CA 2004 s.16E(1)(aa)) makes mandatory members.
 */
export const { ids: agencyCategories, labels: agencyCategoryLabels } = wordList({
  education: 'Education (designated: mandatory member)',
  childcare: 'Childcare (designated: mandatory member)',
  health: 'Health',
  probation: 'Probation',
  youth_justice: 'Youth justice',
  voluntary: 'Voluntary and charity',
  faith: 'Faith',
  sport_and_leisure: 'Sport and leisure',
  housing: 'Housing',
  other: 'Other relevant agency',
})
export type AgencyCategory = (typeof agencyCategories)[number]
export const mandatoryAgencyCategories: ReadonlySet<AgencyCategory> = new Set(['education', 'childcare'])

/** The category an organisation of each kind joins as, by default; any other kind is 'other'. */
const agencyCategoryOfKind: Readonly<Record<string, AgencyCategory>> = {
  school: 'education',
  college: 'education',
  early_years: 'childcare',
  gp_practice: 'health',
  nhs_trust: 'health',
  probation: 'probation',
  youth_justice: 'youth_justice',
  voluntary_charity: 'voluntary',
  faith_group: 'faith',
  sports_youth_club: 'sport_and_leisure',
}
export const agencyCategoryForKind = (kind: string): AgencyCategory =>
  Object.hasOwn(agencyCategoryOfKind, kind) ? agencyCategoryOfKind[kind]! : 'other'

export const { ids: documentKinds, labels: documentKindLabels } = wordList({
  arrangements: 'Published multi-agency safeguarding arrangements',
  threshold: 'Threshold document',
  budget: 'Shared budget',
  contributions: 'Each partner’s contribution',
})
export type DocumentKind = (typeof documentKinds)[number]

/** A partner as the register holds it: who leads it, and who acts for the lead. */
export interface PartnerSeat {
  readonly partner: StatutoryPartner
  readonly organisationId: string
  readonly leadUserId: string | null
  readonly delegateUserId: string | null
}

export type SignOffCode = 'PARTNERSHIP.NOT_A_LEAD' | 'PARTNERSHIP.ALREADY_SIGNED'

/**
 * Which partner `userId` signs for: the lead safeguarding partner or, acting for them, the delegated partner.
 * Anyone else (a business manager, a scrutineer, another partnership lead) is refused: sign-off is the three
 * partners' own act.
 */
export function seatFor(seats: readonly PartnerSeat[], userId: string): Result<PartnerSeat, DomainError<SignOffCode>> {
  const seat = seats.find((s) => s.leadUserId === userId || s.delegateUserId === userId)
  if (seat !== undefined) return ok(seat)
  return err(
    domainError(
      'PARTNERSHIP.NOT_A_LEAD',
      'Only the three lead safeguarding partners (or their delegated partners) can sign this off.',
    ),
  )
}

export interface SignOffState {
  readonly signed: ReadonlySet<StatutoryPartner>
}

/**
 * One signature per partner. Returns the partners still to sign after this one; an empty list means the three
 * partners have signed and the document, review or report takes effect.
 */
export function signOff(
  seats: readonly PartnerSeat[],
  state: SignOffState,
  userId: string,
): Result<{ partner: StatutoryPartner; remaining: readonly StatutoryPartner[] }, DomainError<SignOffCode>> {
  const seat = seatFor(seats, userId)
  if (!seat.ok) return seat
  const { partner } = seat.value
  if (state.signed.has(partner))
    return err(
      domainError(
        'PARTNERSHIP.ALREADY_SIGNED',
        `The ${statutoryPartnerLabels[partner].toLowerCase()} has already signed this off.`,
      ),
    )
  const remaining = statutoryPartners.filter((p) => p !== partner && !state.signed.has(p))
  return ok({ partner, remaining })
}

export type RegisterCode = 'PARTNERSHIP.SEAT_INVALID'

/** A partner's lead and delegate must be different people, and both belong to the partner's organisation. */
export function checkSeat(
  seat: PartnerSeat,
  organisationOf: (userId: string) => string | undefined,
): Result<PartnerSeat, DomainError<RegisterCode>> {
  const fields: Record<string, string> = {}
  if (seat.leadUserId !== null && organisationOf(seat.leadUserId) !== seat.organisationId)
    fields['leadUserId'] = `The lead must work for the ${statutoryPartnerLabels[seat.partner].toLowerCase()}`
  if (seat.delegateUserId !== null && organisationOf(seat.delegateUserId) !== seat.organisationId)
    fields['delegateUserId'] =
      `The delegated partner must work for the ${statutoryPartnerLabels[seat.partner].toLowerCase()}`
  if (seat.leadUserId !== null && seat.leadUserId === seat.delegateUserId)
    fields['delegateUserId'] = 'The delegated partner must be a different person from the lead'
  return okUnlessProblems('PARTNERSHIP.SEAT_INVALID', fields, seat)
}
