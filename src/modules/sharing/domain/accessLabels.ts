/**
 * The audit trail of a child's record in plain words, for "Who has seen this child": no codes on screen.
 */
import { wordList } from '../../../platform/shared/wordList.js'

/** Whether an entry was a view, a change or a refusal; the labels are the page's filter. */
export const {
  ids: accessKinds,
  is: isAccessKind,
  options: accessKindOptions,
} = wordList({ viewed: 'Views', changed: 'Changes', refused: 'Refused attempts' })
export type AccessKind = (typeof accessKinds)[number]

const labels: Readonly<Record<string, string>> = {
  'child.chronology_viewed': 'Viewed the chronology',
  'child.chronology_exported': 'Downloaded the chronology',
  'child.view_denied': 'Tried to open the record, and was refused',
  'child.involvement_viewed': 'Viewed who is involved',
  'child.created': 'Added the child to Together',
  'child.matched_existing': 'Found the child’s existing record',
  'protection.checked': 'Checked for a child protection plan',
  'sharing.decision_recorded': 'Recorded an information-sharing decision',
  'recordSharingDecision.form_viewed': 'Opened the form to record an information-sharing decision',
  'sharing.decisions_viewed': 'Viewed information-sharing decisions',
  'sharing.receipt_confirmed': 'Confirmed receipt of shared information',
  'sharing.record_denied': 'Tried to record a sharing decision, and was refused',
  'sharing.list_denied': 'Tried to view sharing decisions, and was refused',
  'record.opened_with_reason': 'Opened the record with a reason',
  'record.open_denied': 'Tried to open the record with a reason, and was refused',
  'record.access_viewed': 'Viewed who has seen this child',
  'record.access_exported': 'Downloaded who has seen this child',
  'record.access_view_denied': 'Tried to view who has seen this child, and was refused',
  'child.relationship_added': 'Added an adult in the child’s life',
  'referral.make_denied': 'Tried to make a referral, and was refused',
  'referral.made': 'Made a referral',
  'concern.record_denied': 'Tried to record a concern, and was refused',
}

/** What an audit entry about a child says, in words, and whether it was a view, a change or a refusal. */
export function accessActionLabel(action: string): { readonly what: string; readonly kind: AccessKind } {
  // A step's refusal by its own rules (`createChild.refused`) is a refusal too, not a change.
  const kind: AccessKind = /(denied|refused)$/.test(action)
    ? 'refused'
    : /(viewed|exported|checked)$/.test(action)
      ? 'viewed'
      : 'changed'
  const what =
    labels[action] ??
    (kind === 'viewed' ? 'Viewed the record' : kind === 'refused' ? 'Was refused' : 'Recorded or changed something')
  return { what, kind }
}

/** A cell for a CSV file: quoted, quotes doubled, and a leading = + - @ neutralised so no spreadsheet runs it. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return `"${safe.replace(/"/g, '""')}"`
}
