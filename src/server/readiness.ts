import type { Store } from "../store/store";
import { sendJson, type Route } from "./http-server";

/** A store that does not answer within this is as good as unavailable to a readiness probe. */
const STORE_CHECK_MS = 2_000;

/**
 * `GET /ready`: 200 while the gateway can serve, 503 with a reason otherwise. The config is
 * valid (we would not be running otherwise); what can change is the store and shutdown.
 */
export function readiness(store: Store, isDraining: () => boolean): Route {
  return async (_req, res) => {
    const reason = isDraining()
      ? "shutting down"
      : (await storeAnswers(store)) ? undefined
      : (store.unavailableReason?.() ?? `the ${store.kind} store is unreachable`);
    if (reason) sendJson(res, 503, { status: "unavailable", reason });
    else sendJson(res, 200, { status: "ready" });
  };
}

async function storeAnswers(store: Store): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), STORE_CHECK_MS);
  });
  try {
    return await Promise.race([store.isAvailable().catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}
