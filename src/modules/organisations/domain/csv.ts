/**
 * Comma-separated values as RFC 4180 writes them: fields may be quoted, a quote inside a quoted field is doubled,
 * and a quoted field may hold commas and line breaks. Spreadsheet programs save files this way.
 */
export type CsvParse =
  | { readonly ok: true; readonly rows: readonly (readonly string[])[] }
  | { readonly ok: false; readonly line: number; readonly message: string }

export function parseCsv(text: string): CsvParse {
  // A byte-order mark is what Excel puts at the start of "CSV UTF-8"; it is not part of the first heading.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let fieldStarted = false
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else {
        if (c === '\n') line++
        field += c
      }
      continue
    }
    if (c === '"') {
      if (fieldStarted && field !== '')
        return { ok: false, line, message: 'A quotation mark is in the middle of a value' }
      quoted = true
      fieldStarted = true
    } else if (c === ',') {
      row.push(field)
      field = ''
      fieldStarted = false
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      fieldStarted = false
      line++
    } else {
      field += c
      fieldStarted = true
    }
  }
  if (quoted) return { ok: false, line, message: 'A quoted value is not closed' }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  // Blank lines (often at the end of a file) are not rows.
  return { ok: true, rows: rows.filter((r) => !(r.length === 1 && r[0]?.trim() === '')) }
}

/**
 * One CSV field. A value a spreadsheet would treat as a formula (starting =, +, -, @, tab or carriage return) is
 * prefixed with an apostrophe so that opening the file never runs anything (OWASP "CSV injection").
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export const csvLine = (values: readonly (string | number | null | undefined)[]): string =>
  values.map(csvField).join(',')
