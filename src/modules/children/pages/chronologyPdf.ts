import PDFDocument from 'pdfkit'

export interface PdfChronology {
  readonly title: string
  readonly subtitle: string
  readonly generatedFor: string
  readonly generatedAt: string
  readonly entries: readonly { when: string; what: string; who: string; text: string; key: boolean }[]
}

/**
 * A chronology as a PDF for a conference pack: plain, printable, and marked OFFICIAL-SENSITIVE on every page
 * (the Government Security Classifications marking for personal data about children).
 */
export function renderChronologyPdf(c: PdfChronology): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: c.title, Author: 'Together' },
      bufferPages: true,
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.font('Helvetica-Bold').fontSize(18).text(c.title)
    doc.font('Helvetica').fontSize(11).text(c.subtitle).moveDown(0.5)
    doc
      .fontSize(9)
      .fillColor('#505a5f')
      .text(`Prepared for ${c.generatedFor} on ${c.generatedAt}. It shows only what they may see.`)
      .fillColor('black')
      .moveDown()
    for (const e of c.entries) {
      doc
        .font('Helvetica-Bold')
        .fontSize(10)
        .text(`${e.when}  ${e.key ? '[KEY] ' : ''}${e.what}`)
      doc.font('Helvetica').fontSize(9).fillColor('#505a5f').text(e.who).fillColor('black')
      doc.fontSize(10).text(e.text, { paragraphGap: 4 }).moveDown(0.5)
    }
    if (c.entries.length === 0) doc.fontSize(10).text('Nothing to show.')
    const range = doc.bufferedPageRange()
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i)
      // Write inside the bottom margin without pdfkit starting a new page for it.
      doc.page.margins.bottom = 0
      doc.fontSize(8).text(`OFFICIAL-SENSITIVE — page ${i + 1} of ${range.count}`, 50, doc.page.height - 40, {
        align: 'center',
        lineBreak: false,
      })
    }
    doc.end()
  })
}
