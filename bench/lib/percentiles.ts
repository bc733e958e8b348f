/** Percentile of a set of latencies (nearest-rank), in the same unit as the input. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface LatencySummary {
  requests: number;
  errors: number;
  non2xx: number;
  throughput: number; // requests per second
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarise(latencies: number[], seconds: number, errors: number, non2xx: number): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    non2xx,
    throughput: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}
