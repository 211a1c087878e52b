import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import type { WecomSimulator } from "../wecom/simulator";

const SESSION_SECRET = "session-secret";
const SIMULATOR_MEETINGS = "simulator-meetings.json";

/**
 * What a development gateway keeps across restarts in GATEWAY_DEV_STATE_DIR (`npm run dev`: .dev/,
 * git-ignored), so a restart after an edit neither signs the page out nor forgets the meetings.
 * Development only: config.ts refuses the variable in production.
 */
export class DevState {
  constructor(private readonly dir: string) {}

  /** The development session secret: made once (random, readable by this user only), then reused. */
  sessionSecret(): string {
    const file = join(this.dir, SESSION_SECRET);
    try {
      return readFileSync(file, "utf8").trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    mkdirSync(this.dir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  }

  /** Puts back the meetings a previous run saved; returns what saves them when this run stops. */
  keepSimulatorMeetings(simulator: WecomSimulator, log: Logger): () => void {
    const file = join(this.dir, SIMULATOR_MEETINGS);
    try {
      simulator.restoreMeetings(JSON.parse(readFileSync(file, "utf8")));
      log.info({ file, meetings: simulator.meetings().length }, "development: the simulator's meetings of the last run are back");
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      if (!missing) log.warn({ file, reason: (error as Error).message }, "development: the simulator's saved meetings could not be read; starting without them");
    }
    return () => {
      mkdirSync(this.dir, { recursive: true });
      // Written whole, then renamed: a run killed mid-write leaves the last good file.
      writeFileSync(`${file}.tmp`, JSON.stringify(simulator.saveMeetings()));
      renameSync(`${file}.tmp`, file);
    };
  }
}
