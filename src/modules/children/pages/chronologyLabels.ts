import { protectionEntryLabels } from '../../protection/domain/chronologyVisibility.js'
import { familyHelpEntryLabels } from '../../family-help/index.js'

/** What each kind of chronology entry is called, on the page, in its filter and in the PDFs. */
export const chronologyTypeLabels: Readonly<Record<string, string>> = {
  concern: 'Concern',
  addendum: 'Addendum',
  decision: 'Decision',
  acknowledged: 'Acknowledged',
  information_requested: 'More information requested',
  information_provided: 'More information given',
  shared_information: 'Information shared with you',
  ...protectionEntryLabels,
  ...familyHelpEntryLabels,
}
