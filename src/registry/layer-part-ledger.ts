// What ECR's part-size rule needs to know about an API upload: where its last part started and
// how big it was, and whether a part before it was under the minimum. A part is only "non-final"
// once another part follows it, so the rule can be judged no earlier than the next part, and ECR
// reports it when the upload completes (LayerPartTooSmallException is a CompleteLayerUpload error
// in service-2.json, not an UploadLayerPart one).
//
// Kept in memory, per process: after a restart, or for parts another node received, the parts seen
// before are unknown and the rule is not applied to them, rather than refusing uploads that may be
// fine. Chunks appended through /v2/ (no minimum there) are not parts and reset nothing.

export interface PartExtent {
  startByte: number;
  sizeBytes: number;
}

interface UploadParts {
  lastPart: PartExtent;
  /** The first part under the minimum that another part followed. */
  undersizedPart?: PartExtent;
}

export class LayerPartLedger {
  private readonly uploads = new Map<string, UploadParts>();

  constructor(
    private readonly minPartBytes: number,
    /** Abandoned uploads are never completed: beyond this many, the oldest are forgotten. */
    private readonly maxTrackedUploads = 10_000,
  ) {}

  /** Records a part just appended at `startByte`. */
  record(uploadId: string, part: PartExtent): void {
    const known = this.uploads.get(uploadId);
    let undersizedPart = known?.undersizedPart;
    // The previous part is now non-final, if this part really continues it (no /v2/ chunk between).
    const previous = known?.lastPart;
    if (!undersizedPart && previous && previous.startByte + previous.sizeBytes === part.startByte && previous.sizeBytes < this.minPartBytes) {
      undersizedPart = previous;
    }
    this.uploads.delete(uploadId);
    this.uploads.set(uploadId, { lastPart: part, ...(undersizedPart && { undersizedPart }) });
    if (this.uploads.size > this.maxTrackedUploads) {
      const oldest = this.uploads.keys().next().value;
      if (oldest !== undefined) this.uploads.delete(oldest);
    }
  }

  /** A part other than the last that was smaller than the minimum, if any. */
  undersizedPart(uploadId: string): PartExtent | undefined {
    return this.uploads.get(uploadId)?.undersizedPart;
  }

  forget(uploadId: string): void {
    this.uploads.delete(uploadId);
  }
}
