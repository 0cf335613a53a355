// Chromium writes only a Title and the current time. pdf-lib stamps the rest, with fixed dates, so
// the same inputs give the same bytes. Loading and saving in place keeps /StructTreeRoot, /MarkInfo
// and /Lang (Tagged: yes); copying pages into a new document would drop them. Pure (bytes in, bytes out).
import { ParseSpeeds, PDFDocument } from 'pdf-lib';
import type { PacketMetadata } from './build-packets.ts';

export async function stampMetadata(bytes: Uint8Array, metadata: PacketMetadata & { producer: string }): Promise<Uint8Array> {
  // updateMetadata: false, or pdf-lib writes its own Producer and the current ModDate.
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const date = new Date(metadata.epoch * 1000);
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  doc.setAuthor(metadata.author);
  doc.setSubject(metadata.subject);
  doc.setKeywords(metadata.keywords);
  doc.setCreator(metadata.creator);
  doc.setProducer(metadata.producer);
  doc.setLanguage(metadata.language);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  // objectsPerTick: Infinity saves in one go instead of yielding to the event loop every 50 objects.
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}
