import { ConfigError, type Config } from '../../platform/config.js';

export interface InsightSettings {
  /** Counts under this are published as suppressed (HEARTH_INSIGHT_SUPPRESS_BELOW). */
  suppressBelow: number;
}

export const DEFAULT_SUPPRESS_BELOW = 5;

/** Read and check the block's settings; a bad value stops the start with the variable named. */
export function insightSettings(config: Pick<Config, 'env'>): InsightSettings {
  const raw = config.env.HEARTH_INSIGHT_SUPPRESS_BELOW;
  if (raw === undefined || raw.trim() === '') return { suppressBelow: DEFAULT_SUPPRESS_BELOW };
  const value = Number(raw);
  // 2 at least: suppressing nothing (1) would publish single searches.
  if (!/^\d+$/.test(raw.trim()) || value < 2 || value > 1000) {
    throw new ConfigError(`HEARTH_INSIGHT_SUPPRESS_BELOW must be a whole number from 2 to 1000; "${raw}" is not`);
  }
  return { suppressBelow: value };
}
