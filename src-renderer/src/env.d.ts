/// <reference types="vite/client" />

import type { WorkshopApi } from '../../src-shared';

declare global {
  interface Window {
    /** The preload's typed client; absent in a plain browser (the web host), where the HTTP client is used. */
    workshop?: WorkshopApi;
  }
}
