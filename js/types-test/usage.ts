// Compile-only check of index.d.ts (tsc --noEmit -p types-test): typical use must type-check,
// and misuse must not (the @ts-expect-error lines fail the build if they stop being errors).
import { EdgerecError, EventBuffer, EventTracker, MemoryEventStore, Runtime, StatusCode, init } from 'edgerec';
import type { CampaignRuntime, EventBufferStats, EventTrackerStats, GetRecommendationsResponse, SolutionDescription } from 'edgerec';

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
    const withMeta = rt.getRecommendations({ userId: 'u1', numResults: 5, metadataColumns: { ITEMS: ['GENRE', 'PRICE'] } });
    console.log(withMeta.itemList[0]?.metadata?.GENRE, withMeta.itemList[0]?.reason?.[0]);
    const ranked = rt.getPersonalizedRanking({ userId: 'u1', inputList: ['a'], metadataColumns: { ITEMS: ['GENRE'] } });
    console.log(ranked.personalizedRanking[0]?.metadata);
    const campaign = await Runtime.load(bytes, {
      campaignConfig: { itemExplorationConfig: { explorationWeight: '0.3', explorationItemAgeCutOff: 30 } },
    });
    campaign.dispose();
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
  // @ts-expect-error metadataColumns maps ITEMS to a list of column names
  rt.getRecommendations({ userId: 'u1', metadataColumns: ['GENRE'] });
  // @ts-expect-error exploration settings are strings or numbers
  await Runtime.load(new Uint8Array(), { campaignConfig: { itemExplorationConfig: { explorationWeight: true } } });
  // @ts-expect-error bytes must be binary
  await Runtime.load('model.erec');
  // @ts-expect-error Runtime has no public constructor
  new Runtime();
}

export async function buffering(trackingId: string): Promise<number> {
  const buffer = await EventBuffer.create({ maxBufferedEvents: 1000 });
  buffer.putEvents({ sessionId: 's1', eventList: [{ eventType: 'click', sentAt: new Date(), itemId: 'i1' }] });
  const bytes: Uint8Array | null = buffer.seal({ batchId: 'b-1', trackingId, maxBytes: 60000 });
  if (bytes !== null) buffer.acknowledge('b-1');
  const stats: EventBufferStats = buffer.stats();
  const restored = await EventBuffer.restore(buffer.snapshot());
  restored.dispose();
  // @ts-expect-error a batch needs its trackingId
  buffer.seal({ batchId: 'b-2' });
  return stats.dropped;
}

export async function tracking(): Promise<number> {
  const runtime: CampaignRuntime = await Runtime.fromCampaign({ endpoint: 'https://recs.example.com', campaign: 'shop', clientKey: 'ck', revalidateMs: 60_000 });
  const tracker = await EventTracker.create({ endpoint: 'https://recs.example.com', trackingId: 't', clientKey: 'ck', runtime, store: new MemoryEventStore(), flushAt: 10 });
  await tracker.putEvents({ sessionId: 's', eventList: [{ eventType: 'click', sentAt: new Date(), itemId: 'i1' }] });
  const { uploaded } = await tracker.flush();
  const stats: EventTrackerStats = tracker.stats();
  const { updated } = await runtime.refresh();
  console.log(updated, runtime.edgeBundle.etag, stats.lastError?.message);
  // @ts-expect-error compression is 'gzip' or 'none'
  await EventTracker.create({ endpoint: 'x', trackingId: 't', clientKey: 'k', compression: 'br' });
  await tracker.close({ flush: false });
  return uploaded + stats.dropped;
}
