export interface ZipEntry {
  read(): Buffer;
}
export declare function readZip(zip: Buffer): Map<string, ZipEntry>;
