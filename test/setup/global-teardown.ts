export default async function globalTeardown(): Promise<void> {
  const handles =
    (globalThis as { __pulseTestEngines?: Array<() => Promise<void>> }).__pulseTestEngines ?? [];
  for (const close of handles) await close();
}
