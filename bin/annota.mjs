#!/usr/bin/env node
// The CLI is TypeScript sharing the app's code; tsx runs it without a separate build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
