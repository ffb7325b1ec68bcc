import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { toast } from 'sonner';
import { afterEach } from 'vitest';

// jsdom has no pointer capture; sonner calls it when a toast is pressed (swipe to dismiss).
// (Element is absent in the files that run in the node environment, e.g. the HTTP client test.)
// Typed structurally: this file is also type-checked by the node project, which has no DOM types.
const element = (globalThis as unknown as { Element?: { prototype: Record<string, unknown> } }).Element;
if (element) {
  element.prototype.setPointerCapture ??= () => {};
  element.prototype.releasePointerCapture ??= () => {};
}

afterEach(() => {
  // @testing-library/react unmounts between tests only with vitest globals on; this project keeps them off.
  cleanup();
  // sonner keeps toasts in a module-level store and replays active ones to the next Toaster: start clean.
  toast.dismiss();
});
