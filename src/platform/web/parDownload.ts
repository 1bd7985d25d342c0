/**
 * A file sent for the browser to save rather than show (a CSV of figures, a PDF report, a workbook): its content
 * type follows from the name's ending, so a page cannot name a `.csv` and send it as something else.
 */
import type { FastifyReply } from 'fastify'

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

export type DownloadName = `${string}.${keyof typeof contentTypes}`

export const sendDownload = (reply: FastifyReply, filename: DownloadName, body: string | Buffer | Uint8Array) =>
  reply
    .header('content-type', contentTypes[filename.slice(filename.lastIndexOf('.') + 1) as keyof typeof contentTypes])
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(body)
