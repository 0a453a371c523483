// Manifest and descriptor media types Berth understands (OCI image spec media-types.md,
// Docker image manifest v2 schema 2).

export const mediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  ociNondistributableLayers: [
    'application/vnd.oci.image.layer.nondistributable.v1.tar',
    'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
    'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  ],
} as const;

export type ImageManifestMediaType = typeof mediaTypes.ociManifest | typeof mediaTypes.dockerManifest;
export type IndexMediaType = typeof mediaTypes.ociIndex | typeof mediaTypes.dockerManifestList;
export type ManifestMediaType = ImageManifestMediaType | IndexMediaType;

export const manifestMediaTypes: readonly ManifestMediaType[] = [
  mediaTypes.ociManifest,
  mediaTypes.ociIndex,
  mediaTypes.dockerManifest,
  mediaTypes.dockerManifestList,
];

export function isManifestMediaType(value: string): value is ManifestMediaType {
  return (manifestMediaTypes as readonly string[]).includes(value);
}

export function isIndexMediaType(value: string): value is IndexMediaType {
  return value === mediaTypes.ociIndex || value === mediaTypes.dockerManifestList;
}

/** The `{}` blob the OCI spec names for artifacts without config (manifest.md "Guidance for an Empty Descriptor"). */
export const emptyJsonBlob = {
  bytes: Buffer.from('{}'),
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  sizeBytes: 2,
} as const;

/** Strips parameters (`; charset=…`) and case from a Content-Type or Accept entry. */
export function bareMediaType(value: string): string {
  return value.split(';')[0].trim().toLowerCase();
}
