/**
 * A plain, text-only PDF (PDF 1.4, Helvetica, A4) of a child-protection file, for a school not on Together to read
 * and print. Written by hand rather than with a library: the content is lines of text, and a dependency that
 * renders HTML would be far larger than this. Characters outside Latin-1 are replaced with "?", since the
 * standard fonts cannot show them; the JSON export keeps the exact text.
 */
const PAGE_LINES = 52
const WIDTH = 95

export function wrap(text: string, width = WIDTH): string[] {
  const out: string[] = []
  for (const paragraph of text.replace(/\r\n/g, '\n').split('\n')) {
    let line = ''
    for (const word of paragraph.split(/\s+/)) {
      if (word === '') continue
      if (line.length + word.length + 1 > width && line !== '') {
        out.push(line)
        line = ''
      }
      let w = word
      while (w.length > width) {
        out.push(w.slice(0, width))
        w = w.slice(width)
      }
      line = line === '' ? w : `${line} ${w}`
    }
    out.push(line)
  }
  return out
}

const latin1 = (s: string): string =>
  s
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/[^\x20-\x7e\xa0-\xff]/g, '?')
const escape = (s: string): string => latin1(s).replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)')

/** The PDF's bytes for these lines of text (already wrapped or not: long lines are wrapped here). */
export function textPdf(lines: readonly string[]): Uint8Array {
  const wrapped = lines.flatMap((l) => wrap(l))
  const pages: string[][] = []
  for (let i = 0; i < wrapped.length; i += PAGE_LINES) pages.push(wrapped.slice(i, i + PAGE_LINES))
  if (pages.length === 0) pages.push([''])
  const objects: string[] = []
  // 1: catalog, 2: pages, 3: font, then per page: page, content.
  const kids = pages.map((_, i) => `${4 + i * 2} 0 R`).join(' ')
  objects.push('<< /Type /Catalog /Pages 2 0 R >>')
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`)
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>')
  pages.forEach((page, i) => {
    const body = ['BT', '/F1 10 Tf', '14 TL', '50 800 Td', ...page.map((l) => `(${escape(l)}) '`), 'ET'].join('\n')
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
    )
    objects.push(`<< /Length ${Buffer.byteLength(body, 'latin1')} >>\nstream\n${body}\nendstream`)
  })
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'))
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = Buffer.byteLength(out, 'latin1')
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}
