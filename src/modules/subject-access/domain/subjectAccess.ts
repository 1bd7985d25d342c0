/**
 * Subject access requests for a child's record ("Working together on one child", item 8). The child, or a parent
 * (or someone acting for them) about the child, asks an organisation for what it holds: the organisation records
 * the request (who asked, when it was received, whether their identity was verified), which starts a clock of one
 * calendar month (UK GDPR Art 12(3); rule subject-access-response), extendable once by two further months with a
 * reason. Before the export, entries that must not be released are withheld, each with its ground:
 * - third_party: information about another person who has not agreed to its release (DPA 2018 Sch 2 Part 3
 *   para 16);
 * - identity_at_risk: it would reveal who gave information, putting them at risk (the same paragraph, and
 *   Working Together's rule on protecting identities);
 * - serious_harm: releasing it would be likely to cause serious harm to the physical or mental health of the
 *   child or another person (DPA 2018 Sch 3, the health, social work and education data exemptions).
 * The export is the chronology as a PDF with each withheld entry replaced by "Withheld: <reason>"; making it
 * answers the request and stops the clock.
 */
import { wordList } from '../../../platform/shared/wordList.js'

export const { ids: withholdingGrounds, labels: withholdingGroundLabels } = wordList({
  third_party: 'information about another person',
  identity_at_risk: 'it would reveal who gave information and put them at risk',
  serious_harm: 'releasing it would be likely to cause serious harm',
})
export type WithholdingGround = (typeof withholdingGrounds)[number]

export const withholdingGroundHints: Readonly<Record<WithholdingGround, string>> = {
  third_party: 'Data Protection Act 2018, Schedule 2, paragraph 16',
  identity_at_risk: 'Data Protection Act 2018, Schedule 2, paragraph 16: the source’s identity',
  serious_harm: 'Data Protection Act 2018, Schedule 3: the serious harm test',
}

export const { ids: requesterKinds, labels: requesterLabels } = wordList({
  child: 'The child',
  parent: 'A parent or carer, about the child',
  representative: 'Someone acting for the child (a solicitor or advocate)',
})
export type RequesterKind = (typeof requesterKinds)[number]

/** How long the clock may be extended by, in months, beyond the first month (Art 12(3)). */
export const EXTENSION_MONTHS = 2

/** The words that replace a withheld entry in the export. */
export const withheldText = (ground: WithholdingGround): string => `Withheld: ${withholdingGroundLabels[ground]}`

/** One entry of the export: the chronology entry as released, or its replacement. */
export interface ExportEntry<E> {
  readonly entry: E
  readonly withheld?: WithholdingGround
}

/** The entries in their order, each marked withheld (with its ground) when a redaction names its key. */
export function markWithheld<E extends { readonly entryKey: string }>(
  entries: readonly E[],
  redactions: readonly { readonly entryKey: string; readonly ground: WithholdingGround }[],
): ExportEntry<E>[] {
  const ground = new Map(redactions.map((r) => [r.entryKey, r.ground]))
  return entries.map((entry) => {
    const g = ground.get(entry.entryKey)
    return g === undefined ? { entry } : { entry, withheld: g }
  })
}
