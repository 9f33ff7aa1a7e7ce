#!/usr/bin/env node
// The `xuc` command. It loads src/main.ts through tsx's loader in this very process (not the tsx
// CLI, which runs a child and SIGKILLs it when a busy child acknowledges a signal late), so
// SIGTERM and SIGINT reach the server's graceful stop directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
