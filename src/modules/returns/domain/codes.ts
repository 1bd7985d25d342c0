/**
 * Census code sets that Together's case records do not already hold as code lists (the protection module keeps
 * referral sources, primary needs, closure reasons, assessment factors and plan categories; ethnicity and
 * disability are in platform/shared/censusCodes.ts). Source:
 * ../shared/domain.md §8 and the DfE code set as the data-to-insight validator applies it (rules 4220, 8540).
 */
/** UPNunknown codes. Only UN7 has a meaning Together relies on: "referral with no further action" (rule 8772). */
export const upnUnknownCodes = ['UN1', 'UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7'] as const
export const UPN_UNKNOWN_REFERRAL_NFA = 'UN7'

const checkLetters = 'ABCDEFGHJKLMNPQRTUVWXYZ'

/**
 * A unique pupil number's check letter (DfE "Unique Pupil Numbers" guide, as domain.md §7 quotes it): the sum of
 * each of characters 2–13 times its position, mod 23, names the letter. A temporary UPN's last letter counts as
 * its place in the same alphabet.
 */
export function upnCheckLetterValid(upn: string): boolean {
  if (!/^[A-Z]\d{11}[0-9A-Z]$/.test(upn) || 'IOS'.includes(upn.charAt(12))) return false
  let sum = 0
  for (let i = 1; i < 13; i++) {
    const c = upn.charAt(i)
    const value = /\d/.test(c) ? Number(c) : checkLetters.indexOf(c)
    if (value < 0) return false
    sum += value * (i + 1)
  }
  return checkLetters.charAt(sum % 23) === upn.charAt(0)
}
