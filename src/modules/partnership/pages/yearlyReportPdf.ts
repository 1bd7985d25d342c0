import { reportSections } from '../domain/yearlyReport.js'
import type { MeasureView } from './dataSetView.js'

export interface PdfYearlyReport {
  readonly title: string
  readonly status: string
  readonly sections: Readonly<Record<string, string>>
  readonly measures: readonly MeasureView[]
  readonly actions: readonly { reference: string; description: string; owner: string; dueOn: string; status: string }[]
  readonly signOffs: readonly { partner: string; name: string }[]
}

/**
 * The yearly report as a PDF for the Panel and the public: the partners' words for each section, each data-set
 * measure as a small chart drawn from the same suppressed figures as the web page (gaps where a figure is hidden)
 * with its figures in words, and the actions' status. No child is named anywhere in it.
 */
export async function renderYearlyReportPdf(r: PdfYearlyReport): Promise<Buffer> {
  // pdfkit (and its fonts) is loaded on the first PDF, not at start: held by every process, it is about 25 MB of
  // resident memory that most never use.
  const { default: PDFDocument } = await import('pdfkit')
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: r.title, Author: 'Together' },
      bufferPages: true,
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.font('Helvetica-Bold').fontSize(20).text(r.title)
    doc.font('Helvetica').fontSize(11).fillColor('#505a5f').text(r.status).fillColor('black').moveDown()
    for (const s of reportSections) {
      doc.font('Helvetica-Bold').fontSize(14).text(s.heading).moveDown(0.3)
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(r.sections[s.id] ?? '', { paragraphGap: 4 })
        .moveDown(0.6)
      if (s.id === 'reviews_and_learning') {
        doc.font('Helvetica-Bold').fontSize(11).text('Actions from reviews and their status').moveDown(0.2)
        if (r.actions.length === 0) doc.font('Helvetica').fontSize(10).text('No actions recorded.')
        for (const a of r.actions)
          doc
            .font('Helvetica')
            .fontSize(9)
            .text(`${a.reference}: ${a.description} — ${a.owner}, due ${a.dueOn}: ${a.status}`, { paragraphGap: 2 })
        doc.moveDown(0.6)
      }
      if (s.id === 'impact') {
        for (const m of r.measures) measureBlock(doc, m)
      }
    }
    if (r.signOffs.length > 0) {
      doc.font('Helvetica-Bold').fontSize(12).text('Signed off by the lead safeguarding partners').moveDown(0.2)
      for (const s of r.signOffs) doc.font('Helvetica').fontSize(10).text(`${s.partner}: ${s.name}`)
    }
    const range = doc.bufferedPageRange()
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i)
      doc.page.margins.bottom = 0
      doc
        .fontSize(8)
        .text(`Page ${i + 1} of ${range.count}`, 50, doc.page.height - 40, { align: 'center', lineBreak: false })
    }
    doc.end()
  })
}

function measureBlock(doc: PDFKit.PDFDocument, m: MeasureView): void {
  const chartHeight = 90
  if (doc.y + chartHeight + 60 > doc.page.height - doc.page.margins.bottom) doc.addPage()
  doc.font('Helvetica-Bold').fontSize(11).text(m.name)
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(
      `${m.yearLabel}: ${m.headline.thisYear}. ${m.lastYearLabel}: ${m.headline.lastYear}. ${m.headline.comparison}.`,
    )
  const left = 60
  const top = doc.y + 6
  const width = 420
  const values = m.data.months.map((x) => x.thisYear)
  const last = m.data.months.map((x) => x.lastYear)
  const max = m.isRate ? 100 : Math.max(5, ...[...values, ...last].map((v) => v ?? 0))
  const xOf = (i: number) => left + (i + 0.5) * (width / 12)
  const yOf = (v: number) => top + chartHeight - (v / max) * chartHeight
  doc.save().strokeColor('#b1b4b6').lineWidth(0.5)
  doc
    .moveTo(left, top + chartHeight)
    .lineTo(left + width, top + chartHeight)
    .stroke()
  doc.restore()
  const drawSeries = (series: readonly (number | null)[], colour: string, dashed: boolean) => {
    doc.save().strokeColor(colour).lineWidth(1.5)
    if (dashed) doc.dash(4, { space: 3 })
    let drawing = false
    series.forEach((v, i) => {
      if (v === null) {
        drawing = false
        return
      }
      if (!drawing) doc.moveTo(xOf(i), yOf(v))
      else doc.lineTo(xOf(i), yOf(v))
      drawing = true
    })
    doc.stroke()
    doc.undash().restore()
  }
  drawSeries(last, '#505a5f', true)
  drawSeries(values, '#1d70b8', false)
  doc.fontSize(7).fillColor('#0b0c0c')
  m.months.forEach((x, i) =>
    doc.text(x.label.slice(0, 3), xOf(i) - 10, top + chartHeight + 3, { width: 20, align: 'center', lineBreak: false }),
  )
  doc.text(m.isRate ? `0–100%` : `0–${max}`, left - 40, top, { width: 36, align: 'right', lineBreak: false })
  doc.x = 50
  doc.y = top + chartHeight + 16
  doc
    .fontSize(8)
    .fillColor('#505a5f')
    .text(`Solid: ${m.yearLabel}. Dashed: ${m.lastYearLabel}. Gaps: figures under 5 are not shown.`)
    .fillColor('black')
  doc.moveDown(0.8)
}
