// Serialises a family as the YAML people edit: the schema comment first, keys in model order,
// multi-line prose as block literals, no key that only restates a default.
import { Document } from 'yaml';
import { withoutDefaults } from '../family-format.ts';
import type { JobFamily } from '../types.ts';

export function familyToYaml(family: JobFamily, schemaPath: string): string {
  const { handbook, ...content } = family;
  // The outline keeps its empty bodies: an empty section is still a heading on the page.
  const doc = new Document({ ...withoutDefaults(content), ...(handbook ? { handbook } : {}) });
  doc.commentBefore = ` yaml-language-server: $schema=${schemaPath}`;
  // directives: false only skips yaml's walk over every node looking for %TAG prefixes to declare: a
  // new Document has none to write, so the text is the same.
  return doc.toString({ lineWidth: 0, blockQuote: 'literal', directives: false });
}
