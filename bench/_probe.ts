import { createAssistantHarness } from '../bot/src/testing/assistant-harness';
const h = await createAssistantHarness({ now: '2026-12-01T09:00:00Z' });
const phrases = process.argv.slice(2);
let i = 0;
for (const p of phrases) {
  const conversation = `c${i++}`;
  const t0 = performance.now();
  const r1 = await h.say(p, { conversation, as: 'patient-ben' });
  console.log('>>', p, (performance.now()-t0).toFixed(0), 'ms\n', JSON.stringify(r1, null, 1).slice(0, 1500));
  const c = r1[0]?.choices?.[0];
  if (!c) continue;
  const r2 = await h.say(process.env.PICK === 'label' ? c.label : c.value, { conversation, as: 'patient-ben' });
  console.log('>> pick', JSON.stringify(c), JSON.stringify(r2).slice(0, 600));
  const r3 = await h.say("It's for a rash on my arm", { conversation, as: 'patient-ben' });
  console.log('>> reason', JSON.stringify(r3).slice(0, 600));
  const r4 = await h.say('yes', { conversation, as: 'patient-ben' });
  console.log('>> yes', JSON.stringify(r4).slice(0, 600));
}
await h.close();
