import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

// Every value stays a string: MsgId is a 64-bit number that a JS number would round.
const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, processEntities: true });
const builder = new XMLBuilder({ cdataPropName: '__cdata', suppressEmptyNode: false });

const XmlRootSchema = z.object({ xml: z.record(z.string(), z.unknown()) });

/** The fields of a `<xml>…</xml>` body as strings (nested or repeated elements are left out), or undefined. */
export function parseXmlFields(text: string): Record<string, string> | undefined {
  let tree: unknown;
  try {
    tree = parser.parse(text);
  } catch {
    return undefined;
  }
  const root = XmlRootSchema.safeParse(tree);
  if (!root.success) return undefined;
  const fields = new Map<string, string>();
  for (const [name, value] of Object.entries(root.data.xml)) if (typeof value === 'string') fields.set(name, value);
  return Object.fromEntries(fields);
}

/** Builds `<xml>…</xml>` from string fields (CDATA, as WeChat sends them; the builder splits a `]]>`) and numbers. */
export function buildXml(fields: Record<string, string | number>): string {
  const xml = Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, typeof value === 'number' ? value : { __cdata: value }]),
  );
  return builder.build({ xml }) as string;
}
