// Compile-only check of index.d.ts (tsc --noEmit -p types-test): typical use must type-check,
// and misuse must not (the @ts-expect-error lines fail the build if they stop being errors).
import { EdgerecError, Runtime, StatusCode, init } from 'edgerec';
import type { GetRecommendationsResponse, SolutionDescription } from 'edgerec';

export async function example(bytes: Uint8Array, wasmModule: WebAssembly.Module): Promise<string[]> {
  await init({ wasmModule });
  const rt: Runtime = await Runtime.load(bytes, { entropy: null });
  try {
    const res: GetRecommendationsResponse = rt.getRecommendations({ userId: 'u1', numResults: 10 });
    const filtered: GetRecommendationsResponse = rt.getRecommendations({
      userId: 'u1',
      filterExpression: 'INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)',
      filterValues: { GENRE: '"comedy","drama"' },
    });
    console.log(filtered.itemList.length);
    const meta: SolutionDescription = rt.describe();
    console.log(meta.recipe, res.recommendationId, rt.disposed);
    return res.itemList.map((item) => `${item.itemId}:${item.score.toFixed(3)}`);
  } catch (e) {
    if (e instanceof EdgerecError && e.code === StatusCode.INVALID_INPUT) return [e.codeName, e.message];
    throw e;
  } finally {
    rt.dispose();
  }
}

export async function misuse(rt: Runtime): Promise<void> {
  // @ts-expect-error numResults is a number
  rt.getRecommendations({ userId: 'u1', numResults: '10' });
  // @ts-expect-error filterValues are strings of escaped-quoted values
  rt.getRecommendations({ userId: 'u1', filterExpression: 'x', filterValues: { GENRE: ['comedy'] } });
  // @ts-expect-error bytes must be binary
  await Runtime.load('model.erec');
  // @ts-expect-error Runtime has no public constructor
  new Runtime();
}
