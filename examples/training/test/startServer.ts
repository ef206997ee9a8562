import { startTestPlatform } from '@mlops/test-platform';

/** The platform on 127.0.0.1 (SQLite file, blobs in a temp dir, tracking and registry). */
export async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  return startTestPlatform({ name: 'mlops-training-test' });
}
