import { concernCategoryLabel, isConcernCategoryId } from './concern.js'

/**
 * A concern's stored categories in words ("Physical abuse", "Other: …"), as the pages that carry a concern beyond
 * its own (a referral's, the child's chronology) name them: "Other" is followed by what the teacher wrote, when they
 * wrote something; an id no longer in the table is left out rather than shown raw.
 */
export const concernCategoriesInWords = (ids: readonly string[], otherCategory: string | null): string[] =>
  ids
    .filter(isConcernCategoryId)
    .map((id) =>
      id === 'other' && otherCategory !== null && otherCategory !== ''
        ? `${concernCategoryLabel(id)}: ${otherCategory}`
        : concernCategoryLabel(id),
    )
