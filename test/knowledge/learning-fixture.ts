import { copyFile, cp } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../helpers/cli.js';

/**
 * A temporary copy of the bundled knowledge plus two entries asked almost alike (spring and autumn fair stall
 * fees), so `TIE_QUESTION` is a real tie the bot asks back about, whatever the rest of the knowledge says.
 * Tests edit the copy, never the real folder.
 */
export async function learningKnowledge(): Promise<string> {
  const dir = path.join(await tempDir('kb-learn-'), 'knowledge');
  await cp('knowledge', dir, { recursive: true });
  await copyFile(path.join(import.meta.dirname, '..', 'fixtures', 'learning', 'fair-stall-fees.yaml'), path.join(dir, 'faq', FIXTURE_FILE));
  return dir;
}

export const FIXTURE_FILE = 'zz-fair-stall-fees.yaml';
/** Asked back with both fair entries; answered at once once it is an alternate of one of them. */
export const TIE_QUESTION = '大集摊位费多少钱';
export const SPRING = 'fair-spring-stall-fee';
export const AUTUMN = 'fair-autumn-stall-fee';
