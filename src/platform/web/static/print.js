/* global document, window */
/**
 * A "Print this chronology" button: only with JavaScript (without it the button is never shown, and the browser's
 * own Print does the same). No inline handlers: the Content Security Policy allows none.
 */
for (const button of document.querySelectorAll('[data-app-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
