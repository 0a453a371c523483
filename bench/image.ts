// A small but real OCI image (gzip'd tar layer with one file, image config whose diff_ids match,
// OCI manifest) for the manifest-GET and blob-HEAD workloads. Built in memory: a few hundred bytes.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** What a client such as containerd sends: both OCI and Docker manifest and index types. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

export interface SmallBlob {
  mediaType: string;
  digest: string;
  bytes: Buffer;
}

export interface SmallImage {
  config: SmallBlob;
  layer: SmallBlob;
  manifest: SmallBlob;
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** One regular file in a POSIX ustar archive (header, padded content, two zero end blocks). */
function tarWithOneFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value, offset, length, 'ascii');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  field(0, 100, name);
  field(100, 8, octal(0o644, 8));
  field(108, 8, octal(0, 8));
  field(116, 8, octal(0, 8));
  field(124, 12, octal(content.length, 12));
  field(136, 12, octal(0, 12)); // mtime 0: the layer is byte-for-byte reproducible
  field(148, 8, '        '); // checksum is computed with its own field as spaces
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

export function buildSmallImage(): SmallImage {
  const tar = tarWithOneFile('hello.txt', Buffer.from('hello from the berth benchmark\n'));
  const layerBytes = gzipSync(tar, { level: 9 });
  const configBytes = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
    }),
  );
  const config = { mediaType: OCI_CONFIG, digest: sha256(configBytes), bytes: configBytes };
  const layer = { mediaType: OCI_LAYER_GZIP, digest: sha256(layerBytes), bytes: layerBytes };
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: config.mediaType, digest: config.digest, size: config.bytes.length },
      layers: [{ mediaType: layer.mediaType, digest: layer.digest, size: layer.bytes.length }],
    }),
  );
  return { config, layer, manifest: { mediaType: OCI_MANIFEST, digest: sha256(manifestBytes), bytes: manifestBytes } };
}
