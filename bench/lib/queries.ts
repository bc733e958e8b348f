/**
 * A realistic mix of what residents type: need phrases, plain words, typos, places, and
 * filters, `rounds` times over. Postcodes are from the shipped demo sample so `near` resolves.
 */
export function searchMix(postcodes: string[], rounds = 1): string[] {
  const phrases = [
    'foodbank', 'food bank', "can't pay my rent", 'lonely', 'benefits help', 'debt advice', 'mental health',
    'counselling', 'carers', 'autism', 'dementia', 'domestic abuse', 'job club', 'cv help', 'universal credit',
    'homeless', 'youth club', 'baby bank', 'wifi', 'alcohol', 'fodbank', 'lonley', 'parenting', 'warm space',
  ];
  const paths: string[] = [];
  let i = 0;
  // Residents search from everywhere: every round asks each phrase from other postcodes, so
  // nothing place-dependent can be answered from a cache of earlier requests.
  for (let round = 0; round < rounds; round++) for (const q of phrases) {
    const pc = encodeURIComponent(postcodes[i++ % postcodes.length]);
    const eq = encodeURIComponent(q);
    paths.push(`/api/search?q=${eq}`);
    paths.push(`/api/search?q=${eq}&near=${pc}`);
    paths.push(`/api/search?q=${eq}&near=${pc}&radius=5000&free=true`);
    paths.push(`/api/search?q=${eq}&open_now=true`);
    paths.push(`/api/search?q=${eq}&age=16&delivery=online`);
    paths.push(`/api/search?near=${pc}&radius=3000`);
    paths.push(`/api/search?q=${eq}&near=${pc}&accessibility=wheelchair&page=2`);
  }
  return paths;
}
