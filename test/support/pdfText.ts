import { inflateSync } from 'node:zlib'

/**
 * The text a PDF from pdfkit shows, one line per text-showing operator: each content stream is inflated and the
 * hex strings of its TJ/Tj operators decoded (pdfkit writes the standard fonts' text as WinAnsi hex). Enough to
 * check what a reader sees, without a PDF library.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1')
  const lines: string[] = []
  const streamRe = /stream\r?\n/g
  let m: RegExpExecArray | null
  while ((m = streamRe.exec(source)) !== null) {
    const start = m.index + m[0].length
    const end = source.indexOf('endstream', start)
    if (end < 0) break
    let content: string
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1')
    } catch {
      continue
    }
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hex =
        op[1] === undefined ? (op[2] ?? '') : [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('')
      lines.push(Buffer.from(hex, 'hex').toString('latin1'))
    }
    streamRe.lastIndex = end
  }
  return lines.join('\n')
}
