import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  formatNhsNumber,
  isTemporaryUpn,
  isValidNhsNumber,
  isValidPostcode,
  isValidUpn,
  nhsCheckDigit,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseUpn,
  postcodeDistrict,
  UPN_CHECK_ALPHABET,
  upnCheckLetter,
} from './identifiers.js'

/**
 * Test helper, written independently of upnCheckLetter: prefix twelve characters with their check letter.
 * Weights are the 1-based positions 2..13; a final letter counts as its index in the I/O/S-free alphabet.
 */
function withCheckLetter(twelve: string): string {
  assert.equal(twelve.length, 12)
  const alphabet = 'ABCDEFGHJKLMNPQRTUVWXYZ'
  let sum = 0
  ;[...twelve].forEach((ch, i) => {
    const value = /[0-9]/.test(ch) ? Number(ch) : alphabet.indexOf(ch)
    assert.ok(value >= 0, `no value for ${ch}`)
    sum += value * (i + 2)
  })
  return `${alphabet[sum % 23]}${twelve}`
}

/** Independent NHS number builder: nine digits + check digit, or undefined when the check would be 10. */
function nhsWithCheckDigit(nine: string): string | undefined {
  const sum = [...nine].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0)
  const c = 11 - (sum % 11)
  if (c === 10) return undefined
  return `${nine}${c === 11 ? 0 : c}`
}

describe('NHS numbers', () => {
  const cases: readonly [input: string, valid: boolean, why: string][] = [
    ['9434765919', true, 'the NHS Data Dictionary example'],
    ['943 476 5919', true, 'display format with spaces'],
    ['943-476-5919', true, 'hyphens'],
    [' 943 476 5919 ', true, 'surrounding spaces'],
    ['9434765918', false, 'last digit wrong'],
    ['9434765929', false, 'a digit changed'],
    ['943476591', false, 'nine digits'],
    ['94347659190', false, 'eleven digits'],
    ['', false, 'empty'],
    ['943476591X', false, 'a letter'],
    ['９４３４７６５９１９', false, 'full-width digits are not digits here'],
    ['943.476.5919', false, 'dots are not accepted separators'],
    ['4010232137', true, 'check digit 7'],
    ['4010232130', false, 'wrong check digit'],
    ['1000000010', false, 'sum 12 → c = 10: no valid number starts 100000001'],
    ['1000000011', false, 'the same nine digits with another last digit'],
  ]
  for (const [input, valid, why] of cases) {
    it(`${JSON.stringify(input)} is ${valid ? 'valid' : 'invalid'} (${why})`, () => {
      assert.equal(isValidNhsNumber(input), valid)
    })
  }

  it('treats a check value of 11 as 0', () => {
    // 000000000: sum 0 → c = 11 → 0.
    assert.equal(nhsCheckDigit('000000000'), 0)
    const n = nhsWithCheckDigit('123456788')
    assert.ok(n !== undefined)
    assert.equal(isValidNhsNumber(n), true)
  })

  it('rejects every number whose nine digits give a check value of 10', () => {
    // 1 2 3 4 5 6 7 8 9 → 10+18+24+28+30+30+28+24+18 = 210; 210 mod 11 = 1; c = 10.
    assert.equal(nhsCheckDigit('123456789'), undefined)
    for (let d = 0; d <= 9; d++) assert.equal(isValidNhsNumber(`123456789${d}`), false)
  })

  it('normalises and formats', () => {
    assert.equal(normaliseNhsNumber(' 943 476-5919 '), '9434765919')
    assert.equal(formatNhsNumber('9434765919'), '943 476 5919')
    assert.equal(formatNhsNumber('943-476-5919'), '943 476 5919')
    assert.equal(formatNhsNumber(' 12345 '), '12345')
  })

  const nineDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }).map((ds) => ds.join(''))
  const validNhs = nineDigits.map(nhsWithCheckDigit).filter((n): n is string => n !== undefined)

  it('property: every number built with the check digit is valid, and formats and normalises back', () => {
    fc.assert(
      fc.property(validNhs, (n) => {
        assert.equal(isValidNhsNumber(n), true)
        assert.equal(normaliseNhsNumber(formatNhsNumber(n)), n)
        assert.equal(isValidNhsNumber(formatNhsNumber(n)), true)
      }),
    )
  })

  it('property: any valid NHS number with one digit changed is invalid', () => {
    fc.assert(
      fc.property(validNhs, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (n, position, delta) => {
        const changed = (Number(n[position]) + delta) % 10
        const mutated = `${n.slice(0, position)}${changed}${n.slice(position + 1)}`
        assert.notEqual(mutated, n)
        assert.equal(isValidNhsNumber(mutated), false)
      }),
    )
  })
})

describe('UPNs', () => {
  it('the check alphabet has 23 letters and no I, O or S', () => {
    assert.equal(UPN_CHECK_ALPHABET.length, 23)
    assert.doesNotMatch(UPN_CHECK_ALPHABET, /[IOS]/)
  })

  it('agrees with an independently published example (python-stdnum: B801200005001)', () => {
    assert.equal(isValidUpn('B801200005001'), true)
    assert.equal(isValidUpn('A801200005001'), false)
    assert.equal(withCheckLetter('801200005001'), 'B801200005001')
  })

  const permanent = withCheckLetter('938123424001')
  const temporary = withCheckLetter('93812342400A')
  const temporaryZ = withCheckLetter('80120000501Z')

  const cases: readonly [input: string, valid: boolean, temporary: boolean, why: string][] = [
    [permanent, true, false, 'permanent'],
    [permanent.toLowerCase(), true, false, 'lower case is accepted'],
    [` ${permanent} `, true, false, 'surrounding spaces'],
    [`${permanent.slice(0, 4)} ${permanent.slice(4, 8)} ${permanent.slice(8)}`, true, false, 'spaced groups'],
    [temporary, true, true, 'temporary, final letter A (index 0)'],
    [temporaryZ, true, true, 'temporary, final letter Z (index 22)'],
    [`${permanent.slice(0, 12)}${(Number(permanent[12]) + 1) % 10}`, false, false, 'last digit changed'],
    [
      `${UPN_CHECK_ALPHABET[(UPN_CHECK_ALPHABET.indexOf(permanent[0] ?? 'A') + 1) % 23]}${permanent.slice(1)}`,
      false,
      false,
      'wrong check letter',
    ],
    ['I938123424001', false, false, 'I is never a check letter'],
    ['938123424001A', false, false, 'digits first'],
    ['A93812342400', false, false, 'twelve characters'],
    ['A9381234240011', false, false, 'fourteen characters'],
    ['A93812342A001', false, false, 'a letter in the middle'],
    ['UN1', false, false, 'an unknown-UPN code is not a UPN'],
    ['', false, false, 'empty'],
  ]
  for (const [input, valid, temp, why] of cases) {
    it(`${JSON.stringify(input)} is ${valid ? 'valid' : 'invalid'} (${why})`, () => {
      assert.equal(isValidUpn(input), valid)
      assert.equal(isTemporaryUpn(input), temp)
    })
  }

  for (const banned of ['I', 'O', 'S']) {
    it(`a temporary UPN never ends in ${banned}`, () => {
      assert.equal(upnCheckLetter(`93812342400${banned}`), undefined)
      for (const check of UPN_CHECK_ALPHABET) assert.equal(isValidUpn(`${check}93812342400${banned}`), false)
    })
  }

  it('normalises by trimming, removing spaces and upper-casing', () => {
    assert.equal(normaliseUpn(' a938 1234 24001 '), 'A938123424001')
  })

  const twelveDigits = fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 })
    .map((ds) => ds.join(''))
  const elevenAndLetter = fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 11 }),
      fc.constantFrom(...UPN_CHECK_ALPHABET),
    )
    .map(([ds, letter]) => `${ds.join('')}${letter}`)

  it('property: upnCheckLetter agrees with the independent helper, and exactly one check letter is valid', () => {
    fc.assert(
      fc.property(fc.oneof(twelveDigits, elevenAndLetter), (twelve) => {
        const upn = withCheckLetter(twelve)
        assert.equal(upnCheckLetter(twelve), upn[0])
        assert.equal(isValidUpn(upn), true)
        assert.equal(isTemporaryUpn(upn), /[A-Z]$/.test(twelve))
        const others = [...UPN_CHECK_ALPHABET].filter((l) => l !== upn[0] && isValidUpn(`${l}${twelve}`))
        assert.deepEqual(others, [])
      }),
    )
  })

  it('property: changing one digit of a permanent UPN makes it invalid', () => {
    fc.assert(
      fc.property(
        twelveDigits,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (twelve, position, delta) => {
          const upn = withCheckLetter(twelve)
          const changed = (Number(upn[position]) + delta) % 10
          assert.equal(isValidUpn(`${upn.slice(0, position)}${changed}${upn.slice(position + 1)}`), false)
        },
      ),
    )
  })
})

describe('postcodes', () => {
  const table: [typed: string, normalised: string, district: string | undefined][] = [
    ['SW1A 1AA', 'SW1A 1AA', 'SW1A'],
    [' sw1a1aa ', 'SW1A 1AA', 'SW1A'],
    ['M1 1AE', 'M1 1AE', 'M1'],
    ['b338th', 'B33 8TH', 'B33'],
    ['CR2 6XH', 'CR2 6XH', 'CR2'],
    ['DN55 1PT', 'DN55 1PT', 'DN55'],
    ['W1A 0AX', 'W1A 0AX', 'W1A'],
    ['NOT A POSTCODE', 'NOTAPOSTCODE', undefined],
    ['SW1A', 'SW1A', undefined],
    ['', '', undefined],
  ]
  for (const [typed, normalised, district] of table) {
    it(`"${typed}" → "${normalised}", district ${district ?? 'none'}`, () => {
      assert.equal(normalisePostcode(typed), normalised)
      assert.equal(postcodeDistrict(typed), district)
      assert.equal(isValidPostcode(typed), district !== undefined)
    })
  }
})
