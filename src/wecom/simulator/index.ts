/** The WeCom simulator's public API; see simulator.ts. */
export { WecomSimulator } from "./simulator";
export type { ReceivedRequest, SimulatorOptions } from "./simulator";
