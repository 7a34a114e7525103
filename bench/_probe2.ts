import { createAssistantHarness } from '../bot/src/testing/assistant-harness';
const h = await createAssistantHarness();
const t0 = performance.now();
for (let i = 0; i < 105; i++) {
  try { await h.say('hello', { conversation: `x${i}` }); } catch (e) { console.log('turn', i, 'after', ((performance.now()-t0)/1000).toFixed(1), 's:', (e as Error).message); break; }
}
await h.close();
