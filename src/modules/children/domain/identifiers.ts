/**
 * National identifiers for a child: the NHS number and the Unique Pupil Number (UPN). Both carry a check
 * character, so a mistyped digit is caught at the form, before a duplicate record is made or a wrong child is
 * found. Sources: ../../../shared/domain.md §7 ([C] NHS Data Dictionary; DfE "Unique Pupil Number 2.0", CIN
 * census rule 1510).
 *
 * Every function takes what the user typed: spaces (and, for NHS numbers, hyphens) are allowed in the input
 * and removed by the normalisers. Store the normalised form; show the formatted one.
 */

// ——— NHS number ———

/** Remove the spaces and hyphens people type ("943 476 5919", "943-476-5919"); nothing else is changed. */
export const normaliseNhsNumber = (input: string): string => input.replace(/[\s-]/g, '')

/** The NHS number check digit for nine digits, or `undefined` when the number cannot have one (c = 10). */
export function nhsCheckDigit(nineDigits: string): number | undefined {
  if (!/^\d{9}$/.test(nineDigits)) return undefined
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * (10 - i) // weights 10, 9, … 2
  const check = 11 - (sum % 11)
  if (check === 11) return 0
  if (check === 10) return undefined // no valid NHS number has these nine digits
  return check
}

/**
 * Modulus 11: ten digits; multiply the first nine by 10…2, sum, c = 11 − (sum mod 11); 11 means 0, 10 means
 * the number is invalid; valid when c equals the tenth digit. Spaces and hyphens in the input are ignored.
 * (This checks the check digit only; it cannot tell whether the number was ever issued.)
 */
export function isValidNhsNumber(input: string): boolean {
  const n = normaliseNhsNumber(input)
  if (!/^\d{10}$/.test(n)) return false
  return nhsCheckDigit(n.slice(0, 9)) === Number(n[9])
}

/** "9434765919" → "943 476 5919" (the NHS display format). Input that is not ten digits comes back trimmed. */
export function formatNhsNumber(input: string): string {
  const n = normaliseNhsNumber(input)
  return /^\d{10}$/.test(n) ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : input.trim()
}

// ——— Unique Pupil Number ———

/** The UPN check alphabet: 23 letters, never I, O or S. Index 0 → A … 22 → Z. */
export const UPN_CHECK_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ'

/** Trim and upper-case; spaces inside are removed too, since people copy UPNs in groups. */
export const normaliseUpn = (input: string): string => input.replace(/\s/g, '').toUpperCase()

const PERMANENT_UPN = /^[A-Z]\d{12}$/
const TEMPORARY_UPN = /^[A-Z]\d{11}[A-Z]$/

/**
 * The check letter for the twelve characters after it (positions 2–13): Σ(value × position) mod 23, mapped
 * onto UPN_CHECK_ALPHABET. A digit's value is the digit; the final letter of a temporary UPN takes its index in
 * UPN_CHECK_ALPHABET. `undefined` when the twelve characters are not 11 digits + a digit or an allowed letter.
 */
export function upnCheckLetter(twelve: string): string | undefined {
  if (!/^\d{11}[0-9A-Z]$/.test(twelve)) return undefined
  let sum = 0
  for (let i = 0; i < 12; i++) {
    const ch = twelve[i] ?? ''
    const value = /\d/.test(ch) ? Number(ch) : UPN_CHECK_ALPHABET.indexOf(ch)
    if (value < 0) return undefined // I, O or S as the final letter
    sum += value * (i + 2)
  }
  return UPN_CHECK_ALPHABET[sum % 23]
}

/**
 * A permanent UPN (check letter + 12 digits) or a temporary one (check letter + 11 digits + letter) with the
 * right check letter. Lower case and spaces in the input are accepted. The "unknown UPN" codes UN1–UN7 are
 * not UPNs and are rejected here.
 */
export function isValidUpn(input: string): boolean {
  const upn = normaliseUpn(input)
  if (!PERMANENT_UPN.test(upn) && !TEMPORARY_UPN.test(upn)) return false
  return upnCheckLetter(upn.slice(1)) === upn[0]
}

/** A valid UPN whose last character is a letter: issued by a school until the permanent one is known. */
export function isTemporaryUpn(input: string): boolean {
  const upn = normaliseUpn(input)
  return TEMPORARY_UPN.test(upn) && isValidUpn(upn)
}

// ——— Postcode ———

/**
 * A UK postcode: an outward code (area letters, district digit, optional digit or letter) and an inward code
 * (digit and two letters). "GIR 0AA" is not accepted: no child lives at Girobank.
 */
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/

/** Upper case, spaces removed, then one space before the inward code: " sw1a1aa " → "SW1A 1AA". */
export function normalisePostcode(input: string): string {
  const compact = input.replace(/\s/g, '').toUpperCase()
  const m = POSTCODE.exec(compact)
  return m === null ? compact : `${m[1]} ${m[2]}`
}

export const isValidPostcode = (input: string): boolean => POSTCODE.test(input.replace(/\s/g, '').toUpperCase())

/**
 * The postcode district (the outward code, "SW1A" of "SW1A 1AA"): enough to tell two children apart when
 * confirming which child was found, without giving away where the child lives.
 */
export function postcodeDistrict(input: string): string | undefined {
  const m = POSTCODE.exec(input.replace(/\s/g, '').toUpperCase())
  return m === null ? undefined : m[1]
}
