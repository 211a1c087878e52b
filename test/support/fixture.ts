import { WecomSimulator } from "../../src/wecom/simulator";
import { productionEnv, startGateway, type GatewayProcess } from "./gateway";
import { RedisServer } from "./redis";

export interface GatewayFixture {
  /** The simulated WeCom behind the gateway (reset before each test). */
  readonly sim: WecomSimulator;
  /** The gateway process, started as production runs it. */
  readonly gateway: GatewayProcess;
}

type Env = Record<string, string | undefined>;

/**
 * One simulator and one production gateway in front of it for a test file: started before its
 * tests, stopped after, the simulator reset before each test. `env` overrides any variable; it
 * may be a function of the simulator. The two handles stand for the started ones, so a test
 * file can destructure them at its top: `const { sim, gateway } = useGateway()`.
 */
export function useGateway(env: Env | ((sim: WecomSimulator) => Env) = {}): GatewayFixture {
  let sim: WecomSimulator | undefined;
  let gateway: GatewayProcess | undefined;
  beforeAll(async () => {
    sim = await WecomSimulator.start();
    gateway = await startGateway(productionEnv(sim, typeof env === "function" ? env(sim) : env));
  });
  afterAll(async () => {
    await gateway?.stop();
    await sim?.close();
  });
  beforeEach(() => sim?.reset());
  return { sim: standIn(() => sim, "simulator"), gateway: standIn(() => gateway, "gateway") };
}

/** An object that forwards to `current()`, once it exists. */
export function standIn<T extends object>(current: () => T | undefined, what: string): T {
  const target = () => {
    const value = current();
    if (!value) throw new Error(`the ${what} is not started yet: use it inside a test or a hook`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, prop) {
      const real = target();
      const value = Reflect.get(real, prop, real);
      return typeof value === "function" ? value.bind(real) : value;
    },
    set(_, prop, value) {
      return Reflect.set(target(), prop, value);
    },
  });
}

export interface SharedRedisFixture extends Omit<GatewayFixture, "gateway"> {
  /** A real redis-server of the file's own (no persistence), to stop, freeze and restart empty. */
  readonly redis: RedisServer;
  /** Two gateway instances sharing it, as behind a load balancer. */
  readonly a: GatewayProcess;
  readonly b: GatewayProcess;
}

/** Like useGateway, with two instances that share one real redis-server (REDIS_URL). */
export function useInstancesSharingRedis(env: Env = {}, options: { resetEach?: boolean } = {}): SharedRedisFixture {
  let sim: WecomSimulator | undefined;
  let redis: RedisServer | undefined;
  let a: GatewayProcess | undefined;
  let b: GatewayProcess | undefined;
  beforeAll(async () => {
    [sim, redis] = await Promise.all([WecomSimulator.start(), RedisServer.create()]);
    const all = productionEnv(sim, { REDIS_URL: redis.url, ...env });
    [a, b] = await Promise.all([startGateway(all), startGateway(all)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([sim?.close(), redis?.stop()]);
  });
  if (options.resetEach !== false) beforeEach(() => sim?.reset());
  return {
    sim: standIn(() => sim, "simulator"),
    redis: standIn(() => redis, "redis-server"),
    a: standIn(() => a, "gateway a"),
    b: standIn(() => b, "gateway b"),
  };
}
