const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch)

/**
 * Text a person typed, escaped, with its line breaks as <br> and no newline characters left: GOV.UK macros indent
 * every line of the HTML they wrap, so kept newlines (white-space: pre-wrap) would show that indentation.
 */
export function withLineBreaks(text: unknown): string {
  if (typeof text !== 'string') return ''
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => escapeHtml(line.trimEnd()))
    .join('<br>')
}
