import type { WirePayload } from '../transport/ws/services.js';

/** The services' typed payloads as the transports pass them through: plain JSON objects. */
export const toWire = (items: readonly object[]): WirePayload[] => items.map((item) => ({ ...item }) as WirePayload);
