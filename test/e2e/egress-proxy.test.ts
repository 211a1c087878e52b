import { WecomSimulator } from "../../src/wecom/simulator";
import { bookMeeting, codeOf, freePort, gql } from "../support/helpers";
import { ConnectProxy } from "../support/connect-proxy";
import { productionEnv, startGateway, type GatewayProcess } from "../support/gateway";
import { minimalInput } from "../support/inputs";

// A company's fixed egress: WeCom accepts calls only from trusted IPs, so every call goes through
// an HTTP CONNECT proxy (HTTPS_PROXY / HTTP_PROXY). The simulator is plain http, so HTTP_PROXY.
describe("WeCom calls through an egress proxy", () => {
  let sim: WecomSimulator;
  let proxy: ConnectProxy;
  let gateway: GatewayProcess | undefined;
  beforeAll(async () => {
    sim = await WecomSimulator.start();
    proxy = await ConnectProxy.start();
  });
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
    sim.reset();
    proxy.refuseWith = undefined;
    proxy.tunnels.length = 0;
  });
  afterAll(async () => {
    await proxy?.close();
    await sim?.close();
  });
  const simHost = () => new URL(sim.url).host;

  it("tunnels every call (token and create) through the proxy, with its credentials, and logs neither them nor the token", async () => {
    const withCredentials = proxy.url.replace("http://", "http://egress-user:egress-pass-1234@");
    gateway = await startGateway(productionEnv(sim, { HTTP_PROXY: withCredentials }));
    await bookMeeting(gateway);
    expect(sim.createRequests).toHaveLength(1);
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(proxy.tunnels.every((t) => t.target === simHost())).toBe(true);
    expect(proxy.tunnels[0]!.authorization).toBe(`Basic ${Buffer.from("egress-user:egress-pass-1234").toString("base64")}`);
    const logs = gateway.output.join("\n");
    expect(logs).toContain(`"proxy":"${proxy.url}"`);
    expect(logs).not.toContain("egress-pass-1234");
    expect(logs).not.toContain("egress-user");
  });

  it("goes direct for a host in NO_PROXY", async () => {
    gateway = await startGateway(productionEnv(sim, { HTTP_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1" }));
    await bookMeeting(gateway);
    expect(sim.createRequests).toHaveLength(1);
    expect(proxy.tunnels).toEqual([]);
  });

  it("answers UPSTREAM_UNAVAILABLE, with nothing sent, when the proxy is down", async () => {
    gateway = await startGateway(productionEnv(sim, { HTTP_PROXY: `http://127.0.0.1:${await freePort()}` }));
    const answer = await gql(gateway, "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }", { input: minimalInput() });
    expect(codeOf(answer)).toBe("UPSTREAM_UNAVAILABLE");
    expect(sim.tokenRequests).toBe(0);
    expect(sim.createRequests).toHaveLength(0);
  });

  it("answers UPSTREAM_UNAVAILABLE, with nothing sent, when the proxy refuses the tunnel", async () => {
    gateway = await startGateway(productionEnv(sim, { HTTP_PROXY: proxy.url }));
    proxy.refuseWith = 403;
    const answer = await gql(gateway, "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }", { input: minimalInput() });
    expect(codeOf(answer)).toBe("UPSTREAM_UNAVAILABLE");
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(sim.tokenRequests).toBe(0);
    expect(sim.createRequests).toHaveLength(0);
  });

  it("refuses to start on a malformed proxy URL, naming the variable", async () => {
    await expect(startGateway(productionEnv(sim, { HTTPS_PROXY: "not a url" }))).rejects.toThrow(/HTTPS_PROXY/);
  });
});
