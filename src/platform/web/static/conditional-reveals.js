/* global document, MutationObserver */
/**
 * GOV.UK conditional reveals on radios: govuk-frontend's script sets aria-expanded on each radio input, which ARIA
 * does not allow on a radio (axe: aria-allowed-attr, critical). The revealed questions sit straight after their
 * option and are named by aria-controls, so the attribute is taken off whenever the script sets it.
 */
const radios = () => document.querySelectorAll('.govuk-radios__input[aria-expanded]')
const strip = () => radios().forEach((input) => input.removeAttribute('aria-expanded'))
strip()
new MutationObserver(strip).observe(document.body, {
  subtree: true,
  attributes: true,
  attributeFilter: ['aria-expanded'],
})
