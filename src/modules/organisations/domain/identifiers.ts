/**
 * The public identifiers organisations already have, so that an imported area matches the registers others use.
 *
 * - URN: the Department for Education's unique reference number for a school, college or early years setting
 *   (Get Information about Schools): six digits. Ofsted registers childminders and nurseries as "EY" and six digits.
 * - ODS code: the NHS Organisation Data Service code. A GP practice is a letter and five digits (A81001); an NHS
 *   trust three characters starting R or T (RX1); an integrated care board three starting Q (QHM).
 * - LA code: the DfE three-digit local authority number that the CIN census header carries as LEA (e.g. 201).
 */
export const isUrn = (value: string): boolean => /^\d{6}$/.test(value) && value !== '000000'
export const isEarlyYearsReference = (value: string): boolean => isUrn(value) || /^EY\d{6}$/.test(value)
export const isLaCode = (value: string): boolean => /^\d{3}$/.test(value) && Number(value) >= 100

export type OdsKind = 'gp_practice' | 'nhs_trust' | 'icb'
const odsPatterns: Readonly<Record<OdsKind, RegExp>> = {
  gp_practice: /^[A-Z]\d{5}$/,
  nhs_trust: /^[RT][A-Z0-9]{2}$/,
  icb: /^Q[A-Z0-9]{2}$/,
}
export const odsExample: Readonly<Record<OdsKind, string>> = {
  gp_practice: 'a letter and 5 numbers, like A81001',
  nhs_trust: '3 characters starting with R or T, like RX1',
  icb: '3 characters starting with Q, like QHM',
}
export const isOdsCode = (kind: OdsKind, value: string): boolean => odsPatterns[kind].test(value)

/** A plain email address check: one @, something either side, a dot in the domain, no spaces. */
export const isEmail = (value: string): boolean => /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/.test(value) && value.length <= 320

/** UK telephone numbers as people write them: digits, spaces, brackets, an optional leading +44. */
export const isPhone = (value: string): boolean => /^(\+44\s?|0)[\d\s()-]{9,14}$/.test(value)
