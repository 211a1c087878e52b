// Slow or idle clients (issue 18, item 5): a request that never finishes arriving is closed after
// the header (or request) timeout; one host cannot hold more than its share of connections while
// another's GET /health still answers; past the overall cap, new connections are closed at once.
import { eventually } from "../support/helpers";
import { openConnection, statusFrom, type RawConnection } from "../support/clients";
import { useGateway } from "../support/fixture";
import { productionEnv, startGateway, type GatewayProcess } from "../support/gateway";

const { sim, gateway } = useGateway({ GATEWAY_HEADERS_TIMEOUT_MS: "500", GATEWAY_REQUEST_TIMEOUT_MS: "1000" });

describe("timeouts", () => {
  test("a request whose headers never end is answered 408 and closed after the header timeout", async () => {
    const connection = await openConnection(gateway, "127.0.4.1");
    connection.socket.write("POST /graphql HTTP/1.1\r\nHost: gateway\r\ncontent-type: application/json\r\n");
    const sent = await eventually(() => connection.isClosed() && connection.closed, "the half-sent request to be closed", 8_000);
    expect(sent).toMatch(/^HTTP\/1\.1 408 /);
  });

  test("a connection that sends nothing is closed the same way", async () => {
    const connection = await openConnection(gateway, "127.0.4.2");
    expect(await eventually(() => connection.isClosed() && connection.closed, "the idle connection to be closed", 8_000)).toMatch(/^HTTP\/1\.1 408 /);
  });

  test("a body that stops halfway is closed after the request timeout, and nothing reaches WeCom", async () => {
    const connection = await openConnection(gateway, "127.0.4.3");
    connection.socket.write('POST /graphql HTTP/1.1\r\nHost: gateway\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{"query":"mutation');
    expect(await eventually(() => connection.isClosed() && connection.closed, "the half-sent body to be closed", 8_000)).toMatch(/^HTTP\/1\.1 408 /);
    expect(sim.requests).toHaveLength(0);
  });
});

describe("connection caps", () => {
  let capped: GatewayProcess;
  const open: RawConnection[] = [];
  beforeAll(async () => {
    capped = await startGateway(productionEnv(sim, { GATEWAY_MAX_CONNECTIONS_PER_ADDRESS: "5", GATEWAY_MAX_CONNECTIONS: "12" }));
  });
  afterEach(() => {
    for (const connection of open.splice(0)) connection.socket.destroy();
  });
  afterAll(async () => {
    await capped?.stop();
  });

  test("one host's connections past the per-address cap are closed at once; another host's GET /health still answers", async () => {
    for (let i = 0; i < 9; i++) open.push(await openConnection(capped, "127.0.5.1"));
    await eventually(() => open.filter((c) => c.isClosed()).length === 4, "4 of the 9 connections to be closed");
    expect(await statusFrom(capped, "127.0.5.2", "/health")).toBe(200);
    expect(open.filter((c) => !c.isClosed())).toHaveLength(5); // the first five are still open
  });

  test("past the overall cap a new connection is closed at once, and /metrics counts both kinds of refusal", async () => {
    await new Promise((settle) => setTimeout(settle, 300)); // the server sees the last test's connections go
    for (const host of ["127.0.6.1", "127.0.6.2", "127.0.6.3"]) for (let i = 0; i < 4; i++) open.push(await openConnection(capped, host));
    await eventually(() => open.every((c) => !c.isClosed()) && open, "12 connections open");
    const extra = await openConnection(capped, "127.0.6.4");
    open.push(extra);
    await eventually(() => extra.isClosed(), "the 13th connection to be closed");
    for (const connection of open.splice(0)) connection.socket.destroy();

    const metrics = await eventually(async () => {
      const response = await fetch(`${capped.url}/metrics`).catch(() => undefined);
      return response?.ok ? response.text() : undefined;
    }, "/metrics to answer once the connections are gone");
    expect(metrics).toMatch(/^gateway_connections_refused_total\{reason="total"\} [1-9]/m);
    expect(metrics).toMatch(/^gateway_connections_refused_total\{reason="per_address"\} [1-9]/m);
  });
});
