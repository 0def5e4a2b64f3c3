/**
 * Validates XML against the OASIS CAP 1.2 schema (packages/domain/src/cap/CAP-v1.2.xsd, the standard's own
 * file) with libxml2 compiled to WebAssembly (xmllint-wasm): a real XSD validator that runs offline in Node.
 */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

const CAP_XSD_FILE = new URL('../../domain/src/cap/CAP-v1.2.xsd', import.meta.url);
let xsd: string | null = null;

/** Every schema error of `xml` as libxml2 words it (empty when the alert is valid CAP 1.2). */
export async function capSchemaErrors(xml: string): Promise<string[]> {
  xsd ??= readFileSync(CAP_XSD_FILE, 'utf8');
  const result = await validateXML({
    xml: [{ fileName: 'alert.xml', contents: xml }],
    schema: [{ fileName: 'CAP-v1.2.xsd', contents: xsd }],
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage.trim());
}
