// What ECR's part-size rule needs to know about an API upload: where its last part started and
// how big it was, and whether a part before it was under the minimum. A part is only "non-final"
// once another part follows it, so the rule can be judged no earlier than the next part, and ECR
// reports it when the upload completes (LayerPartTooSmallException is a CompleteLayerUpload error
// in service-2.json, not an UploadLayerPart one).
//
// The record lives with the upload session in metadata (LayerPartsRecord, migration 008), so the
// parts of one upload may arrive at different nodes. Chunks appended through /v2/ (no minimum
// there) are not parts and reset nothing.
import type { LayerPartsRecord, PartExtent } from '../metadata/metadata-store.js';

/** The record after a part was appended at `part.startByte`. */
export function recordLayerPart(known: LayerPartsRecord | undefined, part: PartExtent, minPartBytes: number): LayerPartsRecord {
  // A part recorded late (its reply still on the way when a later part was recorded) changes nothing.
  if (known && part.startByte <= known.lastPart.startByte) return known;
  const previous = known?.lastPart;
  let undersizedPart = known?.undersizedPart;
  // The previous part is now non-final, if this part really continues it (no /v2/ chunk between).
  if (!undersizedPart && previous && previous.startByte + previous.sizeBytes === part.startByte && previous.sizeBytes < minPartBytes) {
    undersizedPart = previous;
  }
  return { lastPart: part, ...(undersizedPart && { undersizedPart }) };
}
