// S3's naming rules for general purpose buckets. Only names that pass are ever put into a URL,
// so a name can never change the host or path that is contacted.
const SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-']
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']

export function isBucketName (text: string): boolean {
  return SHAPE.test(text) &&
    !text.includes('..') &&
    !IP_ADDRESS.test(text) &&
    !RESERVED_PREFIXES.some((prefix) => text.startsWith(prefix)) &&
    !RESERVED_SUFFIXES.some((suffix) => text.endsWith(suffix))
}
