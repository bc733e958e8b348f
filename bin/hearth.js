#!/usr/bin/env node
// The `hearth` command. Hearth runs its TypeScript directly through tsx: there is no build
// step between a clone and a running service.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
