import assert from 'node:assert/strict'
import { test } from 'node:test'
import { afterProvider, assertsMultiFactor, emailDomain, issuerProblem, parseEmailDomains } from './singleSignOn.js'

test('an email domain is read in lower case from after the last @', () => {
  assert.equal(emailDomain('Jo.Bloggs@Northshire.GOV.uk'), 'northshire.gov.uk')
  assert.equal(emailDomain('no-at-sign'), '')
})

test('allowed domains are read one per line or comma-separated; a bad one is named', () => {
  assert.deepEqual(parseEmailDomains('nhs.net\n@Northshire.gov.uk, nhs.net'), {
    ok: true,
    domains: ['nhs.net', 'northshire.gov.uk'],
  })
  assert.deepEqual(parseEmailDomains('nhs.net, not a domain!'), { ok: false, bad: 'not' })
  assert.deepEqual(parseEmailDomains('exa_mple.com'), { ok: false, bad: 'exa_mple.com' })
})

test('an issuer is https, or http on loopback only', () => {
  assert.equal(issuerProblem('https://login.microsoftonline.com/abc/v2.0'), undefined)
  assert.equal(issuerProblem('http://127.0.0.1:4000'), undefined)
  assert.match(issuerProblem('http://idp.example.com') ?? '', /https/)
  assert.match(issuerProblem('not a url') ?? '', /web address/)
  assert.match(issuerProblem('https://idp.example.com/?tenant=1') ?? '', /\?/)
})

test('amr naming a second factor, or a configured acr, is a multi-factor assertion; pwd alone is not', () => {
  assert.equal(assertsMultiFactor({ amr: ['pwd', 'mfa'] }, []), true)
  assert.equal(assertsMultiFactor({ amr: ['pwd', 'OTP'] }, []), true)
  assert.equal(assertsMultiFactor({ amr: ['hwk'] }, []), true)
  assert.equal(assertsMultiFactor({ amr: ['pwd'] }, []), false)
  assert.equal(assertsMultiFactor({ amr: 'mfa' }, []), false)
  assert.equal(assertsMultiFactor({}, []), false)
  assert.equal(assertsMultiFactor({ acr: 'AAL3_ANY' }, ['AAL3_ANY']), true)
  assert.equal(assertsMultiFactor({ acr: 'AAL1_USERPASS' }, ['AAL3_ANY']), false)
})

test('after the provider: its MFA stands in when trusted; otherwise Together’s code, or refusal without one', () => {
  const base = {
    roleNeedsSecondFactor: true,
    trustProviderMfa: true,
    providerAssertedMfa: true,
    hasAuthenticator: false,
  }
  assert.equal(afterProvider(base).next, 'signed_in')
  assert.equal(afterProvider({ ...base, providerAssertedMfa: false, hasAuthenticator: true }).next, 'second_factor')
  assert.equal(afterProvider({ ...base, providerAssertedMfa: false }).next, 'refused')
  assert.equal(afterProvider({ ...base, trustProviderMfa: false, hasAuthenticator: true }).next, 'second_factor')
  assert.equal(afterProvider({ ...base, trustProviderMfa: false }).next, 'refused')
  assert.equal(afterProvider({ ...base, roleNeedsSecondFactor: false, providerAssertedMfa: false }).next, 'signed_in')
})
