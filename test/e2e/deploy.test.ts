import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { loadConfig } from "../../src/server/config";
import { CONFIG_VARIABLES, SECRET_VARIABLES } from "../../src/server/config.variables";
import { WecomSimulator } from "../../src/wecom/simulator";
import { startGateway, type GatewayProcess } from "../support/gateway";

// No container engine runs here: these checks hold the image recipe and the Kubernetes manifests
// to what the gateway really reads, listens on and answers.
const DEPLOY = join(__dirname, "..", "..", "deploy");
const K8S = join(DEPLOY, "kubernetes");

type Manifest = { kind: string; metadata: { name: string; labels?: Record<string, string> }; [key: string]: any };
const manifests: Manifest[] = readdirSync(K8S)
  .filter((f) => f.endsWith(".yaml"))
  .flatMap((f) =>
    parseAllDocuments(readFileSync(join(K8S, f), "utf8")).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${f}: ${doc.errors[0]!.message}`);
      return doc.toJS() as Manifest;
    }),
  );
const only = (kind: string): Manifest => {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0]!;
};
const deployment = only("Deployment");
const configMap = only("ConfigMap");
const secret = only("Secret");
const container = deployment.spec.template.spec.containers[0];
const dockerfile = readFileSync(join(DEPLOY, "Dockerfile"), "utf8");

describe("deploy/: the manifests agree with the gateway", () => {
  it("every manifest parses, and the kustomization lists the ones to apply", () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(
      ["ConfigMap", "Deployment", "Kustomization", "PodDisruptionBudget", "Secret", "Service"],
    );
    const listed = only("Kustomization").resources as string[];
    expect(listed).not.toContain("secret.example.yaml"); // a template, applied from the secret store
    for (const file of listed) expect(readdirSync(K8S)).toContain(file);
  });

  it("sets only variables the gateway reads, and every credential comes from the Secret", () => {
    const fromConfigMap = Object.keys(configMap.data);
    const fromSecret = Object.keys(secret.stringData);
    expect(fromConfigMap.filter((v) => !CONFIG_VARIABLES.includes(v))).toEqual([]);
    expect(fromSecret.filter((v) => !CONFIG_VARIABLES.includes(v))).toEqual([]);
    expect(fromConfigMap.filter((v) => SECRET_VARIABLES.includes(v))).toEqual([]);
    expect(fromSecret.filter((v) => !SECRET_VARIABLES.includes(v))).toEqual([]);
    // Nothing set inline on the container (where a secret would sit in the Deployment).
    expect(container.env ?? []).toEqual([]);
    expect(container.envFrom).toEqual([
      { configMapRef: { name: configMap.metadata.name } },
      { secretRef: { name: secret.metadata.name } },
    ]);
  });

  it("is a configuration the gateway starts with in production", () => {
    expect(() => loadConfig({ ...configMap.data, ...secret.stringData })).not.toThrow();
  });

  it("gives a stopping pod longer than the gateway's drain", () => {
    const config = loadConfig({ ...configMap.data, ...secret.stringData });
    const drainMs = config.drainDelayMs + config.shutdownTimeoutMs;
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(drainMs + 5_000);
  });

  it("uses one port everywhere: the gateway's PORT, the container, the Service, the image", () => {
    const port = Number(configMap.data.PORT);
    expect(container.ports).toEqual([{ name: "http", containerPort: port }]);
    expect(only("Service").spec.ports[0].targetPort).toBe("http");
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${port}$`, "m"));
    expect(dockerfile).toMatch(new RegExp(`PORT=${port}\\b`));
  });

  it("selects the Deployment's pods from the Service and the PodDisruptionBudget", () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(only("Service").spec.selector).toEqual(labels);
    expect(only("PodDisruptionBudget").spec.selector.matchLabels).toEqual(labels);
    expect(only("PodDisruptionBudget").spec.maxUnavailable).toBe(1);
  });

  it("builds in two stages and runs as a non-root user with a health check on /health", () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/health/m);
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
  });

  describe("the probes, against the gateway started with the ConfigMap", () => {
    let sim: WecomSimulator;
    let gateway: GatewayProcess;
    beforeAll(async () => {
      sim = await WecomSimulator.start();
      gateway = await startGateway({
        ...configMap.data,
        // Loopback and a free port here; the simulator stands in for WeCom; an API key for auth.
        PORT: "0",
        HOST: "127.0.0.1",
        WECOM_CORP_ID: sim.corpId,
        WECOM_CORP_SECRET: sim.corpSecret,
        WECOM_API_BASE_URL: sim.url,
        GATEWAY_API_KEYS: "deploy-test-key",
      });
    });
    afterAll(async () => {
      await gateway?.stop();
      await sim?.close();
    });

    it.each([
      ["readiness", () => container.readinessProbe],
      ["liveness", () => container.livenessProbe],
    ])("the %s probe's path answers 200", async (_, probe) => {
      const { path, port } = probe().httpGet;
      expect(port).toBe("http");
      const answer = await fetch(`${gateway.url}${path}`);
      expect(answer.status).toBe(200);
    });
  });
});
