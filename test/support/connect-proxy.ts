import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";

/** An HTTP CONNECT proxy on loopback, as a company's egress: it tunnels and remembers what it was asked. */
export class ConnectProxy {
  /** Every CONNECT it received: the target and the Proxy-Authorization sent, if any. */
  readonly tunnels: Array<{ target: string; authorization?: string }> = [];
  /** Answer CONNECT with this status instead of tunnelling (a proxy that refuses). */
  refuseWith: number | undefined;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<ConnectProxy> {
    const server = http.createServer((_req, res) => res.writeHead(405).end("CONNECT only"));
    const proxy = new ConnectProxy(server);
    server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => proxy.tunnel(req, client, head));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private tunnel(req: http.IncomingMessage, client: net.Socket, head: Buffer): void {
    const target = req.url ?? "";
    this.tunnels.push({ target, authorization: req.headers["proxy-authorization"] });
    this.sockets.add(client);
    client.once("close", () => this.sockets.delete(client));
    if (this.refuseWith) {
      client.end(`HTTP/1.1 ${this.refuseWith} Refused\r\n\r\n`);
      return;
    }
    const [host, port] = target.split(":");
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.sockets.add(upstream);
    upstream.once("close", () => this.sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  }
}
