import { storedDateInWords } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { labelOf } from '../../../platform/shared/wordList.js'
import type { ChronologyEntry } from '../queries/childChronology.js'
import { chronologyTypeLabels } from './chronologyLabels.js'

export interface PdfChronologyEntry {
  readonly when: string
  /** The year the entry falls in, for the contents ("2026"). */
  readonly year: string
  readonly what: string
  /** Where the entry comes from: the organisation, and the person if known. */
  readonly source: string
  readonly text: string
  readonly key: boolean
}

export interface PdfChronology {
  readonly childName: string
  /** "Born 3 February 2017. NHS number 943 476 5919". */
  readonly childDetails: string
  /** Every organisation whose entries are in the pack, for the cover. */
  readonly agencies: readonly string[]
  readonly generatedFor: string
  readonly generatedAt: string
  readonly entries: readonly PdfChronologyEntry[]
  /** What the pack is for, above the child's name; a conference unless said. */
  readonly purpose?: string
  /** A paragraph on the cover after "Prepared for …" (what was withheld from a subject access export, say). */
  readonly note?: string
}

// A chronology is dated in England's time, whichever server makes it.
const dateAndTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'medium',
  timeStyle: 'short',
})
const dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium' })
const yearOnly = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' })

/** The child as a chronology's cover describes them. */
export interface PdfChild {
  readonly dateOfBirth: string | null
  readonly expectedDateOfDelivery: string | null
  readonly nhsNumber: string | null
  readonly upn: string | null
}

/**
 * The cover's lines about the child and about who the pack was made for, when. The subject access export has
 * never shown the child's UPN: `withUpn` is false there.
 */
export function chronologyPdfCover(actor: Actor, child: PdfChild, now: Date, { withUpn }: { withUpn: boolean }) {
  return {
    childDetails: [
      child.dateOfBirth === null
        ? `Unborn, due ${child.expectedDateOfDelivery === null ? 'date not known' : storedDateInWords(child.expectedDateOfDelivery)}`
        : `Born ${storedDateInWords(child.dateOfBirth)}`,
      child.nhsNumber === null ? '' : `NHS number ${child.nhsNumber}`,
      !withUpn || child.upn === null ? '' : `UPN ${child.upn}`,
    ]
      .filter((x) => x !== '')
      .join('. '),
    generatedFor: `${actor.displayName}, ${actor.organisationName}`,
    generatedAt: dateAndTime.format(now),
  }
}

/** One entry of the chronology as the PDF lays it out: its date, what it is, where it comes from and its text. */
export const pdfChronologyEntry = (
  e: Pick<ChronologyEntry, 'at' | 'dateOnly' | 'type' | 'reference' | 'organisation' | 'author' | 'summary' | 'key'>,
): PdfChronologyEntry => ({
  when: (e.dateOnly ? dateOnly : dateAndTime).format(e.at),
  year: yearOnly.format(e.at),
  what: `${labelOf(chronologyTypeLabels, e.type)} ${e.reference}`,
  source: [e.organisation, e.author].filter((x) => x !== '').join(', '),
  text: e.summary,
  key: e.key,
})

const MARKING = 'OFFICIAL-SENSITIVE'
const GREY = '#505a5f'
const MARGIN = 50

/**
 * A chronology laid out for a child protection conference pack: a cover with the child, the agencies whose
 * entries it holds and a contents list by year with page numbers; then every entry with its date, what it is
 * and its source; "page N of M" and OFFICIAL-SENSITIVE (the Government Security Classifications marking for
 * personal data about children) on every page.
 */
export async function renderChronologyPdf(c: PdfChronology): Promise<Buffer> {
  // pdfkit (and its fonts) is loaded on the first PDF, not at start: held by every process, it is about 25 MB of
  // resident memory that most never use.
  const { default: PDFDocument } = await import('pdfkit')
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      info: { Title: `Chronology: ${c.childName}`, Author: 'Together' },
      bufferPages: true,
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)

    // Cover. The contents are written onto it once the entries are laid out and their pages known.
    doc
      .font('Helvetica')
      .fontSize(12)
      .fillColor(GREY)
      .text(c.purpose ?? 'Chronology for a child protection conference')
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(24).fillColor('black').text(c.childName)
    doc.font('Helvetica').fontSize(12).text(c.childDetails).moveDown()
    doc.font('Helvetica-Bold').fontSize(14).text('Agencies whose records are included').moveDown(0.3)
    doc.font('Helvetica').fontSize(11)
    if (c.agencies.length === 0) doc.text('None.')
    for (const agency of c.agencies) doc.text(`•  ${agency}`)
    doc.moveDown()
    doc
      .fontSize(10)
      .fillColor(GREY)
      .text(
        `Prepared for ${c.generatedFor} on ${c.generatedAt}. It holds only what they may see, in the order things happened.`,
      )
      .fillColor('black')
      .moveDown()
    if (c.note !== undefined) doc.fontSize(11).text(c.note).moveDown()
    doc.font('Helvetica-Bold').fontSize(14).text('Contents').moveDown(0.3)
    const contentsTop = doc.y

    // Entries, from page 2.
    const years: { year: string; page: number }[] = []
    doc.addPage()
    if (c.entries.length === 0) doc.font('Helvetica').fontSize(11).text('There are no entries to show.')
    for (const e of c.entries) {
      if (years.at(-1)?.year !== e.year) {
        if (years.length > 0) doc.moveDown()
        years.push({ year: e.year, page: doc.bufferedPageRange().count })
        doc.font('Helvetica-Bold').fontSize(16).text(e.year).moveDown(0.3)
      }
      doc
        .font('Helvetica-Bold')
        .fontSize(11)
        .text(`${e.when}: ${e.what}${e.key ? ' (key event)' : ''}`)
      doc.font('Helvetica').fontSize(9).fillColor(GREY).text(`Source: ${e.source}`).fillColor('black')
      doc.fontSize(10).text(e.text.trim(), { paragraphGap: 4 }).moveDown(0.6)
    }

    const range = doc.bufferedPageRange()
    doc.switchToPage(range.start)
    doc.font('Helvetica').fontSize(11)
    let y = contentsTop
    if (years.length === 0) doc.text('Entries: page 2', MARGIN, y)
    for (const { year, page } of years) {
      doc.text(year, MARGIN, y, { continued: false })
      doc.text(`page ${page}`, MARGIN, y, { align: 'right' })
      y = doc.y + 2
    }
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i)
      // Write inside the margins without pdfkit starting a new page for it.
      doc.page.margins.top = 0
      doc.page.margins.bottom = 0
      doc
        .font('Helvetica')
        .fontSize(8)
        .fillColor(GREY)
        .text(MARKING, MARGIN, 25, { align: 'center', lineBreak: false })
        .text(`${c.childName}: chronology, page ${i + 1} of ${range.count}. ${MARKING}`, MARGIN, doc.page.height - 35, {
          align: 'center',
          lineBreak: false,
        })
        .fillColor('black')
    }
    doc.end()
  })
}
